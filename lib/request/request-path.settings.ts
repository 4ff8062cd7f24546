import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { CookieOptions } from 'express-session';
import type { SessionEventBus } from '../events/session-events.js';
import type { SessionTimeouts } from '../lifetimes/session-timeouts.js';
import type { GuardedStore } from '../store/guarded-store.js';
import type { SessionTransport } from './session-transport.js';
import type { UserSessionsSettings } from '../users/user-sessions.settings.js';
import type { SessionCookieSigner } from './session-cookie.js';

/** Everything the request path derives once from the options. */
export interface RequestPathSettings {
  readonly store: GuardedStore;
  readonly signer: SessionCookieSigner;
  /** The cookie's name (`name`, or its legacy alias `key`). */
  readonly name: string;
  /** The cookie options, or express-session 1.19's per-request function; defaults already applied. */
  readonly cookie: CookieOptions | ((req: Request) => CookieOptions);
  readonly genid: (req: Request) => unknown;
  readonly resave: boolean;
  readonly saveUninitialized: boolean;
  readonly rolling: boolean;
  readonly unsetDestroy: boolean;
  readonly proxy: boolean | undefined;
  /** Where the signed ID travels: cookie, header, or both. */
  readonly transport: SessionTransport;
  /** Lifecycle events (a no-op until the module connects `@nestjs/event-emitter`). */
  readonly events: SessionEventBus;
  /** The lifetimes the server enforces; `undefined` when none is set. */
  readonly timeouts: SessionTimeouts | undefined;
  /** With `timeouts.renewal`: the key renewed IDs are derived with. */
  readonly renewalKey: Buffer | undefined;
  /** The `users` option (per-user index of sessions); `undefined` when off. */
  readonly users: UserSessionsSettings | undefined;
}

/** The cookie options for this request. */
export function cookieOptionsFor(settings: RequestPathSettings, req: Request): CookieOptions {
  const cookie = settings.cookie;
  return typeof cookie === 'function' ? cookie(req) : cookie;
}

/** express-session's default `genid`: 24 random bytes, base64url. */
export function generateSessionId(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether the request arrived over TLS, with express-session's reading of `proxy`. */
export function isSecureRequest(req: Request, proxy: boolean | undefined): boolean {
  if ((req.socket as { encrypted?: boolean } | undefined)?.encrypted) {
    return true;
  }
  if (proxy === false) {
    return false;
  }
  if (proxy !== true) {
    return req.secure === true;
  }
  const header = req.headers['x-forwarded-proto'];
  const first = (typeof header === 'string' ? header : '').split(',')[0];
  return first.trim().toLowerCase() === 'https';
}
