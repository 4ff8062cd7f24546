import type { SessionRequestState } from './session-request-state.js';

/**
 * The request path's state per request, found from the request. A WeakMap rather than a property of
 * `req`: adding properties to Express's request objects makes every later access to them slower.
 */
const states = new WeakMap<object, SessionRequestState>();

/** The state of `req`, if the module's session middleware ran on it. */
export function stateOf(req: object): SessionRequestState | undefined {
  return states.get(req);
}

export function attachState(req: object, state: SessionRequestState): void {
  states.set(req, state);
}
