import type { Request, Response } from 'express';
import { DEFAULT_RETRY_AFTER_SECONDS } from './session.constants.js';
import {
  NO_SESSION_MESSAGE,
  SessionUnavailableException,
} from './session.exceptions.js';

/** Set on the request when the store failed while loading its session. */
export const STORE_FAILURE = Symbol('nestjs-express-session:store-failure');
/** JSON of the session as last loaded or saved: the middleware saves before responding when it differs. */
export const SAVED_SNAPSHOT = Symbol('nestjs-express-session:saved-snapshot');

/** The request as the module sees it. */
export interface SessionRequest extends Request {
  [STORE_FAILURE]?: unknown;
  [SAVED_SNAPSHOT]?: string;
}

/**
 * The exception for a request that needs a session and has none; also sets `Retry-After` when the
 * cause is the store.
 */
export function sessionUnavailable(req: SessionRequest, res: Response | undefined): SessionUnavailableException {
  if (req[STORE_FAILURE] === undefined) {
    return new SessionUnavailableException(NO_SESSION_MESSAGE);
  }
  res?.setHeader('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
  return new SessionUnavailableException();
}

/** Records the session's current content as saved. */
export function markSaved(req: SessionRequest): void {
  req[SAVED_SNAPSHOT] = req.session ? JSON.stringify(req.session) : undefined;
}

/**
 * Drops the request's session so that express-session neither saves it nor sends its cookie:
 * used when the store refused it, so the client never gets a cookie for a session that was not stored.
 */
export function discardSession(req: SessionRequest, failure: unknown): void {
  req[STORE_FAILURE] = failure;
  delete (req as Partial<Request>).session;
  (req as { sessionID?: string }).sessionID = undefined;
}
