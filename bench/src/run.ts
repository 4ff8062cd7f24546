// `npm run bench`: starts every variant as its own server process, loads them one after another with autocannon
// from this process (pinned to another core), prints the comparison table as markdown on stdout; progress on stderr.
import { createClient } from 'redis';
import { loginSessions, runLoad } from './runner/load.js';
import { installedVersion, progressLogger, runMain } from './runner/main-process.js';
import { parseOptions } from './runner/options.js';
import { renderReport, type Measurement } from './runner/report.js';
import { pinLoadGenerator, ServerProcess } from './runner/server-process.js';
import { scenariosFor, serverKey, serverSpec, SERVER_NODE_ARGS, VARIANTS, type Scenario, type StoreKind } from './runner/variants.js';

const progress = progressLogger('bench');

const FULL = {
  rounds: 5,
  /** Seconds of each measured load. */
  duration: 3,
  /** Seconds of load per variant and scenario before the first round. */
  warmup: 1.5,
  /** Seconds of the same load, unmeasured, just before each measured one (bench/README.md, "Idle time"). */
  rewarm: 2,
  connections: 10,
  /** Sessions in the rotating pool. */
  pool: 1000,
  stores: ['memory', 'redis'] as readonly string[],
  redisUrl: 'redis://127.0.0.1:6379',
};
const SMOKE = { rounds: 1, duration: 0.5, warmup: 0.2, rewarm: 0.1, pool: 50 };

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), FULL, SMOKE, { stores: ['memory', 'redis'] });
  const pinning = pinLoadGenerator();
  progress(pinning.note);
  const redisPrefix = `nes-bench:${Date.now().toString(36)}-${process.pid}:`;
  const redis = options.stores.includes('redis') ? await connectRedis(options.redisUrl) : undefined;
  const scenarios = scenariosFor(options.stores as StoreKind[]);
  const pairs = (scenario: Scenario) =>
    VARIANTS.filter((v) => scenario.variants.includes(v.id)).map((variant) => ({ variant, key: serverKey(variant, scenario.store) }));
  const servers = new Map<string, ServerProcess>();
  const failures: string[] = [];
  try {
    const wanted = new Map(scenarios.flatMap((s) => pairs(s).map(({ variant, key }) => [key, { variant, store: s.store }] as const)));
    progress(`starting ${wanted.size} servers`);
    await Promise.all(
      [...wanted].map(async ([key, { variant, store }]) => {
        const spec = serverSpec(variant, store, options.redisUrl, `${redisPrefix}${key}:`);
        servers.set(key, await ServerProcess.start(spec, pinning.serverPrefix));
      }),
    );
    // Each session server's cookies: one logged-in session and a pool. Bare Nest gets variant 2's: ignored.
    const cookies = new Map<string, { one: string[]; pool: string[] }>();
    for (const [key, { variant }] of wanted) {
      if (!variant.usesStore) {
        continue;
      }
      const server = servers.get(key)!;
      progress(`creating ${options.pool + 1} sessions on ${key}`);
      cookies.set(key, { one: await loginSessions(server.url, 1), pool: await loginSessions(server.url, options.pool) });
    }
    const measurements: Measurement[] = [];
    for (let round = 0; round <= options.rounds; round++) {
      progress(round === 0 ? 'warm-up' : `round ${round}/${options.rounds}`);
      for (const scenario of scenarios) {
        for (const { variant, key } of pairs(scenario)) {
          const server = servers.get(key)!;
          const own = cookies.get(variant.usesStore ? key : serverKey(VARIANTS[1], scenario.store));
          const load = {
            url: server.url,
            path: scenario.path,
            cookies: scenario.sessions === 'none' ? [] : scenario.sessions === 'one' ? own!.one : own!.pool,
            connections: options.connections,
            durationS: round === 0 ? options.warmup : options.rewarm,
          };
          if (load.durationS > 0) {
            const result = await runLoad(load);
            if (result.failures > 0) {
              failures.push(`${scenario.id} ${key} round ${round} warm-up: ${result.failures} failed requests`);
            }
          }
          if (round === 0) {
            continue;
          }
          const before = server.cpuMicros();
          const result = await runLoad({ ...load, durationS: options.duration });
          const cpuUs = (server.cpuMicros() - before) / result.responses;
          measurements.push({ scenarioId: scenario.id, variantId: variant.id, round, reqPerSec: result.reqPerSec, p99Ms: result.p99Ms, cpuUs });
          if (result.failures > 0) {
            failures.push(`${scenario.id} ${key} round ${round}: ${result.failures} failed requests`);
          }
        }
      }
    }
    await Promise.all([...servers.values()].map((server) => server.stop()));
    const packages = ['@nestjs/core', 'express', 'express-session', 'memorystore', 'connect-redis', 'redis', 'autocannon'];
    const info = {
      command: `node bench/dist/run.js ${process.argv.slice(2).join(' ')}`.trim(),
      smoke: options.smoke,
      versions: [`Node ${process.version}`, ...packages.map((name) => `${name} ${installedVersion(name)}`)].join(', '),
      machine: pinning.note,
      method:
        `warm-up ${options.warmup} s per variant and scenario, then ${options.rounds} interleaved round(s) (1, 2, 3, 3g, 4, ` +
        `1, …) of ${options.duration} s each, each right after ${options.rewarm} s of the same load, unmeasured; servers ` +
        `run with ${SERVER_NODE_ARGS.join(' ')}; autocannon, ${options.connections} connections, keep-alive; pool of ` +
        `${options.pool} rotating sessions; memory store: memorystore (60 s prune) in every variant; Redis: connect-redis ` +
        '9 + node-redis 5, one key prefix per server, deleted afterwards; /none is outside the session middleware.',
    };
    process.stdout.write(renderReport(info, scenarios, measurements));
    failures.forEach((failure) => progress(`FAILED: ${failure}`));
    return failures.length > 0 ? 1 : 0;
  } finally {
    await Promise.all([...servers.values()].map((server) => server.stop()));
    await redis?.deleteUnder(redisPrefix);
  }
}

/** The runner's own Redis connection: fails fast when Redis is down; `deleteUnder` removes this run's keys. */
async function connectRedis(url: string): Promise<{ deleteUnder(prefix: string): Promise<void> }> {
  const client = createClient({ url, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect().catch((error: Error) => {
    throw new Error(`Redis at ${url} is unreachable (${error.message}); run with --stores memory to skip it`);
  });
  return {
    async deleteUnder(prefix) {
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
        await (keys.length > 0 ? client.del(keys) : undefined);
      }
      await client.quit();
    },
  };
}

runMain(main, progress);
