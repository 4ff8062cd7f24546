/**
 * `nestjs-express-session/express`: the module's request path as plain Express middleware, for an
 * Express app without Nest (or a WebSocket handshake). Same options as `SessionModule.forRoot()`
 * minus the Nest-only ones.
 */
import type { RequestHandler } from 'express';
import type { Store } from 'express-session';
import { createSessionRuntime } from './module/session.runtime.js';
import type { SessionModuleOptions } from './module/session-module-options.interface.js';

/** Options of {@link sessionMiddleware}: `SessionModule.forRoot()`'s, without `forRoutes`, `exclude`, `isAuthenticated`, `storeStartup`. */
export type SessionMiddlewareOptions = Omit<SessionModuleOptions, 'forRoutes' | 'exclude' | 'isAuthenticated' | 'storeStartup'>;

/** The middleware, with the store it uses and `close()` for what it opened. */
export interface SessionMiddleware extends RequestHandler {
  /** The store in use: the one passed in, or the default memory store. */
  readonly store: Store;
  /** Releases what the middleware opened itself (the default store's timer, an owned Redis connection); never a store you passed in. */
  close(): Promise<void>;
}

/**
 * The hardened session middleware for a plain Express app: express-session's options, cookie format and
 * `req.session` API, with the module's guarantees (commit before the response, 503 for a store that is
 * down, no resurrected logout). Invalid options throw here, naming the option.
 *
 * @example
 * const sessions = sessionMiddleware({ secret: process.env.SESSION_SECRET!, cookie: { maxAge: 3_600_000 } });
 * app.use(sessions);
 * process.on('SIGTERM', () => void sessions.close());
 */
export function sessionMiddleware(options: SessionMiddlewareOptions): SessionMiddleware {
  const runtime = createSessionRuntime(options as SessionModuleOptions);
  const middleware = runtime.middleware;
  return Object.assign(
    function session(...args: Parameters<RequestHandler>) {
      return middleware(...args);
    },
    { store: runtime.store, close: () => runtime.close() },
  );
}
