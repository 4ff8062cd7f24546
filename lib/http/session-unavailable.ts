import type { Request, Response } from 'express';
import { DEFAULT_RETRY_AFTER_SECONDS } from '../request/commit-failures.js';
import { stateOf } from '../request/request-states.js';
import { NO_SESSION_MESSAGE, SessionUnavailableException } from './session.exceptions.js';

/**
 * The exception for a request that needs a session and has none: the store failed while loading it
 * (also sets `Retry-After`), or the route is not covered by the session middleware.
 */
export function sessionUnavailable(req: Request, res: Response | undefined): SessionUnavailableException {
  if (stateOf(req)?.storeFailure === undefined) {
    return new SessionUnavailableException(NO_SESSION_MESSAGE);
  }
  res?.setHeader('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
  return new SessionUnavailableException();
}
