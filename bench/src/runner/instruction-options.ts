import { parseCommandLine } from './command-line.js';
import { storesOf } from './bench-options.js';
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
   * `/none` only: requests of `/hit` and of `/read` (with the session pool) the server serves before its
   * warm-up, as in the CPU-time run, where one server serves every scenario. 0: a fresh server.
   */
  readonly noneAfter: number;
}

const FULL: InstructionOptions = {
  smoke: false,
  warmupRequests: 15_000,
  windows: 4,
  windowRequests: 1_500,
  connections: 10,
  poolSize: 1_000,
  stores: ['memory', 'redis'],
  redisUrl: 'redis://127.0.0.1:6379',
  jobs: 2,
  scenarios: [],
  noneAfter: 0,
};

const SMOKE: InstructionOptions = { ...FULL, smoke: true, warmupRequests: 100, windows: 1, windowRequests: 50, poolSize: 20 };

const USAGE = `usage: node bench/dist/instructions.js [--smoke] [--warmup N] [--windows N] [--window N] [--connections N]
       [--pool N] [--stores memory,redis] [--redis-url URL] [--jobs N] [--scenarios hit-memory,...,none]
       [--none-after N]`;

/** Parses the command line; `--smoke` sets the short defaults, later flags override them. */
export function parseInstructionOptions(argv: readonly string[]): InstructionOptions {
  return parseCommandLine(argv, { full: FULL, smoke: SMOKE }, withFlag, USAGE);
}

function withFlag(options: InstructionOptions, flag: string, value: string): InstructionOptions | undefined {
  switch (flag) {
    case '--warmup':
      return { ...options, warmupRequests: count(flag, value) };
    case '--windows':
      return { ...options, windows: count(flag, value) };
    case '--window':
      return { ...options, windowRequests: count(flag, value) };
    case '--connections':
      return { ...options, connections: count(flag, value) };
    case '--pool':
      return { ...options, poolSize: count(flag, value) };
    case '--jobs':
      return { ...options, jobs: count(flag, value) };
    case '--none-after':
      return { ...options, noneAfter: count(flag, value) };
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

function count(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`${flag} must be a positive whole number (got ${value})`);
  }
  return n;
}
