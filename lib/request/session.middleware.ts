import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { gateResponse } from './response-gate.js';
import { cookieOptionsFor, type RequestPathSettings } from './request-path.settings.js';
import { attachState, stateOf } from './request-states.js';
import { sessionFingerprint } from '../store/session-fingerprint.js';
import { readSignedId } from './session-transport.js';
import { SessionCommit } from './session-commit.js';
import { SessionRequestState } from './session-request-state.js';

const logger = new Logger('SessionModule');

/**
 * The module's session middleware: reads and verifies the cookie, loads the session through the guarded
 * store, and holds the response at its first byte until the session is committed ({@link SessionCommit}).
 * A store failure while loading leaves the request without a session (routes that need one answer 503);
 * a `req.session` that another middleware already set is left alone.
 */
export function createSessionMiddleware(settings: RequestPathSettings): RequestHandler {
  const store = settings.store;
  let warnedForeignSession = false;
  store.generate = (req: Request) => (stateOf(req) ?? new SessionRequestState(req, settings)).generate();
  return function sessionMiddleware(req: Request, res: Response, next: NextFunction): void {
    if (req.session) {
      if (!warnedForeignSession) {
        warnedForeignSession = true;
        logger.warn(
          'req.session was already set by another session middleware (a leftover app.use(session()) in main.ts?); ' +
            'SessionModule leaves such requests alone. Remove the other middleware.',
        );
      }
      return next();
    }
    const state = new SessionRequestState(req, settings);
    attachState(req, state);
    if (!store.ready) {
      state.storeFailure = 'store not ready';
      return next();
    }
    if (typeof settings.cookie === 'function' && !pathMatches(req, cookieOptionsFor(settings, req).path)) {
      return next();
    }
    if (typeof settings.cookie !== 'function' && !pathMatches(req, settings.cookie.path)) {
      return next();
    }
    req.sessionStore = store as unknown as Request['sessionStore'];
    const raw = readSignedId(req, settings.transport, settings.name);
    const cookieId = raw === undefined ? undefined : settings.signer.unsign(raw);
    state.cookieId = cookieId;
    if (!cookieId) {
      state.begin(null);
      gateResponse(res, new SessionCommit(state, res, next));
      return next();
    }
    (req as { sessionID: string }).sessionID = cookieId;
    store.get(cookieId, (error, record) => {
      if (error) {
        state.storeFailure = error;
        return next();
      }
      try {
        state.begin(record ?? null);
      } catch (failure) {
        // A record that cannot be inflated or serialized (nesting too deep for the stack) is no session.
        logger.warn(
          `Stored session ${sessionFingerprint(cookieId)} could not be read (${failure instanceof Error ? failure.message : String(failure)}); read as no session.`,
        );
        state.begin(null);
      }
      gateResponse(res, new SessionCommit(state, res, next));
      next();
    });
  };
}

/** express-session serves only requests under the cookie's path. */
function pathMatches(req: Request, cookiePath: string | undefined): boolean {
  if (cookiePath === undefined || cookiePath === '/') {
    return true;
  }
  const url = req.originalUrl ?? req.url;
  const query = url.indexOf('?');
  return (query === -1 ? url : url.slice(0, query)).startsWith(cookiePath);
}
