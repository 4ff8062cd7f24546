import { buildBench, runBenchScript, type BenchRun } from './bench-script.js';

describe('npm run bench:idle-probe --smoke (numbers are printed, never asserted)', () => {
  let run: BenchRun;

  beforeAll(async () => {
    buildBench();
    run = await runBenchScript('idle-probe.js', ['--smoke', '--node-args', '--no-memory-reducer']);
  }, 120_000);

  it('exits 0: every server started and was stopped', () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('prints a CPU per request for each probed variant, after idle and at once again, and the node flags used', () => {
    const rows = run.stdout
      .split('\n')
      .filter((line) => /^\| \d/.test(line))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    expect(rows.map(([repeat, moment]) => `${repeat} ${moment}`)).toEqual(['1 after idle', '1 at once again']);
    for (const row of rows) {
      const cpu = row.slice(2).map(Number);
      expect(cpu).toHaveLength(3);
      cpu.forEach((value) => expect(value).toBeGreaterThan(0));
    }
    expect(run.stdout).toContain('Server node flags: --no-memory-reducer.');
  });
});
