import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import type { RedisClientType } from 'redis';
import type { ConditionalWriteStore } from '../store-capabilities.js';
import type { RedisSessionClient } from './redis-store.options.js';

type Callback = (error?: unknown) => void;
type GetCallback = (error: unknown, session?: SessionData | null) => void;

/** What {@link RedisSessionStore} needs besides the client. */
export interface RedisSessionStoreSettings {
  client: RedisSessionClient;
  prefix?: string;
  ttl: (session: SessionData) => number;
  disableTouch?: boolean;
  /** Settles once an owned client's first connection attempt is over (connected or failed). */
  firstAttempt?: Promise<void>;
}

/**
 * connect-redis's `RedisStore` plus a conditional write (`SET … XX`), so a session destroyed by a
 * logout on any instance is never written back by a slower request. Operations issued while an owned
 * client is still making its first connection wait for that attempt instead of failing at once.
 */
export class RedisSessionStore extends RedisStore implements ConditionalWriteStore {
  /** Pending while an owned client makes its first connection attempt; `undefined` afterwards. */
  private firstAttempt: Promise<void> | undefined;

  constructor(settings: RedisSessionStoreSettings) {
    super({
      // connect-redis types its option as `any` and calls node-redis's get/set/expire/del/mGet/scan.
      client: settings.client,
      prefix: settings.prefix,
      ttl: settings.ttl,
      disableTouch: settings.disableTouch,
    });
    const firstAttempt = settings.firstAttempt;
    if (firstAttempt) {
      this.firstAttempt = firstAttempt.then(() => {
        this.firstAttempt = undefined;
      });
    }
  }

  override get(sid: string, callback?: GetCallback): Promise<unknown> {
    return this.afterFirstAttempt(() => super.get(sid, callback));
  }

  override set(sid: string, session: SessionData, callback?: Callback): Promise<unknown> {
    return this.afterFirstAttempt(() => super.set(sid, session, callback));
  }

  override touch(sid: string, session: SessionData, callback?: Callback): Promise<unknown> {
    return this.afterFirstAttempt(() => super.touch(sid, session, callback));
  }

  override destroy(sid: string, callback?: Callback): Promise<unknown> {
    return this.afterFirstAttempt(() => super.destroy(sid, callback));
  }

  /** Writes the session only if its key still exists; calls back `written: false` otherwise. */
  setIfExists(sid: string, session: SessionData, callback: (error?: unknown, written?: boolean) => void): void {
    let write: Promise<boolean>;
    try {
      write = this.afterFirstAttempt(() => this.writeIfExists(sid, session));
    } catch (error) {
      // The serializer throws on what JSON cannot carry (a BigInt, a cycle).
      return callback(error);
    }
    write.then(
      (written) => callback(undefined, written),
      (error: unknown) => callback(error),
    );
  }

  private writeIfExists(sid: string, session: SessionData): Promise<boolean> {
    const key = this.prefix + sid;
    const client = this.client as RedisClientType;
    const seconds = this.secondsToLive(session);
    if (seconds <= 0) {
      // connect-redis deletes a session whose cookie has already expired instead of writing it.
      return client.del([key]).then(() => false);
    }
    const value = this.serializer.stringify(session);
    return client
      .set(key, value, { condition: 'XX', expiration: { type: 'EX', value: seconds } })
      .then((reply) => reply !== null);
  }

  /** Runs `operation` now, or once the owned client's first connection attempt is over: no extra promise after that. */
  private afterFirstAttempt<T>(operation: () => Promise<T>): Promise<T> {
    return this.firstAttempt ? this.firstAttempt.then(operation) : operation();
  }

  private secondsToLive(session: SessionData): number {
    return typeof this.ttl === 'function' ? this.ttl(session) : this.ttl;
  }
}

/**
 * The TTL rule given to connect-redis: the cookie's remaining lifetime in whole seconds (rounded up, as
 * connect-redis does) when it has an expiry, `cookielessSeconds` otherwise.
 */
export function cookieTtl(cookielessSeconds: number): (session: SessionData) => number {
  return (session) => {
    const expires = session.cookie?.expires;
    if (!expires) {
      return cookielessSeconds;
    }
    return Math.ceil((new Date(expires).getTime() - Date.now()) / 1000);
  };
}
