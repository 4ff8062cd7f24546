import { Logger } from '@nestjs/common';
import type { Request } from 'express';
import session from 'express-session';
import type { SessionData, Store } from 'express-session';
import { DeadlineQueue, type Done } from './call-with-deadline.js';
import { sessionFingerprint } from './session-fingerprint.js';
import { atRestKey, stableIdOf, type AtRestKeys } from './session-id-at-rest.js';
import { isSessionRecord } from './session-record.js';
import { SessionStoreError } from './session-store.errors.js';
import {
  hasMergeIfExists,
  hasRefuseWritesAfter,
  hasSetIfAbsent,
  hasSetIfExists,
  hasTouchIfExists,
  type StoredSessionChanges,
} from './store-capabilities.js';
import { sessionOwnerOf } from './session-owner.js';
import { hasUserSessionIndex, type IndexedSession, type UserSessionIndexStore } from './user-session-index.js';
import { IndexRefreshes } from './index-refreshes.js';

const logger = new Logger('SessionModule');

/** Emitted by {@link GuardedStore} with the operation's name when the store stops answering. */
export const STORE_DOWN_EVENT = 'store-down';
/** Emitted by {@link GuardedStore} with the operation's name when it answers again. */
export const STORE_UP_EVENT = 'store-up';

/** Emitted by {@link GuardedStore} with a session ID once its record was deleted. */
export const SESSION_DESTROYED_EVENT = 'destroyed';

type StoreCallback = (error?: SessionStoreError) => void;
type OutcomeCallback = (error?: SessionStoreError, outcome?: boolean) => void;

/**
 * The user's store as the request path uses it: every operation has a deadline, failures become
 * {@link SessionStoreError}s, records that are not sessions read as "no session", and writes can be
 * conditional (only if the record exists / only if it does not). Knows nothing of requests.
 */
export class GuardedStore extends session.Store {
  private readonly deadlines: DeadlineQueue;
  private readonly innerTouch: Store['touch'];

  constructor(
    readonly inner: Store,
    timeoutMs: number,
    private readonly keys: AtRestKeys = { hashIds: true, legacyIds: false },
  ) {
    super();
    this.deadlines = new DeadlineQueue(timeoutMs);
    if (hasRefuseWritesAfter(inner)) {
      inner.refuseWritesAfter(timeoutMs);
    }
    this.innerTouch = inner.touch?.bind(inner);
    inner.on?.('disconnect', () => {
      this.ready = false;
      this.emit('disconnect');
    });
    inner.on?.('connect', () => {
      this.ready = true;
      this.emit('connect');
    });
  }

  /** True from a failed operation (timeout, connection) until the next one that succeeds. */
  private down = false;

  /** False between the inner store's `disconnect` and `connect` events. */
  ready = true;

  /** express-session's `store.generate(req)`: a new session on `req`; set by the request path. */
  generate: (req: Request) => void = () => {
    throw new Error('GuardedStore.generate() is set by the session middleware');
  };

  /** True when the inner store can renew an expiry (express-session skips the touch otherwise). */
  get canTouch(): boolean {
    return this.innerTouch !== undefined;
  }

  /** True when an operation ran out of time less than `storeTimeout` ago and the store has answered nothing since. */
  get isUnanswered(): boolean {
    return this.deadlines.isUnanswered;
  }

  /** True when writes of existing sessions are atomic (`setIfExists`). */
  get hasAtomicConditionalWrite(): boolean {
    return hasSetIfExists(this.inner);
  }

  /**
   * Reads a record: `null` for none, `ENOENT`, or a record that is not a session. With `legacyIds`, a session
   * missing under its hashed key is looked up under its raw ID once and moved.
   */
  override get(sid: string, callback: (error: SessionStoreError | null, data?: SessionData | null) => void): void {
    const key = this.keyOf(sid);
    this.read(key, sid, (error, record) => {
      if (error || record || !this.keys.legacyIds || key === sid) {
        return callback(error, record);
      }
      this.read(sid, sid, (legacyError, legacy) => {
        if (legacyError || !legacy) {
          return callback(legacyError, null);
        }
        this.call<unknown>('set', (done) => this.inner.set(key, legacy, done), (setError) => {
          if (setError) {
            return callback(this.failure('set', setError));
          }
          this.call<unknown>('destroy', (done) => this.inner.destroy(sid, done), () => callback(null, legacy));
        });
      });
    });
  }

  /** The store key of `sid`: its {@link atRestKey}, or the ID itself with `hashIds: false`. */
  keyOf(sid: string): string {
    const stable = this.keys.renewableIds ? stableIdOf(sid) : sid;
    return this.keys.hashIds ? atRestKey(stable) : stable;
  }

