import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { SessionData } from 'express-session';

/** The longest `User-Agent` kept with a session. */
export const USER_AGENT_MAX_LENGTH = 256;

/**
 * Whose a stored session is, kept with its cookie record (`cookie.owner`) once `users.userIdOf` names a
 * user: what the per-user index and "your sessions" are built from. Plain express-session reading such
 * a record keeps it as an extra property.
 */
export interface SessionOwner {
  /** The user's id, as `users.userIdOf` returned it. */
  readonly id: string;
  /**
   * Opaque and random (128 bits), stable for the session's life: how a user names one of their sessions
   * to revoke it. Never the session ID, nor derived from it.
   */
  readonly handle: string;
  /** When the session entered the index (ms since the epoch). */
  readonly since: number;
  /** `req.ip` when it entered (so `trust proxy` applies). */
  readonly ip?: string;
  /** The `User-Agent` when it entered, at most 256 characters. */
  readonly ua?: string;
}

/** The owner kept in a stored or live session's cookie, if it has a valid one. */
export function sessionOwnerOf(data: SessionData | { cookie?: unknown } | null | undefined): SessionOwner | undefined {
  const owner = (data?.cookie as { owner?: unknown } | undefined)?.owner as Partial<SessionOwner> | undefined;
  if (typeof owner !== 'object' || owner === null || typeof owner.id !== 'string' || typeof owner.handle !== 'string') {
    return undefined;
  }
  return owner as SessionOwner;
}

/** A new owner record for a session that just became `userId`'s. */
export function newSessionOwner(userId: string, req: Request, now: number): SessionOwner {
  const ua = req.headers?.['user-agent'];
  return {
    id: userId,
    handle: randomBytes(16).toString('base64url'),
    since: now,
    ...(typeof req.ip === 'string' ? { ip: req.ip } : {}),
    ...(typeof ua === 'string' ? { ua: ua.slice(0, USER_AGENT_MAX_LENGTH) } : {}),
  };
}
