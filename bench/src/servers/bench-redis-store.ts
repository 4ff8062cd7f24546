import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { redisStore } from 'nestjs-express-session/redis';
import type { BenchStore, ServerConfig } from './server-setup.js';

/**
 * A server's Redis store: connect-redis 9 over node-redis, with this server's prefix; for the module variant
 * wrapped by the package's `redisStore({ client })`, as a user of the module would configure it. The baselines
 * use connect-redis as the docs recipe would.
 */
export async function openRedisBenchStore(config: ServerConfig, useModuleDefault: boolean): Promise<BenchStore> {
  const client = createClient({ url: config.redisUrl });
  client.on('error', (error: unknown) => console.error('redis client:', error));
  await client.connect();
  const store = useModuleDefault
    ? redisStore({ client, prefix: config.redisPrefix })
    : new RedisStore({ client, prefix: config.redisPrefix });
  return { store, close: async () => void (await client.quit()) };
}
