import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionData } from 'express-session';
import { sessionUnavailable } from './session-unavailable.js';

/**
 * Resolves the request's session, or one property of it. Unlike `@nestjs/common`'s `Session`, it
 * takes a key and never hands back `undefined` for a missing session: when the request has none (route
 * excluded, store unavailable) it throws `SessionUnavailableException` (503).
 */
export function resolveSessionParam(key: string | undefined, context: ExecutionContext): unknown {
  // HTTP arguments are (req, res, next). Read by index: Nest's switchToHttp() adds three closures to the
  // context on every call, which is measurable on a per-request path.
  const req = context.getArgByIndex<Request>(0);
  const session = req.session;
  if (!session) {
    throw sessionUnavailable(req, context.getArgByIndex<Response>(1));
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
