import type { SessionData, Store } from 'express-session';

/**
 * One entry of a user's index: a session that was written or touched while it belonged to the user.
 * The module reads the session under `key` before it trusts an entry (it may have ended, or changed hands).
 */
export interface IndexedSession {
  /** The session's {@link SessionOwner.handle}. */
  readonly handle: string;
  /** The key the session is stored under (its at-rest key). */
  readonly key: string;
  /** When the store will drop the session unless it is written or touched again (ms since the epoch). */
  readonly expiresAt: number;
  /** Its last write or touch (ms since the epoch). */
  readonly seenAt: number;
}

/**
 * What a store implements for the `users` option: a per-user index of sessions, kept by the store in
 * the same round trip as the session's own write or touch, never a scan of every session. The module
 * calls `indexSession` alongside each write and touch of a session whose cookie record has an `owner`
 * ({@link sessionOwnerOf}), and verifies every entry against the session record before using it, so an
 * entry that outlived its session is harmless (the module asks to remove it).
 */
export interface UserSessionIndexStore {
  /** Records that the session stored under `key` belongs to `sessionOwnerOf(data)`, with its new expiry. */
  indexSession(key: string, data: SessionData, callback: (error?: unknown) => void): void;
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
