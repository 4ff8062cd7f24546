// `npm run bench`: starts every variant as its own server process, loads them with autocannon from this
// process (pinned to another core), prints a markdown report on stdout. Progress goes to stderr.
import { parseBenchOptions, type BenchOptions } from './runner/bench-options.js';
import { keepPolling } from './runner/busy-poll.js';
import { pinLoadGenerator } from './runner/cpu-pinning.js';
import { loginSessions } from './runner/login.js';
import { runLoad } from './runner/load.js';
import { measure, type Measurement } from './runner/measurement.js';
import { runMemoryTest, type MemoryReport } from './runner/memory-test.js';
import { CLOCK_TICKS_PER_SECOND } from './runner/proc-cpu.js';
import { RedisKeys } from './runner/redis-keys.js';
import { renderReport } from './runner/report.js';
import { scenariosFor, type Scenario } from './runner/scenarios.js';
import { ServerProcess } from './runner/server-process.js';
import { installedVersion, progressLogger, runMain } from './runner/main-process.js';
import { checkBudgets, summarize } from './runner/summary.js';
import { serverKey, serverSpec, VARIANTS, type StoreKind, type Variant } from './runner/variants.js';

const progress = progressLogger('bench');

/** Cookies each server hands out: one logged-in session and a pool of them. */
interface ServerSessions {
  readonly one: string[];
  readonly pool: string[];
}

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  const pinning = pinLoadGenerator();
  progress(pinning.note);
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const redisPrefix = `nes-bench:${runId}:`;
  const redis = options.stores.includes('redis') ? await RedisKeys.connect(options.redisUrl) : undefined;
  const scenarios = scenariosFor(options.stores).filter(
    (s) => options.scenarios.length === 0 || options.scenarios.includes(s.id),
  );
  const servers = new Map<string, ServerProcess>();
  const measurements: Measurement[] = [];
  const stopPolling = options.loadGenerator === 'busy-poll' ? keepPolling() : undefined;
  let redisKeysDeleted: number | undefined;
  let memory: MemoryReport | undefined;
  try {
    await startServers(options, scenarios, redisPrefix, pinning.serverPrefix, servers);
    const sessions = await createSessions(options, servers);
    const failures: string[] = [];
    const runOnce = async (scenario: Scenario, variant: Variant, round: number, durationS: number) => {
      const key = serverKey(variant, scenario.store);
      const server = servers.get(key)!;
      const cookies = cookiesFor(scenario, sessions.get(key));
      const load = { url: server.url, path: scenario.path, cookies, connections: options.connections, durationS };
      if (round === 0) {
        const result = await runLoad(load);
        if (result.non2xx + result.errors > 0) {
          failures.push(`${scenario.id} ${key} warm-up: ${result.non2xx} non-2xx, ${result.errors} errors`);
        }
        return;
      }
      if (options.rewarmS > 0) {
        await runLoad({ ...load, durationS: options.rewarmS });
      }
      const m = await measure(server, load, { scenarioId: scenario.id, variantId: variant.id, round });
      measurements.push(m);
      if (m.failures > 0) {
        failures.push(`${scenario.id} ${key} round ${round}: ${m.failures} failed requests`);
      }
    };
    progress('warm-up');
    for (const scenario of scenarios) {
      for (const variant of variantsOf(scenario)) {
        await runOnce(scenario, variant, 0, options.warmupS);
      }
    }
    for (let round = 1; round <= options.rounds; round++) {
      progress(`round ${round}/${options.rounds}`);
      for (const scenario of scenarios) {
        for (const variant of variantsOf(scenario)) {
          await runOnce(scenario, variant, round, options.durationS);
        }
      }
    }
    await stopAll(servers);
    if (redis) {
      redisKeysDeleted = await redis.deleteUnder(redisPrefix);
      progress(`deleted ${redisKeysDeleted} Redis keys under ${redisPrefix}`);
    }
    if (options.memorySessions > 0) {
      progress(`memory test: ${options.memorySessions} sessions`);
      memory = await runMemoryTest(
        {
          sessions: options.memorySessions,
          maxAgeMs: options.memoryMaxAgeMs,
          connections: options.connections,
          waitForOwnPrune: !options.smoke,
          pruneDeadlineMs: options.memoryMaxAgeMs + 90_000,
        },
        pinning.serverPrefix,
      );
    }
    const rows = summarize(scenarios, measurements);
    const report = renderReport(
      {
        command: `node bench/dist/run.js ${process.argv.slice(2).join(' ')}`.trim(),
        date: new Date().toISOString(),
        versions: versions(),
        pinning: pinning.note,
        clockTicks: CLOCK_TICKS_PER_SECOND,
        options,
        redisKeysDeleted,
      },
      rows,
      checkBudgets(rows),
      memory,
    );
    process.stdout.write(report);
    for (const failure of failures) {
      progress(`FAILED: ${failure}`);
    }
    return failures.length > 0 ? 1 : 0;
  } finally {
    stopPolling?.();
    await stopAll(servers);
    if (redis) {
      if (redisKeysDeleted === undefined) {
        await redis.deleteUnder(redisPrefix);
      }
      await redis.close();
    }
  }
}

function variantsOf(scenario: Scenario): Variant[] {
  return VARIANTS.filter((v) => scenario.variants.includes(v.id));
}

async function startServers(
  options: BenchOptions,
  scenarios: readonly Scenario[],
  redisPrefix: string,
  prefix: readonly string[],
  servers: Map<string, ServerProcess>,
): Promise<void> {
  const wanted = new Map<string, { variant: Variant; store: StoreKind }>();
  for (const scenario of scenarios) {
    for (const variant of variantsOf(scenario)) {
      wanted.set(serverKey(variant, scenario.store), { variant, store: scenario.store });
    }
  }
  progress(`starting ${wanted.size} servers`);
  await Promise.all(
    [...wanted].map(async ([key, { variant, store }]) => {
      const spec = { ...serverSpec(variant, store, options.redisUrl, `${redisPrefix}${key}:`), nodeArgs: options.serverNodeArgs };
      servers.set(key, await ServerProcess.start(spec, prefix));
    }),
  );
}

async function createSessions(options: BenchOptions, servers: Map<string, ServerProcess>): Promise<Map<string, ServerSessions>> {
  const sessions = new Map<string, ServerSessions>();
  for (const [key, server] of servers) {
    if (key === 'bare') {
      continue;
    }
    progress(`creating ${options.poolSize + 1} sessions on ${key}`);
    sessions.set(key, { one: await loginSessions(server.url, 1), pool: await loginSessions(server.url, options.poolSize) });
  }
  return sessions;
}

/** The bare variant gets the cookies of variant 2 on the same store: identical requests, ignored. */
function cookiesFor(scenario: Scenario, own: ServerSessions | undefined): string[] {
  if (scenario.sessions === 'none') {
    return [];
  }
  return scenario.sessions === 'one' ? (own?.one ?? []) : (own?.pool ?? []);
}

async function stopAll(servers: Map<string, ServerProcess>): Promise<void> {
  await Promise.all([...servers.values()].map((server) => server.stop()));
  servers.clear();
}

function versions(): Record<string, string> {
  const names = ['@nestjs/core', 'express', 'express-session', 'memorystore', 'connect-redis', 'redis', 'autocannon'];
  return { Node: process.version, ...Object.fromEntries(names.map((name) => [name, installedVersion(name)])) };
}

runMain(main, progress);