  private read(key: string, sid: string, callback: (error: SessionStoreError | null, data?: SessionData | null) => void): void {
    this.call<unknown>('get', (done) => this.inner.get(key, done), (error, value) => {
      if (error) {
        if (isNotFound(error)) {
          return callback(null, null);
        }
        if (isCorruptRecordError(error)) {
          warnCorrupt(sid);
          return callback(null, null);
        }
        return callback(this.failure('get', error));
      }
      if (value === null || value === undefined) {
        return callback(null, null);
      }
      if (!isSessionRecord(value)) {
        warnCorrupt(sid);
        return callback(null, null);
      }
      callback(null, value);
    });
  }

  /** Writes unconditionally (express-session's `set`). */
  override set(sid: string, data: SessionData, callback?: StoreCallback): void {
    const key = this.keyOf(sid);
    this.call<unknown>('set', this.indexed(key, data, (done) => this.inner.set(key, data, done)), (error) => {
      callback?.(error ? this.failure('set', error) : undefined);
    });
  }

  /** Writes only if the record exists; `written: false` when it is gone (a logout, an expiry, a revocation). */
  setIfExists(sid: string, data: SessionData, callback: OutcomeCallback): void {
    const inner = this.inner;
    const key = this.keyOf(sid);
    this.call<boolean>(
      'set',
      this.indexed(key, data, (done) => {
        if (hasSetIfExists(inner)) {
          return inner.setIfExists(key, data, done);
        }
        inner.get(key, (error, existing) => {
          if (error && !isNotFound(error) && !(error instanceof SyntaxError)) {
            return done(error);
          }
          if (!existing) {
            return done(undefined, false);
          }
          inner.set(key, data, (setError?: unknown) => done(setError, true));
        });
      }),
      (error, written) => (error ? callback(this.failure('set', error)) : callback(undefined, written !== false)),
    );
  }

  /**
   * Applies one request's changes to the record as stored now (`mergeIfExists`), or, for a store that
   * cannot, writes the whole session with {@link setIfExists}. Calls back the record's new version.
   */
  mergeIfExists(
    sid: string,
    data: SessionData,
    changes: StoredSessionChanges,
    callback: (error?: SessionStoreError, written?: boolean, version?: unknown) => void,
  ): void {
    const inner = this.inner;
    if (!hasMergeIfExists(inner)) {
      return this.setIfExists(sid, data, callback);
    }
    const key = this.keyOf(sid);
    this.call<{ written: boolean; version: unknown }>(
      'set',
      this.indexed(key, data, (done) =>
        inner.mergeIfExists(key, data, changes, (error, written, version) => done(error, { written: written !== false, version })),
      ),
      (error, outcome) => (error ? callback(this.failure('set', error)) : callback(undefined, outcome?.written, outcome?.version)),
    );
  }

  /** Writes a new session only if no record has its ID; `created: false` when one does. */
  setIfAbsent(sid: string, data: SessionData, callback: OutcomeCallback): void {
    const inner = this.inner;
    const key = this.keyOf(sid);
    this.call<boolean>(
      'set',
      this.indexed(key, data, (done) =>
        hasSetIfAbsent(inner) ? inner.setIfAbsent(key, data, done) : inner.set(key, data, (error?: unknown) => done(error, true)),
      ),
      (error, created) => (error ? callback(this.failure('set', error)) : callback(undefined, created !== false)),
    );
  }

  /**
   * Renews the record's expiry. `alive` is `false` when the store says the record is gone, `undefined`
   * when it cannot tell. A store without `touch` is not called, as in express-session.
   */
  override touch(sid: string, data: SessionData, callback?: OutcomeCallback): void {
    const inner = this.inner;
    const touch = this.innerTouch;
    if (touch === undefined) {
      callback?.();
      return;
    }
    const key = this.keyOf(sid);
    this.call<boolean>(
      'touch',
      this.indexed(key, data, (done) =>
        hasTouchIfExists(inner) ? inner.touchIfExists(key, data, done) : touch(key, data, (error?: unknown) => done(error)),
      ),
      (error, alive) => callback?.(error ? this.failure('touch', error) : undefined, alive),
    );
  }

  /** Deletes a record; once the store confirmed, emits `'destroyed'` with the ID (WebSocket sessions end on it). */
  override destroy(sid: string, callback?: StoreCallback): void {
    this.call<unknown>('destroy', (done) => this.inner.destroy(this.keyOf(sid), done), (error) => {
      const failure = error && !isNotFound(error) ? this.failure('destroy', error) : undefined;
      if (!failure) {
        this.emit(SESSION_DESTROYED_EVENT, sid);
      }
      callback?.(failure);
    });
  }

  /** Set by {@link maintainUserIndex}: the store's per-user index and when its entries were refreshed here. */
  private userIndex: { readonly store: UserSessionIndexStore; readonly refreshes: IndexRefreshes } | undefined;

  /**
   * Turns the per-user index on (the `users` option): each write or touch of a session with an owner also
   * refreshes its entry, at most once per `refreshMs` per entry in this process. False (and nothing changes)
   * when the store keeps no index.
   */
  maintainUserIndex(refreshMs: number): boolean {
    const inner = this.inner;
    if (!hasUserSessionIndex(inner)) {
      return false;
    }
    this.userIndex = { store: inner, refreshes: new IndexRefreshes(refreshMs) };
    return true;
  }

