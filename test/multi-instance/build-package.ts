import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Compiles lib/ into a fresh temporary directory (never the shared dist/) with a `node_modules` link to
 * the project's, so the child processes resolve the package's dependencies. Resolves with its path.
 */
export async function buildPackageIntoTemp(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'nes-multi-instance-'));
  await symlink(join(ROOT, 'node_modules'), join(base, 'node_modules'), 'dir');
  const dir = join(base, 'dist');
  await new Promise<void>((done, fail) => {
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir, '--sourceMap', 'false', '--declaration', 'false'],
      { cwd: ROOT, timeout: 120_000 },
      (error, stdout) => (error && !/error TS/.test(stdout) ? fail(error) : done()),
    );
  });
  return { dir, remove: () => rm(base, { recursive: true, force: true }) };
}
