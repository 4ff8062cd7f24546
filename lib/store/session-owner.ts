import type { SessionData } from 'express-session';

/**
 * Whose a stored session is, kept with its cookie record (`cookie.owner`) once `users.userIdOf` names a
 * user: what the module checks every index entry against. Plain express-session reading such a record
 * keeps it as an extra property. Small on purpose: it is read and written with the session on every request.
 */
export interface SessionOwner {
  /** The user's id, as `users.userIdOf` returned it. */
  readonly id: string;
  /**
   * Opaque and random (128 bits), stable for the session's life: how a user names one of their sessions
   * to revoke it. Never the session ID, nor derived from it.
   */
  readonly handle: string;
}

/**
 * What is known of a session when it joins its user's index: kept by the index (not in the session record),
 * handed to the store only with that first index update.
 */
export interface SessionOwnerDetails {
  /** When the session became the user's (ms since the epoch). */
  readonly since: number;
  /** `req.ip` then (so `trust proxy` applies). */
  readonly ip?: string;
  /** The `User-Agent` then, at most 256 characters. */
  readonly userAgent?: string;
}

/** The owner kept in a stored or live session's cookie, if it has a valid one. */
export function sessionOwnerOf(data: SessionData | { cookie?: unknown } | null | undefined): SessionOwner | undefined {
  const owner = (data?.cookie as { owner?: unknown } | undefined)?.owner as Partial<SessionOwner> | undefined;
  if (typeof owner !== 'object' || owner === null || typeof owner.id !== 'string' || typeof owner.handle !== 'string') {
    return undefined;
  }
  return owner as SessionOwner;
}

/** The details of a session that joined its user's index in this request (none on later writes and touches). */
export function sessionOwnerDetailsOf(data: SessionData | { cookie?: unknown }): SessionOwnerDetails | undefined {
  return (data.cookie as { ownerDetails?: SessionOwnerDetails } | undefined)?.ownerDetails;
}

