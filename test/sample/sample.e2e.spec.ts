import { describeLoginFlow, type BackendProbe } from './login-flow.js';
import { openRedisProbe, redisReachable, TEST_REDIS_URL, uniquePrefix } from './redis-probe.js';
import { describeYourSessions } from './your-sessions.js';

describeLoginFlow('memory', () => ({}));
describeYourSessions('memory', () => ({}));

// SESSION_STORE=redis against a real Redis. In CI (REQUIRE_REDIS=1) an unreachable Redis fails the run.
const requireRedis = process.env.REQUIRE_REDIS === '1';
const reachable = await redisReachable(TEST_REDIS_URL);
if (!reachable && !requireRedis) {
  console.log(`Skipping the sample's Redis e2e tests: no Redis at ${TEST_REDIS_URL} (set REQUIRE_REDIS=1 to fail instead).`);
}

(reachable || requireRedis ? describe : describe.skip)('SESSION_STORE=redis', () => {
  const prefix = uniquePrefix();
  let probe: (BackendProbe & { close(): Promise<void> }) | undefined;

  beforeAll(async () => {
    probe = await openRedisProbe(TEST_REDIS_URL, prefix);
  });

  afterAll(async () => {
    await probe?.close();
  });

  it(`reaches Redis at ${TEST_REDIS_URL}`, () => {
    expect(reachable).toBe(true);
  });

  describeLoginFlow(
    'redis',
    () => ({ SESSION_STORE: 'redis', REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix }),
    () => probe!,
  );
  describeYourSessions('redis', () => ({ SESSION_STORE: 'redis', REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix }));
});
