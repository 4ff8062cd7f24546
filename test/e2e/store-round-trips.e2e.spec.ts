import type { INestApplication } from '@nestjs/common';
import type { SessionModuleOptions } from '../../lib/index.js';
import request from 'supertest';
import { redisStore } from 'nestjs-express-session/redis';
import { createTestApp } from './fixtures/create-test-app.js';
import { sessionCookiePair } from './fixtures/cookies.js';
import { CommandLog } from '../support/redis-command-log.js';
import { connectInspector, deleteKeys, uniquePrefix } from '../support/redis-inspector.js';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';

type Client = Awaited<ReturnType<typeof connectInspector>>;

const redisUnavailable = await sharedRedisUnavailable();

/**
 * What each kind of request costs the store. The module must not add a round trip to what
 * express-session alone sends (a load, then one write or one touch), and the guard and `@Session()`
 * must add none.
 */
describeIfRedis(redisUnavailable)('store round trips per request (redisStore, MONITOR)', () => {
  const watched = watchedApp({});
  const server = () => watched.app.getHttpServer();

  /** A stored session (written by `/counter`) and its cookie; the log is cleared after it. */
  async function storedSession(): Promise<string> {
    const cookie = sessionCookiePair(await request(server()).get('/counter').expect(200, { views: 1 }));
    await watched.commands.next();
    return cookie;
  }

  it('a request that creates a session writes it once', async () => {
    await request(server()).get('/counter').expect(200, { views: 1 });
    expect(await watched.commands.next()).toEqual(['EVALSHA']);
  });

  it('a request that changes a stored session loads it and writes it once', async () => {
    const cookie = await storedSession();
    await request(server()).get('/counter').set('Cookie', cookie).expect(200, { views: 2 });
    expect(await watched.commands.next()).toEqual(['GET', 'EVALSHA']);
  });

  it('a request that reads a stored session loads it and touches it', async () => {
    const cookie = await storedSession();
    await request(server()).get('/counter/user').set('Cookie', cookie).expect(200, { userId: null });
    expect(await watched.commands.next()).toEqual(['GET', 'EXPIRE']);
  });

  it('a route that never uses the session costs what express-session costs: a load and a touch', async () => {
    const cookie = await storedSession();
    await request(server()).get('/plain').set('Cookie', cookie).expect(200, { plain: true });
    expect(await watched.commands.next()).toEqual(['GET', 'EXPIRE']);
  });

  it('SessionGuard adds no round trip', async () => {
    const login = await request(server()).post('/auth/login').send({ userId: 'ada' }).expect(200);
    const cookie = sessionCookiePair(login);
    await watched.commands.next();
    await request(server()).get('/private').set('Cookie', cookie).expect(200, { userId: 'ada' });
    expect(await watched.commands.next()).toEqual(['GET', 'EXPIRE']);
  });

  it('login deletes the old record and writes the new one once', async () => {
    const cookie = await storedSession();
    await request(server()).post('/auth/login').set('Cookie', cookie).send({ userId: 'ada' }).expect(200);
    expect(await watched.commands.next()).toEqual(['GET', 'DEL', 'EVALSHA']);
  });

  it('SessionService.save() writes once, and the end of the response adds nothing', async () => {
    const cookie = await storedSession();
    await request(server()).post('/auth/role').set('Cookie', cookie).send({ role: 'admin' }).expect(200);
    expect(await watched.commands.next()).toEqual(['GET', 'EVALSHA']);
  });
});

describeIfRedis(redisUnavailable)('store round trips with resave: true', () => {
  const watched = watchedApp({ resave: true });

  it('a request that only reads a stored session writes it back, as express-session does', async () => {
    const server = watched.app.getHttpServer();
    const cookie = sessionCookiePair(await request(server).get('/counter').expect(200, { views: 1 }));
    await watched.commands.next();
    await request(server).get('/counter/user').set('Cookie', cookie).expect(200, { userId: null });
    expect(await watched.commands.next()).toEqual(['GET', 'EVALSHA']);
  });
});

