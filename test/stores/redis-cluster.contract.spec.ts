import { redisStore } from 'nestjs-express-session/redis';
import { describeIfRedis, redisBinariesUnavailable } from '../support/redis-availability.js';
import { RedisClusterProcess } from '../support/redis-cluster.process.js';
import { connectCluster, redisAccessors, uniquePrefix } from '../support/redis-inspector.js';
import { describeStoreContract } from './store-contract.js';

const unavailable = redisBinariesUnavailable();
let cluster: RedisClusterProcess | undefined;

beforeAll(async () => {
  if (!unavailable) {
    cluster = await RedisClusterProcess.start();
  }
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describeStoreContract(
  'redis cluster (redisStore({ client: createCluster(...) }), 3 masters started by the test)',
  async () => {
    const rootNodes = (cluster as RedisClusterProcess).rootNodes;
    const prefix = uniquePrefix('cluster');
    // The user's clients: the module must leave them open; the test closes them.
    const [client, secondClient, inspector] = await Promise.all([
      connectCluster(rootNodes),
      connectCluster(rootNodes),
      connectCluster(rootNodes),
    ]);
    return {
      store: redisStore({ client, prefix }),
      second: redisStore({ client: secondClient, prefix }),
      ...redisAccessors(inspector, prefix),
      teardown: async () => {
        expect(client.isOpen).toBe(true);
        await Promise.all([client.close(), secondClient.close(), inspector.close()]);
      },
    };
  },
  { cookielessTtlMs: 3_600_000, describe: describeIfRedis(unavailable) },
);
