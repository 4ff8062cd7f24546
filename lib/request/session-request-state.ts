import type { Request } from 'express';
import type { SessionData } from 'express-session';
import { SessionStoreError } from '../store/session-store.errors.js';
import { SESSION_EVENTS } from '../events/session-events.js';
import { expiredBy, stampCreated, type SessionTimeouts, type SessionTimes } from '../lifetimes/session-timeouts.js';
import { STORED_VERSION } from '../store/store-capabilities.js';
import { SessionInterruptedError } from './commit-failures.js';
import { CookieClass } from './express-session-classes.js';
import { ModuleSession } from './module-session.js';
import { cookieOptionsFor, isSecureRequest, type RequestPathSettings } from './request-path.settings.js';
import { claimSessionOwner } from '../users/user-sessions.settings.js';
import {
  currentIdOf,
  isRenewalDue,
  isRenewalState,
  presentedIdStatus,
  renew,
  renewableNewId,
} from '../lifetimes/session-renewal.js';
import { renewalGraceOf } from '../lifetimes/session-timeouts.js';
import { stableIdOf } from '../store/session-id-at-rest.js';
import type { ModuleCookie } from './express-session-classes.js';
import { sessionOwnerOf, type SessionOwner } from '../store/session-owner.js';
import { changesBetween, sameSnapshot, takeSnapshot, type SessionChanges, type SessionSnapshot } from './session-snapshot.js';

type Callback = (error?: unknown) => void;

/** True when a stored record went through a renewal (`cookie.rid`). */
function hasRenewalState(record: SessionData): boolean {
  return isRenewalState((record.cookie as unknown as { rid?: unknown } | undefined)?.rid);
}

/** Raised by `genid` misuse: the module never stores a session under a non-string ID. */
export class InvalidSessionIdError extends Error {
  constructor(detail: string) {
    super(`genid must return a new string session ID (${detail})`);
    this.name = 'InvalidSessionIdError';
  }
}

/**
 * One request's session bookkeeping, as express-session keeps it in its middleware's closure: the ID
 * the cookie carried, the session's data when loaded and when last written, which ID has a record.
 * The session's own methods ({@link ModuleSession}) and the end-of-response commit both go through it.
 */
export class SessionRequestState {
  /** The ID the verified cookie carried (express-session's `cookieId`). */
  cookieId: string | undefined;
  /** The ID the session had when loaded or generated (express-session's `originalId`). */
  originalId: unknown;
  /** The data when loaded or generated. */
  original: SessionSnapshot | undefined;
  /** The data as last written or loaded (`undefined`: never, or loaded with `resave`). */
  saved: SessionSnapshot | undefined;
  /** The ID `saved` belongs to. */
  savedId: unknown;
  /** The ID whose record exists (loaded, or written by this request): its writes are conditional. */
  storedId: string | undefined;
  /** The ID this request wrote: that write carried the renewed expiry, no touch follows. */
  wroteId: string | undefined;
  /** Why the session could not be loaded (store down, not ready): routes that need it answer 503. */
  storeFailure: unknown;
  /** True once the app destroyed the session through `destroy()` or `regenerate()`. */
  destroyed = false;
  /** The stored record's version, as the store's `get` or last merge gave it (for compare-and-set merges). */
  version: unknown;
  /**
   * True when loading changed the record's own metadata (times stamped on a record stored before `timeouts`
   * was set, a renewal state restored): the commit writes the record for it.
   */
  recordNeedsWrite = false;
  /**
   * Set for a WebSocket's periodic re-read: the connection authenticated once and follows the session through
   * its renewals (an ID that is no longer live is switched to the current one instead of ending the session).
   */
  followRenewals = false;
  /** The ID a renewal gave the session, until its write succeeded (then `session.rotated` is emitted). */
  private renewalPending: string | undefined;
  /** The ID this request's session got by renewal (`timeouts.renewal`): the same record under its new name. */
  renewedId: string | undefined;
  /** True once `regenerate()` gave the request a new ID: its first write is a rotation, not a creation. */
  private rotated = false;

  constructor(
    readonly req: Request,
    readonly settings: RequestPathSettings,
  ) {}

