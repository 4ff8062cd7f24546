import { readFileSync } from 'node:fs';
import { sharedRedisUnavailable } from '../support/redis-availability.js';
import { buildBench, runBenchScript, type BenchRun } from './bench-script.js';

/** Whether this kernel reports wake-up interrupts (the report's LG wakes/req column); '—' otherwise. */
const INTERRUPTS = readFileSync('/proc/interrupts', 'utf8');
const HAS_WAKE_COUNTS = /^\s*RES:/m.test(INTERRUPTS) && /^\s*CAL:/m.test(INTERRUPTS);
const VARIANTS = [
  '1. Express 5 + express-session',
  '2. Nest + app.use(session)',
  '3. Nest + SessionModule, @Session()',
  '3g. Nest + SessionModule, @Session() + SessionGuard',
  '4. Nest, no session',
];
const STORE_SCENARIOS = ['one session, /hit', 'one session, /read', 'session pool, /hit'];

/** The table row of one scenario, store and variant, as its cells. */
function rowOf(report: string, scenario: string, store: string, variant: string): string[] | undefined {
  return report
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
    .find(([s, st, v]) => s === scenario && st === store && v === variant);
}

describe('npm run bench --smoke (numbers are printed, never asserted)', () => {
  let run: BenchRun;
  let stores: string[];

  beforeAll(async () => {
    buildBench();
    const noRedis = await sharedRedisUnavailable();
    if (noRedis !== undefined && process.env.REQUIRE_REDIS === '1') {
      throw new Error(`${noRedis}, and REQUIRE_REDIS=1 makes the Redis variants of the bench mandatory`);
    }
    if (noRedis !== undefined) {
      console.log(`Bench smoke without its Redis variants: ${noRedis} (set REQUIRE_REDIS=1 to make this a failure).`);
    }
    stores = noRedis === undefined ? ['memory', 'redis'] : ['memory'];
    run = await runBenchScript('run.js', ['--smoke', '--stores', stores.join(',')]);
  }, 180_000);

  it('exits 0: every server started, answered 2xx to every request and was stopped', () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('prints the markdown table header and states how the processes were pinned', () => {
    expect(run.stdout).toContain(
      '| Scenario | Store | Variant | req/s | p99 ms | CPU µs/req | CPU ÷ v2 | CPU ÷ v4 | req/s ÷ v2 | LG wakes/req |',
    );
    expect(run.stdout).toMatch(/- Machine: .*(pinned to CPU 1|NOT pinned)/);
  });

  it('states the re-warm before each measured load and the servers\' node flags (default --no-memory-reducer)', () => {
    expect(run.stdout).toMatch(/each measured load right after 0\.1 s of the same load, unmeasured/);
    expect(run.stdout).toContain('server node flags: --no-memory-reducer;');
  });

  it('states that the load generator sleeps between responses (the default), and how its wakes are counted', () => {
    expect(run.stdout).toContain('- Load generator: sleeps in the kernel between responses (the default).');
    expect(run.stdout).toContain('LG wakes/req: wake-up interrupts on its core (/proc/interrupts, RES + CAL)');
  });

  it('has a row with numbers for every variant, store and scenario', () => {
    const expected: Array<[string, string, string]> = [];
    for (const store of stores) {
      for (const scenario of STORE_SCENARIOS) {
        expected.push(...VARIANTS.map((variant): [string, string, string] => [scenario, store, variant]));
      }
    }
    expected.push(...VARIANTS.filter((v) => !v.startsWith('3g.')).map((v): [string, string, string] => ['excluded route, /none', '—', v]));
    for (const [scenario, store, variant] of expected) {
      const row = rowOf(run.stdout, scenario, store, variant);
      expect({ scenario, store, variant, found: row !== undefined }).toEqual({ scenario, store, variant, found: true });
      const [reqPerSec, p99, cpu, vsAppUse, vsBare, , wakes] = row!.slice(3).map(Number);
      for (const value of [reqPerSec, cpu, vsAppUse, vsBare]) {
        expect(value).toBeGreaterThan(0);
      }
      expect(p99).toBeGreaterThanOrEqual(0);
      if (HAS_WAKE_COUNTS) {
        expect(wakes).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('checks every budget and reports the memory test with its three samples', () => {
    const budgets = run.stdout.split('\n').filter((line) => /^- (held|MISSED): /.test(line));
    // Module ± guard on three routes per store, the excluded route, and the memory test.
    expect(budgets).toHaveLength(stores.length * 6 + 2);
    expect(run.stdout).toContain('## Memory: module variant, default store');
    for (const moment of ['baseline (after warm-up)', 'after 2,000 sessions', 'after expiry and prune']) {
      expect(run.stdout).toMatch(new RegExp(`\\| ${moment.replace(/[()]/g, '\\$&')} \\| [\\d.]+ \\| [\\d.]+ \\| \\d+ \\|`));
    }
  });
});
