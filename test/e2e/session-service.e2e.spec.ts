import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from './fixtures/create-test-app.js';
import { sessionCookiePair, sessionSetCookie } from './fixtures/cookies.js';

describe('SessionService', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({ session: { cookie: { maxAge: 60_000 } } });
  });

  afterAll(async () => {
    await app.close();
  });

  const server = () => app.getHttpServer();

  describe('login', () => {
    it('rotates the session ID, and the pre-login cookie no longer works', async () => {
      const before = await request(server()).get('/counter').expect(200, { views: 1 });
      const anonymousCookie = sessionCookiePair(before);
      const login = await request(server())
        .post('/auth/login')
        .set('Cookie', anonymousCookie)
        .send({ userId: 'ada' })
        .expect(200);
      const signedInCookie = sessionCookiePair(login);
      expect(signedInCookie).not.toBe(anonymousCookie);

      await request(server()).get('/private').set('Cookie', signedInCookie).expect(200, { userId: 'ada' });
      // The old ID was deleted from the store: replaying it gives a fresh, anonymous session.
      await request(server()).get('/private').set('Cookie', anonymousCookie).expect(401);
      await request(server()).get('/counter').set('Cookie', anonymousCookie).expect(200, { views: 1 });
    });

    it('an attacker-planted session ID is not the one that gets authenticated (fixation)', async () => {
      const planted = sessionCookiePair(await request(server()).get('/counter').expect(200));
      const login = await request(server()).post('/auth/login').set('Cookie', planted).send({ userId: 'victim' });
      expect(sessionCookiePair(login)).not.toBe(planted);
      await request(server()).get('/private').set('Cookie', planted).expect(401);
    });
  });

  describe('logout', () => {
    it('sends an expiring Set-Cookie with the same name and path, and the old cookie then gets 401', async () => {
      const agent = request.agent(server());
      const login = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
      const cookie = sessionCookiePair(login);
      await agent.get('/private').expect(200);

      const logout = await agent.post('/auth/logout').expect(204);
      const cleared = sessionSetCookie(logout);
      expect(cleared).toMatch(/^connect\.sid=;/);
      expect(cleared).toMatch(/; Path=\//);
      expect(cleared).toMatch(/; Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
      expect(cleared).toMatch(/; HttpOnly/);

      await request(server()).get('/private').set('Cookie', cookie).expect(401);
      await agent.get('/private').expect(401);
    });
  });

  describe('regenerate', () => {
    it('copies only the kept keys into the new session', async () => {
      const agent = request.agent(server());
      await agent.get('/counter').expect(200, { views: 1 });
      await agent.post('/auth/role').send({ role: 'admin' }).expect(200);
      await agent.post('/auth/regenerate').expect(200, { views: 1, role: null });
      await agent.get('/counter').expect(200, { views: 2 });
    });
  });

  describe('save', () => {
    it('stores the session so the next request sees the value', async () => {
      const agent = request.agent(server());
      await agent.post('/auth/role').send({ role: 'editor' }).expect(200);
      await agent.get('/counter/role').expect(200, { role: 'editor' });
    });
  });
});
