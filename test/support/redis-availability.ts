import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';

/** The shared Redis of the machine / CI (never stopped or reconfigured by tests). */
export const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why the shared Redis at REDIS_URL cannot be used, or `undefined` when it answers PING. */
export async function sharedRedisUnavailable(): Promise<string | undefined> {
  const url = new URL(SHARED_REDIS_URL);
  const port = Number(url.port || 6379);
  const answered = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: url.hostname, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => finish(/PONG|NOAUTH/.test(data.toString())));
  });
  return answered ? undefined : `no Redis answers at REDIS_URL=${SHARED_REDIS_URL}`;
}

/** Why the test cannot start its own redis-server, or `undefined` when the binaries exist. */
export function redisBinariesUnavailable(): string | undefined {
  for (const binary of ['redis-server', 'redis-cli']) {
    if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).status !== 0) {
      return `the ${binary} binary is not installed`;
    }
  }
  return undefined;
}

/**
 * `describe` when `reason` is undefined. Otherwise, unless REQUIRE_REDIS=1, the block is skipped with one
 * console line saying why; with REQUIRE_REDIS=1 it becomes a failing test.
 */
export function describeIfRedis(reason: string | undefined): (name: string, body: () => void) => void {
  if (reason === undefined) {
    return (name, body) => describe(name, body);
  }
  if (process.env.REQUIRE_REDIS === '1') {
    return (name) =>
      describe(name, () => {
        it('needs Redis (REQUIRE_REDIS=1)', () => {
          throw new Error(`${reason}, and REQUIRE_REDIS=1 makes Redis tests mandatory`);
        });
      });
  }
  return (name, body) => {
    // stderr, not console: jest drops the console output of a file whose tests are all skipped.
    process.stderr.write(`Skipping "${name}": ${reason} (set REQUIRE_REDIS=1 to make this a failure).\n`);
    describe.skip(name, body);
  };
}
