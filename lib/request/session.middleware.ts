import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { SessionOptions } from 'express-session';
import { commitBeforeResponding, reportLateFailure, type CommitSettings } from './session-commit.js';
import { STORE_FAILURE, type SessionRequest } from './session-request.js';
import type { GuardedStore } from '../store/guarded-store.js';
import { isStoreUnavailable } from '../store/session-store.errors.js';

/**
 * express-session, made safe for Nest:
 * - a store failure while loading leaves the request without a session (routes that need one answer 503
 *   through `@Session()` / `SessionGuard`; the others work) instead of becoming a Nest 500;
 * - the session is committed before the response goes out ({@link commitBeforeResponding}), so a write
 *   the store refused is never answered 200.
 */
export function createSessionMiddleware(options: SessionOptions, store: GuardedStore): RequestHandler {
  const expressSession = session({ ...options, store });
  const settings: CommitSettings = { store, resave: options.resave ?? true };
  return function sessionMiddleware(req: Request, res: Response, next: NextFunction): void {
    const request = req as SessionRequest;
    const endBeneath = res.end;
    let continued = false;
    expressSession(request, res, (error?: unknown) => {
      if (continued) {
        reportLateFailure(error);
        return;
      }
      continued = true;
      if (error && !isStoreUnavailable(error)) {
        return next(error);
      }
      if (error || (!request.session && !store.ready)) {
        request[STORE_FAILURE] = error ?? 'store not ready';
      } else if (request.session) {
        commitBeforeResponding(request, res, endBeneath, settings);
      }
      next();
    });
  };
}
