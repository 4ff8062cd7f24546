import type { MiddlewareConsumer } from '@nestjs/common';
import type { Request } from 'express';
import type { CookieOptions, Store } from 'express-session';
import type { RequestSession } from '../common/request-session.js';
import type { SessionTimeouts } from '../lifetimes/session-timeouts.js';
import type { SessionTransportKind } from '../request/session-transport.js';
import type { UserSessionsOptions } from '../users/users-options.interface.js';

type MiddlewareRoutes = ReturnType<MiddlewareConsumer['apply']>;
/** A route for `forRoutes`: a path, a `{ path, method }` object or a controller class, as in Nest. */
export type SessionRoute = Parameters<MiddlewareRoutes['forRoutes']>[number];
/** A route for `exclude`: a path or a `{ path, method }` object, as in Nest. */
export type SessionExcludedRoute = Parameters<MiddlewareRoutes['exclude']>[number];

export type { RequestSession };

/**
 * Options of `SessionModule.forRoot()` / `forRootAsync()`.
 *
 * They are express-session's own options, flat and with the same names and meaning, so an existing
 * `app.use(session({...}))` configuration moves over unchanged, plus a few module options.
 * Four defaults differ from express-session's (see each option).
 */
export interface SessionModuleOptions {
  /**
   * Secret used to sign the session ID cookie. An array enables rotation: the first entry signs,
   * every entry verifies. Required; at least 32 characters when `NODE_ENV=production`.
   */
  secret: string | Buffer | Array<string | Buffer>;
  /** Name of the session ID cookie. Default: `'connect.sid'`. */
  name?: string;
  /** express-session's legacy alias of `name` (used when `name` is not set). Default: none. */
  key?: string;
  /**
   * Cookie settings, as in express-session, or (express-session 1.19) a function of the request that
   * returns them. Defaults: `httpOnly: true`, `sameSite: 'lax'`, `path: '/'`, `secure: false`, no
   * `maxAge` (a browser-session cookie). `secure: 'auto'` and `sameSite: 'auto'` follow the request's
   * protocol (with `proxy` / `trust proxy`).
   */
  cookie?: CookieOptions | ((req: Request) => CookieOptions);
  /** Save the session back even when it was not modified. Default: `false` (express-session: `true`). */
  resave?: boolean;
  /**
   * Save new sessions that were not modified (and send their cookie).
   * Default: `false` (express-session: `true`): anonymous visitors cost no store write.
   */
  saveUninitialized?: boolean;
  /** Send the cookie (and refresh its expiry) on every response. Default: `false`. */
  rolling?: boolean;
  /**
   * The express-session store. Default: a pruning in-memory store (the `memorystore` package),
   * which suits one process; use a Redis or MongoDB store for several instances.
   */
  store?: Store;
  /** Generates new session IDs. Default: express-session's (24 random bytes, base64url). */
  genid?: (req: Request) => string;
  /** Trust the reverse proxy when setting secure cookies. Default: `undefined` (Express's `trust proxy`). */
  proxy?: boolean;
  /** What happens to the stored session when `req.session` is unset: `'keep'` (default) or `'destroy'`. */
  unset?: 'destroy' | 'keep';
  /**
   * Routes that get the session middleware, relative to the global prefix. Default: every route
   * (`'{*path}'`), including the root under a global prefix. Paths and `{ path, method }` routes are
   * matched by the module's middleware, which runs before anything `main.ts` mounts with `app.use()`;
   * a controller class or a `version` goes through Nest's consumer, which runs after those (the bootstrap
   * fails if one of them is `passport.session()`).
   */
  forRoutes?: SessionRoute[];
  /** Routes that never get the session middleware, relative to the global prefix (see `forRoutes`). Default: none. */
  exclude?: SessionExcludedRoute[];
  /**
   * What `SessionGuard` checks. Default: `session.userId` is neither `undefined` nor `null`.
   */
  isAuthenticated?: (session: RequestSession) => boolean;
  /**
   * Milliseconds a store operation may take before the request is answered with a 503.
   * Default: `2000`.
   */
  storeTimeout?: number;
  /**
   * What happens when the store does not answer at startup: `'fail-fast'` rejects the bootstrap within
   * `storeTimeout` with `SessionStoreUnreachableError`; `'degraded'` starts anyway and answers 503 on
   * routes that need the session until the store is reachable. Default: `'fail-fast'`.
   */
  storeStartup?: 'fail-fast' | 'degraded';
  /**
   * Store each session under a SHA-256 of its ID (base64url) instead of the ID, so a store dump, backup,
   * replica or `MONITOR` log holds no usable session ID, with or without the secret. The cookie is
   * unchanged. Turn off only to share the store with an app that reads raw-ID keys. Default: `true`.
   */
  hashIdsAtRest?: boolean;
  /**
   * Migration from raw-ID keys (an earlier `app.use(session())` deployment on the same store): a session
   * missing under its hashed key is looked up once under its raw ID and moved (one extra read per request
   * without a stored session while on). Turn it off once the longest session lifetime has passed since
   * the upgrade. Default: `false`.
   */
  legacyIds?: boolean;
  /**
   * Where the signed session ID travels: `'cookie'`, `'header'` (API and mobile clients that keep no
   * cookies: read from the request header `header`, sent in the response header of the same name
   * wherever the cookie would be set, an empty header on logout), or both (`['cookie', 'header']`; a
   * request's header wins over its cookie). Default: `'cookie'`.
   */
  transport?: SessionTransportKind | SessionTransportKind[];
  /** The header of the header transport. Default: `'X-Session-Token'`. */
  header?: string;
  /**
   * Lifetimes the server enforces (idle, absolute), checked on the record already loaded: no extra store
   * round trip. A session past one reads as no session and its record is deleted. Default: none.
   */
  timeouts?: SessionTimeouts;
  /**
   * A user's sessions: `SessionService.listSessions()`, `revokeSession()`, `revokeOtherSessions()`,
   * `revokeSessions()`, and `maxSessions` at `login()`. The store keeps a per-user index, updated in the
   * same round trip as the session's own write or touch. Default: off (those methods throw).
   */
  users?: UserSessionsOptions;
}

/** Implemented by a class given to `forRootAsync({ useClass })` or `useExisting`. */
export interface SessionOptionsFactory {
  /** Returns the session options, possibly asynchronously. */
  createSessionOptions(): SessionModuleOptions | Promise<SessionModuleOptions>;
}
