import type { ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionContextKind } from './session-context-kind.interface.js';

/**
 * HTTP: arguments are (req, res, next), read by index: Nest's switchToHttp() adds three closures to
 * the context on every call, which is measurable on a per-request path.
 */
export const httpContextKind: SessionContextKind = {
  request: (context: ExecutionContext) => context.getArgByIndex<Request | undefined>(0),
  response: (context: ExecutionContext) => context.getArgByIndex<Response | undefined>(1),
};
