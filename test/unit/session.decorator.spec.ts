import type { HttpException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { SessionUnavailableException } from '../../lib/index.js';
import { resolveSessionParam } from '../../lib/http/session.decorator.js';
import { attachState } from '../../lib/request/request-states.js';
import type { SessionRequestState } from '../../lib/request/session-request-state.js';

function contextFor(req: object) {
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
  return { context: new ExecutionContextHost([req, res]), headers };
}

describe('@Session() factory', () => {
  it('returns the whole session without a key', () => {
    const session = { views: 2 };
    expect(resolveSessionParam(undefined, contextFor({ session }).context)).toBe(session);
  });

  it('returns one property with a key, undefined when that property is absent', () => {
    const { context } = contextFor({ session: { userId: 'u1' } });
    expect(resolveSessionParam('userId', context)).toBe('u1');
    expect(resolveSessionParam('views', context)).toBeUndefined();
  });

  it('throws a 503 naming forRoutes/exclude when the route has no session middleware', () => {
    const { context, headers } = contextFor({});
    let thrown: unknown;
    try {
      resolveSessionParam('userId', context);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SessionUnavailableException);
    expect((thrown as HttpException).getStatus()).toBe(503);
    expect(JSON.stringify((thrown as HttpException).getResponse())).toContain('forRoutes/exclude');
    expect(headers['Retry-After']).toBeUndefined();
  });

  it('throws a 503 with Retry-After when the store failed', () => {
    const req = {};
    attachState(req, { storeFailure: new Error('down') } as SessionRequestState);
    const { context, headers } = contextFor(req);
    expect(() => resolveSessionParam(undefined, context)).toThrow(SessionUnavailableException);
    expect(headers['Retry-After']).toBe('5');
  });
});
