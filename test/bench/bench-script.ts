import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** How a bench script ended. */
export interface BenchRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Builds the library when this spec runs alone (`npm test` builds it first, in pretest) and compiles bench/. */
export function buildBench(): void {
  if (!existsSync(join(ROOT, 'dist/index.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'bench/tsconfig.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** Runs `bench/dist/<script>` in its own Node process, as its npm script would, and collects its output. */
export function runBenchScript(script: string, args: readonly string[]): Promise<BenchRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench/dist', script), ...args], {
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
