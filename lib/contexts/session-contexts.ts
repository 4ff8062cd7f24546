import type { ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { graphqlContextKind } from './graphql-context.js';
import { httpContextKind } from './http-context.js';

/**
 * How one kind of execution context (`context.getType()`) carries the session's request, and how a
 * refusal is raised there so its transport reports it (an HTTP status, a GraphQL error code, a
 * WebSocket `exception` event).
 */
export interface SessionContextKind {
  /** The request whose `session` the handler sees, or `undefined` when there is none. */
  request(context: ExecutionContext): Request | undefined;
  /** The response of that request, where there is one (for `Retry-After`). */
  response(context: ExecutionContext, req: Request | undefined): Response | undefined;
  /** The error for a session that is not authenticated. */
  unauthenticated(message: string): Error;
  /** The error for a handler that needs a session and has none; `storeDown` when the store failed. */
  unavailable(message: string, storeDown: boolean): Error;
  /** The error `SessionService` throws instead of an HttpException (a 409, a 503) for a request of this kind. */
  fromHttpException?(exception: Error): Error;
}

const kinds = new Map<string, SessionContextKind>([
  ['http', httpContextKind],
  ['graphql', graphqlContextKind],
]);

/**
 * Registers the kind of context `type` (used by the `websockets` entry, so the main entry never
 * imports `@nestjs/websockets`).
 */
export function registerSessionContextKind(type: string, kind: SessionContextKind): void {
  kinds.set(type, kind);
}

/** Requests that are not HTTP requests (a WebSocket handshake), with their kind. */
const requestKinds = new WeakMap<object, SessionContextKind>();

/** Marks `req` as a request of `kind`: `SessionService` then throws that kind's errors for it. */
export function setRequestContextKind(req: object, kind: SessionContextKind): void {
  requestKinds.set(req, kind);
}

/** `exception` as the kind of `req` raises it (unchanged for HTTP and GraphQL requests). */
export function inContextOf(req: object | undefined, exception: Error): Error {
  const kind = req === undefined ? undefined : requestKinds.get(req);
  return kind?.fromHttpException?.(exception) ?? exception;
}

/** The kind of `context`; an unknown type is read as HTTP (argument 0 is the request). */
export function contextKindOf(context: ExecutionContext): SessionContextKind {
  const type = context.getType();
  return type === 'http' ? httpContextKind : (kinds.get(type) ?? httpContextKind);
}

/**
 * The request that carries the session in any execution context: HTTP (argument 0), GraphQL (the
 * GraphQL context's `req`), WebSockets (the socket's handshake session, with
 * `nestjs-express-session/websockets`). `undefined` when the context has none.
 *
 * @example
 * canActivate(context: ExecutionContext) { return requestOf(context)?.session?.role === 'admin'; }
 */
export function requestOf(context: ExecutionContext): Request | undefined {
  return contextKindOf(context).request(context);
}