describeIfRedis(redisUnavailable)('store round trips with users: {} (the per-user index)', () => {
  const watched = watchedApp({ users: {} });
  const server = () => watched.app.getHttpServer();

  async function signedIn(): Promise<string> {
    const cookie = sessionCookiePair(await request(server()).post('/auth/login').send({ userId: 'ada' }).expect(200));
    await watched.commands.next();
    return cookie;
  }

  it('an anonymous session costs what it costs without the option', async () => {
    await request(server()).get('/counter').expect(200, { views: 1 });
    expect(await watched.commands.next()).toEqual(['EVALSHA']);
  });

  it('a login writes the session and, in the same round trip (pipelined), its index entry', async () => {
    await request(server()).post('/auth/login').send({ userId: 'ada' }).expect(200);
    expect(await watched.commands.next()).toEqual(['EVALSHA', 'EVALSHA']);
  });

  it('a signed-in request adds nothing while its entry is fresh (lastSeenPrecision, a minute)', async () => {
    const cookie = await signedIn();
    await request(server()).get('/private').set('Cookie', cookie).expect(200, { userId: 'ada' });
    expect(await watched.commands.next()).toEqual(['GET', 'EXPIRE']);
    await request(server()).get('/counter').set('Cookie', cookie).expect(200);
    expect(await watched.commands.next()).toEqual(['GET', 'EVALSHA']);
  });

  it('a logout deletes the session and, alongside, its index entry', async () => {
    const cookie = await signedIn();
    await request(server()).post('/auth/logout').set('Cookie', cookie).expect(204);
    expect(await watched.commands.next()).toEqual(['GET', 'DEL', 'EVALSHA']);
  });
});

describeIfRedis(redisUnavailable)('store round trips with users: { lastSeenPrecision: 0 }', () => {
  const watched = watchedApp({ users: { lastSeenPrecision: 0 } });

  it('every touch refreshes the index entry alongside (one more command, same round trip)', async () => {
    const server = watched.app.getHttpServer();
    const cookie = sessionCookiePair(await request(server).post('/auth/login').send({ userId: 'ada' }).expect(200));
    await watched.commands.next();
    await request(server).get('/private').set('Cookie', cookie).expect(200, { userId: 'ada' });
    expect(await watched.commands.next()).toEqual(['GET', 'EXPIRE', 'EVALSHA']);
  });
});

describeIfRedis(redisUnavailable)('store round trips with timeouts.renewal', () => {
  const watched = watchedApp({ timeouts: { renewal: 1_000, renewalGrace: 500 } });

  it('the request that renews the ID writes the session instead of touching it: no extra round trip', async () => {
    const server = watched.app.getHttpServer();
    const cookie = sessionCookiePair(await request(server).get('/counter').expect(200, { views: 1 }));
    await watched.commands.next();
    await request(server).get('/counter/user').set('Cookie', cookie).expect(200, { userId: null });
    expect(await watched.commands.next()).toEqual(['GET', 'EXPIRE']);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const renewed = await request(server).get('/counter/user').set('Cookie', cookie).expect(200, { userId: null });
    expect(sessionCookiePair(renewed)).not.toBe(cookie);
    expect(await watched.commands.next()).toEqual(['GET', 'EVALSHA']);
  });
});

/** A test app on the shared Redis under a fresh prefix, with the log of its commands; closed after the block. */
function watchedApp(session: Partial<SessionModuleOptions>): { app: INestApplication; commands: CommandLog } {
  const prefix = uniquePrefix('round-trips');
  const watched = {} as { app: INestApplication; commands: CommandLog };
  let monitor: Client;
  let marker: Client;

  beforeAll(async () => {
    watched.app = await createTestApp({
      session: { cookie: { maxAge: 60_000 }, store: redisStore({ url: SHARED_REDIS_URL, prefix }), ...session },
    });
    monitor = await connectInspector(SHARED_REDIS_URL);
    marker = await connectInspector(SHARED_REDIS_URL);
    watched.commands = await CommandLog.start(monitor, marker, prefix);
    // Writes run their Lua script by SHA-1 (EVALSHA); on a Redis that has not cached it yet the first one is
    // refused (NOSCRIPT) and sent whole (EVAL), once per server. Warm the cache so each case counts its own trips.
    const counted = await request(watched.app.getHttpServer()).get('/counter').expect(200);
    // A change of a stored session runs the merge script.
    await request(watched.app.getHttpServer()).get('/counter').set('Cookie', sessionCookiePair(counted)).expect(200);
    // With `users`, a login and a logout also run the index's scripts once.
    const login = await request(watched.app.getHttpServer()).post('/auth/login').send({ userId: 'warm-up' }).expect(200);
    await request(watched.app.getHttpServer()).post('/auth/logout').set('Cookie', sessionCookiePair(login)).expect(204);
    await watched.commands.next();
  });

  afterAll(async () => {
    await watched.app.close();
    monitor.destroy();
    await deleteKeys(marker, prefix);
    marker.destroy();
  });

  return watched;
}
