import type { RequestSession } from '../common/request-session.js';

/** Options of the `users` option: a user's sessions can be listed, revoked and capped. */
export interface UserSessionsOptions {
  /**
   * Whose session it is. A session joins its user's index when it is saved with this defined (through
   * `SessionService.login()`, Passport's `req.logIn`, or a handler) and leaves it when destroyed, revoked
   * or given to another user. Default: `session.userId` as a string (Passport: `(s) => s.passport?.user`).
   */
  userIdOf?: (session: RequestSession) => string | undefined;
  /** The most sessions one user may have at once, enforced by `SessionService.login()`. Default: no limit. */
  maxSessions?: number;
  /**
   * What `login()` does when it would exceed `maxSessions`: `'revoke-oldest'` ends the user's least recently
   * seen sessions; `'reject'` rejects with `SessionLimitExceededException` (409, nothing stored, no cookie).
   * Default: `'revoke-oldest'`.
   */
  onMaxSessions?: 'revoke-oldest' | 'reject';
  /**
   * How often a session's `lastSeenAt` (and its index entry's expiry) is refreshed, at most, per session and
   * instance, in ms: a session used many times a minute costs the store one index update a minute, not one
   * per request. `0` refreshes on every write and touch. Default: `60_000`.
   */
  lastSeenPrecision?: number;
}

/** One of a user's sessions, as `SessionService.listSessions()` shows it. */
export interface UserSessionInfo {
  /** Opaque, stable for the session's life; pass it to `revokeSession()`. Never a credential. */
  handle: string;
  /** When the session became the user's (its login). */
  createdAt: Date;
  /** Its last request that wrote or touched it. */
  lastSeenAt: Date;
  /** When the server ends it unless it is used again (store expiry, idle and absolute timeouts); `null`: never. */
  expiresAt: Date | null;
  /** `req.ip` at login. */
  ip?: string;
  /** The `User-Agent` at login (at most 256 characters). */
  userAgent?: string;
  /** True for the session of the request passed to `listSessions()`. */
  current: boolean;
}

/** The default `userIdOf`: `session.userId`, as a string. */
export function defaultUserIdOf(session: RequestSession): string | undefined {
  const id = (session as { userId?: unknown }).userId;
  if (typeof id === 'string') {
    return id;
  }
  return typeof id === 'number' || typeof id === 'bigint' ? String(id) : undefined;
}
