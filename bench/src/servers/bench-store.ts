import session from 'express-session';
import createMemoryStore from 'memorystore';
import type { Store } from 'express-session';
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
 * module hold sessions the same way). Redis: `openRedisBenchStore` (bench-redis-store.ts), loaded only by a
 * server that uses Redis. Loading node-redis into a process costs it about 5 % more CPU per request, even on
 * /none, which never touches a store (bench/RESULTS.md, run 9), and bare Nest loads none of it.
 */
export async function openBenchStore(config: ServerConfig, useModuleDefault: boolean): Promise<BenchStore> {
  if (config.store === 'redis') {
    const { openRedisBenchStore } = await import('./bench-redis-store.js');
    return openRedisBenchStore(config, useModuleDefault);
  }
  if (useModuleDefault) {
    return { store: undefined, close: async () => undefined };
  }
  const MemoryStore = createMemoryStore(session);
  const store = new MemoryStore({ checkPeriod: PRUNE_PERIOD_MS });
  return { store, close: async () => store.stopInterval() };
}
