import session from 'express-session';
import createMemoryStore from 'memorystore';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import type { Store } from 'express-session';
import { redisStore } from 'nestjs-express-session/redis';
import type { ServerConfig } from './server-config.js';

/** The prune period of the module's default store (`MEMORY_STORE_PRUNE_PERIOD_MS`), used for the baselines too. */
export const PRUNE_PERIOD_MS = 60_000;

export interface BenchStore {
  /** `undefined` means "the variant's default": only the module variant uses that (its own memorystore). */
  readonly store: Store | undefined;
  close(): Promise<void>;
}

/**
 * The store of one server. Memory: the same pruning `memorystore` the module defaults to (so baselines and
 * module hold sessions the same way). Redis: connect-redis 9 over node-redis, with this server's prefix; for the
 * module variant wrapped by the package's `redisStore({ client })`, as a user of the module would configure it.
 */
export async function openBenchStore(config: ServerConfig, useModuleDefault: boolean): Promise<BenchStore> {
  if (config.store === 'redis') {
    const client = createClient({ url: config.redisUrl });
    client.on('error', (error: unknown) => console.error('redis client:', error));
    await client.connect();
    // The module variant uses the package's own Redis store (conditional writes with SET XX); the baselines
    // use connect-redis as the docs recipe would.
    const store = useModuleDefault
      ? redisStore({ client, prefix: config.redisPrefix })
      : new RedisStore({ client, prefix: config.redisPrefix });
    return { store, close: async () => void (await client.quit()) };
  }
  if (useModuleDefault) {
    return { store: undefined, close: async () => undefined };
  }
  const MemoryStore = createMemoryStore(session);
  const store = new MemoryStore({ checkPeriod: PRUNE_PERIOD_MS });
  return { store, close: async () => store.stopInterval() };
}
