import type { INestApplication } from '@nestjs/common';
import { SessionConfigurationError, SessionModule, type SessionModuleOptions } from 'nestjs-express-session';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createStoreTestApp } from '../support/session-test-app.js';

const HEADER = 'x-session-token';

describe('transport: the session ID in a header, for API clients without cookies', () => {
  const apps: INestApplication[] = [];
  const start = async (options: Partial<SessionModuleOptions>) => {
    const app = await createStoreTestApp({ cookie: { maxAge: 60_000 }, ...options });
    apps.push(app);
    return app.getHttpServer();
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it("'header': login → guarded route → logout with the header only; no cookie is ever set", async () => {
    const server = await start({ transport: 'header' });
    const login = await request(server).post('/auth/login').send({ userId: 'ada' }).expect(200);
    const token = login.headers[HEADER];
    expect(token).toMatch(/^s:.+\..+$/);
    expect(login.headers['set-cookie']).toBeUndefined();
    expect(login.headers['cache-control']).toBe('no-store');

    await request(server).get('/me').set(HEADER, token).expect(200, { userId: 'ada', views: null, note: null });
    await request(server).get('/me').expect(401);
    // The cookie transport is off: the same signed value as a cookie is not read.
    await request(server).get('/me').set('Cookie', `connect.sid=${encodeURIComponent(token)}`).expect(401);
    const note = await request(server).post('/note').set(HEADER, token).send({ note: 'hi' }).expect(200);
    expect(note.headers['set-cookie']).toBeUndefined();
    expect((await request(server).get('/me').set(HEADER, token).expect(200)).body.note).toBe('hi');

    const logout = await request(server).post('/auth/logout').set(HEADER, token).expect(204);
    expect(logout.headers[HEADER]).toBe('');
    expect(logout.headers['set-cookie']).toBeUndefined();
    await request(server).get('/me').set(HEADER, token).expect(401);
  });

  it("['cookie', 'header'] on one app: a login sets both, and either one signs the next request in", async () => {
    const server = await start({ transport: ['cookie', 'header'], header: 'X-Auth-Token' });
    const login = await request(server).post('/auth/login').send({ userId: 'ada' }).expect(200);
    const token = login.headers['x-auth-token'];
    const cookie = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    expect(decodeURIComponent(cookie.split('=')[1])).toBe(token);
    await request(server).get('/me').set('X-Auth-Token', token).expect(200);
    await request(server).get('/me').set('Cookie', cookie).expect(200);
    const logout = await request(server).post('/auth/logout').set('X-Auth-Token', token).expect(204);
    expect(logout.headers['x-auth-token']).toBe('');
    expect(String(logout.headers['set-cookie'])).toMatch(/connect\.sid=;/);
    await request(server).get('/me').set('Cookie', cookie).expect(401);
  });

  it('rejects an unknown transport or an invalid header name at bootstrap, naming the option', async () => {
    for (const [options, option] of [
      [{ transport: 'body' }, 'transport'],
      [{ transport: [] }, 'transport'],
      [{ transport: 'header', header: 'X Session' }, 'header'],
    ] as const) {
      const compile = Test.createTestingModule({
        imports: [SessionModule.forRoot({ secret: 'a-secret-that-is-long-enough-0123456789', ...(options as object) })],
      }).compile();
      await expect(compile).rejects.toThrow(SessionConfigurationError);
      await expect(
        Test.createTestingModule({
          imports: [SessionModule.forRoot({ secret: 'a-secret-that-is-long-enough-0123456789', ...(options as object) })],
        }).compile(),
      ).rejects.toThrow(`SessionModule option "${option}"`);
    }
  });
});
