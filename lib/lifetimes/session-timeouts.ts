/** The times the module keeps with a session's cookie record, in ms since the epoch. */
export interface SessionTimes {
  /** When the session started (created, or signed in: `login()` starts a new one). Kept with `timeouts`. */
  created?: number;
  /** The last request that used the session (renewed at most every tenth of `timeouts.idle`). Kept with `timeouts.idle`. */
  seen?: number;
  /** The last `SessionService.login()`. */
  login?: number;
}

/** Lifetimes the server enforces, in milliseconds (OWASP's idle and absolute timeouts, ASVS 5 V7.3). */
export interface SessionTimeouts {
  /**
   * The session ends after this long without a request, whatever the browser's cookie or the store's
   * expiry say. Default: none (the cookie's `maxAge` and the store's TTL, as express-session).
   */
  idle?: number;
  /**
   * The session ends this long after it started (its creation, or the last `login()`), however active;
   * a rolling cookie's `maxAge` and the store TTL are capped at it. Default: none.
   */
  absolute?: number;
  /**
   * A new session ID every this many ms, data kept (the record stays where it is: only the ID's signed suffix
   * changes). Requests still carrying the previous ID keep working, and get the new cookie, for `renewalGrace`;
   * after that the previous ID is dead. Below `absolute` when both are set. Default: none.
   */
  renewal?: number;
  /** How long the previous ID keeps working after a renewal. Default: `30_000` (30 s). */
  renewalGrace?: number;
}

/** Default of `timeouts.renewalGrace`. */
export const DEFAULT_RENEWAL_GRACE_MS = 30_000;

/** How long the previous ID stays live after a renewal: `renewalGrace`, or its default. */
export function renewalGraceOf(timeouts: SessionTimeouts | undefined): number {
  return timeouts?.renewalGrace ?? DEFAULT_RENEWAL_GRACE_MS;
}

/** Why a stored session is over: `'idle'` or `'absolute'`; `undefined` while it is alive. */
export type SessionTimeoutReason = 'idle' | 'absolute';

/** The timeout a session loaded now has run out of, if any (a missing or corrupt time counts as run out). */
export function expiredBy(times: SessionTimes, timeouts: SessionTimeouts, now: number): SessionTimeoutReason | undefined {
  if (timeouts.absolute !== undefined && !(isTime(times.created) && now - times.created <= timeouts.absolute)) {
    return 'absolute';
  }
  if (timeouts.idle !== undefined && !(isTime(times.seen) && now - times.seen <= timeouts.idle)) {
    return 'idle';
  }
  return undefined;
}

/** Stamps a session created now. */
export function stampCreated(times: SessionTimes, timeouts: SessionTimeouts, now: number): void {
  times.created = now;
  if (timeouts.idle !== undefined) {
    times.seen = now;
  }
}

/**
 * At a stored session's commit: renews its last-seen time when that is older than a tenth of `idle`
 * (so most requests do not write for it). Returns true when the record must be written for it.
 */
export function renewSeen(times: SessionTimes, timeouts: SessionTimeouts, now: number): boolean {
  if (timeouts.idle === undefined || (isTime(times.seen) && now - times.seen < timeouts.idle / 10)) {
    return false;
  }
  times.seen = now;
  return true;
}

/** The most a cookie (and the store TTL that follows it) may still live: up to the absolute deadline. */
export function remainingLifetime(times: SessionTimes, timeouts: SessionTimeouts, now: number): number | undefined {
  if (timeouts.absolute === undefined || !isTime(times.created)) {
    return undefined;
  }
  return Math.max(0, times.created + timeouts.absolute - now);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
