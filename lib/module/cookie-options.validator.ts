import { SessionConfigurationError } from '../common/session.errors.js';

/** RFC 6265 cookie-name: an HTTP token (no separators, controls, spaces). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SAME_SITE = [true, false, 'lax', 'strict', 'none', 'auto'];
const PRIORITY = ['low', 'medium', 'high'];

/** Checks the cookie's name (`name`, or `key`). */
export function validateCookieName(option: 'name' | 'key', name: unknown): void {
  if (name === undefined) {
    return;
  }
  if (typeof name !== 'string' || !COOKIE_NAME.test(name)) {
    throw new SessionConfigurationError(
      option,
      `is not a valid cookie name (got ${JSON.stringify(name)})`,
      "use letters, digits and !#$%&'*+-.^_`|~ only, e.g. 'connect.sid' or '__Host-sid'",
    );
  }
}

/**
 * Checks the cookie options once, at bootstrap, so a value from configuration that has the wrong type (an
 * environment variable read as a string) fails here instead of on every request. A function is checked
 * per request by the cookie serializer instead.
 */
export function validateCookieOptions(cookie: unknown, name: string): void {
  if (typeof cookie === 'function') {
    return;
  }
  if (cookie === undefined) {
    return validatePrefixes(name, {});
  }
  if (cookie === null || typeof cookie !== 'object' || Array.isArray(cookie)) {
    throw new SessionConfigurationError('cookie', 'must be an object of cookie options or a function returning one', 'e.g. cookie: { maxAge: 3_600_000 }');
  }
  const options = cookie as Record<string, unknown>;
  const { maxAge, expires, path, domain, sameSite, priority, secure, httpOnly, partitioned } = options;
  if (maxAge !== undefined && maxAge !== null && !(typeof maxAge === 'number' && Number.isFinite(maxAge) && maxAge >= 0)) {
    throw new SessionConfigurationError(
      'cookie.maxAge',
      `must be a finite number of milliseconds ≥ 0 (got ${JSON.stringify(maxAge)} of type ${typeof maxAge})`,
      'convert it, e.g. Number(config.get(\'SESSION_MAX_AGE\') ?? 3_600_000), or leave it out for a browser-session cookie',
    );
  }
  if (expires !== undefined && expires !== null && !(expires instanceof Date && !Number.isNaN(expires.getTime()))) {
    throw new SessionConfigurationError('cookie.expires', 'must be a valid Date', 'prefer cookie.maxAge (a fixed date expires for every session at once)');
  }
  for (const [option, value] of [['path', path], ['domain', domain]] as const) {
    if (value !== undefined && typeof value !== 'string') {
      throw new SessionConfigurationError(`cookie.${option}`, `must be a string (got ${typeof value})`, `set cookie.${option} to a string or leave it out`);
    }
  }
  if (sameSite !== undefined && !SAME_SITE.includes(typeof sameSite === 'string' ? sameSite.toLowerCase() : (sameSite as boolean))) {
    throw new SessionConfigurationError('cookie.sameSite', `must be 'lax', 'strict', 'none', 'auto', true or false (got ${JSON.stringify(sameSite)})`, "use 'lax' (the default)");
  }
  if (priority !== undefined && !(typeof priority === 'string' && PRIORITY.includes(priority.toLowerCase()))) {
    throw new SessionConfigurationError('cookie.priority', `must be 'low', 'medium' or 'high' (got ${JSON.stringify(priority)})`, 'leave it out, or set one of those');
  }
  if (secure !== undefined && typeof secure !== 'boolean' && secure !== 'auto') {
    throw new SessionConfigurationError('cookie.secure', `must be true, false or 'auto' (got ${JSON.stringify(secure)})`, "use true in production, or 'auto' behind a proxy");
  }
  for (const [option, value] of [['httpOnly', httpOnly], ['partitioned', partitioned]] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new SessionConfigurationError(`cookie.${option}`, `must be a boolean (got ${JSON.stringify(value)})`, `set cookie.${option} to true or false`);
    }
  }
  if (typeof sameSite === 'string' && sameSite.toLowerCase() === 'none' && secure !== true && secure !== 'auto') {
    throw new SessionConfigurationError('cookie.sameSite', "is 'none' without cookie.secure (browsers reject such a cookie)", "set cookie.secure: true (or 'auto'), or use sameSite: 'lax'");
  }
  validatePrefixes(name, options);
}

/** The `__Host-` and `__Secure-` cookie-name prefixes and what browsers require of them. */
function validatePrefixes(name: string, options: Record<string, unknown>): void {
  const secure = options.secure === true || options.secure === 'auto';
  if (name.startsWith('__Host-')) {
    if (options.domain !== undefined || (options.path !== undefined && options.path !== '/') || !secure) {
      throw new SessionConfigurationError(
        'name',
        'starts with __Host-, which browsers accept only with secure, path "/" and no domain',
        "set cookie: { secure: true, path: '/' } without domain, or drop the prefix",
      );
    }
  } else if (name.startsWith('__Secure-') && !secure) {
    throw new SessionConfigurationError('name', 'starts with __Secure-, which browsers accept only with secure', 'set cookie.secure: true, or drop the prefix');
  }
}
