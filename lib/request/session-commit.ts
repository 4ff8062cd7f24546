import { Logger } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import type { SessionData } from 'express-session';
import { SessionStoreError } from '../store/session-store.errors.js';
import { commitFailureOf } from './commit-failures.js';
import type { SessionCookie } from './express-session-classes.js';
import type { ModuleSession } from './module-session.js';
import { isSecureRequest } from './request-path.settings.js';
import { HAND_OFF, type ResponseCommit } from './response-gate.js';
import { sendSignedIdHeader } from './session-transport.js';
import {
  remainingLifetime,
  renewSeen,
  type SessionTimeouts,
  type SessionTimes,
} from '../lifetimes/session-timeouts.js';
import type { SessionRequestState } from './session-request-state.js';
import { claimSessionOwner } from '../users/user-sessions.settings.js';
import { sameSnapshot, takeSnapshot, type SessionSnapshot } from './session-snapshot.js';

const logger = new Logger('SessionModule');
let warnedInsecureCookie = false;

type Resume = Parameters<ResponseCommit['begin']>[0];

/**
 * The end of a request: run once by the response gate, before the status line. Decides as express-session
 * does whether to write, touch or destroy the session and whether to send its cookie, then does it:
 * - a write or destroy is awaited; if it fails the response is replaced (503 store down, 409 session
 *   ended meanwhile, 500 unstorable value) and no cookie is sent;
 * - a touch is awaited only when the cookie goes out (a rolling cookie), so the cookie of a session that
 *   ended meanwhile is never sent; otherwise it runs alongside the response.
 */
export class SessionCommit implements ResponseCommit {
  constructor(
    private readonly state: SessionRequestState,
    private readonly res: Response,
    private readonly next: NextFunction,
  ) {}

  begin(resume: Resume): void {
    const state = this.state;
    const req = state.req;
    const loaded = req.session as ModuleSession | undefined;
    const loadedId = req.sessionID as unknown;
    if (!loaded) {
      return this.destroyUnset(loadedId, resume);
    }
    if (typeof loadedId !== 'string' || typeof loaded.touch !== 'function') {
      return resume();
    }
    const renewed = state.renewIfDue(loaded);
    const current: ModuleSession = renewed ?? loaded;
    const id: string = renewed?.id ?? loadedId;
    let snapshot: SessionSnapshot;
    try {
      snapshot = takeSnapshot(current);
    } catch (error) {
      logger.error(`Session not saved: a value in it cannot be serialized (${describe(error)}).`);
      return resume(commitFailureOf(new SessionStoreError('serialization', 'set', { cause: error })));
    }
    const settings = state.settings;
    const modified = state.originalId !== current.id || !sameSnapshot(state.original!, snapshot);
    // express-session compares with the ID the request started with, so a login (regenerate, save) is written
    // twice; the module compares with the ID last written: nothing is written again unless it changed.
    const saved = state.isSaved(id, snapshot);
    // A session that got its next ID by renewal is the same stored session under a new name, and sends it.
    const renamed = state.renewedId === id && state.cookieId !== id;
    const isNew = state.cookieId !== id && !renamed;
    const timeouts = settings.timeouts;
    // A stored session whose metadata changed on load, or whose last-seen time is stale, is written for it
    // (instead of touched): same round trips.
    const writeMetadata =
      timeouts !== undefined &&
      state.storedId === id &&
      (state.recordNeedsWrite || renewSeen(current.cookie as SessionTimes, timeouts, Date.now()));
    const claimed = settings.users !== undefined && claimSessionOwner(settings.users, current, req);
    const shouldSave = claimed || renewed !== undefined || (!settings.saveUninitialized && state.saved === undefined && isNew ? modified : !saved) || writeMetadata;
    if (timeouts?.absolute !== undefined) {
      capAtAbsoluteDeadline(current, timeouts);
    }
    let shouldSetCookie = isNew
      ? settings.saveUninitialized || modified
      : renamed || settings.rolling || (current.cookie.expires != null && modified);
    if (shouldSetCookie && current.cookie.secure && !isSecureRequest(req, settings.proxy)) {
      warnInsecureCookie();
      shouldSetCookie = false;
      if (isNew) {
        // Its cookie cannot reach the client: a stored record would only be an orphan.
        return resume();
      }
    }
    current.touch();
    if (shouldSave) {
      const changes = state.changesSinceSaved(id, snapshot);
      state.markSaved(id, snapshot);
      state.write(
        id,
        current,
        (error) => {
          if (error) {
            logFailure(error);
            return resume(commitFailureOf(error));
          }
          this.finish(id, current, shouldSetCookie, resume);
        },
        changes,
      );
      return;
    }
    const touch = !isNew && state.wroteId !== id && settings.store.canTouch;
    if (touch && shouldSetCookie) {
      settings.store.touch(id, current as unknown as SessionData, (error, alive) => {
        if (error) {
          reportLateFailure(error);
        }
        this.finish(id, current, alive !== false, resume);
      });
      return;
    }
    if (touch) {
      settings.store.touch(id, current as unknown as SessionData, reportLateFailure);
    }
    this.finish(id, current, shouldSetCookie, resume);
  }

