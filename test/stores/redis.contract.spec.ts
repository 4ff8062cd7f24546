import { redisStore } from 'nestjs-express-session/redis';
import { releaseOwnedResources } from '../../lib/store/owned-resources.js';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';
import { connectInspector, deleteKeys, redisAccessors, uniquePrefix } from '../support/redis-inspector.js';
import { describeStoreContract } from './store-contract.js';

const unavailable = await sharedRedisUnavailable();

describeStoreContract(
  'redis (redisStore({ url }), shared server at REDIS_URL)',
  async () => {
    const prefix = uniquePrefix('contract');
    const inspector = await connectInspector(SHARED_REDIS_URL);
    // Two stores, two connections: like two app instances behind a load balancer.
    const store = redisStore({ url: SHARED_REDIS_URL, prefix });
    const second = redisStore({ url: SHARED_REDIS_URL, prefix });
    return {
      store,
      second,
      ...redisAccessors(inspector, prefix),
      teardown: async () => {
        await deleteKeys(inspector, prefix);
        await Promise.all([releaseOwnedResources(store), releaseOwnedResources(second)]);
        inspector.destroy();
      },
    };
  },
  { cookielessTtlMs: 3_600_000, describe: describeIfRedis(unavailable) },
);
