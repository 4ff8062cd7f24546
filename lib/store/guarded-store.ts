import { Logger } from '@nestjs/common';
import type { Request } from 'express';
import session from 'express-session';
import type { SessionData, Store } from 'express-session';
import { DeadlineQueue, type Done } from './call-with-deadline.js';
import { sessionFingerprint } from './session-fingerprint.js';
import { atRestKey, type AtRestKeys } from './session-id-at-rest.js';
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
    return this.keys.hashIds ? atRestKey(sid) : sid;
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
    this.call<unknown>('set', (done) => this.inner.set(this.keyOf(sid), data, done), (error) => {
      callback?.(error ? this.failure('set', error) : undefined);
    });
  }

  /** Writes only if the record exists; `written: false` when it is gone (a logout, an expiry, a revocation). */
  setIfExists(sid: string, data: SessionData, callback: OutcomeCallback): void {
    const inner = this.inner;
    this.call<boolean>(
      'set',
      (done) => {
        if (hasSetIfExists(inner)) {
          return inner.setIfExists(this.keyOf(sid), data, done);
        }
        const key = this.keyOf(sid);
        inner.get(key, (error, existing) => {
          if (error && !isNotFound(error) && !(error instanceof SyntaxError)) {
            return done(error);
          }
          if (!existing) {
            return done(undefined, false);
          }
          inner.set(key, data, (setError?: unknown) => done(setError, true));
        });
      },
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
    this.call<{ written: boolean; version: unknown }>(
      'set',
      (done) => inner.mergeIfExists(this.keyOf(sid), data, changes, (error, written, version) => done(error, { written: written !== false, version })),
      (error, outcome) => (error ? callback(this.failure('set', error)) : callback(undefined, outcome?.written, outcome?.version)),
    );
  }

  /** Writes a new session only if no record has its ID; `created: false` when one does. */
  setIfAbsent(sid: string, data: SessionData, callback: OutcomeCallback): void {
    const inner = this.inner;
    this.call<boolean>(
      'set',
      (done) =>
        hasSetIfAbsent(inner)
          ? inner.setIfAbsent(this.keyOf(sid), data, done)
          : inner.set(this.keyOf(sid), data, (error?: unknown) => done(error, true)),
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
    this.call<boolean>(
      'touch',
      (done) =>
        hasTouchIfExists(inner)
          ? inner.touchIfExists(this.keyOf(sid), data, done)
          : touch(this.keyOf(sid), data, (error?: unknown) => done(error)),
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
