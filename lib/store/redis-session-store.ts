import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import type { RedisClientType } from 'redis';
import type { ConditionalWriteStore } from './guarded-store.js';
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
  private readonly firstAttempt: Promise<void>;

  constructor(settings: RedisSessionStoreSettings) {
    super({
      // connect-redis types its option as `any` and calls node-redis's get/set/expire/del/mGet/scan.
      client: settings.client,
      prefix: settings.prefix,
      ttl: settings.ttl,
      disableTouch: settings.disableTouch,
    });
    this.firstAttempt = settings.firstAttempt ?? Promise.resolve();
  }

  override async get(sid: string, callback?: GetCallback): Promise<unknown> {
    await this.firstAttempt;
    return super.get(sid, callback);
  }

  override async set(sid: string, session: SessionData, callback?: Callback): Promise<unknown> {
    await this.firstAttempt;
    return super.set(sid, session, callback);
  }

  override async touch(sid: string, session: SessionData, callback?: Callback): Promise<unknown> {
    await this.firstAttempt;
    return super.touch(sid, session, callback);
  }

  override async destroy(sid: string, callback?: Callback): Promise<unknown> {
    await this.firstAttempt;
    return super.destroy(sid, callback);
  }

  /** Writes the session only if its key still exists; calls back `written: false` otherwise. */
  setIfExists(sid: string, session: SessionData, callback: (error?: unknown, written?: boolean) => void): void {
    this.writeIfExists(sid, session).then(
      (written) => callback(undefined, written),
      (error: unknown) => callback(error),
    );
  }

  private async writeIfExists(sid: string, session: SessionData): Promise<boolean> {
    await this.firstAttempt;
    const key = this.prefix + sid;
    const seconds = this.secondsToLive(session);
    if (seconds <= 0) {
      // connect-redis deletes a session whose cookie has already expired instead of writing it.
      await (this.client as RedisClientType).del([key]);
      return false;
    }
    const value = this.serializer.stringify(session);
    const client = this.client as RedisClientType;
    const reply = await client.set(key, value, { condition: 'XX', expiration: { type: 'EX', value: seconds } });
    return reply !== null;
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
