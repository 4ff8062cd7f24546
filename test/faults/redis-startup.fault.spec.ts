import { Test } from '@nestjs/testing';
import { SessionModule, SessionStoreUnreachableError } from 'nestjs-express-session';
import { redisStore } from 'nestjs-express-session/redis';
import request from 'supertest';
import { expectTcpHandlesBackTo, tcpHandleCount } from '../support/open-handles.js';
import { describeIfRedis, redisBinariesUnavailable } from '../support/redis-availability.js';
import { RedisServerProcess } from '../support/redis-server.process.js';
import { createStoreTestApp, STORE_TEST_SECRET } from '../support/session-test-app.js';
import { expectStoreUnavailable } from '../support/unavailable-response.js';
import { waitFor } from '../support/wait-for.js';

const STORE_TIMEOUT_MS = 400;

/**
 * Redis unreachable when the app starts. Raw express-session + connect-redis: the app starts and every
 * session request hangs in the offline queue (or, awaiting client.connect() first, the bootstrap hangs
 * while node-redis retries forever).
 */
describeIfRedis(redisBinariesUnavailable())('when Redis is unreachable at startup', () => {
  let server: RedisServerProcess;
  beforeEach(async () => {
    server = await RedisServerProcess.notStarted();
  });
  afterEach(async () => {
    server.thaw();
    await server.stop();
  });

  const bootstrap = (url: string) =>
    Test.createTestingModule({
      imports: [SessionModule.forRoot({ secret: STORE_TEST_SECRET, store: redisStore({ url }), storeTimeout: STORE_TIMEOUT_MS })],
    }).compile();

  it("fail-fast (default): nobody listens → bootstrap rejects with SessionStoreUnreachableError, no handle left", async () => {
    const baseline = tcpHandleCount();
    const started = Date.now();
    const error = await bootstrap(server.url).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreUnreachableError);
    expect(Date.now() - started).toBeLessThan(STORE_TIMEOUT_MS + 1000);
    await expectTcpHandlesBackTo(baseline);
  });

  it('fail-fast (default): a frozen server → bootstrap rejects within storeTimeout, no handle left', async () => {
    await server.restart();
    server.freeze();
    const baseline = tcpHandleCount();
    const started = Date.now();
    const error = await bootstrap(server.url).then(() => undefined, (e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(SessionStoreUnreachableError);
    expect(elapsed).toBeGreaterThanOrEqual(STORE_TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(STORE_TIMEOUT_MS + 1000);
    await expectTcpHandlesBackTo(baseline);
  });

  it("storeStartup: 'degraded' → starts, answers 503 until Redis is up, then works without a restart", async () => {
    const app = await createStoreTestApp({
      store: redisStore({ url: server.url }),
      storeTimeout: STORE_TIMEOUT_MS,
      storeStartup: 'degraded',
      cookie: { maxAge: 60_000 },
    });
    try {
      const agent = request.agent(app.getHttpServer());
      expectStoreUnavailable(await agent.post('/auth/login').send({ userId: 'ada' }), server.port);
      await agent.get('/plain').expect(200);

      await server.restart();
      await waitFor('login once Redis is up', async () => (await agent.post('/auth/login').send({ userId: 'ada' })).status === 200);
      await agent.get('/me').expect(200, { userId: 'ada', views: null, note: null });
    } finally {
      await app.close();
    }
  });
});
