import request from 'supertest';
import type { ContractHarness } from './store-contract.harness.js';
import { sessionIdFrom } from '../support/session-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { CONTRACT_MAX_AGE_MS as MAX_AGE_MS } from './store-contract.harness.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

/** Contract cases: the store API, and the session lifecycle over HTTP (TTL, touch, regenerate, logout). */
export function describeSessionLifecycle(h: ContractHarness): void {
  describe('store API', () => {
    it('sets, gets, touches and destroys a record', async () => {
      const id = `contract-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      // The store is called directly, so with the key the module uses for a session ID (its hash).
      const sid = atRestKey(id);
      const cookie = { originalMaxAge: MAX_AGE_MS, expires: new Date(Date.now() + MAX_AGE_MS), httpOnly: true, path: '/' };
      const data = { cookie, userId: 'grace' } as never;
      await new Promise<void>((resolve, reject) => h.ctx.store.set(sid, data, (e) => (e ? reject(e) : resolve())));
      const loaded = await new Promise<unknown>((resolve, reject) =>
        h.ctx.store.get(sid, (e, value) => (e ? reject(e) : resolve(value))),
      );
      expect(loaded).toMatchObject({ userId: 'grace' });
      expect(JSON.parse((await h.ctx.readRaw(id)) as string)).toMatchObject({ userId: 'grace' });
      await new Promise<void>((resolve) => (h.ctx.store.touch ? h.ctx.store.touch(sid, data, () => resolve()) : resolve()));
      expect(await h.ctx.readRaw(id)).not.toBeNull();
      await new Promise<void>((resolve, reject) => h.ctx.store.destroy(sid, (e) => (e ? reject(e) : resolve())));
      expect(await h.ctx.readRaw(id)).toBeNull();
    });
  });

  describe('over HTTP', () => {
    it('stores a login, reads it back on the next request, and stores later changes', async () => {
      const app = await h.appWith(h.ctx.store);
      const { agent, sid } = await h.login(app);
      expect(JSON.parse((await h.ctx.readRaw(sid)) as string)).toMatchObject({ userId: 'ada' });
      await agent.get('/me').expect(200, { userId: 'ada', views: null, note: null });
      await agent.post('/note').send({ note: 'hello' }).expect(200);
      expect(JSON.parse((await h.ctx.readRaw(sid)) as string)).toMatchObject({ userId: 'ada', note: 'hello' });
      await agent.get('/me').expect(200, { userId: 'ada', views: null, note: 'hello' });
    });

    it('gives the record the cookie maxAge as TTL', async () => {
      const app = await h.appWith(h.ctx.store);
      const { sid } = await h.login(app);
      const ttl = await h.ctx.ttlMs(sid);
      expect(ttl).not.toBeNull();
      expect(ttl as number).toBeGreaterThan(MAX_AGE_MS - 5_000);
      expect(ttl as number).toBeLessThanOrEqual(MAX_AGE_MS + 1_000);
    });

    it('lets the record expire with the cookie: afterwards the session is gone (401)', async () => {
      const app = await h.appWith(h.ctx.store, { cookie: { maxAge: 1_200 } });
      const { agent, sid } = await h.login(app);
      await agent.get('/me').expect(200);
      await waitFor('the record to expire', async () => (await h.ctx.readRaw(sid)) === null, 8_000, 100);
      await agent.get('/me').expect(401);
    });

    it('refreshes the TTL on a request that only reads the session (touch), and with rolling', async () => {
      for (const rolling of [false, true]) {
        const app = await h.appWith(h.ctx.store, { rolling });
        const { agent, sid } = await h.login(app);
        // Redis expiries have whole-second precision: let more than a second pass.
        await new Promise((resolve) => setTimeout(resolve, 1_600));
        const before = (await h.ctx.ttlMs(sid)) as number;
        await agent.get('/me').expect(200);
        const after = (await h.ctx.ttlMs(sid)) as number;
        expect(after).toBeGreaterThan(before + 500);
      }
    });

    if (h.options.cookielessTtlMs !== undefined) {
      const expected = h.options.cookielessTtlMs;
      it(`stores a session whose cookie has no maxAge for ${expected} ms`, async () => {
        const app = await h.appWith(h.ctx.store, { cookie: {} });
        const { sid } = await h.login(app);
        const ttl = (await h.ctx.ttlMs(sid)) as number;
        expect(ttl).toBeGreaterThan(expected - 5_000);
        expect(ttl).toBeLessThanOrEqual(expected);
      });
    }

    it('regenerates on login: the anonymous record is deleted, the new one holds the user', async () => {
      const app = await h.appWith(h.ctx.store);
      const agent = request.agent(app.getHttpServer());
      const first = await agent.get('/counter').expect(200, { views: 1 });
      const anonymousSid = sessionIdFrom(first.headers['set-cookie']) as string;
      expect(await h.ctx.readRaw(anonymousSid)).not.toBeNull();
      const response = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
      const sid = sessionIdFrom(response.headers['set-cookie']) as string;
      expect(sid).not.toBe(anonymousSid);
      expect(await h.ctx.readRaw(anonymousSid)).toBeNull();
      expect(JSON.parse((await h.ctx.readRaw(sid)) as string)).toMatchObject({ userId: 'ada' });
    });

    it('logs out: the record is deleted, the cookie cleared, the old cookie gets 401', async () => {
      const app = await h.appWith(h.ctx.store);
      const { agent, sid, cookie } = await h.login(app);
      await agent.get('/me').expect(200);
      const response = await agent.post('/auth/logout').expect(204);
      expect(String(response.headers['set-cookie'])).toMatch(/connect\.sid=;.*Expires=Thu, 01 Jan 1970/);
      expect(await h.ctx.readRaw(sid)).toBeNull();
      await request(app.getHttpServer()).get('/me').set('Cookie', cookie).expect(401);
    });
  });
}
