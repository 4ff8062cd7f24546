import { Logger } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { RequestHandler } from 'express';
import { SessionConfigurationError } from '../common/session.errors.js';

const logger = new Logger('SessionModule');

/** Middleware names Nest's Express adapter mounts itself at `init()` (body parsers). */
const NEST_OWN_MIDDLEWARE = new Set(['jsonParser', 'urlencodedParser']);
/** Passport's middleware that needs `req.session` (`passport.session()` and `passport.authenticate()`). */
const PASSPORT_SESSION_MIDDLEWARE = 'authenticate';

interface RouterLayer {
  readonly handle?: { readonly name?: string };
}

/**
 * The session's place at the head of the Express stack. It is mounted as soon as Nest hands out the
 * HTTP adapter (before `main.ts` can call `app.use()`), and learns what to run in `configure()`, once the
 * global prefix and the options are known. Until then, and for routes it does not cover, it passes through.
 */
export class SessionEarlyMount {
  private handler: RequestHandler | undefined;
  private mounted = false;
  private readonly entry: RequestHandler = (req, res, next) => {
    const handler = this.handler;
    if (handler === undefined) {
      next();
      return;
    }
    handler(req, res, next);
  };

  /** Mounts the entry on the adapter (once); later `app.use()` calls run after it. */
  mount(adapter: AbstractHttpAdapter): void {
    if (this.mounted) {
      return;
    }
    adapter.use(this.entry);
    this.mounted = true;
  }

  /** What the entry runs from now on. */
  run(handler: RequestHandler): void {
    this.handler = handler;
  }

  /**
   * Called when Nest's consumer must route the session (a controller class or a `version` in
   * `forRoutes`/`exclude`): that runs after everything `main.ts` mounted with `app.use()`. Fails when one
   * of those is Passport's session middleware, which would find no session; warns for the others.
   */
  assertNothingNeedsItEarly(adapter: AbstractHttpAdapter, option: 'forRoutes' | 'exclude'): void {
    const ahead = this.layersMountedAfterEntry(adapter)
      .map((layer) => layer.handle?.name ?? '')
      .filter((name) => !NEST_OWN_MIDDLEWARE.has(name));
    if (ahead.length === 0) {
      return;
    }
    const why =
      "holds a controller class or a route with a version, which only Nest's MiddlewareConsumer can route; " +
      `that runs the session after the middleware main.ts mounted with app.use() (${ahead.map((name) => name || '<anonymous>').join(', ')})`;
    const fix =
      'list the routes as paths or { path, method } objects without version: the module matches those itself, ' +
      'ahead of app.use()';
    if (ahead.includes(PASSPORT_SESSION_MIDDLEWARE)) {
      throw new SessionConfigurationError(option, `${why}, and passport.session() there needs req.session`, fix);
    }
    logger.warn(`SessionModule option "${option}" ${why}: they run without req.session. If one of them needs it, ${fix}.`);
  }

  private layersMountedAfterEntry(adapter: AbstractHttpAdapter): RouterLayer[] {
    const stack = routerStack(adapter.getInstance());
    const index = stack.findIndex((layer) => layer.handle === this.entry);
    return index < 0 ? [] : stack.slice(index + 1);
  }
}

/** The Express app's layers (`app.router.stack`, as Nest's adapter reads them); empty when not exposed. */
function routerStack(instance: unknown): RouterLayer[] {
  if (typeof instance !== 'function' && (typeof instance !== 'object' || instance === null)) {
    return [];
  }
  const router: unknown = (instance as { router?: unknown }).router;
  if (typeof router !== 'function' && (typeof router !== 'object' || router === null)) {
    return [];
  }
  const stack: unknown = (router as { stack?: unknown }).stack;
  return Array.isArray(stack) ? (stack as RouterLayer[]) : [];
}
