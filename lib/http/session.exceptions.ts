import { HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import { SESSION_INTERRUPTED_MESSAGE, STORE_UNAVAILABLE_MESSAGE } from '../request/commit-failures.js';

/** Message of a 503 on a route the session middleware does not cover. */
export const NO_SESSION_MESSAGE =
  'No session on this request: the route is not covered by the session middleware (see forRoutes/exclude).';

/**
 * What a GraphQL client reads in the error's `extensions` when a resolver throws a session exception
 * (graphql-js copies a thrown error's `extensions` into the GraphQL error).
 */
export interface SessionErrorExtensions {
  /** `'UNAUTHENTICATED'` (401), `'SERVICE_UNAVAILABLE'` (503) or `'CONFLICT'` (409). */
  readonly code: 'UNAUTHENTICATED' | 'SERVICE_UNAVAILABLE' | 'CONFLICT';
  /** The HTTP status of the same refusal. */
  readonly status: number;
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/**
 * An HttpException that answers HTTP with its JSON body and GraphQL with its own `extensions.code`.
 * Its `response` field holds the bare message, and `getResponse()` (what Nest's HTTP filter sends) the
 * body: `@nestjs/apollo` rewrites an HttpException whose `response` field has a `statusCode`, and maps
 * every status but 400/401/403/422 to `INTERNAL_SERVER_ERROR`.
 */
abstract class SessionHttpException extends HttpException {
  readonly extensions: SessionErrorExtensions;
  private readonly body: ErrorBody;

  protected constructor(body: ErrorBody, code: SessionErrorExtensions['code']) {
    super(body.message, body.statusCode);
    this.body = body;
    this.extensions = { code, status: body.statusCode };
  }

  override getResponse(): ErrorBody {
    return this.body;
  }
}

/**
 * HTTP 503 with a JSON body: the request needs a session but has none, because the store is
 * unavailable or the route is not covered by the session middleware. Never carries driver details.
 * In GraphQL: `extensions.code: 'SERVICE_UNAVAILABLE'`, `extensions.status: 503`.
 */
export class SessionUnavailableException extends SessionHttpException {
  constructor(message: string = STORE_UNAVAILABLE_MESSAGE) {
    super({ statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message }, 'SERVICE_UNAVAILABLE');
  }
}

/**
 * HTTP 409: the session was destroyed or replaced by a concurrent request (a logout, a revocation, a
 * login elsewhere) while this one ran, so what this request changed was not stored. No cookie is sent.
 * In GraphQL: `extensions.code: 'CONFLICT'`, `extensions.status: 409`.
 */
export class SessionInterruptedException extends SessionHttpException {
  constructor() {
    super({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: SESSION_INTERRUPTED_MESSAGE }, 'CONFLICT');
  }
}

/**
 * HTTP 409, thrown by `SessionService.login()` with `users: { maxSessions, onMaxSessions: 'reject' }` when
 * the user already has `maxSessions` sessions: nothing is stored and no cookie is sent. Catch it to show
 * "sign out another device first". In GraphQL: `extensions.code: 'CONFLICT'`, `extensions.status: 409`.
 */
export class SessionLimitExceededException extends SessionHttpException {
  /** The limit that was reached. */
  readonly maxSessions: number;

  constructor(maxSessions: number) {
    super(
      {
        statusCode: HttpStatus.CONFLICT,
        error: 'Conflict',
        message: `This account already has ${maxSessions} active sessions: sign out of one of them first.`,
      },
      'CONFLICT',
    );
    this.maxSessions = maxSessions;
  }
}

/**
 * HTTP 401, thrown by `SessionGuard` for a session that is not authenticated (an `UnauthorizedException`).
 * In GraphQL: `extensions.code: 'UNAUTHENTICATED'`, `extensions.status: 401`.
 */
export class SessionUnauthenticatedException extends UnauthorizedException {
  readonly extensions: SessionErrorExtensions = { code: 'UNAUTHENTICATED', status: HttpStatus.UNAUTHORIZED };
}
