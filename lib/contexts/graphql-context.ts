import type { ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionContextKind } from './session-context-kind.interface.js';

/** The GraphQL context as `@nestjs/graphql` builds it by default (`{ req }`), or as an app's `context` returns it. */
interface GraphQLRequestContext {
  req?: Request;
  res?: Response;
}

/**
 * GraphQL: arguments are (root, args, context, info); the request is the context's `req`. Refusals are
 * the HTTP exceptions: graphql-js copies their `extensions` (the code) into the GraphQL error.
 */
export const graphqlContextKind: SessionContextKind = {
  request: (context: ExecutionContext) => context.getArgByIndex<GraphQLRequestContext | undefined>(2)?.req,
  response: (context: ExecutionContext, req) =>
    context.getArgByIndex<GraphQLRequestContext | undefined>(2)?.res ?? req?.res,
};
