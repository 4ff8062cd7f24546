import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * How to start a server under callgrind with counting switched off, so start-up and warm-up run at
 * valgrind's uninstrumented speed. `--smc-check=all-non-file`: V8 writes machine code at run time.
 */
export function callgrindPrefix(outputDir: string): string[] {
  return [
    'valgrind',
    '--tool=callgrind',
    '--instr-atstart=no',
    '--smc-check=all-non-file',
    `--callgrind-out-file=${join(outputDir, 'callgrind.%p')}`,
  ];
}

/** valgrind's version (`valgrind-3.19.0`) when valgrind and callgrind_control can be run here, else `undefined`. */
export async function callgrindVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('valgrind', ['--version']);
    await run('callgrind_control', ['-h']);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/**
 * Counts the instructions (all threads of the process: JIT code, GC, libuv, the kernel-call wrappers; not
 * the kernel itself) that `work` makes the server execute: zero, count, dump, stop counting.
 */
export async function countInstructions(pid: number, outputDir: string, work: () => Promise<void>): Promise<number> {
  await control(pid, '--zero');
  await control(pid, '--instr=on');
  try {
    await work();
    await control(pid, '--dump');
  } finally {
    await control(pid, '--instr=off');
  }
  return readLatestDumpTotal(pid, outputDir);
}

async function control(pid: number, command: string): Promise<void> {
  await run('callgrind_control', [command, String(pid)]);
}

/** The `summary:` (total instructions) of the newest dump `callgrind.<pid>.<n>`. */
async function readLatestDumpTotal(pid: number, outputDir: string): Promise<number> {
  const prefix = `callgrind.${pid}.`;
  const dumps = (await readdir(outputDir))
    .filter((name) => name.startsWith(prefix))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
  const newest = dumps.at(-1);
  if (!newest) {
    throw new Error(`callgrind wrote no dump for pid ${pid} in ${outputDir}`);
  }
  const match = /^summary:\s+(\d+)/m.exec(await readFile(join(outputDir, newest), 'utf8'));
  if (!match) {
    throw new Error(`no summary line in ${newest}`);
  }
  return Number(match[1]);
}
