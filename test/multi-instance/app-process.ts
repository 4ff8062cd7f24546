import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'session-server.mjs');

/** One app instance in its own Node process (fixtures/session-server.mjs over the built package). */
export class AppProcess {
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static async start(env: Record<string, string>): Promise<AppProcess> {
    const child = spawn(process.execPath, [FIXTURE], {
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: join(dirname(FIXTURE), '..', '..', '..'),
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`app process did not start: ${stderr}`)), 20_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /LISTENING (\d+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`app process exited with ${code}: ${stderr}`));
      });
    });
    return new AppProcess(child, `http://127.0.0.1:${port}`);
  }

  /**
   * SIGTERM: the fixture closes the app and its own clients and must then exit by itself (nothing left
   * open). Resolves with whether it did within `timeoutMs`; kills it otherwise.
   */
  async stop(timeoutMs = 5000): Promise<{ exitedByItself: boolean; stderr: string }> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return { exitedByItself: true, stderr: this.stderr };
    }
    const exited = new Promise<boolean>((resolve) => this.child.once('exit', () => resolve(true)));
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const exitedByItself = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (!exitedByItself) {
      this.child.kill('SIGKILL');
      await exited;
    }
    return { exitedByItself, stderr: this.stderr };
  }
}
