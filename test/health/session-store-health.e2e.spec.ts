import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { HealthController } from './health.controller.js';
import type { Store } from 'express-session';
import request from 'supertest';
import { SessionModule, SessionStoreHealthIndicator, type SessionModuleOptions } from 'nestjs-express-session';
import { mongoStore } from 'nestjs-express-session/mongo';
import { redisStore } from 'nestjs-express-session/redis';
import { MONGO_TEST_DB, MONGO_URL, unreachableMongoUrl } from '../mongo/mongo-test-support.js';
import { SHARED_REDIS_URL, sharedRedisUnavailable } from '../support/redis-availability.js';

const STORE_TIMEOUT_MS = 500;
const SECRET = 'health-test-secret-that-is-long-enough-0123456789';

async function healthApp(session: Partial<SessionModuleOptions>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [SessionModule.forRoot({ secret: SECRET, storeTimeout: STORE_TIMEOUT_MS, ...session }), TerminusModule.forRoot({ logger: false })],
    controllers: [HealthController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

const redisReason = await sharedRedisUnavailable();

describe('SessionStoreHealthIndicator with @nestjs/terminus HealthCheckService', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers 200 "up" with the default memory store', async () => {
    app = await healthApp({});
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      info: { session: { status: 'up' } },
      error: {},
      details: { session: { status: 'up' } },
    });
  });

  it('uses the key it is given', async () => {
    app = await healthApp({});
    await request(app.getHttpServer()).get('/health/named').expect(200, { 'sessions-db': { status: 'up' } });
  });

  it('answers 503 "down" within the store timeout when MongoDB cannot be reached (degraded start)', async () => {
    const store = mongoStore({ mongoUrl: await unreachableMongoUrl() });
    app = await healthApp({ store, storeStartup: 'degraded' });
    const started = Date.now();
    const response = await request(app.getHttpServer()).get('/health');
    expect(Date.now() - started).toBeLessThan(STORE_TIMEOUT_MS + 1000);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ status: 'error', error: { session: { status: 'down' } } });
    expect(response.body.error.session.message).toMatch(/session store/);
    expect(response.text).not.toMatch(/127\.0\.0\.1|\b\d{4,5}\b|mongo|ECONNREFUSED|selection/i);
  });

  const withMongo = MONGO_URL ? it : it.skip;
  if (!MONGO_URL) {
    console.log('Skipping the MongoDB "up" health case: MONGO_URL is not set.');
  }
  withMongo('answers 200 "up" with the MongoDB at MONGO_URL', async () => {
    app = await healthApp({ store: mongoStore({ mongoUrl: MONGO_URL as string, dbName: MONGO_TEST_DB }) });
    await request(app.getHttpServer()).get('/health').expect(200);
  });

  const withRedis = redisReason ? it.skip : it;
  if (redisReason) {
    console.log(`Skipping the Redis health case: ${redisReason}.`);
  }
  withRedis('answers 200 "up" with the shared Redis', async () => {
    const store: Store = redisStore({ url: SHARED_REDIS_URL });
    app = await healthApp({ store });
    await request(app.getHttpServer()).get('/health').expect(200);
  });
});

describe('@nestjs/terminus stays an optional peer', () => {
  it('no library file imports it (the indicator only returns the shape terminus expects)', () => {
    const lib = resolve(import.meta.dirname, '../../lib');
    const files = readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const importers = files.filter((file) => /from '@nestjs\/terminus'|import\('@nestjs\/terminus'\)/.test(readFileSync(join(lib, file), 'utf8')));
    expect(importers).toEqual([]);
  });
});
