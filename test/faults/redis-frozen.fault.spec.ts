import type { INestApplication } from '@nestjs/common';
import { redisStore } from 'nestjs-express-session/redis';
import request from 'supertest';
import { describeIfRedis, redisBinariesUnavailable } from '../support/redis-availability.js';
import { RedisServerProcess } from '../support/redis-server.process.js';
import { redisCli } from '../support/redis-cli.js';
import { createStoreTestApp, sessionIdFrom } from '../support/session-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { expectStoreUnavailable } from '../support/unavailable-response.js';

const STORE_TIMEOUT_MS = 300;

/**
 * Redis frozen (SIGSTOP): the TCP connection stays up and nothing answers, so only a real deadline helps.
 * Raw express-session: every request that touches the session hangs until the server resumes.
 */
describeIfRedis(redisBinariesUnavailable())('when Redis is frozen (SIGSTOP)', () => {
  let server: RedisServerProcess;
  let app: INestApplication;

  beforeAll(async () => {
    server = await RedisServerProcess.start();
    app = await createStoreTestApp({
      store: redisStore({ url: server.url }),
      storeTimeout: STORE_TIMEOUT_MS,
      cookie: { maxAge: 60_000 },
    });
  });
  afterAll(async () => {
    server?.thaw();
    await app?.close();
    await server?.stop();
  });

  it('answers 503 within storeTimeout, keeps other routes working, and works again after SIGCONT', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);

    server.freeze();
    try {
      let started = Date.now();
      const me = await agent.get('/me');
      const elapsed = Date.now() - started;
      expectStoreUnavailable(me, server.port);
      expect(elapsed).toBeGreaterThanOrEqual(STORE_TIMEOUT_MS - 20);
      expect(elapsed).toBeLessThan(STORE_TIMEOUT_MS + 700);

      await agent.get('/plain').expect(200, { plain: true });

      started = Date.now();
      const login = await request(app.getHttpServer()).post('/auth/login').send({ userId: 'grace' });
      expectStoreUnavailable(login, server.port);
      expect(Date.now() - started).toBeLessThan(2 * STORE_TIMEOUT_MS + 700);
    } finally {
      server.thaw();
    }

    // Same process, same data: the session survived the freeze.
    await agent.get('/me').expect(200, { userId: 'ada', views: null, note: null });
    await request(app.getHttpServer()).post('/auth/login').send({ userId: 'grace' }).expect(200);
  });

  it('a write answered 503 while Redis was frozen does not take effect when Redis resumes (no ghost write)', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    const sid = sessionIdFrom(login.headers['set-cookie'] as unknown as string[]) as string;
    const gate = 'ghost';
    // The request loads its session, then waits; Redis freezes before it writes `views: 4242`.
    const slow = agent.get(`/slow/${gate}`).then((response) => response);
    await waitFor('the slow request to load its session', async () =>
      (await request(app.getHttpServer()).get(`/gates/${gate}`)).body.entered === true,
    );
    server.freeze();
    try {
      await request(app.getHttpServer()).post(`/gates/${gate}/open`).expect(204);
      expectStoreUnavailable(await slow, server.port);
    } finally {
      server.thaw();
    }
    // Redis now runs the write that was queued while it was frozen: its deadline has passed, so it is refused.
    await redisCli(server.port, ['PING']);
    const stored = JSON.parse(await redisCli(server.port, ['GET', `sess:${sid}`])) as { views?: number; userId: string };
    expect(stored.userId).toBe('ada');
    expect(stored.views).toBeUndefined();
    await agent.get('/me').expect(200, { userId: 'ada', views: null, note: null });
  });
});
