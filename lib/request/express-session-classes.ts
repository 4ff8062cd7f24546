import type { Request } from 'express';
import session from 'express-session';
import type { Cookie, CookieOptions, Session, SessionData } from 'express-session';

/**
 * express-session's `Session` and `Cookie` classes with the constructors they have at run time
 * (`@types/express-session` declares them private / argument-less).
 */
export interface SessionCookie extends Cookie {
  /** express-session's `Cookie#serialize`: the `Set-Cookie` value for `name=value` with this cookie's options. */
  serialize(name: string, value: string): string;
}

/** A session as express-session builds it: it also keeps its request (non-enumerable). */
export type BoundSession = Session & { readonly req: Request };

export const SessionClass = session.Session as unknown as new (req: Request, data?: SessionData | object) => BoundSession;

export const CookieClass = session.Cookie as unknown as new (
  options?: CookieOptions | { [key: string]: unknown },
) => SessionCookie;

/** Cookie options as express-session 1.19 accepts them (`'auto'` for `sameSite` too). */
export type ExpressSessionCookieOptions = Omit<CookieOptions, 'sameSite'> & {
  sameSite?: CookieOptions['sameSite'] | 'auto';
};
