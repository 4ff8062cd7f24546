import { SetMetadata } from '@nestjs/common';
import { RECENT_LOGIN_KEY } from '../common/session.constants.js';

/**
 * Makes `SessionGuard` refuse (401, `reauthenticate: true` in the body) a signed-in session whose
 * `SessionService.login()` is older than `maxAgeMs`: for changing a password or an e-mail address.
 * On a handler or a whole controller; the handler's value wins.
 *
 * @example
 * @RequireRecentLogin(5 * 60_000)
 * @Post('password')
 * changePassword() { ... }
 */
export const RequireRecentLogin = (maxAgeMs: number): MethodDecorator & ClassDecorator => {
  if (!(Number.isInteger(maxAgeMs) && maxAgeMs > 0)) {
    throw new TypeError(`@RequireRecentLogin(maxAgeMs) takes a positive integer of milliseconds (got ${String(maxAgeMs)}).`);
  }
  return SetMetadata(RECENT_LOGIN_KEY, maxAgeMs);
};
