// `npm run bench:pair`: the CPU per request of two variants, measured during the same seconds on the same core.
// `npm run bench` measures each variant alone, one after another, and this machine's own speed swings by about
// ±15 % from one 100 ms to the next, so one round's ratio there moves by about ±13 %. Here the two servers share
// the servers' core during the same load, each driven by its own autocannon with half the connections: whatever
// slows the machine slows both. Markdown on stdout.
import { fixed, loginSessions, median, ratioStatistics, runLoad, type LoadSpec } from './runner/load.js';
import { installedVersion, progressLogger, runMain } from './runner/main-process.js';
import { parseOptions } from './runner/options.js';
import { pinLoadGenerator, ServerProcess } from './runner/server-process.js';
import { PAIR_VARIANT_IDS, serverSpec, SERVER_NODE_ARGS, VARIANTS, variantLabel, type StoreKind, type VariantId } from './runner/variants.js';

const progress = progressLogger('pair');

const FULL = {
  a: 'module',
  b: 'bare',
  path: '/none',
  store: 'memory',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  rounds: 20,
  /** Seconds of each measured load. */
  duration: 3,
  /** Seconds of load on both, unmeasured, after start-up and again before each measured load. */
  warmup: 1,
  /** Connections in all: each server gets half while both are loaded. */
  connections: 10,
};
const SMOKE = { rounds: 2, duration: 0.3, warmup: 0.2 };

/** One server of the pair, with the load that drives it. */
interface Side {
  readonly server: ServerProcess;
  readonly load: LoadSpec;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), FULL, SMOKE, {
    a: PAIR_VARIANT_IDS,
    b: PAIR_VARIANT_IDS,
    path: ['/none', '/read', '/hit'],
    store: ['memory', 'redis'],
  });
  const half = Math.max(1, Math.floor(options.connections / 2));
  const pinning = pinLoadGenerator();
  const started: ServerProcess[] = [];
  const startSide = async (id: string): Promise<Side> => {
    const variant = VARIANTS.find((v) => v.id === id)!;
    const store = options.store as StoreKind;
    const prefix = `nes-bench:pair:${process.pid}:${id}:${started.length}:`;
    const server = await ServerProcess.start(serverSpec(variant, store, options.redisUrl, prefix), pinning.serverPrefix);
    started.push(server);
    const cookies = options.path !== '/none' && variant.usesStore ? await loginSessions(server.url, 1) : [];
    return { server, load: { url: server.url, path: options.path, cookies, connections: half, durationS: options.duration } };
  };
  try {
    const [a, b] = await Promise.all([startSide(options.a), startSide(options.b)]);
    progress('warm-up');
    await cpuPerRequest([a, b], options.warmup);
    const rounds: Array<{ aUs: number; bUs: number; bAloneUs: number }> = [];
    for (let round = 1; round <= options.rounds; round++) {
      progress(`round ${round}/${options.rounds}`);
      await cpuPerRequest([a, b], options.warmup);
      const [aUs, bUs] = await cpuPerRequest([a, b], options.duration);
      const [bAloneUs] = await cpuPerRequest([{ ...b, load: { ...b.load, connections: options.connections } }], options.duration);
      rounds.push({ aUs, bUs, bAloneUs });
    }
    const ratios = ratioStatistics(rounds.map((r) => r.aUs / r.bUs));
    // If sharing the core added the same cost to every request of both servers, A − B is the real difference and
    // B alone the real denominator: the largest ratio these numbers allow.
    const bound = 1 + median(rounds.map((r) => r.aUs - r.bUs)) / median(rounds.map((r) => r.bAloneUs));
    const session = options.path === '/none' ? '' : ' with one logged-in session';
    process.stdout.write(
      [
        '# Two variants measured at once on one core',
        '',
        `- Command: \`${`node bench/dist/pair.js ${process.argv.slice(2).join(' ')}`.trim()}\`; date: ${new Date().toISOString()}`,
        `- Versions: Node ${process.version}, @nestjs/core ${installedVersion('@nestjs/core')}`,
        `- Machine: ${pinning.note}; both servers on the servers' core, ${options.store} store, node ${SERVER_NODE_ARGS.join(' ')}`,
        `- Method: A = ${variantLabel(options.a as VariantId)}, B = ${variantLabel(options.b as VariantId)}, GET ${options.path}${session}. ` +
          `Each round: ${options.warmup} s of load on both at once, unmeasured, then ${options.duration} s on both at once, ` +
          `each with ${half} connections, measured (server utime+stime ÷ responses); then B alone with ` +
          `${options.connections} connections, as \`npm run bench\` measures it.`,
        '',
        '| round | A CPU µs/req (at once) | B CPU µs/req (at once) | A ÷ B | B alone CPU µs/req |',
        '|--:|--:|--:|--:|--:|',
        ...rounds.map((r, i) => `| ${i + 1} | ${fixed(r.aUs, 1)} | ${fixed(r.bUs, 1)} | ${fixed(r.aUs / r.bUs, 3)} | ${fixed(r.bAloneUs, 1)} |`),
        '',
        `- A ÷ B, measured at once: median ${fixed(ratios.median, 3)}, mean ${fixed(ratios.mean, 3)} ± ` +
          `${fixed(ratios.halfWidth95, 3)} (95 %), one round's ratio spreads by ${fixed(ratios.sd, 3)} (sd).`,
        `- Upper bound, if sharing the core added the same CPU to every request of both: 1 + median(A − B) ÷ median(B ` +
          `alone) = ${fixed(bound, 3)}.`,
        '- The same variant as A and B shows what this method cannot resolve on this machine; swap A and B to see side bias.',
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await Promise.all(started.map((server) => server.stop()));
  }
}

/** Loads every side at once for `durationS` seconds; resolves with each one's CPU µs per response. */
async function cpuPerRequest(sides: readonly Side[], durationS: number): Promise<number[]> {
  const before = sides.map((side) => side.server.cpuMicros());
  const results = await Promise.all(sides.map((side) => runLoad({ ...side.load, durationS })));
  return sides.map((side, i) => {
    if (results[i].failures > 0) {
      throw new Error(`${side.server.name}: ${results[i].failures} failed requests on ${side.load.path}`);
    }
    return (side.server.cpuMicros() - before[i]) / results[i].responses;
  });
}

runMain(main, progress);
