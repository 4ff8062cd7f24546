import type { INestApplication } from '@nestjs/common';
import { redisStore } from 'nestjs-express-session/redis';
import request from 'supertest';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';
import { connectInspector, deleteKeys, uniquePrefix } from '../support/redis-inspector.js';
import { createStoreTestApp, sessionIdFrom } from '../support/session-test-app.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

const unavailable = await sharedRedisUnavailable();
const ROUNDS = 50;

/**
 * A browser sends requests of one session in parallel (tabs, XHR, prefetch). With whole-session writes
 * the last writer wins and one change is lost; the module merges each request's changes instead.
 */
describeIfRedis(unavailable)('two instances sharing Redis, 50 rounds of two parallel requests of one session', () => {
  const prefix = uniquePrefix('parallel');
  let apps: INestApplication[] = [];
  let inspector: Awaited<ReturnType<typeof connectInspector>>;

  beforeAll(async () => {
    inspector = await connectInspector(SHARED_REDIS_URL);
    apps = [
      await createStoreTestApp({ store: redisStore({ url: SHARED_REDIS_URL, prefix }), cookie: { maxAge: 60_000 } }),
      await createStoreTestApp({ store: redisStore({ url: SHARED_REDIS_URL, prefix }), cookie: { maxAge: 60_000 } }),
    ];
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await deleteKeys(inspector, prefix);
    inspector.destroy();
  });

  it('keeps both keys of every round', async () => {
    const login = await request(apps[0].getHttpServer()).post('/auth/login').send({ userId: 'ada' }).expect(200);
    const setCookie = login.headers['set-cookie'] as unknown as string[];
    const cookie = setCookie[0].split(';')[0];
    const sid = sessionIdFrom(setCookie) as string;
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = await Promise.all(
        apps.map((app, index) =>
          request(app.getHttpServer())
            .post('/change')
            .set('Cookie', cookie)
            .send({ set: { [`${index === 0 ? 'a' : 'b'}${round}`]: round } }),
        ),
      );
      expect([a.status, b.status]).toEqual([200, 200]);
    }
    const record = JSON.parse(String(await inspector.get(`${prefix}${atRestKey(sid)}`))) as Record<string, unknown>;
    const lost = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of ['a', 'b']) {
        if (record[`${side}${round}`] !== round) {
          lost.push(`${side}${round}`);
        }
      }
    }
    expect(lost).toEqual([]);
  });

  it('ten parallel requests of one session on two instances, 20 rounds: every request succeeds and every key is kept', async () => {
    const login = await request(apps[1].getHttpServer()).post('/auth/login').send({ userId: 'grace' }).expect(200);
    const setCookie = login.headers['set-cookie'] as unknown as string[];
    const cookie = setCookie[0].split(';')[0];
    const sid = sessionIdFrom(setCookie) as string;
    const statuses: number[] = [];
    for (let round = 0; round < 20; round++) {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          request(apps[index % 2].getHttpServer())
            .post('/change')
            .set('Cookie', cookie)
            .send({ set: { [`k${round}_${index}`]: index } }),
        ),
      );
      statuses.push(...responses.map((response) => response.status));
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const record = JSON.parse(String(await inspector.get(`${prefix}${atRestKey(sid)}`))) as Record<string, unknown>;
    expect(Object.keys(record).filter((key) => key.startsWith('k'))).toHaveLength(200);
  });
});
