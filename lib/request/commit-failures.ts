import type { CommitFailure } from './response-gate.js';
import { isStoreUnavailable } from '../store/session-store.errors.js';

/** Default `Retry-After` (seconds) sent with a 503 when the store is unavailable. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** Message of a 503 caused by a store that is down, frozen or refusing writes. */
export const STORE_UNAVAILABLE_MESSAGE = 'The session store is unavailable. Try again shortly.';

/** Message of a 409: the session was destroyed or replaced by a concurrent request while this one ran. */
export const SESSION_INTERRUPTED_MESSAGE = 'The session ended in a concurrent request.';

/** Message of a 500: a value put into the session cannot be stored. */
export const SESSION_NOT_SAVED_MESSAGE = 'The session could not be saved.';

/** Thrown (or called back) when a conditional write or a reload finds the session's record gone. */
export class SessionInterruptedError extends Error {
  constructor() {
    super(SESSION_INTERRUPTED_MESSAGE);
    this.name = 'SessionInterruptedError';
  }
}

/** How the response is replaced when committing the session failed with `error`. */
export function commitFailureOf(error: unknown): CommitFailure {
  if (error instanceof SessionInterruptedError) {
    return { status: 409, body: { statusCode: 409, error: 'Conflict', message: SESSION_INTERRUPTED_MESSAGE } };
  }
  if (isStoreUnavailable(error)) {
    return {
      status: 503,
      body: { statusCode: 503, error: 'Service Unavailable', message: STORE_UNAVAILABLE_MESSAGE },
      retryAfter: DEFAULT_RETRY_AFTER_SECONDS,
    };
  }
  return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: SESSION_NOT_SAVED_MESSAGE } };
}
