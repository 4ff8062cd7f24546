import { Logger, type INestApplication } from '@nestjs/common';
import { createClient } from 'redis';
import { SessionConfigurationError } from 'nestjs-express-session';
import { redisStore } from 'nestjs-express-session/redis';
import request from 'supertest';
import { releaseOwnedResources } from '../../lib/store/owned-resources.js';
import { expectTcpHandlesBackTo, tcpHandleCount } from '../support/open-handles.js';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';
import { connectInspector, deleteKeys, uniquePrefix } from '../support/redis-inspector.js';
import { createStoreTestApp, sessionIdFrom } from '../support/session-test-app.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

const unavailable = await sharedRedisUnavailable();

describe('redisStore() options', () => {
  it('throws a SessionConfigurationError without url and client, or with both', () => {
    expect(() => redisStore({})).toThrow(SessionConfigurationError);
    expect(() => redisStore({})).toThrow(/needs a url or a client/);
    expect(() => redisStore({ url: 'redis://127.0.0.1:1', client: {} as never })).toThrow(/both url and client/);
  });

  it('throws for a ttl that is not a positive number of seconds', () => {
    expect(() => redisStore({ url: 'redis://127.0.0.1:1', ttl: 0 })).toThrow(/ttl/);
    expect(() => redisStore({ url: 'redis://127.0.0.1:1', ttl: Number.NaN })).toThrow(/ttl/);
  });

  it("warns when a client passed in has no 'error' listener (node-redis would crash the process)", () => {
    const warnings: string[] = [];
    Logger.overrideLogger({ log: () => undefined, error: () => undefined, warn: (m: unknown) => void warnings.push(String(m)) });
    try {
      redisStore({ client: createClient({ url: 'redis://127.0.0.1:1' }) });
      const withListener = createClient({ url: 'redis://127.0.0.1:1' });
      withListener.on('error', () => undefined);
      redisStore({ client: withListener });
    } finally {
      Logger.overrideLogger(false);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no 'error' listener/);
  });
});

