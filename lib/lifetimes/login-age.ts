import type { Session } from 'express-session';
import type { SessionTimes } from './session-timeouts.js';

/** Milliseconds since the session's last `SessionService.login()`; `undefined` when it has none. */
export function loginAgeOf(session: Session | undefined, now = Date.now()): number | undefined {
  const login = (session?.cookie as SessionTimes | undefined)?.login;
  return typeof login === 'number' && Number.isFinite(login) ? Math.max(0, now - login) : undefined;
}
