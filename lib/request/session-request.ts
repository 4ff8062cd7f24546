import type { Request, Response } from 'express';
import { DEFAULT_RETRY_AFTER_SECONDS } from '../common/session.constants.js';
import {
  NO_SESSION_MESSAGE,
  SessionUnavailableException,
} from '../http/session.exceptions.js';

/** Set on the request when the store failed while loading its session. */
export const STORE_FAILURE = Symbol('nestjs-express-session:store-failure');

/** The request as the module sees it. */
export interface SessionRequest extends Request {
  [STORE_FAILURE]?: unknown;
}

/**
 * What the module notes about a request on every request. Kept in a WeakMap rather than as symbol
 * properties of `req`: adding properties to Express's request objects costs a few µs each (benchmark).
 */
export interface RequestMarks {
  /** Snapshot of the session as last loaded or saved: the middleware saves before responding when it differs. */
  snapshot?: string;
  /** ID of the session loaded from the store: later writes of it are conditional. */
  loadedId?: string;
  /** ID of the session just written: express-session's extra touch is skipped. */
  savedId?: string;
}

const marks = new WeakMap<object, RequestMarks>();

/** The marks of `req`, created empty on first use. */
export function marksOf(req: object): RequestMarks {
  let found = marks.get(req);
  if (found === undefined) {
    found = {};
    marks.set(req, found);
  }
  return found;
}

/**
 * A string that changes whenever the session's data or cookie settings change. The cookie is read field
 * by field: serializing its `expires` Date is most of the cost of `JSON.stringify(session)`.
 * `undefined` when the session cannot be serialized (a BigInt, a cycle).
 */
export function sessionSnapshot(req: Request): string | undefined {
  const session = req.session;
  if (!session) {
    return undefined;
  }
  try {
    const { cookie, ...data } = session;
    const c = cookie as typeof cookie & { partitioned?: boolean; priority?: string };
    return `${JSON.stringify(data)}\n${c.originalMaxAge}|${c.expires?.getTime()}|${String(c.secure)}|${c.httpOnly}|${String(c.sameSite)}|${c.path}|${c.domain}|${c.partitioned}|${c.priority}`;
  } catch {
    return undefined;
  }
}

/**
 * The exception for a request that needs a session and has none; also sets `Retry-After` when the
 * cause is the store.
 */
export function sessionUnavailable(req: SessionRequest, res: Response | undefined): SessionUnavailableException {
  if (req[STORE_FAILURE] === undefined) {
    return new SessionUnavailableException(NO_SESSION_MESSAGE);
  }
  res?.setHeader('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
  return new SessionUnavailableException();
}

/** Records the session's current content as saved. */
export function markSaved(req: SessionRequest): void {
  marksOf(req).snapshot = sessionSnapshot(req);
}

/**
 * Drops the request's session so that express-session neither saves it nor sends its cookie:
 * used when the store refused it, so the client never gets a cookie for a session that was not stored.
 */
export function discardSession(req: SessionRequest, failure: unknown): void {
  req[STORE_FAILURE] = failure;
  delete (req as Partial<Request>).session;
  (req as { sessionID?: string }).sessionID = undefined;
}
