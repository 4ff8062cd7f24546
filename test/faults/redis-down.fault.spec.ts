import { Logger, type INestApplication, type LoggerService } from '@nestjs/common';
import { redisStore } from 'nestjs-express-session/redis';
import request from 'supertest';
import { describeIfRedis, redisBinariesUnavailable } from '../support/redis-availability.js';
import { RedisServerProcess } from '../support/redis-server.process.js';
import { createStoreTestApp } from '../support/session-test-app.js';
import { expectStoreUnavailable } from '../support/unavailable-response.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Redis stopped (process killed) while the app runs, against the test's own redis-server.
 * Raw express-session + connect-redis with a default node-redis client: the offline queue holds every
 * command, so requests hang until Redis is back; login answers 200 with a cookie for a session that
 * was never stored; without an error listener the process crashes.
 */
describeIfRedis(redisBinariesUnavailable())('when Redis is down (process stopped)', () => {
  let server: RedisServerProcess;
  let app: INestApplication;
  // express-session stops giving requests a session after a store 'disconnect' until 'connect'.
  const storeEvents: string[] = [];

  beforeAll(async () => {
    server = await RedisServerProcess.start();
    const store = redisStore({ url: server.url });
    for (const event of ['disconnect', 'connect']) {
      store.on(event, () => storeEvents.push(event));
    }
    app = await createStoreTestApp({ store, cookie: { maxAge: 60_000 } });
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('answers 503 fast on routes that need the session, 200 on the others, and recovers by itself', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    await agent.get('/me').expect(200);

    const logged: string[] = [];
    const capture = (level: string) => (message: unknown) => void logged.push(`${level}: ${String(message)}`);
    const logger: LoggerService = { log: capture('log'), warn: capture('warn'), error: capture('error') };
    Logger.overrideLogger(logger);

    await server.stop();

    const started = Date.now();
    const me = await agent.get('/me');
    // The offline queue is disabled: no waiting for the 2 s storeTimeout.
    expect(Date.now() - started).toBeLessThan(1000);
    expectStoreUnavailable(me, server.port);
    await agent.get('/plain').expect(200, { plain: true });

    const login = await request(app.getHttpServer()).post('/auth/login').send({ userId: 'grace' });
    expectStoreUnavailable(login, server.port);
    const withCookie = await agent.post('/auth/login').send({ userId: 'grace' });
    expectStoreUnavailable(withCookie, server.port);

    // Reconnection attempts keep failing meanwhile; the outage is logged once, without crashing.
    await waitFor('a few reconnection attempts', () => logged.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logged.filter((line) => line.includes('Redis session store unavailable'))).toHaveLength(1);

    await server.restart();

    // No persistence: the old session died with the process; a new login works without an app restart.
    const relogin = await waitFor('login to work again', async () => {
      const response = await agent.post('/auth/login').send({ userId: 'ada' });
      return response.status === 200 ? response : undefined;
    });
    expect(relogin.headers['set-cookie']).toBeDefined();
    await agent.get('/me').expect(200, { userId: 'ada', views: null, note: null });
    expect(logged.filter((line) => line.includes('reachable again'))).toHaveLength(1);
    expect(storeEvents).toEqual([]);
    Logger.overrideLogger(false);
  });
});
