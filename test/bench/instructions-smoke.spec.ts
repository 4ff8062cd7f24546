import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function valgrindMissing(): string | undefined {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'valgrind is not installed (apt-get install -y valgrind)';
  }
}

/** Runs `bench/dist/instructions.js --smoke` on two scenarios, as `npm run bench:instructions` would. */
function runSmoke(): Promise<Run> {
  const args = ['--smoke', '--stores', 'memory', '--scenarios', 'hit-memory,none'];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench/dist/instructions.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

const missing = valgrindMissing();
if (missing) {
  console.log(`Instruction-count smoke skipped: ${missing}.`);
}

(missing ? describe.skip : describe)('npm run bench:instructions --smoke (counts printed, never asserted)', () => {
  let run: Run;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/index.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    }
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'bench/tsconfig.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    run = await runSmoke();
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
    }
    expect(run.stdout.split('\n').filter((line) => /^- (held|MISSED): /.test(line))).toHaveLength(3);
  });
});