describeIfRedis(unavailable)('redisStore() against the shared Redis', () => {
  let inspector: Awaited<ReturnType<typeof connectInspector>>;
  let prefix: string;
  beforeEach(async () => {
    prefix = uniquePrefix('redis-store');
    inspector = await connectInspector(SHARED_REDIS_URL);
  });
  afterEach(async () => {
    await deleteKeys(inspector, prefix);
    inspector.destroy();
  });

  const session = (maxAge: number | null) =>
    ({ cookie: { originalMaxAge: maxAge, expires: maxAge ? new Date(Date.now() + maxAge) : null, path: '/' } }) as never;
  const setIfExists = (store: ReturnType<typeof redisStore>, sid: string, data: never) =>
    new Promise<boolean | undefined>((resolve, reject) =>
      store.setIfExists(sid, data, (error, written) => (error ? reject(error) : resolve(written))),
    );

  describe('setIfExists (SET … XX)', () => {
    it('does not create a missing record', async () => {
      const store = redisStore({ url: SHARED_REDIS_URL, prefix });
      try {
        expect(await setIfExists(store, 'gone', session(60_000))).toBe(false);
        expect(await inspector.exists(`${prefix}gone`)).toBe(0);
      } finally {
        await releaseOwnedResources(store);
      }
    });

    it('overwrites an existing record with the TTL connect-redis would give it', async () => {
      const store = redisStore({ url: SHARED_REDIS_URL, prefix, ttl: 120 });
      try {
        await inspector.set(`${prefix}here`, '{"cookie":{}}', { expiration: { type: 'EX', value: 5 } });
        expect(await setIfExists(store, 'here', session(60_000))).toBe(true);
        expect(await inspector.ttl(`${prefix}here`)).toBe(60);
        expect(await setIfExists(store, 'here', session(null))).toBe(true);
        expect(await inspector.ttl(`${prefix}here`)).toBe(120);
      } finally {
        await releaseOwnedResources(store);
      }
    });

    it('deletes instead of writing a session whose cookie has expired (as connect-redis set() does)', async () => {
      const store = redisStore({ url: SHARED_REDIS_URL, prefix });
      try {
        await inspector.set(`${prefix}old`, '{"cookie":{}}');
        expect(await setIfExists(store, 'old', session(-5_000))).toBe(false);
        expect(await inspector.exists(`${prefix}old`)).toBe(0);
      } finally {
        await releaseOwnedResources(store);
      }
    });
  });

  describe('mergeIfExists (one Lua script)', () => {
    const merge = (store: ReturnType<typeof redisStore>, sid: string, data: never, changes: object) =>
      new Promise<{ written: boolean | undefined; version: unknown }>((resolve, reject) =>
        store.mergeIfExists(sid, data, changes as never, (error, written, version) => (error ? reject(error) : resolve({ written, version }))),
      );

    it('applies only the changed keys to a record another request rewrote, keeping its other keys byte for byte', async () => {
      const store = redisStore({ url: SHARED_REDIS_URL, prefix });
      try {
        const others =
          '"a":"x}y{\\"z\\\\",' + '"nested":{"list":[[],{},[1,[2,{"k":"]"}]]],"e":1.5e-7,"u":"\\u00e9"},' + '"gone":true,"n":null';
        const current = `{"cookie":{"originalMaxAge":1},${others},"views":1}`;
        await inspector.set(`${prefix}m`, current);
        const data = { ...(session(60_000) as object), views: 2, fresh: ['new'] } as never;
        const { written, version } = await merge(store, 'm', data, {
          set: new Map([['views', '2'], ['fresh', '["new"]']]),
          deleted: ['gone'],
          version: '{"an":"older version"}',
        });
        expect(written).toBe(true);
        const raw = String(await inspector.get(`${prefix}m`));
        expect(version).toBe(raw);
        expect(raw).toContain('"a":"x}y{\\"z\\\\"');
        expect(raw).toContain('"nested":{"list":[[],{},[1,[2,{"k":"]"}]]],"e":1.5e-7,"u":"\\u00e9"}');
        const parsed = JSON.parse(raw) as Record<string, unknown>;
        expect(parsed).toMatchObject({ a: 'x}y{"z\\', n: null, views: 2, fresh: ['new'] });
        expect(parsed.gone).toBeUndefined();
        expect((parsed.cookie as { originalMaxAge: number }).originalMaxAge).toBe(60_000);
        expect(await inspector.ttl(`${prefix}m`)).toBe(60);
      } finally {
        await releaseOwnedResources(store);
      }
    });

    it('writes the whole session when the record is still the version loaded, and nothing when it is gone', async () => {
      const store = redisStore({ url: SHARED_REDIS_URL, prefix });
      try {
        const loaded = '{"cookie":{},"views":1}';
        await inspector.set(`${prefix}same`, loaded);
        const data = { ...(session(60_000) as object), views: 2 } as never;
        const same = await merge(store, 'same', data, { set: new Map([['views', '2']]), deleted: [], version: loaded });
        expect(same.written).toBe(true);
        expect(JSON.parse(String(await inspector.get(`${prefix}same`)))).toMatchObject({ views: 2 });
        const gone = await merge(store, 'missing', data, { set: new Map([['views', '2']]), deleted: [], version: loaded });
        expect(gone.written).toBe(false);
        expect(await inspector.exists(`${prefix}missing`)).toBe(0);
      } finally {
        await releaseOwnedResources(store);
      }
    });
  });

  describe('a key of another Redis type (WRONGTYPE)', () => {
    it('reads as no session: public 200, guarded 401, and a new login works', async () => {
      const store = redisStore({ url: SHARED_REDIS_URL, prefix });
      const app = await createStoreTestApp({ store, cookie: { maxAge: 60_000 } });
      try {
        const agent = request.agent(app.getHttpServer());
        const login = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
        const sid = sessionIdFrom(login.headers['set-cookie'] as unknown as string[]) as string;
        const key = `${prefix}${atRestKey(sid)}`;
        await inspector.del(key);
        await inspector.hSet(key, 'userId', 'mallory');
        await agent.get('/me').expect(401);
        await agent.get('/me').expect(401);
        await agent.get('/plain').expect(200);
        await agent.post('/auth/login').send({ userId: 'grace' }).expect(200);
        expect((await agent.get('/me').expect(200)).body.userId).toBe('grace');
      } finally {
        await app.close();
        await releaseOwnedResources(store);
      }
    });
  });

  describe('disableTouch', () => {
    for (const disableTouch of [false, true]) {
      it(`${disableTouch ? 'keeps' : 'refreshes'} the TTL on a request that only reads the session when disableTouch is ${disableTouch}`, async () => {
        const store = redisStore({ url: SHARED_REDIS_URL, prefix, disableTouch });
        const app = await createStoreTestApp({ store, cookie: { maxAge: 60_000 } });
        try {
          const agent = request.agent(app.getHttpServer());
          const login = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
          const sid = sessionIdFrom(login.headers['set-cookie']) as string;
          await inspector.expire(`${prefix}${atRestKey(sid)}`, 30);
          await agent.get('/me').expect(200);
          const ttl = await inspector.ttl(`${prefix}${atRestKey(sid)}`);
          if (disableTouch) {
            expect(ttl).toBeLessThanOrEqual(30);
          } else {
            expect(ttl).toBeGreaterThan(55);
          }
        } finally {
          await app.close();
        }
      });
    }
  });

  describe('a cookie without maxAge', () => {
    it('gets the ttl option (default 3600 s) as an idle timeout: each request that reads the session renews it', async () => {
      const store = redisStore({ url: SHARED_REDIS_URL, prefix, ttl: 900 });
      const app = await createStoreTestApp({ store });
      try {
        const agent = request.agent(app.getHttpServer());
        const login = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
        expect(String(login.headers['set-cookie'])).not.toMatch(/Expires|Max-Age/i);
        const sid = sessionIdFrom(login.headers['set-cookie']) as string;
        expect(await inspector.ttl(`${prefix}${atRestKey(sid)}`)).toBe(900);
        await inspector.expire(`${prefix}${atRestKey(sid)}`, 30);
        await agent.get('/me').expect(200);
        expect(await inspector.ttl(`${prefix}${atRestKey(sid)}`)).toBe(900);
      } finally {
        await app.close();
      }
    });
  });

  describe('ownership on app.close()', () => {
    let app: INestApplication | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    it('closes the client it created from a url: no TCP handle is left', async () => {
      const baseline = tcpHandleCount();
      app = await createStoreTestApp({ store: redisStore({ url: SHARED_REDIS_URL, prefix }) });
      await request(app.getHttpServer()).post('/auth/login').send({ userId: 'ada' }).expect(200);
      await app.close();
      app = undefined;
      await expectTcpHandlesBackTo(baseline);
    });

    it('leaves a client the user passed in open and usable', async () => {
      const client = await connectInspector(SHARED_REDIS_URL);
      const baseline = tcpHandleCount();
      app = await createStoreTestApp({ store: redisStore({ client, prefix }) });
      await request(app.getHttpServer()).post('/auth/login').send({ userId: 'ada' }).expect(200);
      await app.close();
      app = undefined;
      expect(client.isOpen).toBe(true);
      expect(await client.ping()).toBe('PONG');
      await expectTcpHandlesBackTo(baseline);
      client.destroy();
    });
  });
});
