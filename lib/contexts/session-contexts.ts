import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionContextKind } from './session-context-kind.interface.js';
import { graphqlContextKind } from './graphql-context.js';
import { httpContextKind } from './http-context.js';

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
