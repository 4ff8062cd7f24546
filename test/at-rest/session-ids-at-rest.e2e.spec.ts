import { Logger, type INestApplication } from '@nestjs/common';
import type { SessionModuleOptions } from 'nestjs-express-session';
import { redisStore } from 'nestjs-express-session/redis';
import request from 'supertest';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';
import { connectInspector, deleteKeys, uniquePrefix } from '../support/redis-inspector.js';
import { createStoreTestApp, sessionIdFrom, STORE_TEST_SECRET } from '../support/session-test-app.js';
import { signedSessionCookie } from '../support/signed-cookie.js';

const unavailable = await sharedRedisUnavailable();

/** A cookie pair for `value` signed with the test secret, as express-session would send it. */
const signedCookie = (value: string) => signedSessionCookie(value, STORE_TEST_SECRET);

describeIfRedis(unavailable)('session IDs at rest (Redis)', () => {
  let inspector: Awaited<ReturnType<typeof connectInspector>>;
  let prefix: string;
  let app: INestApplication | undefined;
  const logged: string[] = [];

  const start = async (options: Partial<SessionModuleOptions> = {}) => {
    app = await createStoreTestApp({ store: redisStore({ url: SHARED_REDIS_URL, prefix }), cookie: { maxAge: 60_000 }, ...options });
    // After the app (created with `logger: false`), so the module's log lines are kept for the assertions.
    const keep = (message: unknown) => void logged.push(String(message));
    Logger.overrideLogger({ log: keep, warn: keep, error: keep, debug: keep, verbose: keep });
    return app;
  };
  const dump = async () => {
    const entries: [string, string][] = [];
    for await (const keys of inspector.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
      for (const key of keys) {
        entries.push([key, String(await inspector.get(key))]);
      }
    }
    return entries;
  };

  beforeEach(async () => {
    prefix = uniquePrefix('at-rest');
    inspector = await connectInspector(SHARED_REDIS_URL);
  });
  afterEach(async () => {
    Logger.overrideLogger(false);
    logged.length = 0;
    await app?.close();
    app = undefined;
    await deleteKeys(inspector, prefix);
    inspector.destroy();
  });

  it('after a login and a write, no key, value or log line holds the session ID from the cookie', async () => {
    const server = (await start()).getHttpServer();
    const agent = request.agent(server);
    const login = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    const sid = sessionIdFrom(login.headers['set-cookie'] as unknown as string[]) as string;
    await agent.post('/note').send({ note: 'hello' }).expect(200);
    // A corrupt record makes the module log (with a fingerprint).
    await inspector.set(`${prefix}${atRestKey(sid)}`, 'not json');
    await agent.get('/me').expect(401);
    const entries = await dump();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.map(([key]) => key)).toEqual([`${prefix}${atRestKey(sid)}`]);
    for (const [key, value] of entries) {
      expect(key).not.toContain(sid);
      expect(value).not.toContain(sid);
    }
    expect(logged.some((line) => line.includes('not a valid session record'))).toBe(true);
    expect(logged.join('\n')).not.toContain(sid);
  });

  it("a store dump's keys replayed as cookies, signed with the secret, sign nobody in", async () => {
    const server = (await start()).getHttpServer();
    const agent = request.agent(server);
    await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    await agent.get('/me').expect(200);
    const [[key]] = await dump();
    await request(server).get('/me').set('Cookie', signedCookie(key.slice(prefix.length))).expect(401);
  });

  it('legacyIds: a session stored under its raw ID (plain express-session) is moved under its hash on its first request', async () => {
    const server = (await start({ legacyIds: true })).getHttpServer();
    const sid = 'raw-id-from-an-earlier-deployment-0123456789';
    const record = { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString(), path: '/' }, userId: 'grace' };
    await inspector.set(`${prefix}${sid}`, JSON.stringify(record), { expiration: { type: 'EX', value: 60 } });
    await request(server).get('/me').set('Cookie', signedCookie(sid)).expect(200, { userId: 'grace', views: null, note: null });
    expect(await inspector.exists(`${prefix}${sid}`)).toBe(0);
    expect(JSON.parse(String(await inspector.get(`${prefix}${atRestKey(sid)}`)))).toMatchObject({ userId: 'grace' });
    await request(server).get('/me').set('Cookie', signedCookie(sid)).expect(200);
  });

  it('without legacyIds a raw-ID record is not read (and hashIdsAtRest: false stores raw IDs, as express-session)', async () => {
    const sid = 'raw-id-from-an-earlier-deployment-0123456789';
    const record = { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString(), path: '/' }, userId: 'grace' };
    await inspector.set(`${prefix}${sid}`, JSON.stringify(record), { expiration: { type: 'EX', value: 60 } });
    const hashed = (await start()).getHttpServer();
    await request(hashed).get('/me').set('Cookie', signedCookie(sid)).expect(401);
    await app?.close();
    const raw = (await start({ hashIdsAtRest: false })).getHttpServer();
    await request(raw).get('/me').set('Cookie', signedCookie(sid)).expect(200);
  });
});
