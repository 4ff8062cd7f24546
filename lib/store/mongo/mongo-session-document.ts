import type { CryptoAdapter } from 'connect-mongo';
import type { SessionData } from 'express-session';

/** How connect-mongo was configured to encode sessions; our own writes must match it exactly. */
export interface MongoEncoding {
  /** Seconds a session without cookie expiry lives. */
  ttlSeconds: number;
  touchAfterSeconds: number;
  stringify: boolean;
  cryptoAdapter?: CryptoAdapter;
}

/**
 * The stored expiry, as connect-mongo computes it: the cookie's expiry when it has one (`maxAge`),
 * else `ttl` seconds from now.
 */
export function expiryOf(data: SessionData, ttlSeconds: number): Date {
  const expires = (data.cookie as { expires?: Date | string | null } | undefined)?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + ttlSeconds * 1000);
}

/**
 * The `session` field connect-mongo would store for `data`: a JSON string (`stringify: true`) or a
 * plain object with the cookie in its JSON form, encrypted when a crypto adapter is set. The
 * `lastModified` that connect-mongo adds on reads (with `touchAfter`) is left out, as connect-mongo does.
 * Throws a `TypeError` for values JSON cannot carry.
 */
export async function encodeSession(data: SessionData, encoding: MongoEncoding): Promise<unknown> {
  const fields = Object.entries(data).filter(([key]) => !(key === 'lastModified' && encoding.touchAfterSeconds > 0));
  const plain: Record<string, unknown> = {};
  for (const [key, value] of fields) {
    plain[key] = key === 'cookie' && hasToJson(value) ? value.toJSON() : value;
  }
  const encoded: unknown = encoding.stringify ? JSON.stringify(plain) : plain;
  if (!encoding.cryptoAdapter) {
    return encoded;
  }
  return encoding.cryptoAdapter.encrypt(typeof encoded === 'string' ? encoded : JSON.stringify(encoded));
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * The session a stored `session` field holds, as connect-mongo's `get` reads it: decrypted with the crypto
 * adapter, parsed from JSON when it is text. Throws (bad JSON, bad ciphertext) for a field it cannot read.
 */
export async function decodeSession(stored: unknown, encoding: MongoEncoding): Promise<unknown> {
  let value = stored;
  if (encoding.cryptoAdapter) {
    if (typeof value !== 'string') {
      throw new TypeError('an encrypted session field must be text');
    }
    value = await encoding.cryptoAdapter.decrypt(value);
  }
  for (let depth = 0; depth < 2 && typeof value === 'string'; depth++) {
    value = JSON.parse(value) as unknown;
  }
  return value;
}
