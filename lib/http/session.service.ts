import { Inject, Injectable, InternalServerErrorException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionData } from 'express-session';
import type { RequestSession } from '../module/session-module-options.interface.js';
import {
  discardSession,
  markSaved,
  sessionUnavailable,
  type SessionRequest,
} from '../request/session-request.js';
import { SESSION_RUNTIME, type SessionRuntime } from '../request/session.runtime.js';
import { isStoreUnavailable } from '../store/session-store.errors.js';

/** Options of {@link SessionService.regenerate}. */
export interface RegenerateOptions {
  /** Keys of the old session copied into the new one. Default: none. */
  keep?: string[];
}

/**
 * Promise API over express-session. Every method settles only once the store has answered, and
 * rejects with `SessionUnavailableException` (503) when the store fails, so a caller never answers
 * 200 for something that was not stored.
 */
@Injectable()
export class SessionService {
  constructor(@Inject(SESSION_RUNTIME) private readonly runtime: SessionRuntime) {}

  /**
   * Signs a user in: a new session ID (the old record is deleted: session fixation defence), `data`
   * assigned to it, saved. On failure no session cookie is sent.
   *
   * @example
   * await this.sessions.login(req, { userId: user.id });
   */
  async login(req: Request, data: Partial<SessionData>): Promise<RequestSession> {
    await this.regenerate(req);
    Object.assign(this.sessionOf(req), data);
    await this.save(req);
    return this.sessionOf(req);
  }

  /**
   * Signs out: destroys the stored session and clears the cookie (same name, path and domain it was
   * set with). If the store fails, the cookie is kept and the call rejects, so the client can retry.
   */
  async logout(req: Request, res: Response): Promise<void> {
    await this.destroy(req);
    const { path, domain, secure, sameSite, httpOnly, partitioned } = this.runtime.cookie;
    res.clearCookie(this.runtime.cookieName, {
      path,
      domain,
      secure: secure === 'auto' ? req.secure : secure,
      sameSite,
      httpOnly,
      partitioned,
    });
  }

  /** Replaces the session by a new one with a new ID, deleting the old record; `keep` copies keys over. */
  async regenerate(req: Request, options: RegenerateOptions = {}): Promise<RequestSession> {
    const old = this.sessionOf(req) as unknown as Record<string, unknown>;
    const kept = Object.fromEntries((options.keep ?? []).filter((key) => key in old).map((key) => [key, old[key]]));
    await this.run(req, (done) => this.sessionOf(req).regenerate(done));
    return Object.assign(this.sessionOf(req), kept);
  }

  /** Writes the session to the store now. */
  async save(req: Request): Promise<void> {
    await this.run(req, (done) => this.sessionOf(req).save(done));
    markSaved(req as SessionRequest);
  }

  /** Re-reads the session from the store. */
  async reload(req: Request): Promise<RequestSession> {
    await this.run(req, (done) => this.sessionOf(req).reload(done));
    markSaved(req as SessionRequest);
    return this.sessionOf(req);
  }

  /** Deletes the session from the store (the cookie stays; see {@link logout}). */
  async destroy(req: Request): Promise<void> {
    await this.run(req, (done) => this.sessionOf(req).destroy(done));
  }

  private sessionOf(req: Request): RequestSession {
    if (!req.session) {
      throw sessionUnavailable(req as SessionRequest, req.res);
    }
    return req.session;
  }

  private async run(req: Request, operation: (done: (error?: unknown) => void) => void): Promise<void> {
    this.sessionOf(req);
    try {
      await new Promise<void>((resolve, reject) => operation((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      discardSession(req as SessionRequest, error);
      if (isStoreUnavailable(error)) {
        throw sessionUnavailable(req as SessionRequest, req.res);
      }
      throw new InternalServerErrorException('The session could not be saved.', { cause: error });
    }
  }
}
