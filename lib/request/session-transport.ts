import type { Request, Response } from 'express';
import { readCookie } from './session-cookie.js';

/** Where the signed session ID travels: the cookie (browsers), a header (API clients), or both. */
export type SessionTransportKind = 'cookie' | 'header';

/** Default name of the header transport's header (Spring Session's `X-Auth-Token` plays the same role). */
export const DEFAULT_SESSION_HEADER = 'X-Session-Token';

/** The transports in use, derived once from the options. */
export interface SessionTransport {
  readonly cookie: boolean;
  /** The header's name (lower case) when the header transport is on. */
  readonly header: string | undefined;
}

/** `transport` and `header` as given in the options. */
export function sessionTransportOf(transport: SessionTransportKind | readonly SessionTransportKind[] | undefined, header: string | undefined): SessionTransport {
  const kinds = transport === undefined ? ['cookie'] : Array.isArray(transport) ? transport : [transport];
  return {
    cookie: kinds.includes('cookie'),
    header: kinds.includes('header') ? (header ?? DEFAULT_SESSION_HEADER).toLowerCase() : undefined,
  };
}

/** The signed session ID the request carries: the header's when present, else the cookie's. */
export function readSignedId(req: Request, transport: SessionTransport, cookieName: string): string | undefined {
  if (transport.header !== undefined) {
    const value = req.headers[transport.header];
    if (typeof value === 'string' && value !== '') {
      return value;
    }
  }
  return transport.cookie ? readCookie(req.headers.cookie, cookieName) : undefined;
}

/** Sends the signed ID in the header (the cookie is the commit's). */
export function sendSignedIdHeader(res: Response, transport: SessionTransport, signed: string): void {
  if (transport.header !== undefined) {
    res.setHeader(transport.header, signed);
  }
}
