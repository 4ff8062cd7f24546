/** How a bench server is configured: environment variables set by the runner. */
export interface ServerConfig {
  /** `memory`: the default store of the variant; `redis`: connect-redis on `redisUrl`. */
  readonly store: 'memory' | 'redis';
  readonly redisUrl: string;
  /** Key prefix of this server's sessions in Redis (unique per run and server). */
  readonly redisPrefix: string;
  /** Cookie (and so session) lifetime. */
  readonly maxAgeMs: number;
  /** Variant 3 only: put `SessionGuard` on `/hit` and `/read`. */
  readonly guard: boolean;
  /** Variant 3 only: add the bench-only `/__memory` and `/__prune` routes. */
  readonly memoryProbe: boolean;
}

/** Same secret in every variant: signing cost is identical. */
export const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    store: env.BENCH_STORE === 'redis' ? 'redis' : 'memory',
    redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: env.BENCH_REDIS_PREFIX ?? 'nes-bench:adhoc:',
    maxAgeMs: Number(env.BENCH_MAX_AGE_MS ?? 3_600_000),
    guard: env.BENCH_GUARD === '1',
    memoryProbe: env.BENCH_MEMORY_PROBE === '1',
  };
}
