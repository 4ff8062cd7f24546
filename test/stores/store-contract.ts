import type { INestApplication } from '@nestjs/common';
import type { Store } from 'express-session';
import request from 'supertest';
import { createStoreTestApp, sessionIdFrom } from '../support/session-test-app.js';
import { waitFor } from '../support/wait-for.js';

/** What a store runner gives {@link describeStoreContract}; one per test (called in `beforeEach`). */
export interface StoreContractSetup {
  /** A fresh store for one Nest app (add `second` if the two-instance cases should run). */
  store: Store;
  /**
   * Optional: a second, independent store object over the same data (another connection), used as the
   * store of a second app instance. Without it the cross-instance case is skipped.
   */
  second?: Store;
  /** The stored record of `sid` exactly as the backend holds it (JSON text), or `null` when there is none. */
  readRaw(sid: string): Promise<string | null>;
  /** Overwrites the stored record of `sid` with `raw` (any text, for corrupt-record cases), expiring in a minute. */
  writeRaw(sid: string, raw: string): Promise<void>;
  /** Milliseconds until the record of `sid` expires, or `null` when it has no record or no expiry. */
  ttlMs(sid: string): Promise<number | null>;
  /** Removes what the test wrote and closes whatever the setup opened (not the app; the suite closes it). */
  teardown(): Promise<void>;
}

/** Options of {@link describeStoreContract}. */
export interface StoreContractOptions {
  /** Expected TTL in ms of a session whose cookie has no maxAge; omit to skip that check. */
  cookielessTtlMs?: number;
  /** `describe` to use (e.g. one that skips with a reason when the backend is unavailable). Default: `describe`. */
  describe?: (name: string, body: () => void) => void;
}

const MAX_AGE_MS = 60_000;

/**
 * The store contract: every store (memory, Redis, Redis Cluster, MongoDB) must pass it. It runs a real
 * Nest app with SessionModule over HTTP (a supertest agent carries the cookie) and inspects the backend
 * directly through `setup`. `setup` runs before each test and `teardown` after it; the suite closes apps.
 *
 * @example
 * describeStoreContract('redis', async () => ({ store, readRaw, writeRaw, ttlMs, teardown }));
 */
