import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { redisStore } from 'nestjs-express-session/redis';
import { createTestApp } from './fixtures/create-test-app.js';
import { sessionCookiePair } from './fixtures/cookies.js';
import { connectInspector, deleteKeys, uniquePrefix } from '../support/redis-inspector.js';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';

/** Short enough for a test, long enough that a loaded CI machine answers each request well inside it. */
const MAX_AGE_MS = 1500;
/** One pause is well inside `MAX_AGE_MS`; two outlive it unless the request in between renewed the session. */
const PAUSE_MS = 1000;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * express-session renews a session's expiry in the store on every request (`Session#touch()`, then a save
 * or a store touch). The module saves changed sessions itself before responding and skips the store touch
 * after a save, so that save must carry the renewed expiry, or a client that writes on every request is
 * logged out `maxAge` after its first write.
 *
 * The cookie is sent by hand: what is tested is the store's record, not the client's copy of the cookie
 * (whose `Expires` has one-second resolution, and which `rolling: false` does not renew on reads).
 */
function describeRenewal(app: () => INestApplication): void {
  const get = (path: string, cookie?: string) => {
    const pending = request(app().getHttpServer()).get(path);
    return cookie === undefined ? pending : pending.set('Cookie', cookie);
  };

  it('renews the stored session on every request that changes it', async () => {
    const cookie = sessionCookiePair(await get('/counter').expect(200, { views: 1 }));
    await pause(PAUSE_MS);
    await get('/counter', cookie).expect(200, { views: 2 });
    await pause(PAUSE_MS);
    await get('/counter', cookie).expect(200, { views: 3 });
  });

  it('renews the stored session on every request that only reads it', async () => {
    const cookie = sessionCookiePair(await get('/counter').expect(200, { views: 1 }));
    await pause(PAUSE_MS);
    await get('/counter/user', cookie).expect(200, { userId: null });
    await pause(PAUSE_MS);
    await get('/counter', cookie).expect(200, { views: 2 });
  });

  it('ends a session that is left alone for maxAge', async () => {
    const cookie = sessionCookiePair(await get('/counter').expect(200, { views: 1 }));
    await pause(2 * PAUSE_MS);
    await get('/counter', cookie).expect(200, { views: 1 });
  });
}

describe('session lifetime with the default store', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({ session: { cookie: { maxAge: MAX_AGE_MS } } });
  });

  afterAll(async () => {
    await app.close();
  });

  describeRenewal(() => app);
});

const redisUnavailable = await sharedRedisUnavailable();

describeIfRedis(redisUnavailable)('session lifetime with redisStore()', () => {
  const prefix = uniquePrefix('expiry');
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({
      session: { cookie: { maxAge: MAX_AGE_MS }, store: redisStore({ url: SHARED_REDIS_URL, prefix }) },
    });
  });

  afterAll(async () => {
    await app.close();
    const inspector = await connectInspector(SHARED_REDIS_URL);
    await deleteKeys(inspector, prefix);
    inspector.destroy();
  });

  describeRenewal(() => app);
});
