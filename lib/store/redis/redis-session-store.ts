import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import type { RedisClientType } from 'redis';
import { isMergeable } from '../apply-changes.js';
import {
  STORED_VERSION,
  type ConditionalWriteStore,
  type CreateIfAbsentStore,
  type DeadlineAwareStore,
  type MergingStore,
  type StoredSessionChanges,
  type TouchIfExistsStore,
} from '../store-capabilities.js';
import { DeadlineWriter, type EvalClient, type WriteCondition } from './redis-deadline-write.js';
import type { RedisSessionClient } from './redis-store.options.js';
import { RedisUserIndex } from './redis-user-index.js';
import type { IndexedSession, UserSessionIndexStore } from '../user-session-index.js';

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
 * connect-redis's `RedisStore` plus conditional writes: `SET … XX`, so a session destroyed by a logout on
 * any instance is never written back by a slower request, and `SET … NX`, so a new session never
 * overwrites another one. Both carry the module's deadline, checked on Redis's clock: a write the module
 * answered 503 for never takes effect later. Operations issued while an owned client is still making its
 * first connection wait for that attempt instead of failing at once.
 */
export class RedisSessionStore
  extends RedisStore
  implements ConditionalWriteStore, CreateIfAbsentStore, TouchIfExistsStore, MergingStore, DeadlineAwareStore, UserSessionIndexStore
{
  /** Pending while an owned client makes its first connection attempt; `undefined` afterwards. */
  private firstAttempt: Promise<void> | undefined;
  private readonly writer: DeadlineWriter;
  private readonly users: RedisUserIndex;

  constructor(settings: RedisSessionStoreSettings) {
    super({
      // connect-redis types its option as `any` and calls node-redis's get/set/expire/del/mGet/scan.
      client: settings.client,
      prefix: settings.prefix,
      ttl: settings.ttl,
      disableTouch: settings.disableTouch,
    });
    this.writer = new DeadlineWriter(settings.client as unknown as EvalClient);
    this.users = new RedisUserIndex(settings.client as unknown as EvalClient, this.prefix, (data) => this.secondsToLive(data));
    const firstAttempt = settings.firstAttempt;
    if (firstAttempt) {
      this.firstAttempt = firstAttempt.then(() => {
        this.firstAttempt = undefined;
      });
    }
  }

  /** connect-redis's `get`, keeping the raw string as the record's version for {@link mergeIfExists}. */
  override get(sid: string, callback?: GetCallback): Promise<unknown> {
    return this.afterFirstAttempt(async () => {
      let session: SessionData | null = null;
      try {
        const raw = await (this.client as RedisClientType).get(this.prefix + sid);
        if (raw !== null && raw !== undefined) {
          const text = String(raw);
          session = (await this.serializer.parse(text)) as SessionData;
          if (isMergeable(session)) {
            Object.defineProperty(session, STORED_VERSION, { value: text, enumerable: false });
          }
        }
      } catch (error) {
        callback?.(error);
        return undefined;
      }
      callback?.(null, session);
      return session;
    });
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

  /** Called by the module with its `storeTimeout`: writes Redis runs later than that are refused. */
  refuseWritesAfter(timeoutMs: number): void {
    this.writer.timeoutMs = timeoutMs;
  }

  /** Writes the session only if its key still exists; calls back `written: false` otherwise. */
  setIfExists(sid: string, session: SessionData, callback: (error?: unknown, written?: boolean) => void): void {
    this.conditionalWrite(sid, session, 'XX', callback);
  }

  /** Writes a new session only if no key has its ID; calls back `created: false` otherwise. */
  setIfAbsent(sid: string, session: SessionData, callback: (error?: unknown, created?: boolean) => void): void {
    this.conditionalWrite(sid, session, 'NX', callback);
  }

  /**
   * connect-redis's touch (`EXPIRE`), reading its reply: `alive: false` when the key is gone, so a rolling
   * response never sends the cookie of a session that ended meanwhile. Nothing is sent with `disableTouch`.
   */
  touchIfExists(sid: string, session: SessionData, callback: (error?: unknown, alive?: boolean) => void): void {
    if (this.disableTouch || this.disableTTL) {
      return callback();
    }
    const key = this.prefix + sid;
    this.settle(() => (this.client as RedisClientType).expire(key, this.secondsToLive(session)).then((reply) => Number(reply) === 1), callback);
  }

  /**
   * Writes one request's changes in one round trip: the whole session if the key still holds the version
   * this request loaded, otherwise only this request's keys and the cookie, replaced in the record as stored
   * now (the merge script); nothing if the key is gone. Calls back the written record as the new version.
   */
  mergeIfExists(
    sid: string,
    session: SessionData,
    changes: StoredSessionChanges,
    callback: (error?: unknown, written?: boolean, version?: unknown) => void,
  ): void {
    const expected = changes.version;
    if (typeof expected !== 'string') {
      return this.setIfExists(sid, session, callback);
    }
    const merge = (key: string, value: string, seconds: number) =>
      this.writer.merge(key, seconds, {
        value,
        expected,
        cookie: JSON.stringify(session.cookie),
        set: [...changes.set].map(([name, json]) => [JSON.stringify(name), json] as const),
        deleted: changes.deleted.map((name) => JSON.stringify(name)),
      });
    this.settle(
      () => this.writeSession(sid, session, undefined, merge),
      (error, written) => callback(error, written !== undefined, written),
    );
  }

  /** Adds or refreshes the session's entry in its user's index (sent alongside the session's own command). */
  indexSession(key: string, session: SessionData, graceMs: number, callback: (error?: unknown) => void): void {
    this.settle(() => this.users.index(key, session, graceMs), callback);
  }

  /** The user's entries whose expiry has not passed (expired ones are pruned by the same script). */
  indexedSessions(userId: string, callback: (error: unknown, sessions?: IndexedSession[]) => void): void {
    this.settle(() => this.users.list(userId), (error, sessions) => callback(error, sessions));
  }

  /** Removes entries from the user's index. */
  unindexSessions(userId: string, handles: readonly string[], callback: (error?: unknown) => void): void {
    this.settle(() => this.users.unindex(userId, handles), callback);
  }

  private conditionalWrite(
    sid: string,
    session: SessionData,
    condition: WriteCondition,
    callback: (error?: unknown, written?: boolean) => void,
  ): void {
    this.settle(
      () => this.writeSession(sid, session, false, (key, value, seconds) => this.writer.write(key, value, seconds, condition)),
      callback,
    );
  }

  /**
   * Serializes the session and hands `write` its key, JSON and TTL; a session whose cookie has already
   * expired is deleted instead, as connect-redis's `set` does, and `write` is not called (`gone`).
   */
  private writeSession<T>(
    sid: string,
    session: SessionData,
    gone: T,
    write: (key: string, value: string, seconds: number) => Promise<T>,
  ): Promise<T> {
    const key = this.prefix + sid;
    const seconds = this.secondsToLive(session);
    if (seconds <= 0) {
      return (this.client as RedisClientType).del([key]).then(() => gone);
    }
    return write(key, this.serializer.stringify(session), seconds);
  }

  /**
   * Runs `operation` (after the first connection attempt) and calls back its outcome; a synchronous throw
   * (the serializer, on what JSON cannot carry: a BigInt, a cycle) is called back too.
   */
  private settle<T>(operation: () => Promise<T>, callback: (error?: unknown, value?: T) => void): void {
    let outcome: Promise<T>;
    try {
      outcome = this.afterFirstAttempt(operation);
    } catch (error) {
      return callback(error);
    }
    outcome.then(
      (value) => callback(undefined, value),
      (error: unknown) => callback(error),
    );
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