  /** How long an entry outlives its session's expiry (the refresh interval and a clock margin); 0 when the index is off. */
  get indexGraceMs(): number {
    return this.userIndex?.refreshes.graceMs ?? 0;
  }

  /** Reads the record stored under `key` (an at-rest key, as an index entry holds it). */
  readKey(key: string, callback: (error: SessionStoreError | null, data?: SessionData | null) => void): void {
    this.read(key, key, callback);
  }

  /** Deletes the record stored under `key`. */
  destroyKey(key: string, callback: StoreCallback): void {
    this.call<unknown>('destroy', (done) => this.inner.destroy(key, done), (error) => {
      callback(error && !isNotFound(error) ? this.failure('destroy', error) : undefined);
    });
  }

  /** The user's index entries (not yet verified against their records). */
  indexedSessions(userId: string, callback: (error?: SessionStoreError, sessions?: IndexedSession[]) => void): void {
    const index = this.userIndex?.store;
    if (index === undefined) {
      return callback(undefined, []);
    }
    this.call<IndexedSession[]>('get', (done) => index.indexedSessions(userId, done), (error, sessions) =>
      error ? callback(this.failure('get', error)) : callback(undefined, sessions ?? []),
    );
  }

  /** Removes entries from the user's index. */
  unindexSessions(userId: string, handles: readonly string[], callback: StoreCallback): void {
    const index = this.userIndex?.store;
    if (index === undefined || handles.length === 0) {
      return process.nextTick(callback);
    }
    this.call<unknown>('destroy', (done) => index.unindexSessions(userId, handles, done), (error) =>
      callback(error ? this.failure('destroy', error) : undefined),
    );
  }

  /**
   * `start`, and alongside it (same tick: one round trip on a pipelining client) the index update of a
   * session that has an owner, when its entry is due for a refresh; completes once both did, with the first
   * failure. Otherwise (no `users` option, no owner, refreshed recently) `start` alone.
   */
  private indexed<T>(key: string, data: SessionData, start: (done: Done<T>) => unknown): (done: Done<T>) => unknown {
    const userIndex = this.userIndex;
    if (userIndex === undefined) {
      return start;
    }
    const { store: index, refreshes } = userIndex;
    const owner = sessionOwnerOf(data);
    if (owner === undefined || !refreshes.due(owner.handle, key, data.cookie?.originalMaxAge, Date.now())) {
      return start;
    }
    return (done) => {
      let pending = 2;
      let failure: unknown;
      let result: T | undefined;
      let started = false;
      const settle = (error: unknown): void => {
        failure ??= error ?? undefined;
        if (--pending === 0) {
          done(failure, result);
        }
      };
      // Like the deadline queue: the store's callback or its returned promise, whichever comes first.
      const onStart: Done<T> = (error, value) => {
        if (!started) {
          started = true;
          result = value;
          settle(error);
        }
      };
      const outcome = start(onStart);
      if (outcome instanceof Promise) {
        outcome.then((value: T) => onStart(undefined, value), (error: unknown) => onStart(error ?? new Error('store promise rejected')));
      }
      index.indexSession(key, data, refreshes.graceMs, (error?: unknown) => {
        if (error) {
          refreshes.failed(owner.handle);
        }
        settle(error);
      });
    };
  }

  private call<T>(operation: string, start: (done: Done<T>) => unknown, done: Done<T>): void {
    this.deadlines.call(start, () => new SessionStoreError('timeout', operation), (error, value) => {
      this.observe(operation, error);
      done(error, value);
    });
  }

  /** Emits `'store-down'` at the first failure that means the store is not answering, `'store-up'` once it answers again. */
  private observe(operation: string, error: unknown): void {
    const failed =
      error !== undefined &&
      error !== null &&
      !isNotFound(error) &&
      !isCorruptRecordError(error) &&
      !(error instanceof TypeError || error instanceof RangeError);
    if (failed !== this.down) {
      this.down = failed;
      this.emit(failed ? STORE_DOWN_EVENT : STORE_UP_EVENT, operation);
    }
  }

  private failure(operation: string, error: unknown): SessionStoreError {
    if (error instanceof SessionStoreError) {
      return error;
    }
    const serialization = (error instanceof TypeError || error instanceof RangeError) && operation === 'set';
    return new SessionStoreError(serialization ? 'serialization' : 'unavailable', operation, { cause: error });
  }
}

/** express-session's store contract: an error with `code: 'ENOENT'` means "not found". */
function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

/** A record the store cannot decode (bad JSON) or a key of the wrong type (Redis `WRONGTYPE`). */
function isCorruptRecordError(error: unknown): boolean {
  return error instanceof SyntaxError || (error instanceof Error && error.message.startsWith('WRONGTYPE'));
}

function warnCorrupt(sid: string): void {
  logger.warn(`Stored session ${sessionFingerprint(sid)} is not a valid session record; read as no session.`);
}
