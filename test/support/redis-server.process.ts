import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';
import { redisCli } from './redis-cli.js';
import { waitFor } from './wait-for.js';

/**
 * A redis-server owned by one test file, on a free loopback port, without persistence. Tests may stop,
 * freeze (SIGSTOP), thaw and restart it; `stop()` in afterAll is mandatory. Never the shared server.
 */
export class RedisServerProcess {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly extraArgs: string[],
  ) {}

  /** Starts a server on a free port and resolves once it answers PING. */
  static async start(extraArgs: string[] = []): Promise<RedisServerProcess> {
    const server = await RedisServerProcess.notStarted(extraArgs);
    await server.restart();
    return server;
  }

  /** Picks a free port for a server that is not running yet (start it with {@link restart}). */
  static async notStarted(extraArgs: string[] = []): Promise<RedisServerProcess> {
    return new RedisServerProcess(await freePort(), extraArgs);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** (Re)starts the process on the same port and waits until it answers PING. */
  async restart(): Promise<void> {
    if (this.running) {
      return;
    }
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.extraArgs];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    await waitFor(`redis-server on port ${this.port}`, async () => child.exitCode === null && (await redisCli(this.port, ['PING'], 1000)) === 'PONG');
  }

  /** Stops the process (SIGKILL: an abrupt outage) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: the port stays open, nothing answers. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** SIGCONT after {@link freeze}. */
  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Runs a redis-cli command against this server. */
  cli(...args: string[]): Promise<string> {
    return redisCli(this.port, args);
  }
}
