import type { INestApplication } from '@nestjs/common';
import type { Store } from 'express-session';
import request from 'supertest';
import type { IndexedSession, UserSessionIndexStore, UserSessionInfo } from 'nestjs-express-session';
import type { ContractHarness } from './store-contract.harness.js';

type Agent = ReturnType<typeof request.agent>;

const USER_AGENT = 'contract-browser/1.0 (a user agent that is long enough to be recorded)';

/** Contract cases of the `users` option: a user's sessions listed, revoked and capped, on every store. */
export function describeUserSessions(h: ContractHarness): void {
  describe('users: a user\'s sessions', () => {
    const appOf = (users: object = {}, store: Store = h.ctx.store, extra: object = {}): Promise<INestApplication> =>
      h.appWith(store, { users, ...extra });
    const signIn = async (app: INestApplication, userId = 'ada'): Promise<{ agent: Agent; sid: string }> => {
      const agent = request.agent(app.getHttpServer());
      await agent.post('/auth/login').set('User-Agent', USER_AGENT).send({ userId }).expect(200);
      const me = await agent.get('/me').expect(200);
      expect(me.body.userId).toBe(userId);
      return { agent, sid: '' };
    };
    const list = async (agent: Agent): Promise<UserSessionInfo[]> => (await agent.get('/users/sessions').expect(200)).body as UserSessionInfo[];
    const indexed = (userId: string): Promise<IndexedSession[]> =>
      new Promise((resolve, reject) =>
        (h.ctx.store as Store & UserSessionIndexStore).indexedSessions(userId, (error, sessions) =>
          error ? reject(error) : resolve(sessions ?? []),
        ),
      );
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('lists 3 logins newest first, marks the current one, and shows no credential', async () => {
      const app = await appOf();
      const first = await h.login(app);
      await pause(15);
      const second = await h.login(app);
      await pause(15);
      const third = await h.login(app);
      await h.login(app, 'bob');
      const sessions = await list(second.agent);
      expect(sessions).toHaveLength(3);
      expect(sessions.map((s) => s.current)).toEqual([false, true, false]);
      const created = sessions.map((s) => new Date(s.createdAt).getTime());
      expect([...created].sort((a, b) => b - a)).toEqual(created);
      expect(new Set(sessions.map((s) => s.handle)).size).toBe(3);
      const text = JSON.stringify(sessions);
      for (const { sid, cookie } of [first, second, third]) {
        expect(text).not.toContain(sid);
        expect(text).not.toContain(sid.slice(0, 12));
        expect(text).not.toContain(cookie.split('=')[1]);
      }
      for (const s of sessions) {
        expect(s.ip).toMatch(/127\.0\.0\.1|::1/);
        expect(new Date(s.lastSeenAt).getTime()).toBeGreaterThanOrEqual(new Date(s.createdAt).getTime());
        expect(new Date(s.expiresAt as unknown as string).getTime()).toBeGreaterThan(Date.now());
      }
    });

    it('records the User-Agent (at most 256 characters) and moves lastSeenAt with later requests', async () => {
      const app = await appOf({ lastSeenPrecision: 0 });
      const agent = request.agent(app.getHttpServer());
      await agent.post('/auth/login').set('User-Agent', 'x'.repeat(400)).send({ userId: 'ada' }).expect(200);
      const [before] = await list(agent);
      expect(before.userAgent).toBe('x'.repeat(256));
      await pause(30);
      await agent.get('/me').expect(200);
      const [after] = await list(agent);
      expect(new Date(after.lastSeenAt).getTime()).toBeGreaterThan(new Date(before.lastSeenAt).getTime());
      expect(after.handle).toBe(before.handle);
      expect(after.createdAt).toBe(before.createdAt);
    });

    it('drops expired sessions from the list', async () => {
      const shortLived = await appOf({}, h.ctx.store, { cookie: { maxAge: 1_000 } });
      await h.login(shortLived);
      const app = await appOf();
      const { agent } = await h.login(app);
      expect(await list(agent)).toHaveLength(2);
      await pause(2_200);
      const sessions = await list(agent);
      expect(sessions).toHaveLength(1);
      expect(sessions[0].current).toBe(true);
    });

    it('revokes one session by its handle: it gets 401, the others stay signed in', async () => {
      const app = await appOf();
      const a = await signIn(app);
      const b = await signIn(app);
      const c = await signIn(app);
      const target = (await list(b.agent)).find((s) => s.current) as UserSessionInfo;
      await a.agent.post(`/users/revoke/${encodeURIComponent(target.handle)}`).expect(200, { revoked: true });
      await b.agent.get('/me').expect(401);
      await c.agent.get('/me').expect(200);
      await a.agent.get('/me').expect(200);
      expect(await list(a.agent)).toHaveLength(2);
      await a.agent.post(`/users/revoke/${encodeURIComponent(target.handle)}`).expect(200, { revoked: false });
    });

    it('revokes the other sessions, then all of them', async () => {
      const app = await appOf();
      const a = await signIn(app);
      const b = await signIn(app);
      const c = await signIn(app);
      await a.agent.post('/users/revoke-others').expect(200, { revoked: 2 });
      await b.agent.get('/me').expect(401);
      await c.agent.get('/me').expect(401);
      await a.agent.get('/me').expect(200);
      const d = await signIn(app);
      await request(app.getHttpServer()).post('/users/ada/revoke-all').expect(200, { revoked: 2 });
      await a.agent.get('/me').expect(401);
      await d.agent.get('/me').expect(401);
      expect(await indexed('ada')).toHaveLength(0);
    });

    it("never revokes another user's session by its handle", async () => {
      const app = await appOf();
      const ada = await signIn(app, 'ada');
      const bob = await signIn(app, 'bob');
      const [bobs] = await list(bob.agent);
      await ada.agent.post(`/users/revoke/${encodeURIComponent(bobs.handle)}`).expect(200, { revoked: false });
      await ada.agent.post(`/users/revoke/${encodeURIComponent('made-up-handle')}`).expect(200, { revoked: false });
      await bob.agent.get('/me').expect(200);
      expect(await list(bob.agent)).toHaveLength(1);
    });

    it("maxSessions 'revoke-oldest': a third login ends the least recently seen session", async () => {
      const app = await appOf({ maxSessions: 2, lastSeenPrecision: 0 });
      const a = await signIn(app);
      await pause(20);
      const b = await signIn(app);
      await pause(20);
      await a.agent.get('/me').expect(200); // a is now seen after b
      await pause(20);
      const c = await signIn(app);
      await b.agent.get('/me').expect(401);
      await a.agent.get('/me').expect(200);
      await c.agent.get('/me').expect(200);
      expect(await list(c.agent)).toHaveLength(2);
    });

    it("maxSessions 'reject': the login past the limit gets 409, no cookie, nothing stored", async () => {
      const app = await appOf({ maxSessions: 2, onMaxSessions: 'reject' });
      const a = await signIn(app);
      await signIn(app);
      const refused = await request(app.getHttpServer()).post('/auth/login').send({ userId: 'ada' }).expect(409);
      expect(refused.headers['set-cookie']).toBeUndefined();
      expect(refused.body.message).toMatch(/2 active sessions/);
      expect(await list(a.agent)).toHaveLength(2);
      expect(await indexed('ada')).toHaveLength(2);
      // A re-login on a device that already has a session replaces it: not refused.
      await a.agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
      expect(await list(a.agent)).toHaveLength(2);
    });

    it('a logout removes the entry from the index', async () => {
      const app = await appOf();
      const a = await signIn(app);
      const b = await signIn(app);
      expect(await indexed('ada')).toHaveLength(2);
      await b.agent.post('/auth/logout').expect(204);
      expect(await indexed('ada')).toHaveLength(1);
      expect(await list(a.agent)).toHaveLength(1);
    });

    it('a session given to another user (login through regenerate, or a handler) leaves the first user\'s list', async () => {
      const app = await appOf();
      const a = await signIn(app, 'ada');
      const other = await signIn(app, 'ada');
      await other.agent.post('/auth/login').send({ userId: 'bob' }).expect(200);
      expect(await list(a.agent)).toHaveLength(1);
      expect(await list(other.agent)).toHaveLength(1);
      await a.agent.post('/change').send({ set: { userId: 'carol' } }).expect(200);
      expect(await request(app.getHttpServer()).get('/users/ada/sessions').expect(200).then((r) => r.body)).toEqual([]);
      const carols = await list(a.agent);
      expect(carols).toHaveLength(1);
      expect(carols[0].current).toBe(true);
    });

    it('with the default lastSeenPrecision (a minute), later requests do not move lastSeenAt', async () => {
      const app = await appOf();
      const { agent } = await signIn(app);
      const [before] = await list(agent);
      await pause(30);
      await agent.get('/me').expect(200);
      await agent.post('/note').send({ note: 'x' }).expect(200);
      const [after] = await list(agent);
      expect(after.lastSeenAt).toBe(before.lastSeenAt);
    });

    it('a session whose lifetime grows (remember me) has its index entry extended at once, whatever lastSeenPrecision', async () => {
      const app = await appOf();
      const { agent } = await signIn(app);
      const [before] = await indexed('ada');
      expect(before.expiresAt).toBeLessThan(Date.now() + 600_000);
      await agent.post('/remember').expect(200);
      const [after] = await indexed('ada');
      expect(after.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    });

    it('anonymous sessions never enter an index', async () => {
      const app = await appOf();
      const agent = request.agent(app.getHttpServer());
      await agent.get('/counter').expect(200);
      await agent.get('/counter').expect(200);
      expect(await indexed('undefined')).toHaveLength(0);
    });

    it('revocation on one instance signs the session out on another at once', async () => {
      if (!h.ctx.second) {
        return;
      }
      const appA = await appOf({}, h.ctx.store);
      const appB = await appOf({}, h.ctx.second);
      const { agent, cookie } = await h.login(appA);
      await request(appB.getHttpServer()).get('/me').set('Cookie', cookie).expect(200);
      await agent.post('/users/ada/revoke-all').expect(200, { revoked: 1 });
      await request(appB.getHttpServer()).get('/me').set('Cookie', cookie).expect(401);
    });
  });
}
