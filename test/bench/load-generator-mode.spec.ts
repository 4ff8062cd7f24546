import { buildBench, runBenchScript, type BenchRun } from './bench-script.js';

describe('npm run bench --load-generator (numbers are printed, never asserted)', () => {
  beforeAll(() => buildBench(), 120_000);

  describe('busy-poll', () => {
    let run: BenchRun;

    beforeAll(async () => {
      run = await runBenchScript('run.js', [
        '--smoke',
        '--stores',
        'memory',
        '--scenarios',
        'hit-memory',
        '--memory-sessions',
        '0',
        '--load-generator',
        'busy-poll',
      ]);
    }, 120_000);

    it('exits 0 and says in the method that the load generator busy-polled', () => {
      expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.stdout).toContain('- Load generator: busy-polling (its event loop never blocks');
    });

    it('still measures every variant of the scenario', () => {
      const rows = run.stdout.split('\n').filter((line) => line.startsWith('| one session, /hit | memory |'));
      expect(rows).toHaveLength(5);
    });
  });

  it('refuses a mode it does not know, naming the option and the modes it takes', async () => {
    const run = await runBenchScript('run.js', ['--smoke', '--load-generator', 'spin']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--load-generator takes sleep or busy-poll (got spin)');
    expect(run.stdout).toBe('');
  }, 30_000);
});
