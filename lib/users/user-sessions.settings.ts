import type { Request } from 'express';
import type { RequestSession } from '../common/request-session.js';
import type { ModuleCookie } from '../request/express-session-classes.js';
import { defaultUserIdOf, type UserSessionsOptions } from './users-options.interface.js';
import { sessionOwnerOf } from '../store/session-owner.js';
import { newSessionOwner } from './new-session-owner.js';

/** Default of `users.lastSeenPrecision`: a minute. */
export const DEFAULT_LAST_SEEN_PRECISION_MS = 60_000;

/** The `users` option with its defaults applied. */
export interface UserSessionsSettings {
  readonly userIdOf: (session: RequestSession) => string | undefined;
  /** `Infinity` when there is no limit. */
  readonly maxSessions: number;
  readonly onMaxSessions: 'revoke-oldest' | 'reject';
  readonly lastSeenPrecision: number;
}

export function userSessionsSettingsOf(options: UserSessionsOptions | undefined): UserSessionsSettings | undefined {
  if (options === undefined) {
    return undefined;
  }
  return {
    userIdOf: options.userIdOf ?? defaultUserIdOf,
    maxSessions: options.maxSessions ?? Infinity,
    onMaxSessions: options.onMaxSessions ?? 'revoke-oldest',
    lastSeenPrecision: options.lastSeenPrecision ?? DEFAULT_LAST_SEEN_PRECISION_MS,
  };
}

/** The session's user as `userIdOf` names it; a non-string answer (or a throw) is no user. */
export function userIdOfSession(users: UserSessionsSettings, session: RequestSession): string | undefined {
  let id: unknown;
  try {
    id = users.userIdOf(session);
  } catch {
    return undefined;
  }
  if (typeof id === 'number' || typeof id === 'bigint') {
    return String(id);
  }
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Before a session is written: gives it an owner (a new handle, the request's IP and User-Agent) when it
 * now belongs to a user it did not belong to, and drops the owner when it belongs to nobody. Returns true
 * when the owner changed, so the record must be written for it.
 */
export function claimSessionOwner(users: UserSessionsSettings, session: RequestSession, req: Request): boolean {
  const userId = userIdOfSession(users, session);
  const cookie = session.cookie as ModuleCookie;
  const owner = sessionOwnerOf(session);
  if (userId === undefined) {
    if (cookie.owner === undefined) {
      return false;
    }
    delete cookie.owner;
    delete cookie.ownerDetails;
    return true;
  }
  if (owner?.id === userId) {
    return false;
  }
  const { owner: claimed, details } = newSessionOwner(userId, req, Date.now());
  cookie.owner = claimed;
  cookie.ownerDetails = details;
  return true;
}