  /** A new, unsaved session with a new ID, as express-session's `store.generate(req)`. */
  generate(): void {
    const req = this.req;
    const settings = this.settings;
    const generated = settings.genid(req);
    const renewable = settings.timeouts?.renewal !== undefined && typeof generated === 'string';
    (req as { sessionID: unknown }).sessionID = renewable ? renewableNewId(generated) : generated;
    const created = new ModuleSession(req);
    const options = cookieOptionsFor(settings, req);
    const cookie = new CookieClass(options);
    const sameSite = options.sameSite as unknown;
    if (options.secure === 'auto' || sameSite === 'auto') {
      const secure = isSecureRequest(req, settings.proxy);
      if (options.secure === 'auto') {
        cookie.secure = secure;
      }
      if (sameSite === 'auto') {
        cookie.sameSite = secure ? 'none' : 'lax';
      }
    }
    if (settings.timeouts) {
      stampCreated(cookie, settings.timeouts, Date.now());
    }
    created.cookie = cookie;
    req.session = created;
  }

  /** The first session of the request: a new one, or `record` loaded from the store. */
  begin(record: SessionData | null): void {
    if (record && this.settings.timeouts && this.expire(record, this.settings.timeouts)) {
      record = null;
    }
    if (record && (this.settings.timeouts?.renewal !== undefined || hasRenewalState(record)) && !this.acceptRenewable(record)) {
      record = null;
    }
    if (record) {
      this.inflate(record);
      const original = takeSnapshot(this.req.session);
      this.original = original;
      this.saved = this.settings.resave ? undefined : original;
      this.savedId = this.req.sessionID;
      this.storedId = this.req.sessionID;
    } else {
      this.generate();
      this.original = new Map();
    }
    this.originalId = this.req.sessionID;
  }

  /**
   * True when `record` has run out of a timeout: its record is deleted (alongside the request) and
   * `session.expired` emitted. A record without times (stored before `timeouts` were set) starts now.
   */
  private expire(record: SessionData, timeouts: SessionTimeouts): boolean {
    const times = record.cookie as unknown as SessionTimes;
    const now = Date.now();
    if (times.created === undefined && times.seen === undefined) {
      stampCreated(times, timeouts, now);
      this.recordNeedsWrite = true;
      return false;
    }
    const reason = expiredBy(times, timeouts, now);
    if (reason === undefined) {
      return false;
    }
    const id = this.req.sessionID;
    // Not awaited: the request goes on without a session either way; a failed delete leaves an expired record
    // that every later read also refuses (and the store's own expiry removes).
    this.settings.store.destroy(id, () => undefined);
    this.unindex(sessionOwnerOf(record));
    this.settings.events.emit(SESSION_EVENTS.expired, this.req, id, reason, (record as { userId?: unknown }).userId);
    return true;
  }

  /**
   * Whether the ID the request presented is live for `record` (renewal on, or a record that was renewed). The
   * previous ID inside the grace window is, and the request goes on as the current ID (its writes reach the same
   * record, and it gets the current cookie). The ID right after the record's current one is too: a slower
   * write put back the record's state from before that renewal, which is restored (written at the commit).
   * With renewal off only the current ID of a renewed record is live (its first ID must not come back).
   */
  private acceptRenewable(record: SessionData): boolean {
    const cookie = record.cookie as unknown as { rid?: unknown };
    const id = this.req.sessionID;
    const now = Date.now();
    const status = presentedIdStatus(id, cookie.rid, now);
    const key = this.settings.renewalKey;
    if (status === 'current') {
      return true;
    }
    if (key === undefined) {
      return false;
    }
    const rid = isRenewalState(cookie.rid) ? cookie.rid : undefined;
    const storedCurrent = rid ? currentIdOf(id, rid) : stableIdOf(id);
    if (status === 'dead') {
      const next = renew(storedCurrent, key, now, renewalGraceOf(this.settings.timeouts));
      if (next.id === id) {
        cookie.rid = next.state;
        this.recordNeedsWrite = true;
        return true;
      }
    }
    if (rid === undefined || (status === 'dead' && !this.followRenewals)) {
      return false;
    }
    (this.req as { sessionID: string }).sessionID = storedCurrent;
    this.renewedId = storedCurrent;
    return true;
  }

