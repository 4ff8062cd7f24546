import { createHmac } from 'node:crypto';

/** Signs a session ID the way express-session does (cookie-signature: HMAC-SHA256, base64 without padding). */
export function signSessionId(id: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '');
  return `s:${id}.${mac}`;
}

/** The `Cookie` header pair for `id` signed with `secret`. */
export function signedSessionCookie(id: string, secret: string, name = 'connect.sid'): string {
  return `${name}=${encodeURIComponent(signSessionId(id, secret))}`;
}
