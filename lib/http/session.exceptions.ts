import { HttpException, HttpStatus } from '@nestjs/common';

/** Message of a 503 caused by a store that is down, frozen or refusing writes. */
export const STORE_UNAVAILABLE_MESSAGE = 'The session store is unavailable. Try again shortly.';

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