  /**
   * At the commit, with `timeouts.renewal`: when the stored session's ID is due, gives it its next ID (the same
   * for every request renewing it) and returns the session under that ID; the record stays where it is.
   */
  renewIfDue(current: ModuleSession): ModuleSession | undefined {
    const renewal = this.settings.timeouts?.renewal;
    const key = this.settings.renewalKey;
    const id = this.req.sessionID as unknown;
    if (renewal === undefined || key === undefined || typeof id !== 'string' || this.storedId !== id || current.id !== id) {
      return undefined;
    }
    const cookie = current.cookie as ModuleCookie;
    const now = Date.now();
    if (!isRenewalDue(cookie.rid, cookie.created, renewal, now)) {
      return undefined;
    }
    const next = renew(id, key, now, renewalGraceOf(this.settings.timeouts));
    cookie.rid = next.state;
    (this.req as { sessionID: string }).sessionID = next.id;
    const renewed = new ModuleSession(this.req, current);
    this.req.session = renewed;
    for (const field of ['savedId', 'originalId', 'storedId', 'wroteId'] as const) {
      if (this[field] === id) {
        this[field] = next.id;
      }
    }
    this.renewedId = next.id;
    this.renewalPending = next.id;
    return renewed;
  }

  /** `session.save()`: writes now (conditionally when the record exists) and remembers what was written. */
  save(current: ModuleSession, callback: Callback): void {
    const id = this.req.sessionID as unknown;
    if (typeof id !== 'string' || current.id !== id) {
      return callback(new InvalidSessionIdError(`got ${typeof id}`));
    }
    let snapshot: SessionSnapshot;
    try {
      snapshot = takeSnapshot(current);
    } catch (error) {
      return callback(new SessionStoreError('serialization', 'set', { cause: error }));
    }
    if (this.settings.users !== undefined) {
      claimSessionOwner(this.settings.users, current, this.req);
    }
    current.touch();
    const changes = this.changesSinceSaved(id, snapshot);
    this.markSaved(id, snapshot);
    this.write(id, current, callback, changes);
  }

  /**
   * What the request changed since the session was loaded or last written, when only that needs writing
   * (merged into the record as stored now); `undefined` when the whole session is written: a record this
   * request did not load, or `resave: true` (express-session's meaning: write the session back as it is).
   */
  changesSinceSaved(id: string, snapshot: SessionSnapshot): SessionChanges | undefined {
    if (this.settings.resave || this.storedId !== id || this.savedId !== id || this.saved === undefined) {
      return undefined;
    }
    return changesBetween(this.saved, snapshot);
  }

  /** Records `snapshot` as what the store holds for `id` (taken before the write, as express-session does). */
  markSaved(id: string, snapshot: SessionSnapshot): void {
    this.saved = snapshot;
    this.savedId = id;
  }

  /** True when the store holds exactly `snapshot` for `id`, as far as this request knows. */
  isSaved(id: string, snapshot: SessionSnapshot): boolean {
    return this.savedId === id && this.saved !== undefined && sameSnapshot(this.saved, snapshot);
  }

  /**
   * Writes `current` under `id`: only if it exists when this request knows it exists (just `changes`, merged
   * into the record as stored now, when given), only if absent otherwise.
   */
  write(id: string, current: ModuleSession, callback: Callback, changes?: SessionChanges): void {
    const store = this.settings.store;
    const done = (error: unknown, ok: boolean | undefined, refused: () => Error, version?: unknown): void => {
      if (error) {
        return callback(error);
      }
      if (!ok) {
        const failure = refused();
        if (failure instanceof SessionInterruptedError) {
          this.settings.events.emit(SESSION_EVENTS.interrupted, this.req, id, 'the session ended in a concurrent request');
        }
        return callback(failure);
      }
      if (id !== this.storedId) {
        this.settings.events.emit(this.rotated ? SESSION_EVENTS.rotated : SESSION_EVENTS.created, this.req, id);
      } else if (this.renewalPending === id) {
        this.renewalPending = undefined;
        this.settings.events.emit(SESSION_EVENTS.rotated, this.req, id);
      }
      this.storedId = id;
      this.wroteId = id;
      this.version = version;
      callback();
    };
    if (id === this.storedId && changes) {
      const data = current as unknown as SessionData;
      store.mergeIfExists(id, data, { ...changes, version: this.version }, (error, written, version) =>
        done(error, written, () => new SessionInterruptedError(), version),
      );
    } else if (id === this.storedId) {
      store.setIfExists(id, current as unknown as SessionData, (error, written) => done(error, written, () => new SessionInterruptedError()));
    } else {
      store.setIfAbsent(id, current as unknown as SessionData, (error, created) =>
        done(error, created, () => new InvalidSessionIdError('it is already in use by another session')),
      );
    }
  }

