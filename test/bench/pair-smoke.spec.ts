import { buildBench, runBenchScript, type BenchRun } from './bench-script.js';

describe('npm run bench:pair --smoke (numbers are printed, never asserted)', () => {
  beforeAll(() => buildBench(), 300_000);

  describe('module against bare Nest on /none (the defaults)', () => {
    let run: BenchRun;

    beforeAll(async () => {
      run = await runBenchScript('pair.js', ['--smoke']);
    }, 300_000);

    it('exits 0: both servers answered every request', () => {
      expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    });

    it('prints one row per round with both CPU times, their ratio and B alone, then the summary', () => {
      const rows = run.stdout
        .split('\n')
        .filter((line) => /^\| \d/.test(line))
        .map((line) => line.split('|').slice(1, -1).map((cell) => Number(cell.trim())));
      expect(rows.map(([round]) => round)).toEqual([1, 2]);
      for (const [, a, b, ratio, bAlone] of rows) {
        expect([a, b, bAlone].every((us) => us > 0)).toBe(true);
        expect(ratio).toBeCloseTo(a / b, 2);
      }
      expect(run.stdout).toContain('A = 3. Nest + SessionModule, @Session(), B = 4. Nest, no session, GET /none.');
      expect(run.stdout).toMatch(/A ÷ B, measured at once: median [\d.]+, mean [\d.]+ ± [\d.]+ \(95 %\)/);
      expect(run.stdout).toMatch(/1 \+ median\(A − B\) ÷ median\(B alone\) = [\d.]+\./);
    });
  });

  it('measures a session route with a logged-in session on the variants that keep one', async () => {
    const run = await runBenchScript('pair.js', ['--smoke', '--a', 'module-guard', '--b', 'app-use', '--path', '/hit']);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('GET /hit with one logged-in session.');
  }, 300_000);

  it('refuses a variant it does not know, naming the option and the variants', async () => {
    const run = await runBenchScript('pair.js', ['--smoke', '--a', 'fastify']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--a takes express, app-use, module, module-guard, bare, module-users, module-timeouts (got fastify)');
    expect(run.stdout).toBe('');
  }, 120_000);
});
