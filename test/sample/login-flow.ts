import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Store } from 'express-session';
import { SESSION_STORE } from 'nestjs-express-session';
import request from 'supertest';
import { ALICE, BOB, createSampleApp, sessionCookiePair, sessionIdOf, sessionSetCookie } from './sample-app.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

/** Reads a session straight from the app's store, as the store sees it. */
async function storedSession(app: NestExpressApplication, sessionId: string): Promise<unknown> {
  const store = app.get<Store>(SESSION_STORE);
  return new Promise((resolve, reject) =>
    store.get(atRestKey(sessionId), (error, session) => (error ? reject(error) : resolve(session ?? undefined))),
  );
}

/** Extra checks a store-specific suite runs on the raw backend. */
export interface BackendProbe {
  /** Whether the backend holds a record for this session ID. */
  hasSession(sessionId: string): Promise<boolean>;
}

/**
 * The sample's whole login flow through a real HTTP server and a supertest agent (which carries the
 * cookies like a browser), against the store that `env` selects.
 */
export function describeLoginFlow(storeLabel: string, env: () => NodeJS.ProcessEnv, backend?: () => BackendProbe): void {
  describe(`the login flow with the ${storeLabel} store`, () => {
    let app: NestExpressApplication;

    beforeAll(async () => {
      app = await createSampleApp(env());
    });

    afterAll(async () => {
      await app?.close();
    });

    it('signs in, counts visits, answers /auth/me, signs out and then rejects the old cookie', async () => {
      const agent = request.agent(app.getHttpServer());

      const anonymous = await agent.get('/').expect(200).expect('Content-Type', /text\/html/);
      expect(anonymous.text).toContain('<form method="post" action="/auth/login">');
      expect(anonymous.text).not.toContain('Signed in as');
      expect(sessionSetCookie(anonymous)).toBeUndefined();

      const wrong = await agent.post('/auth/login').send({ username: ALICE.username, password: 'wrong-password' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.message).toBe('Invalid username or password.');
      expect(sessionSetCookie(wrong)).toBeUndefined();

      const unknown = await agent.post('/auth/login').send({ username: 'mallory', password: ALICE.password });
      expect(unknown.status).toBe(401);
      expect(unknown.body.message).toBe(wrong.body.message);
      expect(sessionSetCookie(unknown)).toBeUndefined();

      const login = await agent
        .post('/auth/login')
        .send({ username: ALICE.username, password: ALICE.password })
        .expect(200, { userId: ALICE.userId, username: ALICE.username });
      const cookie = sessionSetCookie(login)!;
      expect(cookie).toMatch(/^sid=s%3A/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/; Secure/);
      const oldCookie = sessionCookiePair(login);
      const sessionId = sessionIdOf(oldCookie);
      expect(await storedSession(app, sessionId)).toMatchObject({ userId: ALICE.userId, username: ALICE.username });
      if (backend) {
        expect(await backend().hasSession(sessionId)).toBe(true);
      }

      const first = await agent.get('/').expect(200);
      expect(first.text).toContain('Signed in as <span id="username">alice</span>');
      expect(first.text).toContain('<strong id="visits">1</strong> time ');
      expect(first.text).toContain('action="/auth/logout"');
      const second = await agent.get('/').expect(200);
      expect(second.text).toContain('<strong id="visits">2</strong> times');
      expect(await storedSession(app, sessionId)).toMatchObject({ visits: 2 });

      await agent.get('/auth/me').expect(200, { userId: ALICE.userId, username: ALICE.username });
      // A fresh sign-in opens the sensitive page (@RequireRecentLogin).
      expect(typeof (await agent.get('/auth/security').expect(200)).body.signedInMsAgo).toBe('number');

      const logout = await agent.post('/auth/logout').expect(204);
      expect(sessionSetCookie(logout)).toMatch(/^sid=; Path=\/; Expires=Thu, 01 Jan 1970/);
      expect(await storedSession(app, sessionId)).toBeUndefined();
      if (backend) {
        expect(await backend().hasSession(sessionId)).toBe(false);
      }

      await agent.get('/auth/me').expect(401);
      await request(app.getHttpServer()).get('/auth/me').set('Cookie', oldCookie).expect(401);
      const afterLogout = await request(app.getHttpServer()).get('/').set('Cookie', oldCookie).expect(200);
      expect(afterLogout.text).toContain('action="/auth/login"');
    });

    it('signs in from the HTML form: 303 to /, which then shows the signed-in page', async () => {
      const agent = request.agent(app.getHttpServer());
      const login = await agent
        .post('/auth/login')
        .type('form')
        .send({ username: BOB.username, password: BOB.password })
        .expect(303)
        .expect('Location', '/');
      expect(sessionSetCookie(login)).toMatch(/; HttpOnly/);
      const home = await agent.get('/').expect(200);
      expect(home.text).toContain('Signed in as <span id="username">bob</span>');
      await agent.post('/auth/logout').type('form').send({}).expect(303).expect('Location', '/');
      await agent.get('/auth/me').expect(401);
    });

    it('gives a new session ID on every login and deletes the previous session', async () => {
      const agent = request.agent(app.getHttpServer());
      const asAlice = sessionCookiePair(
        await agent.post('/auth/login').send({ username: ALICE.username, password: ALICE.password }).expect(200),
      );
      const asBob = sessionCookiePair(
        await agent.post('/auth/login').send({ username: BOB.username, password: BOB.password }).expect(200),
      );
      expect(sessionIdOf(asBob)).not.toBe(sessionIdOf(asAlice));
      expect(await storedSession(app, sessionIdOf(asAlice))).toBeUndefined();
      await request(app.getHttpServer()).get('/auth/me').set('Cookie', asAlice).expect(401);
      await agent.get('/auth/me').expect(200, { userId: BOB.userId, username: BOB.username });
      await agent.post('/auth/logout').expect(204);
    });
  });
}
