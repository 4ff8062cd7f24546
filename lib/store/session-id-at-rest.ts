import { createHash } from 'node:crypto';

/**
 * The key a session is stored under: a SHA-256 of its ID (base64url), so whoever reads a store dump, a
 * backup, a replica or a `MONITOR` log holds no usable session ID, with or without the signing secret
 * (Rack and Rails do the same since CVE-2019-16782). The cookie still carries the ID itself.
 */
export function atRestKey(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url');
}

/** How the module names records in the store. */
export interface AtRestKeys {
  /** Store under {@link atRestKey} (`true`) or under the raw ID, as express-session does (`false`). */
  readonly hashIds: boolean;
  /** When a hashed key is missing, look the raw ID up once and move the record (migration). */
  readonly legacyIds: boolean;
  /** IDs renew (`timeouts.renewal`): a record is stored under the ID's stable part, whatever its suffix. */
  readonly renewableIds?: boolean;
}

/**
 * The part of a renewable ID (`timeouts.renewal`: `<stable>~<suffix>`) its record is stored under; an ID
 * without the separator is all stable.
 */
export function stableIdOf(id: string): string {
  const at = id.indexOf('~');
  return at === -1 ? id : id.slice(0, at);
}
