import session from 'express-session';
import createMemoryStore from 'memorystore';
import type { Store } from 'express-session';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server's store; `undefined` means the variant's default (only the module variant: its own memorystore). */
export type BenchStore = { readonly store: Store | undefined; close(): Promise<void> };
export type ServerConfig = ReturnType<typeof readServerConfig>;

/** Same secret in every variant: signing cost is identical. */
export const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

/** How a bench server is configured: environment variables set by the runner. */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    store: env.BENCH_STORE === 'redis' ? ('redis' as const) : ('memory' as const),
    redisUrl: env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
    /** Key prefix of this server's sessions in Redis (unique per run and server). */
    redisPrefix: env.BENCH_REDIS_PREFIX || 'nes-bench:adhoc:',
    /** Cookie (and so session) lifetime. */
    maxAgeMs: 3_600_000,
    /** Variant 3 only: `SessionGuard` on `/hit` and `/read`. */
    guard: env.BENCH_GUARD === '1',
    users: env.BENCH_USERS === '1',
    timeouts: env.BENCH_TIMEOUTS === '1',
  };
}

/**
 * The store of one server. Memory: the same pruning `memorystore` (60 s period) the module defaults to, so
 * baselines and module hold sessions the same way. Redis: bench-redis-store.ts, imported only by a server that
 * uses Redis: loading node-redis costs a process about 5 % more CPU per request, even on /none (RESULTS.md).
 */
export async function openBenchStore(config: ServerConfig, useModuleDefault: boolean): Promise<BenchStore> {
  if (config.store === 'redis') {
    const { openRedisBenchStore } = await import('./bench-redis-store.js');
    return openRedisBenchStore(config, useModuleDefault);
  }
  if (useModuleDefault) {
    return { store: undefined, close: async () => undefined };
  }
  const store = new (createMemoryStore(session))({ checkPeriod: 60_000 });
  return { store, close: async () => store.stopInterval() };
}

/** Tells the runner the port (one `BENCH_READY <port>` line on stdout) and closes cleanly on SIGTERM/SIGINT. */
export function announce(server: Server, close: () => Promise<void>): void {
  process.stdout.write(`BENCH_READY ${(server.address() as AddressInfo).port}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) {
      return;
    }
    closing = true;
    server.closeAllConnections?.();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('close failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
