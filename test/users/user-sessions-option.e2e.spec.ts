import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SessionService } from 'nestjs-express-session';
import { createStoreTestApp } from '../support/session-test-app.js';

describe('the users option', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('without it, every user-session method throws an error naming the option', async () => {
    app = await createStoreTestApp({});
    const sessions = app.get(SessionService);
    await expect(sessions.listSessions('ada')).rejects.toThrow('SessionService.listSessions() needs the "users" option');
    await expect(sessions.revokeSession('ada', 'h')).rejects.toThrow('SessionService.revokeSession() needs the "users" option');
    await expect(sessions.revokeSessions('ada')).rejects.toThrow('SessionService.revokeSessions() needs the "users" option');
  });

  it('userIdOf names the user from another key (here a nested one, as Passport keeps it)', async () => {
    app = await createStoreTestApp({
      users: { userIdOf: (session) => (session as { account?: { id?: string } }).account?.id },
    });
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    // The login stored `userId` only: this session belongs to nobody yet.
    expect(await app.get(SessionService).listSessions('ada')).toEqual([]);
    await agent.post('/change').send({ set: { account: { id: 'acct-1' } } }).expect(200);
    const listed = await app.get(SessionService).listSessions('acct-1');
    expect(listed).toHaveLength(1);
    expect(listed[0].current).toBe(false);
  });

  it('a userIdOf that throws makes the session nobody\'s instead of failing the request', async () => {
    app = await createStoreTestApp({
      users: {
        userIdOf: () => {
          throw new Error('broken userIdOf');
        },
      },
    });
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    await agent.get('/me').expect(200);
    expect(await app.get(SessionService).listSessions('ada')).toEqual([]);
  });

  it('a numeric userId is listed under its string form by the default userIdOf', async () => {
    app = await createStoreTestApp({ users: {} });
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ userId: 'x' }).expect(200);
    await agent.post('/change').send({ set: { userId: 42 } }).expect(200);
    expect(await app.get(SessionService).listSessions('42')).toHaveLength(1);
    expect(await app.get(SessionService).listSessions('x')).toEqual([]);
  });
});
