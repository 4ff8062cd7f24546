import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ALLOW_ANONYMOUS_KEY, RECENT_LOGIN_KEY, SESSION_MODULE_OPTIONS } from '../common/session.constants.js';
import { loginAgeOf } from '../lifetimes/login-age.js';
import type { RequestSession, SessionModuleOptions } from '../module/session-module-options.interface.js';
import { requestOf } from '../contexts/session-contexts.js';
import { sessionUnavailableIn, unauthenticatedIn } from './session-refusals.js';
import { hasUserId } from '../module/session.runtime.js';

/**
 * Lets a request through when its session is authenticated (`isAuthenticated`, default: `userId` is
 * set); otherwise 401 with a JSON body (a GraphQL `UNAUTHENTICATED` error, a `WsException`). A request
 * with no session at all gets 503 (GraphQL: `SERVICE_UNAVAILABLE`). Routes and
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
  /** `@AllowAnonymous()` as read for each handler (first key) and controller (second key). */
  private readonly anonymousRoutes = new WeakMap<object, WeakMap<object, boolean>>();

  constructor(
    protected readonly reflector: Reflector,
    @Inject(SESSION_MODULE_OPTIONS) protected readonly options: SessionModuleOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.allowsAnonymous(context)) {
      return true;
    }
    const req = this.getRequest(context);
    const session = req?.session;
    if (!session) {
      throw sessionUnavailableIn(context, req);
    }
    if (!this.isAuthenticated(session, context)) {
      return this.onUnauthenticated(context);
    }
    const maxLoginAge = this.reflector.getAllAndOverride<number | undefined>(RECENT_LOGIN_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (maxLoginAge !== undefined && !((loginAgeOf(session) ?? Infinity) <= maxLoginAge)) {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Re-authentication required: sign in again to continue.',
        reauthenticate: true,
      });
    }
    return true;
  }

  /**
   * True when the handler or its controller carries `@AllowAnonymous()`. Read once per handler and
   * controller: decorator metadata is fixed once the app has started.
   */
  protected allowsAnonymous(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const controller = context.getClass();
    if (!handler || !controller) {
      return this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_ANONYMOUS_KEY, [handler, controller]) === true;
    }
    let byController = this.anonymousRoutes.get(handler);
    if (byController === undefined) {
      byController = new WeakMap();
      this.anonymousRoutes.set(handler, byController);
    }
    let allowed = byController.get(controller);
    if (allowed === undefined) {
      allowed =
        this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_ANONYMOUS_KEY, [handler, controller]) === true;
      byController.set(controller, allowed);
    }
    return allowed;
  }

  /** The request being guarded: HTTP, GraphQL or WebSocket (see `requestOf`); `undefined` when there is none. */
  protected getRequest(context: ExecutionContext): Request | undefined {
    return requestOf(context);
  }

  /** Whether the session belongs to a signed-in user. Default: the `isAuthenticated` option. */
  protected isAuthenticated(session: RequestSession, _context: ExecutionContext): boolean {
    return (this.options.isAuthenticated ?? hasUserId)(session);
  }

  /**
   * Called when the session is not authenticated. Default: throws a 401 `UnauthorizedException` (HTTP),
   * a GraphQL error with `extensions.code: 'UNAUTHENTICATED'`, or a `WsException` (WebSockets).
   */
  protected onUnauthenticated(context: ExecutionContext): boolean {
    throw unauthenticatedIn(context);
  }
}
