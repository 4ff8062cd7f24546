import { HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { SessionData } from 'express-session';
import { DEFAULT_RETRY_AFTER_SECONDS } from '../common/session.constants.js';
import { STORE_UNAVAILABLE_MESSAGE } from '../http/session.exceptions.js';
import { discardSession, marksOf, sessionSnapshot, type SessionRequest } from './session-request.js';
import type { GuardedStore } from '../store/guarded-store.js';
import { isStoreUnavailable } from '../store/session-store.errors.js';

const logger = new Logger('SessionModule');

type End = (this: Response, ...args: unknown[]) => Response;

/** What {@link commitBeforeResponding} needs besides the request. */
export interface CommitSettings {
  readonly store: GuardedStore;
  /** express-session's `resave`: every session is written back, so express-session keeps the end of the response. */
  readonly resave: boolean;
}

/**
 * Holds the response's `end()` until the session is committed:
 * - a session changed since it was loaded or saved is saved first; a refused write answers 503 (500 for
 *   an unserializable value) without a cookie, never a 200;
 * - an unchanged session that the store already holds is touched, as express-session would.
 * In these two cases the module does all of express-session's end-of-response work (express-session
 * would hash the session twice more to reach the same decision), and `end` goes to what express-session
 * wrapped, `endBeneath`. Every other case (no session, headers already sent, a new or regenerated session
 * not yet saved, `resave`) goes through express-session's own `end`.
 */
export function commitBeforeResponding(
  req: SessionRequest,
  res: Response,
  endBeneath: Response['end'],
  settings: CommitSettings,
): void {
  const marks = marksOf(req);
  marks.snapshot = sessionSnapshot(req);
  const endOfSession = res.end as End;
  res.end = function endAfterCommit(this: Response, ...args: unknown[]): Response {
    res.end = endOfSession as Response['end'];
    const current = req.session;
    if (!current || res.headersSent) {
      return endOfSession.apply(res, args);
    }
    const changed = sessionSnapshot(req) !== marks.snapshot;
    const stored = marks.loadedId === req.sessionID || marks.savedId === req.sessionID;
    if (!changed && (settings.resave || !stored)) {
      return endOfSession.apply(res, args);
    }
    res.end = endBeneath;
    const finish = (): Response => (endBeneath as End).apply(res, args);
    if (!changed) {
      current.touch();
      settings.store.touch(req.sessionID, current as SessionData, (error) => {
        reportLateFailure(error);
        finish();
      });
      return res;
    }
    const fail = (error: unknown): void => {
      discardSession(req, error);
      replyWithSaveFailure(res, error, endBeneath);
    };
    try {
      // Straight to the store rather than through `current.save()`: express-session's save() first hashes the
      // session for its own end-of-response check, which this path replaces (one JSON.stringify less per write).
      settings.store.set(req.sessionID, current as SessionData, (error?: unknown) => (error ? fail(error) : finish()));
    } catch (error) {
      // Serializing happens synchronously: a BigInt or a cycle may throw here.
      fail(error);
    }
    return res;
  } as Response['end'];
}

/** Logs a store failure that came too late to change the response (a touch, express-session's own save). */
export function reportLateFailure(error: unknown): void {
  if (error) {
    logger.warn(`Session store failed after the response: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function replyWithSaveFailure(res: Response, error: unknown, end: Response['end']): void {
  const unavailable = isStoreUnavailable(error);
  if (!unavailable) {
    logger.error(`Session not saved: ${error instanceof Error ? error.message : String(error)}`);
  }
  const status = unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR;
  const body = JSON.stringify({
    statusCode: status,
    error: unavailable ? 'Service Unavailable' : 'Internal Server Error',
    message: unavailable ? STORE_UNAVAILABLE_MESSAGE : 'The session could not be saved.',
  });
  res.statusCode = status;
  res.removeHeader('ETag');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  if (unavailable) {
    res.setHeader('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
  }
  (end as (chunk: string) => Response).call(res, body);
}
