import type { RequestSession } from '../module/session-module-options.interface.js';

/**
 * An `isAuthenticated` preset for Passport: the session belongs to a signed-in user when Passport's
 * `req.logIn()` stored one (`session.passport.user`, what the serializer returned, is neither `undefined`
 * nor `null`). Needs no `SessionData` augmentation.
 *
 * @example
 * SessionModule.forRoot({ secret: process.env.SESSION_SECRET!, isAuthenticated: passportUser })
 */
export function passportUser(session: RequestSession): boolean {
  const passport: unknown = (session as { passport?: unknown }).passport;
  if (typeof passport !== 'object' || passport === null) {
    return false;
  }
  const user: unknown = (passport as { user?: unknown }).user;
  return user !== undefined && user !== null;
}
