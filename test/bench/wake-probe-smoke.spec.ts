import { buildBench, runBenchScript, type BenchRun } from './bench-script.js';

describe('npm run bench:wake-probe --smoke (numbers are printed, never asserted)', () => {
  let run: BenchRun;

  beforeAll(async () => {
    buildBench();
    run = await runBenchScript('wake-probe.js', ['--smoke']);
  }, 60_000);

  it('exits 0: the writer connected, wrote every chunk and reported', () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('prints a CPU time per write for a sleeping and for a busy-polling reader, and the difference', () => {
    const rows = run.stdout
      .split('\n')
      .filter((line) => /^\| \d/.test(line))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    expect(rows.map(([repeat, mode]) => `${repeat} ${mode}`)).toEqual(['1 sleep', '1 busy-poll']);
    for (const [, , cpu] of rows) {
      expect(Number(cpu)).toBeGreaterThan(0);
    }
    expect(run.stdout).toMatch(/Waking the reader costs the writer -?[\d.]+ µs of CPU per write/);
  });
});
