import { Inject, Injectable, InternalServerErrorException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionData } from 'express-session';
import { SessionInterruptedError } from '../request/commit-failures.js';
import { stateOf } from '../request/request-states.js';
import type { RequestSession } from '../module/session-module-options.interface.js';
import { SESSION_RUNTIME, type SessionRuntime } from '../module/session.runtime.js';
import { isStoreUnavailable } from '../store/session-store.errors.js';
import { SessionInterruptedException } from './session.exceptions.js';
import { sessionUnavailable } from './session-unavailable.js';
import { inContextOf } from '../contexts/session-contexts.js';
import { SESSION_EVENTS } from '../events/session-events.js';
import { loginAgeOf } from '../lifetimes/login-age.js';
import type { SessionTimes } from '../lifetimes/session-timeouts.js';

/** Options of {@link SessionService.regenerate}. */
export interface RegenerateOptions {
  /** Keys of the old session copied into the new one. Default: none. */
  keep?: string[];
}

/** Keys `login()` refuses: they belong to the session object itself, not to its data. */
const RESERVED_KEYS = new Set(['cookie', 'id', 'req', '__proto__', 'constructor', 'prototype', 'save', 'reload', 'destroy', 'regenerate', 'touch', 'resetMaxAge']);

/**
 * Promise API over the request's session. Every method settles only once the store has answered:
 * it rejects with `SessionUnavailableException` (503) when the store fails, `SessionInterruptedException`
 * (409) when the session ended in a concurrent request, so a caller never answers 200 for something
 * that was not stored. After a failure the request has no session and no cookie is sent.
 */
@Injectable()
export class SessionService {
  constructor(@Inject(SESSION_RUNTIME) private readonly runtime: SessionRuntime) {}

  /**
   * Signs a user in: a new session ID (the old record is deleted: session fixation defence), `data`
   * copied into it (keys `cookie`, `id`, `__proto__` and the session's methods are refused), saved.
   * Returns the new session: a `@Session()` object taken before the call is the old one.
   * On failure no session cookie is sent.
   *
   * @example
   * const session = await this.sessions.login(req, { userId: user.id });
   */
  async login(req: Request, data: Partial<SessionData>): Promise<RequestSession> {
    const entries = Object.keys(data).map((key) => {
      if (RESERVED_KEYS.has(key)) {
        throw new TypeError(`SessionService.login(): "${key}" is reserved by the session and cannot be set from data.`);
      }
      return [key, (data as Record<string, unknown>)[key]] as const;
    });
    await this.regenerate(req);
    const session = this.sessionOf(req) as unknown as Record<string, unknown>;
    for (const [key, value] of entries) {
      session[key] = value;
    }
    (this.sessionOf(req).cookie as SessionTimes).login = Date.now();
    await this.save(req);
    this.runtime.settings.events.emit(SESSION_EVENTS.login, req, req.sessionID);
    return this.sessionOf(req);
  }

  /**
   * Signs out: destroys the stored session and clears the cookie (same name, path and domain it was
   * set with). `res` defaults to `req.res`. If the store fails, the cookie is kept and the call rejects,
   * so the client can retry.
   */
  async logout(req: Request, res: Response | undefined = req.res): Promise<void> {
    const sid = req.sessionID;
    const userId = (req.session as { userId?: unknown } | undefined)?.userId;
    await this.destroy(req);
    this.runtime.settings.events.emit(SESSION_EVENTS.logout, req, sid, undefined, userId);
    const transport = this.runtime.settings.transport;
    if (transport.header !== undefined) {
      res?.setHeader(transport.header, '');
    }
    if (transport.cookie) {
      const { path, domain, secure, sameSite, httpOnly, partitioned } = this.runtime.cookieFor(req);
      res?.clearCookie(this.runtime.cookieName, {
        path,
        domain,
        secure: secure === 'auto' ? req.secure : secure,
        sameSite: (sameSite as unknown) === 'auto' ? (req.secure ? 'none' : 'lax') : sameSite,
        httpOnly,
        partitioned,
      });
    }
    if (res && !res.hasHeader('Cache-Control')) {
      res.setHeader('Cache-Control', 'no-store');
    }
  }

  /** Replaces the session by a new one with a new ID, deleting the old record; `keep` copies keys over. */
  async regenerate(req: Request, options: RegenerateOptions = {}): Promise<RequestSession> {
    const old = this.sessionOf(req) as unknown as Record<string, unknown>;
    const kept = (options.keep ?? []).filter((key) => key in old && !RESERVED_KEYS.has(key)).map((key) => [key, old[key]] as const);
    await this.run(req, (done) => this.sessionOf(req).regenerate(done));
    const session = this.sessionOf(req) as unknown as Record<string, unknown>;
    for (const [key, value] of kept) {
      session[key] = value;
    }
    return this.sessionOf(req);
  }

  /**
   * Writes the session to the store now (only if its record still exists, when it was loaded). Takes the
   * request or the session itself (`@Session()` in a WebSocket gateway, where there is no HTTP request).
   *
   * @example
   * await this.sessions.save(session); // in a gateway handler: @Session() session: RequestSession
   */
  async save(target: Request | RequestSession): Promise<void> {
    const req = requestOfTarget(target);
    await this.run(req, (done) => this.sessionOf(req).save(done));
  }

  /** Re-reads the session from the store; rejects with 409 when its record is gone. */
  async reload(req: Request): Promise<RequestSession> {
    await this.run(req, (done) => this.sessionOf(req).reload(done));
    return this.sessionOf(req);
  }

  /** Milliseconds since this session's `login()`; `undefined` when it is not signed in through `login()`. */
  loginAge(req: Request): number | undefined {
    return loginAgeOf(req.session);
  }

  /** Deletes the session from the store (the cookie stays; see {@link logout}). */
  async destroy(req: Request): Promise<void> {
    await this.run(req, (done) => this.sessionOf(req).destroy(done));
  }

  private sessionOf(req: Request): RequestSession {
    if (!req.session) {
      throw inContextOf(req, sessionUnavailable(req, req.res));
    }
    return req.session;
  }

  private async run(req: Request, operation: (done: (error?: unknown) => void) => void): Promise<void> {
    this.sessionOf(req);
    try {
      await new Promise<void>((resolve, reject) => operation((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      const state = stateOf(req);
      state?.discard(error);
      if (error instanceof SessionInterruptedError) {
        throw inContextOf(req, new SessionInterruptedException());
      }
      if (isStoreUnavailable(error)) {
        throw inContextOf(req, sessionUnavailable(req, req.res));
      }
      throw inContextOf(req, new InternalServerErrorException('The session could not be saved.', { cause: error }));
    }
  }
}

/** The request of a session (express-session keeps it as the session's non-enumerable `req`), or the request itself. */
function requestOfTarget(target: Request | RequestSession): Request {
  const bound = (target as { req?: unknown }).req;
  const isSession = typeof (target as { touch?: unknown }).touch === 'function' && 'cookie' in target;
  return isSession && typeof bound === 'object' && bound !== null ? (bound as Request) : (target as Request);
}
