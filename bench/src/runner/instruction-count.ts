import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callgrindPrefix, countInstructions } from './callgrind.js';
import type { InstructionOptions } from './instruction-options.js';
import { runLoad, type LoadSpec } from './load.js';
import { loginSessions } from './login.js';
import type { Scenario } from './scenarios.js';
import { ServerProcess } from './server-process.js';
import { serverSpec, type Variant } from './variants.js';

/** Instructions one server executed for one scenario's counted requests. */
export interface InstructionCount {
  readonly scenarioId: string;
  readonly variantId: Variant['id'];
  readonly instructions: number;
  readonly responses: number;
  readonly failures: number;
  /** Instructions per response of each window, to show how much they vary. */
  readonly perWindow: readonly number[];
}

const VALGRIND_READY_TIMEOUT_MS = 180_000;

/**
 * Starts `variant` under callgrind for `scenario` alone (a fresh process, so no other scenario shapes its
 * JIT or heap), creates its sessions, warms it up uncounted, then counts instructions over the windows.
 */
export async function countScenario(
  scenario: Scenario,
  variant: Variant,
  options: InstructionOptions,
  redisPrefix: string,
): Promise<InstructionCount> {
  // BENCH_CALLGRIND_DIR keeps the dumps there, for callgrind_annotate; by default they go to a temporary folder.
  const keptDir = process.env.BENCH_CALLGRIND_DIR;
  const outputDir = keptDir ?? (await mkdtemp(join(tmpdir(), 'nes-callgrind-')));
  const spec = { ...serverSpec(variant, scenario.store, options.redisUrl, redisPrefix), readyTimeoutMs: VALGRIND_READY_TIMEOUT_MS };
  const server = await ServerProcess.start(spec, callgrindPrefix(outputDir));
  try {
    const cookies = await cookiesFor(scenario, variant, server, options.poolSize);
    const load = (amount: number): LoadSpec => countedLoad(server, options, scenario.path, cookies, amount);
    let failures = 0;
    if (options.trafficFirst > 0 && (options.trafficFirstOn === 'all' || scenario.path === '/none')) {
      failures += await serveSessionRoutes(server, variant, options);
    }
    const warm = await runLoad(load(options.warmupRequests));
    failures += warm.non2xx + warm.errors;
    let instructions = 0;
    let responses = 0;
    const perWindow: number[] = [];
    for (let window = 0; window < options.windows; window++) {
      let served = 0;
      const counted = await countInstructions(server.pid, outputDir, async () => {
        const result = await runLoad(load(options.windowRequests));
        served = result.responses;
        failures += result.non2xx + result.errors;
      });
      instructions += counted;
      responses += served;
      perWindow.push(served > 0 ? counted / served : Number.NaN);
    }
    return { scenarioId: scenario.id, variantId: variant.id, instructions, responses, failures, perWindow };
  } finally {
    await server.stop();
    if (keptDir === undefined) {
      await rm(outputDir, { recursive: true, force: true });
    }
  }
}

/** `amount` requests of `path` on `server`: a fixed count, not a duration (the server runs under valgrind). */
function countedLoad(
  server: ServerProcess,
  options: InstructionOptions,
  path: string,
  cookies: readonly string[],
  amount: number,
): LoadSpec {
  return { url: server.url, path, cookies, connections: options.connections, durationS: 0, amount };
}

/** `--none-after`, `--all-after`: the server first serves `/hit` and `/read` with a pool of sessions; returns the failures. */
async function serveSessionRoutes(server: ServerProcess, variant: Variant, options: InstructionOptions): Promise<number> {
  const cookies = variant.usesStore ? await loginSessions(server.url, options.poolSize) : [];
  let failures = 0;
  for (const path of ['/hit', '/read']) {
    const result = await runLoad(countedLoad(server, options, path, cookies, options.trafficFirst));
    failures += result.non2xx + result.errors;
  }
  return failures;
}

/** One logged-in session, the pool, or none; the no-session variant sends no cookie (it would ignore it). */
async function cookiesFor(scenario: Scenario, variant: Variant, server: ServerProcess, poolSize: number): Promise<string[]> {
  if (scenario.sessions === 'none' || !variant.usesStore) {
    return [];
  }
  return loginSessions(server.url, scenario.sessions === 'one' ? 1 : poolSize);
}
