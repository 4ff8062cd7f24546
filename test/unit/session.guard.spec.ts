import { HttpException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { AllowAnonymous, passportUser, SessionGuard, SessionUnavailableException } from '../../lib/index.js';
import type { RequestSession, SessionModuleOptions } from '../../lib/index.js';

class Routes {
  guarded(): void {}
  @AllowAnonymous()
  open(): void {}
}

@AllowAnonymous()
class OpenRoutes {
  any(): void {}
}

function contextFor(session: Partial<RequestSession> | undefined, handler: () => void, controller: object) {
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
  const context = new ExecutionContextHost([{ session }, res], controller as never, handler);
  return { context, headers };
}

function guard(options: Partial<SessionModuleOptions> = {}): SessionGuard {
  return new SessionGuard(new Reflector(), { secret: 's', ...options });
}

describe('SessionGuard', () => {
  const guarded = Routes.prototype.guarded;

  it('passes when userId is set', () => {
    expect(guard().canActivate(contextFor({ userId: 'u1' } as never, guarded, Routes).context)).toBe(true);
  });

  it.each([
    ['no userId', {}],
    ['a null userId', { userId: null }],
  ])('throws 401 for %s', (_label, session) => {
    const { context } = contextFor(session as never, guarded, Routes);
    expect(() => guard().canActivate(context)).toThrow(UnauthorizedException);
  });

  it('passes a userId of 0 or an empty string (only undefined and null mean anonymous)', () => {
    expect(guard().canActivate(contextFor({ userId: 0 } as never, guarded, Routes).context)).toBe(true);
    expect(guard().canActivate(contextFor({ userId: '' } as never, guarded, Routes).context)).toBe(true);
  });

  describe('with isAuthenticated: passportUser', () => {
    const withPassport = () => guard({ isAuthenticated: passportUser });

    it.each([
      ['a string', 'u1'],
      ['an object', { id: 7 }],
      ['0', 0],
    ])('passes when Passport stored %s as the user', (_label, user) => {
      expect(withPassport().canActivate(contextFor({ passport: { user } } as never, guarded, Routes).context)).toBe(true);
    });

    it.each([
      ['no passport entry', {}],
      ['a passport entry without user (after req.logout)', { passport: {} }],
      ['a null user', { passport: { user: null } }],
      ['a passport entry that is not an object', { passport: 'u1' }],
      ['only a userId', { userId: 'u1' }],
    ])('throws 401 for %s', (_label, session) => {
      expect(() => withPassport().canActivate(contextFor(session as never, guarded, Routes).context)).toThrow(
        UnauthorizedException,
      );
    });
  });

  it('throws 503 SessionUnavailableException, not 401, when the request has no session', () => {
    const { context } = contextFor(undefined, guarded, Routes);
    let thrown: unknown;
    try {
      guard().canActivate(context);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SessionUnavailableException);
    expect((thrown as HttpException).getStatus()).toBe(503);
  });

  it('lets anonymous requests through a handler marked @AllowAnonymous()', () => {
    expect(guard().canActivate(contextFor({}, Routes.prototype.open, Routes).context)).toBe(true);
  });

  it('lets anonymous requests through a controller marked @AllowAnonymous()', () => {
    expect(guard().canActivate(contextFor({}, OpenRoutes.prototype.any, OpenRoutes).context)).toBe(true);
  });

  it('reads @AllowAnonymous() per controller when two controllers share an inherited handler', () => {
    class BaseRoutes {
      inherited(): void {}
    }
    @AllowAnonymous()
    class OpenChild extends BaseRoutes {}
    class ClosedChild extends BaseRoutes {}
    const shared = guard();
    const handler = BaseRoutes.prototype.inherited;
    for (let i = 0; i < 2; i++) {
      expect(shared.canActivate(contextFor({}, handler, OpenChild).context)).toBe(true);
      expect(() => shared.canActivate(contextFor({}, handler, ClosedChild).context)).toThrow(UnauthorizedException);
    }
  });

  it('uses the isAuthenticated option', () => {
    const byRole = guard({ isAuthenticated: (session) => (session as { role?: string }).role === 'admin' });
    expect(byRole.canActivate(contextFor({ role: 'admin' } as never, guarded, Routes).context)).toBe(true);
    expect(() => byRole.canActivate(contextFor({ userId: 'u1' } as never, guarded, Routes).context)).toThrow(
      UnauthorizedException,
    );
  });

  it('can be customised through its protected methods', () => {
    class RedirectingGuard extends SessionGuard {
      protected override onUnauthenticated(): boolean {
        return false;
      }
    }
    const subclass = new RedirectingGuard(new Reflector(), { secret: 's' });
    expect(subclass.canActivate(contextFor({}, guarded, Routes).context)).toBe(false);
  });
});
