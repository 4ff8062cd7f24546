import { ExecutionContextHost } from '@nestjs/core/internal';
import { requestOf } from '../../lib/index.js';

function contextOf(type: string, args: unknown[]): ExecutionContextHost {
  const context = new ExecutionContextHost(args);
  context.setType(type);
  return context;
}

describe('requestOf()', () => {
  const req = { session: { userId: 'ada' } };

  it('HTTP: argument 0', () => {
    expect(requestOf(contextOf('http', [req, {}, () => undefined]))).toBe(req);
  });

  it("GraphQL: the GraphQL context's req, not the root value", () => {
    expect(requestOf(contextOf('graphql', [{ parent: true }, {}, { req }, {}]))).toBe(req);
  });

  it('GraphQL: undefined when the GraphQL context has no req', () => {
    expect(requestOf(contextOf('graphql', [undefined, {}, {}, {}]))).toBeUndefined();
  });
});
