import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { SessionData } from 'express-session';
import { requestOf } from '../contexts/session-contexts.js';
import { sessionUnavailableIn } from './session-refusals.js';

/**
 * Resolves the request's session, or one property of it, in an HTTP route, a GraphQL resolver or a
 * WebSocket gateway (see `requestOf`). Unlike `@nestjs/common`'s `Session`, it
 * takes a key and never hands back `undefined` for a missing session: when the request has none (route
 * excluded, store unavailable) it throws `SessionUnavailableException` (503).
 */
export function resolveSessionParam(key: string | undefined, context: ExecutionContext): unknown {
  const req = requestOf(context);
  const session = req?.session;
  if (!session) {
    throw sessionUnavailableIn(context, req);
  }
  return key === undefined ? session : (session as unknown as Record<string, unknown>)[key];
}

/**
 * The request's session (`@Session()`), or one property of it (`@Session('userId')`).
 *
 * @example
 * @Get('count')
 * count(@Session() session: RequestSession) { return { views: (session.views = (session.views ?? 0) + 1) }; }
 * @example
 * @Get('me')
 * me(@Session('userId') userId: string) { return { userId }; }
 */
export const Session: (key?: keyof SessionData) => ParameterDecorator = createParamDecorator(resolveSessionParam);
