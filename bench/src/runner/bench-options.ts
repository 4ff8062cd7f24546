import { nonNegative, parseCommandLine, positive } from './command-line.js';

/** The Redis every bench tool uses unless told otherwise (the one this machine runs). */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * `node` flags of the measured servers unless `--server-node-args` says otherwise: see
 * {@link BenchOptions.serverNodeArgs}.
 */
export const DEFAULT_SERVER_NODE_ARGS: readonly string[] = ['--no-memory-reducer'];

/** What one `npm run bench` does: the full run by default, a short one with `--smoke`. */
export interface BenchOptions {
  readonly smoke: boolean;
  readonly rounds: number;
  /** Seconds of load per variant, scenario and round. */
  readonly durationS: number;
  /** Seconds of load per variant and scenario before the first round. */
  readonly warmupS: number;
  /**
   * Seconds of the same load, unmeasured, just before each measured one. A server idle while the others
   * were measured has had its heap shrunk by V8's memory reducer; its first second or two back under load
   * cost up to twice the CPU per request, whichever variant it is. 0 measures straight after the idle time.
   */
  readonly rewarmS: number;
  /**
   * Extra `node` flags for the measured servers (not the memory test's). Default `--no-memory-reducer`: each
   * server sits idle most of the run while the others are measured, and V8's memory reducer turns that idle time
   * into extra CPU in the next measured load of that server (`npm run bench:idle-probe`); `--server-node-args ''`
   * keeps V8's default.
   */
  readonly serverNodeArgs: readonly string[];
  readonly connections: number;
  /**
   * What the runner's event loop does while it waits for responses. `sleep` (default): it blocks in the
   * kernel, so a response that finds it asleep makes the server pay for waking it. `busy-poll`: it polls
   * without blocking, and no server pays for a wake (a diagnostic of that cost, not the default method).
   */
  readonly loadGenerator: LoadGeneratorMode;
  readonly poolSize: number;
  readonly stores: ReadonlyArray<'memory' | 'redis'>;
  readonly redisUrl: string;
  /** Sessions created in the memory test; 0 skips it. */
  readonly memorySessions: number;
  /** Cookie maxAge of the memory test's sessions. */
  readonly memoryMaxAgeMs: number;
  /** Only these scenario ids (e.g. `read-memory,none`); empty: all. For investigating one budget. */
  readonly scenarios: readonly string[];
}

/** See {@link BenchOptions.loadGenerator}. */
export type LoadGeneratorMode = 'sleep' | 'busy-poll';

const FULL: BenchOptions = {
  smoke: false,
  rounds: 5,
  durationS: 3,
  warmupS: 1.5,
  rewarmS: 2,
  serverNodeArgs: DEFAULT_SERVER_NODE_ARGS,
  connections: 10,
  loadGenerator: 'sleep',
  poolSize: 1000,
  stores: ['memory', 'redis'],
  redisUrl: DEFAULT_REDIS_URL,
  memorySessions: 100_000,
  memoryMaxAgeMs: 60_000,
  scenarios: [],
};

const SMOKE: BenchOptions = {
  ...FULL,
  smoke: true,
  rounds: 1,
  durationS: 0.5,
  warmupS: 0.2,
  rewarmS: 0.1,
  poolSize: 50,
  memorySessions: 2_000,
  memoryMaxAgeMs: 1_000,
};

const USAGE = `usage: node bench/dist/run.js [--smoke] [--rounds N] [--duration S] [--warmup S] [--rewarm S]
       [--server-node-args "--flag …"] [--connections N] [--load-generator sleep|busy-poll]
       [--pool N] [--stores memory,redis] [--redis-url URL] [--memory-sessions N] [--memory-max-age MS]
       [--scenarios hit-memory,read-memory,pool-memory,hit-redis,read-redis,pool-redis,none]`;

/** Parses the command line; `--smoke` sets the short defaults, later flags override them. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  return parseCommandLine(argv, { full: FULL, smoke: SMOKE }, withFlag, USAGE);
}

function withFlag(options: BenchOptions, flag: string, value: string): BenchOptions | undefined {
  switch (flag) {
    case '--rounds':
      return { ...options, rounds: positive(flag, value) };
    case '--duration':
      return { ...options, durationS: positive(flag, value) };
    case '--warmup':
      return { ...options, warmupS: Number(value) };
    case '--rewarm':
      return { ...options, rewarmS: nonNegative(flag, value) };
    case '--server-node-args':
      return { ...options, serverNodeArgs: value.split(' ').filter(Boolean) };
    case '--connections':
      return { ...options, connections: positive(flag, value) };
    case '--load-generator':
      return { ...options, loadGenerator: loadGeneratorModeOf(value) };
    case '--pool':
      return { ...options, poolSize: positive(flag, value) };
    case '--stores':
      return { ...options, stores: storesOf(value) };
    case '--redis-url':
      return { ...options, redisUrl: value };
    case '--memory-sessions':
      return { ...options, memorySessions: Number(value) };
    case '--scenarios':
      return { ...options, scenarios: value.split(',').filter(Boolean) };
    case '--memory-max-age':
      return { ...options, memoryMaxAgeMs: positive(flag, value) };
    default:
      return undefined;
  }
}

/** Parses `--stores`: memory, redis or both. */
export function storesOf(value: string): Array<'memory' | 'redis'> {
  const stores = value.split(',').filter(Boolean);
  if (stores.length === 0 || stores.some((s) => s !== 'memory' && s !== 'redis')) {
    throw new Error(`--stores takes memory, redis or memory,redis (got ${value})`);
  }
  return stores as Array<'memory' | 'redis'>;
}

/** Parses `--load-generator`: sleep or busy-poll. */
export function loadGeneratorModeOf(value: string): LoadGeneratorMode {
  if (value !== 'sleep' && value !== 'busy-poll') {
    throw new Error(`--load-generator takes sleep or busy-poll (got ${value})`);
  }
  return value;
}
