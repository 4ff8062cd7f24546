import type { SessionData, Store } from 'express-session';
import type { SessionOwnerDetails } from './session-owner.js';

export type { SessionOwnerDetails };

/**
 * One entry of a user's index: a session that was written or touched while it belonged to the user.
 * The module reads the session under `key` before it trusts an entry (it may have ended, or changed hands).
 */
export interface IndexedSession {
  /** The session's {@link SessionOwner.handle}. */
  readonly handle: string;
  /** The key the session is stored under (its at-rest key). */
  readonly key: string;
  /** When the entry ends: the session's expiry at `seenAt`, plus the grace it was given (ms since the epoch). */
  readonly expiresAt: number;
  /** The write or touch that last refreshed the entry (ms since the epoch). */
  readonly seenAt: number;
  /** When the session joined the index, its IP and User-Agent ({@link SessionOwnerDetails}), if recorded. */
  readonly since?: number;
  readonly ip?: string;
  readonly userAgent?: string;
}

/**
 * What a store implements for the `users` option: a per-user index of sessions, kept by the store in
 * the same round trip as the session's own write or touch, never a scan of every session. The module
 * calls `indexSession` alongside each write and touch of a session whose cookie record has an `owner`
 * ({@link sessionOwnerOf}), and verifies every entry against the session record before using it, so an
 * entry that outlived its session is harmless (the module asks to remove it).
 */
export interface UserSessionIndexStore {
  /**
   * Records that the session stored under `key` belongs to `sessionOwnerOf(data)`, seen now (with
   * `sessionOwnerDetailsOf(data)` when the session joins the index: keep them until the entry goes), and keeps the
   * entry until `graceMs` after the session's own new expiry (the module refreshes an entry at most once per
   * `users.lastSeenPrecision`, and `graceMs` is that plus a clock margin: the entry outlives the touches it skips).
   */
  indexSession(key: string, data: SessionData, graceMs: number, callback: (error?: unknown) => void): void;
  /** The user's entries whose expiry has not passed, in any order. */
  indexedSessions(userId: string, callback: (error: unknown, sessions?: IndexedSession[]) => void): void;
  /** Removes entries (by handle) from the user's index. */
  unindexSessions(userId: string, handles: readonly string[], callback: (error?: unknown) => void): void;
}

export function hasUserSessionIndex(store: Store): store is Store & UserSessionIndexStore {
  const candidate = store as Partial<UserSessionIndexStore>;
  return (
    typeof candidate.indexSession === 'function' &&
    typeof candidate.indexedSessions === 'function' &&
    typeof candidate.unindexSessions === 'function'
  );
}
