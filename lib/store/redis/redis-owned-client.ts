import { Logger } from '@nestjs/common';
import { createClient } from 'redis';
import type { RedisSessionClient } from './redis-store.options.js';

const logger = new Logger('SessionModule');
const FIRST_RECONNECT_DELAY_MS = 50;

/** A client opened by the store factory, with what the factory needs to manage it. */
export interface OwnedRedisClient {
  client: RedisSessionClient;
  /** Settles once the first connection attempt is over, whether it connected or failed. */
  firstAttempt: Promise<void>;
  /** Closes the client now (pending commands are rejected); safe to call twice. */
  release(): void;
}

/**
 * Opens a node-redis client that suits a session store: the offline queue is off (a command fails at
 * once while Redis is down instead of hanging the request), errors are logged once per outage instead
 * of crashing the process, and it reconnects forever with a backoff capped at `maxReconnectDelayMs`,
 * so the app recovers by itself when Redis is back.
 */
export function openOwnedRedisClient(url: string, connectTimeoutMs: number, maxReconnectDelayMs: number): OwnedRedisClient {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** retries, maxReconnectDelayMs),
    },
  });
  let outage = false;
  client.on('error', (error: unknown) => {
    if (!outage) {
      outage = true;
      logger.warn(`Redis session store unavailable, reconnecting in the background: ${describe(error)}`);
    }
  });
  client.on('ready', () => {
    if (outage) {
      outage = false;
      logger.log('Redis session store reachable again');
    }
  });
  const firstAttempt = new Promise<void>((resolve) => {
    client.once('ready', () => resolve());
    client.once('error', () => resolve());
  });
  client.connect().catch(() => undefined);
  return {
    client,
    firstAttempt,
    release: () => {
      if (client.isOpen) {
        client.destroy();
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
