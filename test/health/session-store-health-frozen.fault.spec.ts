import type { INestApplication } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { HealthController } from './health.controller.js';
import request from 'supertest';
import { SessionModule } from 'nestjs-express-session';
import { redisStore } from 'nestjs-express-session/redis';
import { describeIfRedis, redisBinariesUnavailable } from '../support/redis-availability.js';
import { RedisServerProcess } from '../support/redis-server.process.js';
import { waitFor } from '../support/wait-for.js';
import { VisitController } from '../support/visit.controller.js';

const SECRET = 'health-test-secret-that-is-long-enough-0123456789';
/** Scheduling slack on a busy 2-core machine; far below a second storeTimeout in every case below. */
const SLACK_MS = 900;

/**
 * Redis frozen (SIGSTOP): the connection stays up and nothing answers. The health check answers 503
 * within one storeTimeout, also when the probe's own session load has already waited that long.
 */
describeIfRedis(redisBinariesUnavailable())('the session store health check when Redis is frozen (SIGSTOP)', () => {
  let server: RedisServerProcess;
  let app: INestApplication | undefined;

  async function healthApp(options: { storeTimeout?: number; storeStartup?: 'degraded' }): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SessionModule.forRoot({ secret: SECRET, store: redisStore({ url: server.url }), ...options }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, VisitController],
    }).compile();
    const created = moduleRef.createNestApplication({ logger: false });
    await created.init();
    return created;
  }

  async function timedHealth(cookie?: string): Promise<{ status: number; body: unknown; elapsed: number }> {
    const started = Date.now();
    const probe = request(app!.getHttpServer()).get('/health');
    const response = await (cookie ? probe.set('Cookie', cookie) : probe);
    return { status: response.status, body: response.body as unknown, elapsed: Date.now() - started };
  }

  /** After SIGCONT the store answers again, and the check says so (polled: the late answers land first). */
  async function expectUpAgain(): Promise<void> {
    await waitFor('the health check to answer 200 after SIGCONT', async () => (await timedHealth()).status === 200);
  }

  beforeAll(async () => {
    server = await RedisServerProcess.start();
  });

  afterEach(async () => {
    server?.thaw();
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    server?.thaw();
    await server?.stop();
  });

  it.each([
    ['a storeTimeout of 300 ms', 300],
    ['the default storeTimeout (2000 ms)', undefined],
  ])('answers 503 "down" within %s, and "up" again after SIGCONT', async (_label, storeTimeout) => {
    const deadline = storeTimeout ?? 2000;
    app = await healthApp(storeTimeout ? { storeTimeout } : {});
    expect((await timedHealth()).status).toBe(200);
    server.freeze();
    const health = await timedHealth();
    server.thaw();
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ error: { session: { status: 'down', message: 'The session store did not answer in time.' } } });
    expect(health.elapsed).toBeGreaterThanOrEqual(deadline - 20);
    expect(health.elapsed).toBeLessThan(deadline + SLACK_MS);
    await expectUpAgain();
  }, 30_000);

  it('answers within one storeTimeout when the probe carries a session cookie (its load already timed out)', async () => {
    // Long enough that the load's deadline followed by the ping's (2 x storeTimeout) fails the bound.
    const storeTimeout = 1500;
    app = await healthApp({ storeTimeout });
    const visit = await request(app.getHttpServer()).get('/visit').expect(200, { views: 1 });
    const cookie = String(visit.headers['set-cookie']).split(';')[0];
    server.freeze();
    const health = await timedHealth(cookie);
    server.thaw();
    expect(health.status).toBe(503);
    expect(health.elapsed).toBeLessThan(storeTimeout + SLACK_MS);
    await expectUpAgain();
  }, 30_000);

  it('answers within storeTimeout when the app started (degraded) while Redis was already frozen', async () => {
    const storeTimeout = 300;
    server.freeze();
    app = await healthApp({ storeTimeout, storeStartup: 'degraded' });
    for (let probe = 0; probe < 3; probe++) {
      const health = await timedHealth();
      expect([probe, health.status, health.elapsed < storeTimeout + SLACK_MS]).toEqual([probe, 503, true]);
    }
    server.thaw();
    await expectUpAgain();
  }, 30_000);
});
