import { sharedRedisUnavailable } from '../support/redis-availability.js';
import { buildBench, runBenchScript, type BenchRun } from './bench-script.js';

const VARIANTS = [
  '1. Express 5 + express-session',
  '2. Nest + app.use(session)',
  '3. Nest + SessionModule, @Session()',
  '3g. Nest + SessionModule, @Session() + SessionGuard',
  '4. Nest, no session',
];
const STORE_SCENARIOS = ['one session, /hit', 'one session, /read', 'session pool, /hit'];

/** The table rows as cells, keyed `scenario | store | variant`. */
function rowsOf(report: string): Map<string, string[]> {
  const rows = report
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Scenario'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  return new Map(rows.map((cells) => [cells.slice(0, 3).join(' | '), cells.slice(3)]));
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
    stores = noRedis === undefined ? ['memory', 'redis'] : ['memory'];
    run = await runBenchScript('run.js', ['--smoke', '--stores', stores.join(',')]);
  }, 600_000);

  it('exits 0: every server started, answered 2xx to every request and was stopped', () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('prints the table header, the method and how the processes were pinned', () => {
    expect(run.stdout).toContain('| Scenario | Store | Variant | req/s | p99 ms | CPU µs/req | ÷ recipe | ÷ bare | share |');
    expect(run.stdout).toMatch(/- Machine: .*(pinned to CPU 1|NOT pinned)/);
    expect(run.stdout).toContain('each right after 0.1 s of the same load, unmeasured; servers run with --no-memory-reducer;');
  });

  it('has a row with numbers for every variant, store and scenario; the share is — on /none only', () => {
    const rows = rowsOf(run.stdout);
    const expected = stores.flatMap((store) => STORE_SCENARIOS.flatMap((s) => VARIANTS.map((v) => `${s} | ${store} | ${v}`)));
    const none = VARIANTS.filter((v) => !v.startsWith('3g.')).map((v) => `excluded route, /none | — | ${v}`);
    expect([...rows.keys()].sort()).toEqual([...expected, ...none].sort());
    for (const [key, cells] of rows) {
      const [reqPerSec, p99, cpu, vsRecipe, vsBare] = cells.map(Number);
      expect({ key, positive: [reqPerSec, cpu, vsRecipe, vsBare].every((n) => n > 0) && p99 >= 0 }).toEqual({ key, positive: true });
      if (key.startsWith('excluded route')) {
        expect({ key, share: cells[5] }).toEqual({ key, share: '—' });
      }
    }
    // The recipe's share is 1 and bare Nest's 0 by definition, wherever the share is shown.
    for (const store of stores) {
      const recipe = rows.get(`session pool, /hit | ${store} | 2. Nest + app.use(session)`)![5];
      expect(['1.00', '—']).toContain(recipe);
    }
  });

  it('checks every budget: module ± guard on three routes per store, and the excluded route', () => {
    const budgets = run.stdout.split('\n').filter((line) => /^- (held|MISSED): /.test(line));
    expect(budgets).toHaveLength(stores.length * 6 + 1);
  });
});
