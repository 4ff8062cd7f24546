import type { SessionData } from 'express-session';

/**
 * True when a stored value can be inflated into a session: a plain object with a `cookie` object.
 * Anything else (an array, `null`, a string, a record without `cookie`) is treated as no session.
 */
export function isSessionRecord(value: unknown): value is SessionData {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const cookie = (value as { cookie?: unknown }).cookie;
  return cookie !== null && typeof cookie === 'object' && !Array.isArray(cookie);
}
