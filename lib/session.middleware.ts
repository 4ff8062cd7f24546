import { HttpStatus, Logger } from '@nestjs/common';
import session from 'express-session';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SessionOptions } from 'express-session';
import { DEFAULT_RETRY_AFTER_SECONDS } from './session.constants.js';
import { STORE_UNAVAILABLE_MESSAGE } from './session.exceptions.js';
import {
  discardSession,
  marksOf,
  sessionSnapshot,
  STORE_FAILURE,
  type SessionRequest,
} from './session-request.js';
import type { GuardedStore } from './store/guarded-store.js';
import { isStoreUnavailable } from './store/session-store.errors.js';

const logger = new Logger('SessionModule');

/**
 * express-session, made safe for Nest:
 * - a store failure while loading leaves the request without a session (routes that need one answer 503
 *   through `@Session()` / `SessionGuard`; the others work) instead of becoming a Nest 500;
 * - a session changed by the handler is saved before the response goes out, so a write the store
 *   refused answers 503 (or 500 for an unserializable value) without a cookie, never a 200.
 */
export function createSessionMiddleware(options: SessionOptions, store: GuardedStore): RequestHandler {
  const expressSession = session({ ...options, store });
  return function sessionMiddleware(req: Request, res: Response, next: NextFunction): void {
    const request = req as SessionRequest;
    let continued = false;
    expressSession(request, res, (error?: unknown) => {
      if (continued) {
        reportLateFailure(error);
        return;
      }
      continued = true;
      if (error && !isStoreUnavailable(error)) {
        return next(error);
      }
      if (error || (!request.session && !store.ready)) {
        request[STORE_FAILURE] = error ?? 'store not ready';
      } else if (request.session) {
        saveBeforeResponding(request, res);
      }
      next();
    });
  };
}

function saveBeforeResponding(req: SessionRequest, res: Response): void {
  const marks = marksOf(req);
  marks.snapshot = sessionSnapshot(req);
  const end = res.end;
  res.end = function endAfterSave(this: Response, ...args: unknown[]): Response {
    res.end = end;
    const finish = (): Response => (end as (...a: unknown[]) => Response).apply(res, args);
    const current = req.session;
    if (!current || res.headersSent || sessionSnapshot(req) === marks.snapshot) {
      return finish();
    }
    const fail = (error: unknown): void => {
      discardSession(req, error);
      replyWithSaveFailure(res, error, end);
    };
    try {
      current.save((error?: unknown) => (error ? fail(error) : finish()));
    } catch (error) {
      // express-session hashes the session synchronously in save(): a BigInt or a cycle throws here.
      fail(error);
    }
    return res;
  } as Response['end'];
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

function reportLateFailure(error: unknown): void {
  if (error) {
    logger.warn(`Session store failed after the response: ${error instanceof Error ? error.message : String(error)}`);
  }
}
