import { ForbiddenException, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser sent from another site (login CSRF). The SameSite=Lax
 * cookie already keeps the session out of cross-site posts; this also stops another site from signing
 * a visitor into an account of its choosing. Clients that send no `Origin` (curl, servers) pass.
 */
@Injectable()
export class SameOriginMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    if (!SAFE_METHODS.has(req.method) && isCrossOrigin(req)) {
      throw new ForbiddenException('Cross-origin request refused.');
    }
    next();
  }
}

function isCrossOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) {
    return req.headers['sec-fetch-site'] === 'cross-site';
  }
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true; // "null" or garbage: an opaque origin is never this site
  }
}
