import { execFileSync } from 'node:child_process';
import { buildBench, runBenchScript, type BenchRun } from './bench-script.js';

function valgrindMissing(): string | undefined {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'valgrind is not installed (apt-get install -y valgrind)';
  }
}

const missing = valgrindMissing();
if (missing) {
  console.log(`Instruction-count smoke skipped: ${missing}.`);
}

(missing ? describe.skip : describe)('npm run bench:instructions --smoke (counts printed, never asserted)', () => {
  let run: BenchRun;

  beforeAll(async () => {
    buildBench();
    // Two scenarios, memory store only: a server under callgrind takes seconds to start.
    run = await runBenchScript('instructions.js', ['--smoke', '--stores', 'memory', '--scenarios', 'hit-memory,none']);
  }, 300_000);

  it('exits 0: every server started under callgrind, answered 2xx and was stopped', () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('prints a positive instruction count for each budget variant and judges each budget', () => {
    const rows = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| Scenario'))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    expect(rows.map(([scenario, , variant]) => `${scenario} / ${variant.split('.')[0]}`)).toEqual([
      'one session, /hit / 2',
      'one session, /hit / 3',
      'one session, /hit / 3g',
      'excluded route, /none / 2',
      'excluded route, /none / 3',
      'excluded route, /none / 4',
    ]);
    for (const row of rows) {
      expect(Number(row[3])).toBeGreaterThan(0);
      expect(Number(row[6])).toBeGreaterThan(0);
    }
    const verdict = /: mean [\d.]+ (held|MISSED), lowest window [\d.]+ (held|MISSED)$/;
    expect(run.stdout.split('\n').filter((line) => line.startsWith('- ') && verdict.test(line))).toHaveLength(3);
  });
});