  /** `session.reload()`: the stored record replaces the session; a record that is gone is an interruption. */
  reload(current: ModuleSession, callback: Callback): void {
    const id = current.id;
    this.settings.store.get(id, (error, record) => {
      if (error) {
        return callback(error);
      }
      if (!record) {
        return callback(new SessionInterruptedError());
      }
      if (this.req.sessionID !== id) {
        return callback(new SessionInterruptedError());
      }
      this.inflate(record);
      this.storedId = id;
      this.original = takeSnapshot(this.req.session);
      this.markSaved(id, this.original);
      callback();
    });
  }

  /** `session.destroy()`: the request has no session any more, and its record goes. */
  destroy(current: ModuleSession, callback: Callback): void {
    const id = current.id;
    delete (this.req as Partial<Request>).session;
    this.destroyed = true;
    this.destroyRecord(id, callback, sessionOwnerOf(current));
  }

  /** `session.regenerate()`: the old record goes, a new session with a new ID takes its place. */
  regenerate(current: ModuleSession, callback: Callback): void {
    const id = current.id;
    this.destroyed = true;
    this.destroyRecord(
      id,
      (error) => {
        this.rotated = true;
        this.generate();
        callback(error);
      },
      sessionOwnerOf(current),
    );
  }

  /**
   * Deletes the record of `id` if this request loaded or wrote it. A session the request only generated
   * has no record of its own: deleting by its ID (express-session does) would delete another session's
   * record when a custom `genid` repeats an ID. The session's entry in its user's index goes alongside.
   */
  private destroyRecord(id: string, callback: Callback, owner: SessionOwner | undefined): void {
    const stored = this.storedId === id;
    this.forget(id);
    if (!stored) {
      return process.nextTick(callback);
    }
    this.settings.store.destroy(id, callback);
    this.unindex(owner);
  }

  /**
   * Removes a session's entry from its user's index, alongside the record's delete. Not awaited: an entry
   * left behind (the store failed) points to no record, and listing drops it.
   */
  private unindex(owner: SessionOwner | undefined): void {
    if (owner !== undefined && this.settings.users !== undefined) {
      this.settings.store.unindexSessions(owner.id, [owner.handle], () => undefined);
    }
  }

  /**
   * Drops the request's session after a failed operation: nothing more is written, no cookie is sent, and
   * routes that need the session answer 503 (a store failure) or as the failure says.
   */
  discard(failure: unknown): void {
    delete (this.req as Partial<Request>).session;
    (this.req as { sessionID?: string }).sessionID = undefined;
    this.destroyed = true;
    this.storeFailure = failure;
  }

  private forget(id: string): void {
    if (this.storedId === id) {
      this.storedId = undefined;
    }
    if (this.wroteId === id) {
      this.wroteId = undefined;
    }
  }

  /** express-session's `store.createSession(req, record)`, with the module's Session class; keeps the record's version. */
  private inflate(record: SessionData): void {
    this.version = (record as { [STORED_VERSION]?: unknown })[STORED_VERSION];
    const stored = record.cookie as unknown as { expires?: unknown; originalMaxAge?: number | null };
    const expires = stored.expires;
    const originalMaxAge = stored.originalMaxAge;
    const cookie = new CookieClass(record.cookie);
    if (typeof expires === 'string') {
      cookie.expires = new Date(expires);
    }
    cookie.originalMaxAge = originalMaxAge ?? null;
    record.cookie = cookie;
    this.req.session = new ModuleSession(this.req, record);
  }
}