export function describeStoreContract(
  name: string,
  setup: () => Promise<StoreContractSetup>,
  options: StoreContractOptions = {},
): void {
  (options.describe ?? describe)(`store contract: ${name}`, () => {
    let ctx: StoreContractSetup;
    const apps: INestApplication[] = [];
    const appWith = async (store: Store, session: object = {}): Promise<INestApplication> => {
      const app = await createStoreTestApp({ store, cookie: { maxAge: MAX_AGE_MS }, ...session });
      apps.push(app);
      return app;
    };
    const login = async (app: INestApplication, userId = 'ada') => {
      const agent = request.agent(app.getHttpServer());
      const response = await agent.post('/auth/login').send({ userId }).expect(200);
      const setCookie = response.headers['set-cookie'] as unknown as string[];
      const sid = sessionIdFrom(setCookie);
      expect(sid).toBeDefined();
      const cookie = setCookie.find((header) => header.startsWith('connect.sid='))?.split(';')[0] as string;
      return { agent, sid: sid as string, cookie };
    };

    beforeEach(async () => {
      ctx = await setup();
    });
    afterEach(async () => {
      await Promise.all(apps.splice(0).map((app) => app.close()));
      await ctx.teardown();
    });

    describe('store API', () => {
      it('sets, gets, touches and destroys a record', async () => {
        const sid = `contract-${Date.now()}-${Math.random().toString(36).slice(2)}`;
        const cookie = { originalMaxAge: MAX_AGE_MS, expires: new Date(Date.now() + MAX_AGE_MS), httpOnly: true, path: '/' };
        const data = { cookie, userId: 'grace' } as never;
        await new Promise<void>((resolve, reject) => ctx.store.set(sid, data, (e) => (e ? reject(e) : resolve())));
        const loaded = await new Promise<unknown>((resolve, reject) =>
          ctx.store.get(sid, (e, value) => (e ? reject(e) : resolve(value))),
        );
        expect(loaded).toMatchObject({ userId: 'grace' });
        expect(JSON.parse((await ctx.readRaw(sid)) as string)).toMatchObject({ userId: 'grace' });
        await new Promise<void>((resolve) => (ctx.store.touch ? ctx.store.touch(sid, data, () => resolve()) : resolve()));
        expect(await ctx.readRaw(sid)).not.toBeNull();
        await new Promise<void>((resolve, reject) => ctx.store.destroy(sid, (e) => (e ? reject(e) : resolve())));
        expect(await ctx.readRaw(sid)).toBeNull();
      });
    });

    describe('over HTTP', () => {
      it('stores a login, reads it back on the next request, and stores later changes', async () => {
        const app = await appWith(ctx.store);
        const { agent, sid } = await login(app);
        expect(JSON.parse((await ctx.readRaw(sid)) as string)).toMatchObject({ userId: 'ada' });
        await agent.get('/me').expect(200, { userId: 'ada', views: null, note: null });
        await agent.post('/note').send({ note: 'hello' }).expect(200);
        expect(JSON.parse((await ctx.readRaw(sid)) as string)).toMatchObject({ userId: 'ada', note: 'hello' });
        await agent.get('/me').expect(200, { userId: 'ada', views: null, note: 'hello' });
      });

      it('gives the record the cookie maxAge as TTL', async () => {
        const app = await appWith(ctx.store);
        const { sid } = await login(app);
        const ttl = await ctx.ttlMs(sid);
        expect(ttl).not.toBeNull();
        expect(ttl as number).toBeGreaterThan(MAX_AGE_MS - 5_000);
        expect(ttl as number).toBeLessThanOrEqual(MAX_AGE_MS + 1_000);
      });

      it('lets the record expire with the cookie: afterwards the session is gone (401)', async () => {
        const app = await appWith(ctx.store, { cookie: { maxAge: 1_200 } });
        const { agent, sid } = await login(app);
        await agent.get('/me').expect(200);
        await waitFor('the record to expire', async () => (await ctx.readRaw(sid)) === null, 8_000, 100);
        await agent.get('/me').expect(401);
      });

      it('refreshes the TTL on a request that only reads the session (touch), and with rolling', async () => {
        for (const rolling of [false, true]) {
          const app = await appWith(ctx.store, { rolling });
          const { agent, sid } = await login(app);
          // Redis expiries have whole-second precision: let more than a second pass.
          await new Promise((resolve) => setTimeout(resolve, 1_600));
          const before = (await ctx.ttlMs(sid)) as number;
          await agent.get('/me').expect(200);
          const after = (await ctx.ttlMs(sid)) as number;
          expect(after).toBeGreaterThan(before + 500);
        }
      });

      if (options.cookielessTtlMs !== undefined) {
        const expected = options.cookielessTtlMs;
        it(`stores a session whose cookie has no maxAge for ${expected} ms`, async () => {
          const app = await appWith(ctx.store, { cookie: {} });
          const { sid } = await login(app);
          const ttl = (await ctx.ttlMs(sid)) as number;
          expect(ttl).toBeGreaterThan(expected - 5_000);
          expect(ttl).toBeLessThanOrEqual(expected);
        });
      }

      it('regenerates on login: the anonymous record is deleted, the new one holds the user', async () => {
        const app = await appWith(ctx.store);
        const agent = request.agent(app.getHttpServer());
        const first = await agent.get('/counter').expect(200, { views: 1 });
        const anonymousSid = sessionIdFrom(first.headers['set-cookie']) as string;
        expect(await ctx.readRaw(anonymousSid)).not.toBeNull();
        const response = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
        const sid = sessionIdFrom(response.headers['set-cookie']) as string;
        expect(sid).not.toBe(anonymousSid);
        expect(await ctx.readRaw(anonymousSid)).toBeNull();
        expect(JSON.parse((await ctx.readRaw(sid)) as string)).toMatchObject({ userId: 'ada' });
      });

      it('logs out: the record is deleted, the cookie cleared, the old cookie gets 401', async () => {
        const app = await appWith(ctx.store);
        const { agent, sid, cookie } = await login(app);
        await agent.get('/me').expect(200);
        const response = await agent.post('/auth/logout').expect(204);
        expect(String(response.headers['set-cookie'])).toMatch(/connect\.sid=;.*Expires=Thu, 01 Jan 1970/);
        expect(await ctx.readRaw(sid)).toBeNull();
        await request(app.getHttpServer()).get('/me').set('Cookie', cookie).expect(401);
      });
    });

    describe('corrupt records are no session (401, never 500)', () => {
      for (const [label, raw] of [
        ['not JSON', '{not json'],
        ['an array', '[1,2,3]'],
        ['a record without cookie', '{"userId":"ada"}'],
        ['null', 'null'],
        ['a string', '"ada"'],
      ] as const) {
        it(`when the record is ${label}`, async () => {
          const app = await appWith(ctx.store);
          const { agent, sid } = await login(app);
          await ctx.writeRaw(sid, raw);
          await agent.get('/me').expect(401);
          await agent.get('/me').expect(401);
          await agent.get('/plain').expect(200);
        });
      }
    });

    describe('no resurrection after logout', () => {
      const slowRequestAfterLogout = async (slowApp: INestApplication, logoutApp: INestApplication) => {
        const { agent, sid, cookie } = await login(slowApp);
        await agent.get('/me').expect(200);
        const gate = `gate-${Math.random().toString(36).slice(2)}`;
        const slow = request(slowApp.getHttpServer()).get(`/slow/${gate}`).set('Cookie', cookie).then((r) => r);
        await waitFor('the slow request to load its session', async () =>
          (await request(slowApp.getHttpServer()).get(`/gates/${gate}`)).body.entered === true,
        );
        await request(logoutApp.getHttpServer()).post('/auth/logout').set('Cookie', cookie).expect(204);
        expect(await ctx.readRaw(sid)).toBeNull();
        await request(slowApp.getHttpServer()).post(`/gates/${gate}/open`).expect(204);
        const response = await slow;
        expect(response.status).toBe(200);
        // Raw express-session saves the changed session here and the logged-out user is back.
        expect(await ctx.readRaw(sid)).toBeNull();
        await request(slowApp.getHttpServer()).get('/me').set('Cookie', cookie).expect(401);
        await request(logoutApp.getHttpServer()).get('/me').set('Cookie', cookie).expect(401);
      };

      it('on one instance: a slow request finishing after the logout does not write the session back', async () => {
        const app = await appWith(ctx.store);
        await slowRequestAfterLogout(app, app);
      });

      it('across two instances sharing the store', async () => {
        if (!ctx.second) {
          console.log(`store contract ${name}: no second store object given, cross-instance case not run`);
          return;
        }
        const a = await appWith(ctx.store);
        const b = await appWith(ctx.second);
        await slowRequestAfterLogout(a, b);
      });
    });

    describe('values JSON cannot carry', () => {
      for (const kind of ['bigint', 'circular']) {
        it(`a ${kind} value gives a 500 for that request, without a cookie`, async () => {
          const app = await appWith(ctx.store);
          const response = await request(app.getHttpServer()).post(`/unserializable/${kind}`);
          expect(response.status).toBe(500);
          expect(response.headers['set-cookie']).toBeUndefined();
          expect(JSON.stringify(response.body)).not.toMatch(/BigInt|circular|at .*\.js/i);
        });
      }
    });
  });
}
