import type { INestApplication } from '@nestjs/common';
import session from 'express-session';
import request from 'supertest';
import { createTestApp } from './fixtures/create-test-app.js';
import { sessionCookiePair, sessionSetCookie } from './fixtures/cookies.js';

describe('SessionModule.forRoot (defaults)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({ session: { cookie: { maxAge: 60_000 } } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps a counter across requests of one client', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/counter').expect(200, { views: 1 });
    await agent.get('/counter').expect(200, { views: 2 });
    await agent.get('/counter').expect(200, { views: 3 });
  });

  it('keeps clients apart', async () => {
    const first = request.agent(app.getHttpServer());
    const second = request.agent(app.getHttpServer());
    await first.get('/counter').expect(200, { views: 1 });
    await first.get('/counter').expect(200, { views: 2 });
    await second.get('/counter').expect(200, { views: 1 });
  });

  it('@Session(key) returns one property of the session', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/counter/user').expect(200, { userId: null });
    await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    await agent.get('/counter/user').expect(200, { userId: 'ada' });
  });

  it('sets the cookie HttpOnly, SameSite=Lax, Path=/ with the configured Max-Age', async () => {
    const response = await request(app.getHttpServer()).get('/counter').expect(200);
    const line = sessionSetCookie(response);
    expect(line).toBeDefined();
    expect(line).toMatch(/; Path=\//);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).toMatch(/; Expires=/);
    expect(line).not.toMatch(/; Secure/);
  });

  it('sends no cookie and stores nothing for a request that does not touch the session (saveUninitialized: false)', async () => {
    const response = await request(app.getHttpServer()).get('/plain').expect(200, { plain: true });
    expect(sessionSetCookie(response)).toBeUndefined();
  });

  it('answers a handler error with that error even when the session changed, and keeps the change', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/counter').expect(200, { views: 1 });
    const failed = await agent.get('/counter/fail-after-change');
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ statusCode: 500, message: 'Internal server error' });
    await agent.get('/counter').expect(200, { views: 100 });
  });

  it('reuses the same session ID across requests', async () => {
    const first = await request(app.getHttpServer()).get('/counter').expect(200);
    const cookie = sessionCookiePair(first);
    const second = await request(app.getHttpServer()).get('/plain/session').set('Cookie', cookie).expect(200);
    const third = await request(app.getHttpServer()).get('/plain/session').set('Cookie', cookie).expect(200);
    expect(second.body.id).toBe(third.body.id);
  });
});

describe('SessionModule.forRoot (express-session options pass through)', () => {
  let app: INestApplication;

  afterEach(async () => {
    await app.close();
  });

  it('uses the cookie name and the rolling option', async () => {
    app = await createTestApp({ session: { name: 'sid', rolling: true, cookie: { maxAge: 60_000 } } });
    const agent = request.agent(app.getHttpServer());
    const first = await agent.get('/counter').expect(200);
    expect(sessionSetCookie(first, 'sid')).toBeDefined();
    const untouched = await agent.get('/counter/user').expect(200);
    expect(sessionSetCookie(untouched, 'sid')).toBeDefined();
  });

  it('saves uninitialized sessions when saveUninitialized is true', async () => {
    app = await createTestApp({ session: { saveUninitialized: true } });
    const response = await request(app.getHttpServer()).get('/plain').expect(200);
    expect(sessionSetCookie(response)).toBeDefined();
  });

  it('lets cookie options override the defaults', async () => {
    app = await createTestApp({ session: { cookie: { sameSite: 'strict', path: '/counter', httpOnly: false } } });
    const response = await request(app.getHttpServer()).get('/counter').expect(200);
    const line = sessionSetCookie(response) ?? '';
    expect(line).toMatch(/; Path=\/counter/);
    expect(line).toMatch(/; SameSite=Strict/);
    expect(line).not.toMatch(/HttpOnly/);
  });

  it('verifies cookies signed with any rotated secret and rejects other signatures', async () => {
    const store = new session.MemoryStore();
    app = await createTestApp({ session: { secret: 'old-secret', store } });
    const oldCookie = sessionCookiePair(await request(app.getHttpServer()).get('/counter').expect(200, { views: 1 }));
    await app.close();
    app = await createTestApp({ session: { secret: ['new-secret', 'old-secret'], store } });
    await request(app.getHttpServer()).get('/counter').set('Cookie', oldCookie).expect(200, { views: 2 });
    await app.close();
    app = await createTestApp({ session: { secret: 'new-secret', store } });
    await request(app.getHttpServer()).get('/counter').set('Cookie', oldCookie).expect(200, { views: 1 });
  });
});
