import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { createClient } from 'redis';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

/** The Redis the sample's Redis tests use: REDIS_URL, or the one on this machine. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of this run only, so the shared Redis is never touched outside it. */
export function uniquePrefix(): string {
  return `sample-e2e:${randomUUID()}:`;
}

/** Whether a TCP connection to the Redis in `url` opens within `timeoutMs`. */
export function redisReachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) });
    const done = (reachable: boolean): void => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A direct Redis client for assertions on the raw keys, and cleanup of one prefix. */
export async function openRedisProbe(url: string, prefix: string) {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  return {
    hasSession: async (sessionId: string): Promise<boolean> => (await client.exists(`${prefix}${atRestKey(sessionId)}`)) === 1,
    /** Deletes every key under the prefix and disconnects. */
    close: async (): Promise<void> => {
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
        if (keys.length > 0) {
          await client.del(keys);
        }
      }
      client.destroy();
    },
  };
}
