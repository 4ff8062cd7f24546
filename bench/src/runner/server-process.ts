import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** How to start one server variant. */
export interface ServerSpec {
  readonly name: string;
  /** Path of the compiled server script. */
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  readonly nodeArgs: readonly string[];
}

// Generous: on a loaded 2-core machine nine Nest servers starting at once can take many seconds each.
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 5_000;
// USER_HZ: /proc reports CPU times in ticks of 1/100 s on Linux (getconf CLK_TCK).
const CLOCK_TICKS_PER_SECOND = 100;
const running = new Set<ChildProcess>();

/**
 * Pins this process (every thread: it runs autocannon) to CPU 0 and returns the prefix that starts servers on
 * CPU 1, so load generation and serving never compete for a core. Falls back to unpinned, and says so.
 */
export function pinLoadGenerator(): { serverPrefix: readonly string[]; note: string } {
  const cores = availableParallelism();
  const unpinned = (reason: string) => ({ serverPrefix: [], note: `NOT pinned: ${reason}` });
  if (cores < 2) {
    return unpinned(`only ${cores} core available`);
  }
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  } catch (error) {
    return unpinned(`taskset failed (${error instanceof Error ? error.message : String(error)})`);
  }
  return { serverPrefix: ['taskset', '-c', '1'], note: `${cores} cores; servers pinned to CPU 1, runner + autocannon to CPU 0 (taskset)` };
}

/** A server variant running in its own process, with its port and CPU counter. */
export class ServerProcess {
  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  /** Starts the server (through `prefix`, e.g. taskset) and waits for its `BENCH_READY <port>` line. */
  static async start(spec: ServerSpec, prefix: readonly string[]): Promise<ServerProcess> {
    const command = [...prefix, process.execPath, ...spec.nodeArgs, spec.script];
    // taskset execs node, so the child's pid is the server's own pid (read in /proc).
    const child = spawn(command[0], command.slice(1), {
      env: { ...process.env, NODE_ENV: 'production', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${spec.name}: not ready after ${READY_TIMEOUT_MS} ms\n${log}`)), READY_TIMEOUT_MS);
      child.stdout?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const match = /BENCH_READY (\d+)/.exec(log);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${spec.name}: exited before ready (code ${code}, signal ${signal})\n${log}`));
      });
    });
    return new ServerProcess(spec.name, port, child);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** User + system CPU time the server (all its threads) has used so far, in µs, from /proc/<pid>/stat. */
  cpuMicros(): number {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    // After the command name (in parentheses, may hold spaces) utime and stime are fields 12 and 13.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
  }

  /** SIGTERM, then SIGKILL if it has not exited in time. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

/** Last resort on an abnormal exit of the runner: kill every server it started. */
export function killAllServers(): void {
  for (const child of running) {
    child.kill('SIGKILL');
  }
}
