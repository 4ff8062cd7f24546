import session from 'express-session';
import type { Request } from 'express';
import type { Session, SessionData, Store } from 'express-session';
import { callWithDeadline, type Done } from './call-with-deadline.js';
import { marksOf } from '../request/session-request.js';
import { isSessionRecord } from './session-record.js';
import { SessionStoreError } from './session-store.errors.js';

/**
 * A store that can write a session only if its record still exists (Redis `SET … XX`, a Mongo update
 * without upsert). Calls back `written: false` when the record is gone.
 */
export interface ConditionalWriteStore {
  setIfExists(sid: string, data: SessionData, callback: (error?: unknown, written?: boolean) => void): void;
}

type StoreCallback = (error?: unknown) => void;

/**
 * Wraps the user's store for the middleware: every operation has a deadline, failures become
 * {@link SessionStoreError}s, corrupt records read as "no session", and a session that was loaded is
 * written back only if it still exists, so a logout is never undone by a slower request.
 */
export class GuardedStore extends session.Store {
  constructor(
    readonly inner: Store,
    private readonly timeoutMs: number,
  ) {
    super();
    inner.on?.('disconnect', () => {
      this.ready = false;
      this.emit('disconnect');
    });
    inner.on?.('connect', () => {
      this.ready = true;
      this.emit('connect');
    });
  }

  /** False between the inner store's `disconnect` and `connect` events. */
  ready = true;

  override get(sid: string, callback: (error: unknown, data?: SessionData | null) => void): void {
    this.call<unknown>('get', (done) => this.inner.get(sid, done), (error, value) => {
      if (error instanceof SyntaxError) {
        return callback(null, null);
      }
      if (error) {
        return callback(this.failure('get', error));
      }
      callback(null, isSessionRecord(value) ? value : null);
    });
  }

  override set(sid: string, data: SessionData, callback?: StoreCallback): void {
    // The write stands in for the store touch that follows it (skipped in touch()), so it carries the
    // renewed expiry: express-session touches only at the end of the response, after an earlier save.
    touchCookie(data);
    const request = requestOf(data);
    const conditional = request !== undefined && marksOf(request).loadedId === sid;
    this.call<unknown>(
      'set',
      (done) => (conditional ? this.writeIfExists(sid, data, done) : this.inner.set(sid, data, done)),
      (error) => {
        if (error) {
          return callback?.(this.failure('set', error));
        }
        if (request) {
          marksOf(request).savedId = sid;
        }
        callback?.();
      },
    );
  }

  override destroy(sid: string, callback?: StoreCallback): void {
    this.call<unknown>('destroy', (done) => this.inner.destroy(sid, done), (error) => {
      callback?.(error ? this.failure('destroy', error) : undefined);
    });
  }

  override touch(sid: string, data: SessionData, callback?: StoreCallback): void {
    const touch = this.inner.touch?.bind(this.inner);
    if (!touch || savedIdOf(data) === sid) {
      return callback?.();
    }
    this.call<unknown>('touch', (done) => touch(sid, data, done), (error) => {
      callback?.(error ? this.failure('touch', error) : undefined);
    });
  }

  override createSession(req: Request, data: SessionData): Session & SessionData {
    marksOf(req).loadedId = req.sessionID;
    return super.createSession(req, data);
  }

  private writeIfExists(sid: string, data: SessionData, done: Done<unknown>): void {
    if (isConditionalWriteStore(this.inner)) {
      return this.inner.setIfExists(sid, data, (error) => done(error));
    }
    this.inner.get(sid, (error, existing) => {
      if (error && !(error instanceof SyntaxError)) {
        return done(error);
      }
      if (!error && !existing) {
        return done();
      }
      this.inner.set(sid, data, done);
    });
  }

  private call<T>(operation: string, start: (done: Done<T>) => void, done: Done<T>): void {
    callWithDeadline(this.timeoutMs, start, () => new SessionStoreError('timeout', operation), done);
  }

  private failure(operation: string, error: unknown): SessionStoreError {
    if (error instanceof SessionStoreError) {
      return error;
    }
    const kind = error instanceof TypeError && operation === 'set' ? 'serialization' : 'unavailable';
    return new SessionStoreError(kind, operation, { cause: error });
  }
}

/** Resets the cookie's expiry to `maxAge` from now, as `Session#touch()` does; plain records are left as they are. */
function touchCookie(data: SessionData): void {
  const touch = (data as Partial<Session>).touch;
  if (typeof touch === 'function') {
    touch.call(data);
  }
}

function requestOf(data: SessionData): object | undefined {
  return (data as { req?: object }).req;
}

function savedIdOf(data: SessionData): string | undefined {
  const request = requestOf(data);
  return request === undefined ? undefined : marksOf(request).savedId;
}

function isConditionalWriteStore(store: Store): store is Store & ConditionalWriteStore {
  return typeof (store as Partial<ConditionalWriteStore>).setIfExists === 'function';
}
