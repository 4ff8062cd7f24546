import type { ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';

/**
 * How one kind of execution context (`context.getType()`) carries the session's request, and, where the
 * HTTP exceptions do not reach the client (WebSockets), how a refusal is raised there instead. HTTP
 * and GraphQL report the HTTP exceptions (a status, a GraphQL error code from their `extensions`).
 */
export interface SessionContextKind {
  /** The request whose `session` the handler sees, or `undefined` when there is none. */
  request(context: ExecutionContext): Request | undefined;
  /** The response of that request, where there is one (for `Retry-After`). */
  response(context: ExecutionContext, req: Request | undefined): Response | undefined;
  /** The error for a session that is not authenticated. Default: `SessionUnauthenticatedException` (401). */
  unauthenticated?(message: string): Error;
  /**
   * The error for a handler that needs a session and has none; `storeDown` when the store failed.
   * Default: `SessionUnavailableException` (503).
   */
  unavailable?(message: string, storeDown: boolean): Error;
  /** The error `SessionService` throws instead of an HttpException (a 409, a 503) for a request of this kind. */
  fromHttpException?(exception: Error): Error;
}
