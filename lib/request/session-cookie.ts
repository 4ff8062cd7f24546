import { createHmac, timingSafeEqual } from 'node:crypto';

/** A secret as express-session takes it: a string or a Buffer. */
export type SessionSecret = string | Buffer;

const SIGNED_PREFIX = 's:';
/** Verified cookie values kept (value → ID), so a returning client costs no HMAC. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * express-session's signed cookie value, `s:<id>.<HMAC-SHA256 base64, unpadded>`, byte for byte: cookies
 * issued by an `app.use(session())` deployment stay valid. The first secret signs, every secret verifies.
 */
export class SessionCookieSigner {
  private readonly verified = new Map<string, string>();

  constructor(private readonly secrets: readonly SessionSecret[]) {}

  /** The cookie value for `id`, `s:` prefix included. */
  sign(id: string): string {
    return `${SIGNED_PREFIX}${id}.${hmac(id, this.secrets[0])}`;
  }

  /** The session ID carried by a raw cookie value, or `undefined` when it is unsigned or forged. */
  unsign(raw: string): string | undefined {
    const cached = this.verified.get(raw);
    if (cached !== undefined) {
      return cached;
    }
    if (!raw.startsWith(SIGNED_PREFIX)) {
      return undefined;
    }
    const signed = raw.slice(SIGNED_PREFIX.length);
    const dot = signed.lastIndexOf('.');
    if (dot < 0) {
      return undefined;
    }
    const id = signed.slice(0, dot);
    const mac = Buffer.from(signed.slice(dot + 1));
    for (const secret of this.secrets) {
      const expected = Buffer.from(hmac(id, secret));
      if (expected.length === mac.length && timingSafeEqual(expected, mac)) {
        this.remember(raw, id);
        return id;
      }
    }
    return undefined;
  }

  /** Forgets a value (its session was destroyed or rotated), so the cache never outlives a session. */
  forget(raw: string): void {
    this.verified.delete(raw);
  }

  private remember(raw: string, id: string): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value as string;
      this.verified.delete(oldest);
    }
    this.verified.set(raw, id);
  }
}

function hmac(value: string, secret: SessionSecret): string {
  return createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '');
}

/**
 * The value of cookie `name` in a `Cookie` header, URL-decoded as the `cookie` package does (a value that
 * does not decode is taken as it is). The first occurrence wins, as with `cookie.parse`.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) {
    return undefined;
  }
  let start = 0;
  const length = header.length;
  while (start < length) {
    let end = header.indexOf(';', start);
    if (end === -1) {
      end = length;
    }
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
      let value = header.slice(eq + 1, end).trim();
      if (value.charCodeAt(0) === 0x22 && value.charCodeAt(value.length - 1) === 0x22) {
        value = value.slice(1, -1);
      }
      return decode(value);
    }
    start = end + 1;
  }
  return undefined;
}

function decode(value: string): string {
  if (value.indexOf('%') === -1) {
    return value;
  }
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