  /** Sets the cookie (unless the session ended meanwhile) and lets the response go. */
  private finish(id: string, current: ModuleSession, setCookie: boolean, resume: Resume): void {
    const req = this.state.req;
    if (setCookie && req.session === current && req.sessionID === id) {
      const settings = this.state.settings;
      try {
        const signed = settings.signer.sign(id);
        if (settings.transport.cookie) {
          appendSetCookie(this.res, (current.cookie as SessionCookie).serialize(settings.name, signed));
        }
        if (settings.transport.header !== undefined) {
          sendSignedIdHeader(this.res, settings.transport, signed);
          noStore(this.res);
        }
      } catch (error) {
        // Not a store failure (e.g. `option expires is invalid`): Express's error handling answers, as with express-session.
        resume(HAND_OFF);
        process.nextTick(this.next, error);
        return;
      }
    }
    resume();
  }

  /** `req.session` was unset: with `unset: 'destroy'` its record goes before the response. */
  private destroyUnset(id: unknown, resume: Resume): void {
    const state = this.state;
    if (!state.settings.unsetDestroy || state.destroyed || typeof id !== 'string' || state.storedId !== id) {
      return resume();
    }
    state.settings.store.destroy(id, (error) => {
      if (error) {
        logFailure(error);
        return resume(commitFailureOf(error));
      }
      resume();
    });
  }
}

/** A cookie (and the store TTL that follows it) never outlives the absolute deadline. */
function capAtAbsoluteDeadline(current: ModuleSession, timeouts: SessionTimeouts): void {
  const cookie = current.cookie;
  const remaining = remainingLifetime(cookie as SessionTimes, timeouts, Date.now());
  if (remaining !== undefined && cookie.maxAge != null && cookie.maxAge > remaining) {
    cookie.maxAge = remaining;
  }
}

function appendSetCookie(res: Response, value: string): void {
  const previous = res.getHeader('Set-Cookie');
  const header = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [String(previous), value];
  res.setHeader('Set-Cookie', header);
  noStore(res);
}

/** A response that carries a session credential must not be cached, unless the handler chose otherwise. */
function noStore(res: Response): void {
  if (!res.hasHeader('Cache-Control')) {
    res.setHeader('Cache-Control', 'no-store');
  }
}

/** Logs a store failure that came too late to change the response (a touch running alongside it). */
export function reportLateFailure(error: unknown): void {
  if (error) {
    logger.warn(`Session store failed after the response: ${describe(error)}`);
  }
}

function logFailure(error: unknown): void {
  if (error instanceof SessionStoreError && error.kind !== 'serialization') {
    logger.warn(`Session not committed: ${error.message}`);
  } else if (!(error instanceof Error && error.name === 'SessionInterruptedError')) {
    logger.error(`Session not saved: ${describe(error)}`);
  }
}

function warnInsecureCookie(): void {
  if (!warnedInsecureCookie) {
    warnedInsecureCookie = true;
    logger.warn(
      'The session cookie is `secure` but this request arrived over plain HTTP, so no cookie was sent and ' +
        'the session was not stored. Behind a TLS-terminating proxy set `proxy: true` (or Express\'s ' +
        "`trust proxy`) and make the proxy send `X-Forwarded-Proto`; in development set `cookie.secure: 'auto'`.",
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
