/** Injection token of the resolved {@link SessionModuleOptions}. */
export const SESSION_MODULE_OPTIONS = Symbol('SESSION_MODULE_OPTIONS');

/** Injection token of the express-session `Store` the module uses. */
export const SESSION_STORE = Symbol('SESSION_STORE');

/** Metadata key set by `@AllowAnonymous()`. */
export const ALLOW_ANONYMOUS_KEY = 'nestjs-express-session:allow-anonymous';

/** Default time in milliseconds a store operation may take before the request gets a 503. */
export const DEFAULT_STORE_TIMEOUT_MS = 2000;

/** Default `Retry-After` (seconds) sent with a 503 when the store is unavailable. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** Minimum secret length enforced when `NODE_ENV=production`. */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

/** How often (ms) the default memory store prunes expired sessions. */
export const MEMORY_STORE_PRUNE_PERIOD_MS = 60_000;

/**
 * How many sessions the memory store holds by default (about 460 bytes each with a small session, so
 * roughly 25 MB at the bound). Past it the least recently used session is evicted: its user is signed out.
 */
export const MEMORY_STORE_MAX_SESSIONS = 50_000;

/** How long (ms) the default memory store keeps a session whose cookie has no `maxAge`, after its last write or touch. */
export const MEMORY_STORE_SESSION_TTL_MS = 3_600_000;

/** Metadata key of `@RequireRecentLogin()`: the most milliseconds since the session's login. */
export const RECENT_LOGIN_KEY = 'nestjs-express-session:recent-login';
