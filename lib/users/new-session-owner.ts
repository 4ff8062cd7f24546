import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { SessionOwner, SessionOwnerDetails } from '../store/session-owner.js';

/** The longest `User-Agent` kept with a session. */
export const USER_AGENT_MAX_LENGTH = 256;

/** A new owner for a session that just became `userId`'s, and what the index records with it. */
export function newSessionOwner(userId: string, req: Request, now: number): { owner: SessionOwner; details: SessionOwnerDetails } {
  const ua = req.headers?.['user-agent'];
  return {
    owner: { id: userId, handle: randomBytes(16).toString('base64url') },
    details: {
      since: now,
      ...(typeof req.ip === 'string' ? { ip: req.ip } : {}),
      ...(typeof ua === 'string' ? { userAgent: ua.slice(0, USER_AGENT_MAX_LENGTH) } : {}),
    },
  };
}
