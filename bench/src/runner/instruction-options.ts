import { parseCommandLine, wholeCount } from './command-line.js';
import { DEFAULT_REDIS_URL, storesOf } from './bench-options.js';
import type { StoreKind } from './variants.js';

/** What one `npm run bench:instructions` does. Request counts, not seconds: the server runs under valgrind. */
export interface InstructionOptions {
  readonly smoke: boolean;
  /** Requests per server before counting starts (uninstrumented, so the JIT has settled). */
  readonly warmupRequests: number;
  /** Counted windows per server; the result is their total ÷ their responses. */
  readonly windows: number;
  readonly windowRequests: number;
  readonly connections: number;
  readonly poolSize: number;
  readonly stores: readonly StoreKind[];
  readonly redisUrl: string;
  /** Servers counted at once: instruction counts do not depend on what else runs, so every core can work. */
  readonly jobs: number;
  /** Only these scenario ids; empty: all. */
  readonly scenarios: readonly string[];
  /**
   * Requests of `/hit` and of `/read` (with the session pool) a server serves before its warm-up, as in the
   * CPU-time run, where one server serves every scenario. 0: a fresh server.
   */
  readonly trafficFirst: number;
  /** Which servers serve that traffic first: the `/none` ones (`--none-after`) or all (`--all-after`). */
  readonly trafficFirstOn: 'none' | 'all';
}

const FULL: InstructionOptions = {
  smoke: false,
  warmupRequests: 15_000,
  windows: 4,
  windowRequests: 1_500,
  connections: 10,
  poolSize: 1_000,
  stores: ['memory', 'redis'],
  redisUrl: DEFAULT_REDIS_URL,
  jobs: 2,
  scenarios: [],
  trafficFirst: 0,
  trafficFirstOn: 'none',
};

const SMOKE: InstructionOptions = { ...FULL, smoke: true, warmupRequests: 100, windows: 1, windowRequests: 50, poolSize: 20 };

const USAGE = `usage: node bench/dist/instructions.js [--smoke] [--warmup N] [--windows N] [--window N] [--connections N]
       [--pool N] [--stores memory,redis] [--redis-url URL] [--jobs N] [--scenarios hit-memory,...,none]
       [--none-after N | --all-after N]`;

/** Parses the command line; `--smoke` sets the short defaults, later flags override them. */
export function parseInstructionOptions(argv: readonly string[]): InstructionOptions {
  return parseCommandLine(argv, { full: FULL, smoke: SMOKE }, withFlag, USAGE);
}

function withFlag(options: InstructionOptions, flag: string, value: string): InstructionOptions | undefined {
  switch (flag) {
    case '--warmup':
      return { ...options, warmupRequests: wholeCount(flag, value) };
    case '--windows':
      return { ...options, windows: wholeCount(flag, value) };
    case '--window':
      return { ...options, windowRequests: wholeCount(flag, value) };
    case '--connections':
      return { ...options, connections: wholeCount(flag, value) };
    case '--pool':
      return { ...options, poolSize: wholeCount(flag, value) };
    case '--jobs':
      return { ...options, jobs: wholeCount(flag, value) };
    case '--none-after':
      return { ...options, trafficFirst: wholeCount(flag, value), trafficFirstOn: 'none' };
    case '--all-after':
      return { ...options, trafficFirst: wholeCount(flag, value), trafficFirstOn: 'all' };
    case '--stores':
      return { ...options, stores: storesOf(value) };
    case '--redis-url':
      return { ...options, redisUrl: value };
    case '--scenarios':
      return { ...options, scenarios: value.split(',').filter(Boolean) };
    default:
      return undefined;
  }
}
