import type { SessionData } from 'express-session';

/**
 * True when a stored value can be inflated into a session: a plain object whose `cookie` is a plain
 * object with a usable lifetime (`originalMaxAge` and `maxAge` a finite number or null, `expires` a date
 * string, a Date or null). Anything else (an array, `true`, `{}`, `maxAge: "abc"`) is no session.
 */
export function isSessionRecord(value: unknown): value is SessionData {
  if (!isPlainObject(value)) {
    return false;
  }
  const cookie = (value as { cookie?: unknown }).cookie;
  if (!isPlainObject(cookie)) {
    return false;
  }
  const { originalMaxAge, maxAge, expires } = cookie as Record<string, unknown>;
  return isLifetime(originalMaxAge) && isLifetime(maxAge) && isExpiry(expires);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isLifetime(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'number' && Number.isFinite(value));
}

function isExpiry(value: unknown): boolean {
  if (value === undefined || value === null) {
    return true;
  }
  if (value instanceof Date) {
    return !Number.isNaN(value.getTime());
  }
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}
