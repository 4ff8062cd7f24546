import type { INestApplication } from '@nestjs/common';
import type { SessionData } from 'express-session';
import request from 'supertest';
import { redisStore, type RedisSessionStore } from 'nestjs-express-session/redis';
import { releaseOwnedResources } from '../../lib/store/owned-resources.js';
import { CommandLog } from '../support/redis-command-log.js';
import { connectInspector, deleteKeys, uniquePrefix } from '../support/redis-inspector.js';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';
import { createStoreTestApp } from '../support/session-test-app.js';

const unavailable = await sharedRedisUnavailable();

const USERS = 1_000;
const SESSIONS = 10_000;

/** A stored session of `userId`, as the module writes one (its owner rides in the cookie record). */
function sessionOf(userId: string, handle: string): SessionData {
  const now = Date.now();
  return {
    userId,
    cookie: { originalMaxAge: 600_000, expires: new Date(now + 600_000), httpOnly: true, path: '/', owner: { id: userId, handle, since: now } },
  } as unknown as SessionData;
}

const call = (operation: (done: (error?: unknown) => void) => void): Promise<void> =>
  new Promise((resolve, reject) => operation((error) => (error ? reject(error) : resolve())));

describeIfRedis(unavailable)('a user\'s sessions among 10,000 sessions of 1,000 users (Redis, MONITOR)', () => {
  const prefix = uniquePrefix('users-load');
  let store: RedisSessionStore;
  let app: INestApplication;
  let inspector: Awaited<ReturnType<typeof connectInspector>>;
  let monitor: Awaited<ReturnType<typeof connectInspector>>;

  beforeAll(async () => {
    store = redisStore({ url: SHARED_REDIS_URL, prefix }) as RedisSessionStore;
    for (let batch = 0; batch < SESSIONS; batch += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => {
          const n = batch + i;
          const data = sessionOf(`user-${n % USERS}`, `handle-${n}`);
          const key = `load-${n}`;
          return Promise.all([call((done) => store.set(key, data, done)), call((done) => store.indexSession(key, data, 0, done))]);
        }),
      );
    }
    app = await createStoreTestApp({ store, users: {}, cookie: { maxAge: 600_000 } });
    inspector = await connectInspector(SHARED_REDIS_URL);
    monitor = await connectInspector(SHARED_REDIS_URL);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await releaseOwnedResources(store);
    monitor?.destroy();
    if (inspector) {
      await deleteKeys(inspector, prefix);
      inspector.destroy();
    }
  });

  it('lists one user\'s 11 sessions reading only that user\'s index and sessions: no SCAN, no other key', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ userId: 'user-7' }).expect(200);
    const log = await CommandLog.start(monitor, inspector, prefix);
    await log.next();
    const sessions = (await agent.get('/users/sessions').expect(200)).body as Array<{ current: boolean }>;
    expect(sessions).toHaveLength(SESSIONS / USERS + 1);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const lines = await log.nextLines();
    const names = lines.map((line) => /\] "(\w+)"/.exec(line)?.[1]?.toUpperCase());
    expect(names).not.toContain('SCAN');
    expect(names).not.toContain('KEYS');
    // The request's own session (load, touch), the index script, then one GET per listed session.
    expect(names.filter((name) => name === 'EVALSHA')).toHaveLength(1);
    const reads = lines.filter((line) => /\] "get"/i.test(line));
    expect(reads).toHaveLength(1 + sessions.length);
    const foreign = reads.filter((line) => /"[^"]*load-(\d+)"/.test(line) && Number(/load-(\d+)/.exec(line)![1]) % USERS !== 7);
    expect(foreign).toEqual([]);
    // Nothing proportional to the 10,000 sessions: the commands are the request's own and the user's.
    expect(lines.length).toBeLessThanOrEqual(sessions.length + 4);
  });
});
