import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ALLOW_ANONYMOUS_KEY, SESSION_MODULE_OPTIONS } from './session.constants.js';
import type { RequestSession, SessionModuleOptions } from './session-module-options.interface.js';
import { sessionUnavailable, type SessionRequest } from './session-request.js';
import { hasUserId } from './session.runtime.js';

/**
 * Lets a request through when its session is authenticated (`isAuthenticated`, default: `userId` is
 * set); otherwise 401 with a JSON body. A request with no session at all gets 503. Routes and
 * controllers marked `@AllowAnonymous()` always pass. Customise it by overriding its `protected` methods.
 *
 * @example
 * @UseGuards(SessionGuard)
 * @Get('me')
 * me(@Session('userId') userId: string) { return { userId }; }
 * @example
 * providers: [{ provide: APP_GUARD, useClass: SessionGuard }]
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    protected readonly reflector: Reflector,
    @Inject(SESSION_MODULE_OPTIONS) protected readonly options: SessionModuleOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.allowsAnonymous(context)) {
      return true;
    }
    const req = this.getRequest(context);
    const session = req.session;
    if (!session) {
      throw sessionUnavailable(req, context.switchToHttp().getResponse<Response>());
    }
    if (this.isAuthenticated(session, context)) {
      return true;
    }
    return this.onUnauthenticated(context);
  }

  /** True when the handler or its controller carries `@AllowAnonymous()`. */
  protected allowsAnonymous(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_ANONYMOUS_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    );
  }

  /** The HTTP request being guarded. */
  protected getRequest(context: ExecutionContext): SessionRequest {
    return context.switchToHttp().getRequest<Request>() as SessionRequest;
  }

  /** Whether the session belongs to a signed-in user. Default: the `isAuthenticated` option. */
  protected isAuthenticated(session: RequestSession, _context: ExecutionContext): boolean {
    return (this.options.isAuthenticated ?? hasUserId)(session);
  }

  /** Called when the session is not authenticated. Default: throws a 401 `UnauthorizedException`. */
  protected onUnauthenticated(_context: ExecutionContext): boolean {
    throw new UnauthorizedException('Authentication required.');
  }
}
