import type { ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SessionUnauthenticatedException, SessionUnavailableException } from '../http/session.exceptions.js';
import type { SessionContextKind } from './session-context-kind.interface.js';

/** The GraphQL context as `@nestjs/graphql` builds it by default (`{ req }`), or as an app's `context` returns it. */
interface GraphQLRequestContext {
  req?: Request;
  res?: Response;
}

/**
 * GraphQL: arguments are (root, args, context, info); the request is the context's `req`. Refusals are
 * the HTTP exceptions: their `extensions` give the GraphQL error its code.
 */
export const graphqlContextKind: SessionContextKind = {
  request: (context: ExecutionContext) => context.getArgByIndex<GraphQLRequestContext | undefined>(2)?.req,
  response: (context: ExecutionContext, req) =>
    context.getArgByIndex<GraphQLRequestContext | undefined>(2)?.res ?? req?.res,
  unauthenticated: (message) => new SessionUnauthenticatedException(message),
  unavailable: (message) => new SessionUnavailableException(message),
};
