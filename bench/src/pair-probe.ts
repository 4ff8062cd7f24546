// `npm run bench:pair`: the CPU per request of two variants, measured during the same seconds on the same core.
// `npm run bench` measures each variant alone, one after another. This machine's own speed swings by about ±15 %
// from one 100 ms to the next (run 9), so one round's ratio moves by about ±13 % and a 3 % difference needs many
// rounds to show. Here the two servers share the servers' core during the same load, each driven by its own
// autocannon with half the connections: whatever slows the machine slows both. Markdown on stdout.
import { DEFAULT_REDIS_URL, DEFAULT_SERVER_NODE_ARGS } from './runner/bench-options.js';
import { parseCommandLine, positive, wholeCount } from './runner/command-line.js';
import { pinLoadGenerator } from './runner/cpu-pinning.js';
import { runLoad, type LoadSpec } from './runner/load.js';
import { loginSessions } from './runner/login.js';
import { installedVersion, progressLogger, runMain } from './runner/main-process.js';
import { median } from './runner/measurement.js';
import { ratioStatistics } from './runner/ratio-statistics.js';
import { ServerProcess } from './runner/server-process.js';
import { serverSpec, variantById, variantLabel, VARIANTS, type VariantId } from './runner/variants.js';

const progress = progressLogger('pair');
const PATHS = ['/none', '/read', '/hit'] as const;
type PairPath = (typeof PATHS)[number];

interface PairOptions {
  readonly a: VariantId;
  readonly b: VariantId;
  readonly path: PairPath;
  readonly rounds: number;
  /** Seconds of each measured load. */
  readonly durationS: number;
  /** Seconds of load on both, unmeasured, after start-up and again before each measured load. */
  readonly warmupS: number;
  /** Connections in all: each server gets half. */
  readonly connections: number;
}

const FULL: PairOptions = { a: 'module', b: 'bare', path: '/none', rounds: 20, durationS: 3, warmupS: 1, connections: 10 };
const SMOKE: PairOptions = { ...FULL, rounds: 2, durationS: 0.3, warmupS: 0.2 };
const VARIANT_IDS = VARIANTS.map((v) => v.id);
const USAGE = `usage: node bench/dist/pair-probe.js [--smoke] [--a ${VARIANT_IDS.join('|')}] [--b …] [--path ${PATHS.join('|')}]
       [--rounds N] [--duration S] [--warmup S] [--connections N]`;

function withFlag(options: PairOptions, flag: string, value: string): PairOptions | undefined {
  switch (flag) {
    case '--a':
      return { ...options, a: variantId(flag, value) };
    case '--b':
      return { ...options, b: variantId(flag, value) };
    case '--path':
      if (!(PATHS as readonly string[]).includes(value)) {
        throw new Error(`--path takes ${PATHS.join(', ')} (got ${value})`);
      }
      return { ...options, path: value as PairPath };
    case '--rounds':
      return { ...options, rounds: wholeCount(flag, value) };
    case '--duration':
      return { ...options, durationS: positive(flag, value) };
    case '--warmup':
      return { ...options, warmupS: positive(flag, value) };
    case '--connections':
      return { ...options, connections: connectionCount(flag, value) };
    default:
      return undefined;
  }
}

function variantId(flag: string, value: string): VariantId {
  if (!(VARIANT_IDS as readonly string[]).includes(value)) {
    throw new Error(`${flag} takes one of ${VARIANT_IDS.join(', ')} (got ${value})`);
  }
  return value as VariantId;
}

function connectionCount(flag: string, value: string): number {
  const n = wholeCount(flag, value);
  if (n < 2) {
    throw new Error(`${flag} must be 2 or more: each server gets half (got ${value})`);
  }
  return n;
}

/** Connections of each server while both are loaded: half of `--connections`. */
function connectionsPerSide(options: PairOptions): number {
  return Math.floor(options.connections / 2);
}

/** One server of the pair, with the load that drives it. */
interface PairSide {
  readonly server: ServerProcess;
  readonly load: LoadSpec;
}

/** One round: each side's CPU per request while both were loaded, and B's alone right after. */
interface PairRound {
  readonly aUs: number;
  readonly bUs: number;
  readonly bAloneUs: number;
}

