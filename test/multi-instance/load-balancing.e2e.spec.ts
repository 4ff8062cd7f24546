import request from 'supertest';
import { describeIfRedis, redisBinariesUnavailable, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';
import { RedisClusterProcess } from '../support/redis-cluster.process.js';
import { connectCluster, connectInspector, deleteKeys, uniquePrefix } from '../support/redis-inspector.js';
import { sessionIdFrom } from '../support/session-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { AppProcess } from './app-process.js';
import { buildPackageIntoTemp } from './build-package.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

/**
 * Two app instances in two Node processes (the built package, as users run it) share one Redis, as
 * behind a load balancer. Raw express-session resurrects a logged-out session when a slower request
 * of the same session finishes on the other instance after the logout.
 */
const sharedUnavailable = await sharedRedisUnavailable();
const binariesUnavailable = redisBinariesUnavailable();

let built: Awaited<ReturnType<typeof buildPackageIntoTemp>> | undefined;
beforeAll(async () => {
  if (!sharedUnavailable || !binariesUnavailable) {
    built = await buildPackageIntoTemp();
  }
}, 120_000);
afterAll(async () => {
  await built?.remove();
});

interface Backend {
  env: Record<string, string>;
  readRaw(key: string): Promise<string | null>;
}

function describeLoadBalancing(backend: () => Backend): void {
  let a: AppProcess;
  let b: AppProcess;
  let prefix: string;

  beforeAll(async () => {
    prefix = uniquePrefix('multi');
    const env = { NES_DIST: (built as { dir: string }).dir, REDIS_PREFIX: prefix, ...backend().env };
    [a, b] = await Promise.all([AppProcess.start({ ...env, INSTANCE: 'A' }), AppProcess.start({ ...env, INSTANCE: 'B' })]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const login = async (app: AppProcess, userId: string) => {
    const response = await request(app.url).post('/auth/login').send({ userId }).expect(200);
    const setCookie = response.headers['set-cookie'] as unknown as string[];
    return { cookie: setCookie[0].split(';')[0], sid: sessionIdFrom(setCookie) as string };
  };

  it('login on A is authenticated on B; data written on B is read on A', async () => {
    const { cookie, sid } = await login(a, 'ada');
    await request(b.url).get('/me').set('Cookie', cookie).expect(200, { userId: 'ada', note: null, instance: 'B' });
    await request(b.url).post('/note').set('Cookie', cookie).send({ note: 'from B' }).expect(200);
    await request(a.url).get('/me').set('Cookie', cookie).expect(200, { userId: 'ada', note: 'from B', instance: 'A' });
    expect(JSON.parse((await backend().readRaw(prefix + atRestKey(sid))) as string)).toMatchObject({ userId: 'ada', note: 'from B' });
  });

  it('logout on B: A answers 401 for the same cookie', async () => {
    const { cookie, sid } = await login(a, 'grace');
    await request(a.url).get('/me').set('Cookie', cookie).expect(200);
    await request(b.url).post('/auth/logout').set('Cookie', cookie).expect(204);
    await request(a.url).get('/me').set('Cookie', cookie).expect(401);
    expect(await backend().readRaw(prefix + atRestKey(sid))).toBeNull();
  });

  it('a slow request on A that finishes after the logout on B does not bring the session back', async () => {
    const { cookie, sid } = await login(a, 'linus');
    const gate = `gate-${Date.now()}`;
    const slow = request(a.url).get(`/slow/${gate}`).set('Cookie', cookie).then((response) => response);
    await waitFor('the slow request on A to load its session', async () => (await request(a.url).get(`/gates/${gate}`)).body.entered === true);
    await request(b.url).post('/auth/logout').set('Cookie', cookie).expect(204);
    await request(a.url).post(`/gates/${gate}/open`).expect(204);
    const slowResponse = await slow;
    expect(slowResponse.status).toBe(409);
    expect(slowResponse.headers['set-cookie']).toBeUndefined();
    expect(await backend().readRaw(prefix + atRestKey(sid))).toBeNull();
    await request(a.url).get('/me').set('Cookie', cookie).expect(401);
    await request(b.url).get('/me').set('Cookie', cookie).expect(401);
  });

  it('SIGTERM: each process closes its Redis connection and exits by itself', async () => {
    const [stoppedA, stoppedB] = await Promise.all([a.stop(), b.stop()]);
    expect(stoppedA).toEqual({ exitedByItself: true, stderr: '' });
    expect(stoppedB).toEqual({ exitedByItself: true, stderr: '' });
  });
}

describeIfRedis(sharedUnavailable)('two instances, one Redis (redisStore({ url }) at REDIS_URL)', () => {
  let inspector: Awaited<ReturnType<typeof connectInspector>>;
  beforeAll(async () => {
    inspector = await connectInspector(SHARED_REDIS_URL);
  });
  afterAll(async () => {
    await deleteKeys(inspector, 'nes-test:multi:');
    inspector.destroy();
  });
  describeLoadBalancing(() => ({
    env: { REDIS_URL: SHARED_REDIS_URL },
    readRaw: async (key) => inspector.get(key),
  }));
});

describeIfRedis(binariesUnavailable)('two instances, one 3-node Redis Cluster (redisStore({ client: cluster }))', () => {
  let cluster: RedisClusterProcess;
  let inspector: Awaited<ReturnType<typeof connectCluster>>;
  beforeAll(async () => {
    cluster = await RedisClusterProcess.start();
    inspector = await connectCluster(cluster.rootNodes);
  }, 60_000);
  afterAll(async () => {
    await inspector?.close();
    await cluster?.stop();
  });
  describeLoadBalancing(() => ({
    env: { CLUSTER_NODES: cluster.rootNodes.map((node) => node.url).join(',') },
    readRaw: async (key) => inspector.get(key),
  }));
});
