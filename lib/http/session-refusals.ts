import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DEFAULT_RETRY_AFTER_SECONDS, STORE_UNAVAILABLE_MESSAGE } from '../request/commit-failures.js';
import { stateOf } from '../request/request-states.js';
import { contextKindOf } from '../contexts/session-contexts.js';
import { NO_SESSION_MESSAGE, SessionUnauthenticatedException, SessionUnavailableException } from './session.exceptions.js';

/** Message of a refusal for a session that is not authenticated. */
export const AUTHENTICATION_REQUIRED_MESSAGE = 'Authentication required.';

/**
 * The error for a handler that needs a session and has none, in the context's own terms (HTTP and
 * GraphQL: `SessionUnavailableException`, whose `extensions` give GraphQL its code): the store
 * failed while loading it (an HTTP response also gets `Retry-After`), or the session middleware does not
 * cover the request.
 */
export function sessionUnavailableIn(context: ExecutionContext, req: Request | undefined): Error {
  const kind = contextKindOf(context);
  const storeDown = req !== undefined && stateOf(req)?.storeFailure !== undefined;
  if (storeDown) {
    const res = kind.response(context, req);
    if (res && typeof res.setHeader === 'function' && !res.headersSent) {
      res.setHeader('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
    }
  }
  const message = storeDown ? STORE_UNAVAILABLE_MESSAGE : NO_SESSION_MESSAGE;
  return kind.unavailable?.(message, storeDown) ?? new SessionUnavailableException(message);
}

/** The error for a session that is not authenticated, in the context's own terms. */
export function unauthenticatedIn(context: ExecutionContext, message: string = AUTHENTICATION_REQUIRED_MESSAGE): Error {
  return contextKindOf(context).unauthenticated?.(message) ?? new SessionUnauthenticatedException(message);
}
