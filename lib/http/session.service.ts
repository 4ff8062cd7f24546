import { Inject, Injectable, InternalServerErrorException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionData } from 'express-session';
import { DEFAULT_RETRY_AFTER_SECONDS, SessionInterruptedError } from '../request/commit-failures.js';
import { stateOf } from '../request/request-states.js';
import type { RequestSession } from '../module/session-module-options.interface.js';
import { SESSION_RUNTIME, type SessionRuntime } from '../module/session.runtime.js';
import { isStoreUnavailable } from '../store/session-store.errors.js';
import { SessionInterruptedException, SessionLimitExceededException, SessionUnavailableException } from './session.exceptions.js';
import { sessionOwnerOf } from '../store/session-owner.js';
import { UserSessions, type LiveUserSession } from '../users/user-sessions.js';
import { userIdOfSession, type UserSessionsSettings } from '../users/user-sessions.settings.js';
import type { UserSessionInfo } from '../users/users-options.interface.js';
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
  private readonly userSessions: UserSessions;

  constructor(@Inject(SESSION_RUNTIME) private readonly runtime: SessionRuntime) {
    this.userSessions = new UserSessions(runtime.guardedStore, runtime.settings.timeouts);
  }

  /**
   * Signs a user in: a new session ID (the old record is deleted: session fixation defence), `data`
   * copied into it (keys `cookie`, `id`, `__proto__` and the session's methods are refused), saved.
   * Returns the new session: a `@Session()` object taken before the call is the old one.
   * On failure no session cookie is sent. With `users.maxSessions`, a login that would exceed it first
   * revokes the user's least recently seen sessions, or (`onMaxSessions: 'reject'`) rejects with
   * `SessionLimitExceededException` (409) before anything changes.
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
    const users = this.runtime.settings.users;
    if (users !== undefined && users.maxSessions !== Infinity) {
      await this.makeRoomFor(req, users, Object.fromEntries(entries) as unknown as RequestSession);
    }
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

  /**
   * The user's live sessions, newest first (needs the `users` option). Each entry's `handle` is opaque and
   * safe to show; `current` marks the session of `current`, the request asking.
   *
   * @example
   * const sessions = await this.sessions.listSessions(session.userId, req);
   */
  async listSessions(userId: string, current?: Request): Promise<UserSessionInfo[]> {
    this.usersOption('listSessions');
    userId = userIdArgument('listSessions', userId);
    const currentHandle = current?.session ? sessionOwnerOf(current.session)?.handle : undefined;
    const live = await this.readUserSessions(current, userId);
    return live.map((session) => this.userSessions.info(session, currentHandle));
  }

  /**
   * Ends one of the user's sessions by its handle (from `listSessions()`): its record is deleted, so it is
   * signed out on every instance at its next request. Resolves `false` when the handle is not one of that
   * user's live sessions: nothing is revoked.
   */
  async revokeSession(userId: string, handle: string): Promise<boolean> {
    this.usersOption('revokeSession');
    userId = userIdArgument('revokeSession', userId);
    if (typeof handle !== 'string') {
      return false;
    }
    const live = await this.readUserSessions(undefined, userId);
    const session = live.find((candidate) => candidate.owner.handle === handle);
    if (session === undefined) {
      return false;
    }
    await this.revoke(undefined, userId, [session]);
    return true;
  }

  /** Ends every session of the request's user but the request's own (after a password change); resolves how many. */
  async revokeOtherSessions(req: Request): Promise<number> {
    const users = this.usersOption('revokeOtherSessions');
    const session = this.sessionOf(req);
    const userId = userIdOfSession(users, session);
    if (userId === undefined) {
      return 0;
    }
    const currentHandle = sessionOwnerOf(session)?.handle;
    const live = await this.readUserSessions(req, userId);
    return this.revoke(
      req,
      userId,
      live.filter((candidate) => candidate.owner.handle !== currentHandle),
    );
  }

  /** Ends every session of the user (an admin's "log out everywhere", a locked account); resolves how many. */
  async revokeSessions(userId: string): Promise<number> {
    this.usersOption('revokeSessions');
    userId = userIdArgument('revokeSessions', userId);
    return this.revoke(undefined, userId, await this.readUserSessions(undefined, userId));
  }

  /** Deletes the session from the store (the cookie stays; see {@link logout}). */
  async destroy(req: Request): Promise<void> {
    await this.run(req, (done) => this.sessionOf(req).destroy(done));
  }

  /** With `maxSessions`: revokes the least recently seen sessions of the user `data` signs in, or rejects. */
  private async makeRoomFor(req: Request, users: UserSessionsSettings, data: RequestSession): Promise<void> {
    const userId = userIdOfSession(users, data);
    if (userId === undefined) {
      return;
    }
    // The request's own session is replaced by this login: it does not count.
    const replaced = req.session ? sessionOwnerOf(req.session)?.handle : undefined;
    const others = (await this.readUserSessions(req, userId)).filter((session) => session.owner.handle !== replaced);
    const excess = others.length - users.maxSessions + 1;
    if (excess <= 0) {
      return;
    }
    if (users.onMaxSessions === 'reject') {
      throw inContextOf(req, new SessionLimitExceededException(users.maxSessions));
    }
    const oldestFirst = [...others].sort((a, b) => a.entry.seenAt - b.entry.seenAt);
    await this.revoke(req, userId, oldestFirst.slice(0, excess));
  }

  private usersOption(method: string): UserSessionsSettings {
    const users = this.runtime.settings.users;
    if (users === undefined) {
      throw new Error(
        `SessionService.${method}() needs the "users" option: SessionModule.forRoot({ ..., users: {} }) ` +
          '(users.userIdOf says whose a session is; default: session.userId).',
      );
    }
    return users;
  }

  private readUserSessions(req: Request | undefined, userId: string): Promise<LiveUserSession[]> {
    return this.userStoreCall(req, () => this.userSessions.live(userId));
  }

  private revoke(req: Request | undefined, userId: string, sessions: readonly LiveUserSession[]): Promise<number> {
    return this.userStoreCall(req, () => this.userSessions.revoke(userId, sessions));
  }

  /** A store failure of the per-user index answers 503, as a session operation's does. */
  private async userStoreCall<T>(req: Request | undefined, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!isStoreUnavailable(error)) {
        throw error;
      }
      if (req === undefined) {
        throw new SessionUnavailableException();
      }
      req.res?.setHeader('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
      throw inContextOf(req, new SessionUnavailableException());
    }
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

/** A user id as the index holds it: a string (a number or bigint is taken as its string, as `userIdOf` does). */
function userIdArgument(method: string, userId: unknown): string {
  if (typeof userId === 'number' || typeof userId === 'bigint') {
    return String(userId);
  }
  if (typeof userId !== 'string' || userId === '') {
    throw new TypeError(`SessionService.${method}(): userId must be a non-empty string (got ${typeof userId}).`);
  }
  return userId;
}

/** The request of a session (express-session keeps it as the session's non-enumerable `req`), or the request itself. */
function requestOfTarget(target: Request | RequestSession): Request {
  const bound = (target as { req?: unknown }).req;
  const isSession = typeof (target as { touch?: unknown }).touch === 'function' && 'cookie' in target;
  return isSession && typeof bound === 'object' && bound !== null ? (bound as Request) : (target as Request);
}
