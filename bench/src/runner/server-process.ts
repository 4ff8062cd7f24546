import { spawn, type ChildProcess } from 'node:child_process';
import { cpuTimeMicros } from './proc-cpu.js';

/** How to start one server variant. */
export interface ServerSpec {
  readonly name: string;
  /** Path of the compiled server script. */
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  readonly nodeArgs?: readonly string[];
  /** How long to wait for `BENCH_READY` (default 20 s; a server under valgrind starts far slower). */
  readonly readyTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const running = new Set<ChildProcess>();

/** A server variant running in its own process, with its port and CPU counter. */
export class ServerProcess {
  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly output: () => string,
  ) {}

  /** Starts the server (through `prefix`, e.g. taskset) and waits for its `BENCH_READY <port>` line. */
  static async start(spec: ServerSpec, prefix: readonly string[]): Promise<ServerProcess> {
    const command = [...prefix, process.execPath, ...(spec.nodeArgs ?? []), spec.script];
    // taskset and valgrind exec node, so the child's pid is the server's own pid (read in /proc, given to callgrind).
    const child = spawn(command[0], command.slice(1), {
      env: { ...process.env, NODE_ENV: 'production', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const readyTimeoutMs = spec.readyTimeoutMs ?? READY_TIMEOUT_MS;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${spec.name}: not ready after ${readyTimeoutMs} ms\n${log}`)), readyTimeoutMs);
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
    return new ServerProcess(spec.name, port, child, () => log);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** CPU time (user + system) the server has used so far, in µs. */
  cpuMicros(): number {
    return cpuTimeMicros(this.pid);
  }

  /** Whatever the server wrote to stdout/stderr. */
  get log(): string {
    return this.output();
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
