import type { Request } from 'express';
import session from 'express-session';
import type { Cookie, CookieOptions, Session, SessionData } from 'express-session';
import type { SessionTimes } from '../lifetimes/session-timeouts.js';
import type { SessionOwner, SessionOwnerDetails } from '../store/session-owner.js';
import type { RenewalState } from '../lifetimes/session-renewal.js';

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

const ExpressSessionCookie = session.Cookie as unknown as new (
  options?: CookieOptions | { [key: string]: unknown },
) => SessionCookie & { toJSON(): object };

/**
 * express-session's `Cookie`, whose record also carries {@link SessionTimes} and, with the `users` option,
 * its {@link SessionOwner} (plain express-session reading such a record keeps them as extra properties and
 * drops them on its next write). None of them is ever part of the `Set-Cookie` header.
 */
export class ModuleCookie extends ExpressSessionCookie implements SessionTimes {
  declare created?: number;
  declare seen?: number;
  declare login?: number;
  declare owner?: SessionOwner;
  /** With `timeouts.renewal`: which IDs of the session are live ({@link RenewalState}). */
  declare rid?: RenewalState;
  /** Set when the session joined its user's index in this request; never stored with the session. */
  declare ownerDetails?: SessionOwnerDetails;

  override toJSON(): object {
    // express-session's `data` getter builds a new object on each call: extended in place, not copied.
    const json = super.toJSON() as Record<string, unknown>;
    if (this.created !== undefined) {
      json.created = this.created;
    }
    if (this.seen !== undefined) {
      json.seen = this.seen;
    }
    if (this.login !== undefined) {
      json.login = this.login;
    }
    if (this.owner !== undefined) {
      json.owner = this.owner;
    }
    if (this.rid !== undefined) {
      json.rid = this.rid;
    }
    return json;
  }
}

export const CookieClass = ModuleCookie;

/** Cookie options as express-session 1.19 accepts them (`'auto'` for `sameSite` too). */
export type ExpressSessionCookieOptions = Omit<CookieOptions, 'sameSite'> & {
  sameSite?: CookieOptions['sameSite'] | 'auto';
};
