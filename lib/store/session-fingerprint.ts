import { createHash } from 'node:crypto';

/** A short, one-way fingerprint of a session ID, for logs: never the ID itself. */
export function sessionFingerprint(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url').slice(0, 12);
}