async function main(): Promise<number> {
  const options = parseCommandLine(process.argv.slice(2), { full: FULL, smoke: SMOKE }, withFlag, USAGE);
  const pinning = pinLoadGenerator();
  const started: ServerProcess[] = [];
  try {
    const [a, b] = await Promise.all([options.a, options.b].map((id) => startSide(id, options, pinning.serverPrefix, started)));
    progress('warm-up');
    await cpuPerRequest([a, b], options.warmupS);
    const rounds: PairRound[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      progress(`round ${round}/${options.rounds}`);
      await cpuPerRequest([a, b], options.warmupS);
      const [aUs, bUs] = await cpuPerRequest([a, b], options.durationS);
      const [bAloneUs] = await cpuPerRequest([{ ...b, load: { ...b.load, connections: options.connections } }], options.durationS);
      rounds.push({ aUs, bUs, bAloneUs });
    }
    process.stdout.write(renderPairReport(options, pinning.note, rounds));
    return 0;
  } finally {
    await Promise.all(started.map((server) => server.stop()));
  }
}

async function startSide(
  id: VariantId,
  options: PairOptions,
  prefix: readonly string[],
  started: ServerProcess[],
): Promise<PairSide> {
  const variant = variantById(id);
  const spec = { ...serverSpec(variant, 'memory', DEFAULT_REDIS_URL, ''), nodeArgs: DEFAULT_SERVER_NODE_ARGS };
  const server = await ServerProcess.start(spec, prefix);
  started.push(server);
  const cookies = options.path !== '/none' && variant.usesStore ? await loginSessions(server.url, 1) : [];
  const load = { url: server.url, path: options.path, cookies, connections: connectionsPerSide(options), durationS: options.durationS };
  return { server, load };
}

/** Loads every side at once for `durationS` seconds; resolves with each one's CPU µs per response. */
async function cpuPerRequest(sides: readonly PairSide[], durationS: number): Promise<number[]> {
  const before = sides.map((side) => side.server.cpuMicros());
  const results = await Promise.all(sides.map((side) => runLoad({ ...side.load, durationS })));
  return sides.map((side, i) => {
    const failures = results[i].non2xx + results[i].errors;
    if (failures > 0) {
      throw new Error(`${side.server.name}: ${failures} failed requests on ${side.load.path}`);
    }
    return (side.server.cpuMicros() - before[i]) / results[i].responses;
  });
}

function renderPairReport(options: PairOptions, machine: string, rounds: readonly PairRound[]): string {
  const ratios = ratioStatistics(rounds.map((r) => r.aUs / r.bUs));
  // If sharing the core added the same cost to every request of both servers, A − B is the real difference and
  // B alone the real denominator: the largest ratio these numbers allow.
  const bound = 1 + median(rounds.map((r) => r.aUs - r.bUs)) / median(rounds.map((r) => r.bAloneUs));
  return [
    '# Two variants measured at once on one core',
    '',
    `- Command: \`${`node bench/dist/pair-probe.js ${process.argv.slice(2).join(' ')}`.trim()}\``,
    `- Date: ${new Date().toISOString()}; Node ${process.version}, @nestjs/core ${installedVersion('@nestjs/core')}`,
    `- Machine: ${machine}; both servers on the servers' core, memory store, server node flags: ${DEFAULT_SERVER_NODE_ARGS.join(' ')}`,
    `- Method: A = ${variantLabel(options.a)}, B = ${variantLabel(options.b)}, GET ${options.path}` +
      `${options.path === '/none' ? '' : ' with one logged-in session'}. Each round: ${options.warmupS} s of load on both at ` +
      `once, unmeasured, then ${options.durationS} s on both at once, each with ${connectionsPerSide(options)} ` +
      `connections, measured (server utime+stime ÷ responses); then B alone with ${options.connections} connections, ` +
      `as \`npm run bench\` measures it.`,
    '',
    '| round | A CPU µs/req (at once) | B CPU µs/req (at once) | A ÷ B | B alone CPU µs/req |',
    '|--:|--:|--:|--:|--:|',
    ...rounds.map(
      (r, i) => `| ${i + 1} | ${r.aUs.toFixed(1)} | ${r.bUs.toFixed(1)} | ${(r.aUs / r.bUs).toFixed(3)} | ${r.bAloneUs.toFixed(1)} |`,
    ),
    '',
    `- A ÷ B, measured at once: median ${ratios.median.toFixed(3)}, mean ${ratios.mean.toFixed(3)} ± ` +
      `${ratios.meanHalfWidth95.toFixed(3)} (95 %), one round's ratio spreads by ${ratios.sd.toFixed(3)} (sd).`,
    `- Upper bound, if sharing the core added the same CPU to every request of both: 1 + median(A − B) ÷ median(B ` +
      `alone) = ${bound.toFixed(3)}.`,
    '- The same variant as A and B shows what this method cannot resolve on this machine.',
    '',
  ].join('\n');
}

runMain(main, progress);
