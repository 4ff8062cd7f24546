import { HttpException, HttpStatus } from '@nestjs/common';
import { SESSION_INTERRUPTED_MESSAGE, STORE_UNAVAILABLE_MESSAGE } from '../request/commit-failures.js';


/** Message of a 503 on a route the session middleware does not cover. */
export const NO_SESSION_MESSAGE =
  'No session on this request: the route is not covered by the session middleware (see forRoutes/exclude).';

/**
 * HTTP 503 with a JSON body: the request needs a session but has none, because the store is
 * unavailable or the route is not covered by the session middleware. Never carries driver details.
 */
export class SessionUnavailableException extends HttpException {
  constructor(message: string = STORE_UNAVAILABLE_MESSAGE) {
    super(
      { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

/**
 * HTTP 409: the session was destroyed or replaced by a concurrent request (a logout, a revocation, a
 * login elsewhere) while this one ran, so what this request changed was not stored. No cookie is sent.
 */
export class SessionInterruptedException extends HttpException {
  constructor() {
    super({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: SESSION_INTERRUPTED_MESSAGE }, HttpStatus.CONFLICT);
  }
}
