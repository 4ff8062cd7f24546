import { createHmac } from 'node:crypto';
import { stableIdOf } from '../store/session-id-at-rest.js';

export { stableIdOf };

/**
 * ID renewal (`timeouts.renewal`) without moving the session: a renewable ID is `<stable>~<suffix>`. The
 * record is stored under the stable part (hashed at rest), so a new ID is only a new suffix, derived from
 * the ID it replaces with a key from the secret (unpredictable without it), and the record says which
 * suffixes are live: the current one, and the previous one until the grace window ends. Requests in flight
 * with the previous ID, and those arriving with it in the window, are switched to the current ID (their
 * writes go to the same record, merged) and get its cookie; after the window the previous ID is dead.
 * Two requests that renew at once derive the same new ID, so a renewal never splits a session.
 */
export interface RenewalState {
  /** When the current ID was issued (ms since the epoch). */
  at: number;
  /** The current ID's suffix (`''` for the first ID, which has none). */
  cur: string;
  /** The previous ID's suffix, live until `until`. */
  prev?: string;
  until?: number;
}

const SEPARATOR = '~';

function suffixOf(id: string): string {
  const at = id.indexOf(SEPARATOR);
  return at === -1 ? '' : id.slice(at + 1);
}

function withSuffix(stable: string, suffix: string): string {
  return suffix === '' ? stable : `${stable}${SEPARATOR}${suffix}`;
}

/** `id` with the separator replaced, for a `genid` whose IDs contain it. */
export function renewableNewId(id: string): string {
  return id.includes(SEPARATOR) ? id.replaceAll(SEPARATOR, '_') : id;
}

/**
 * What a presented ID is worth against the record's renewal state: `'current'`, `'previous'` (inside the
 * grace window: the request goes on as the current ID) or `'dead'`. A session never renewed has no state:
 * its first ID (no suffix) is current.
 */
export function presentedIdStatus(id: string, state: unknown, now: number): 'current' | 'previous' | 'dead' {
  const suffix = suffixOf(id);
  if (!isRenewalState(state)) {
    return suffix === '' ? 'current' : 'dead';
  }
  if (suffix === state.cur) {
    return 'current';
  }
  if (state.prev !== undefined && suffix === state.prev && typeof state.until === 'number' && now <= state.until) {
    return 'previous';
  }
  return 'dead';
}

/** The current ID of the session that `id` (current or previous) belongs to. */
export function currentIdOf(id: string, state: RenewalState): string {
  return withSuffix(stableIdOf(id), state.cur);
}

/**
 * True when the current ID is at least `renewalMs` old: issued at the last renewal, or (never renewed) when the
 * session was created (`created`, kept with `timeouts`).
 */
export function isRenewalDue(state: unknown, created: unknown, renewalMs: number, now: number): boolean {
  const issued = isRenewalState(state) ? state.at : created;
  return typeof issued !== 'number' || now - issued >= renewalMs;
}

/**
 * The next ID after `currentId`, and the state that makes it current (the replaced one stays live for
 * `graceMs`). Deterministic: every request renewing the same ID gets the same next ID.
 */
export function renew(currentId: string, key: Buffer, now: number, graceMs: number): { id: string; state: RenewalState } {
  const id = nextIdOf(currentId, key);
  return { id, state: { at: now, cur: suffixOf(id), prev: suffixOf(currentId), until: now + graceMs } };
}

/** The ID a renewal of `currentId` gives: its stable part, and an HMAC of it under `key` as suffix. */
function nextIdOf(currentId: string, key: Buffer): string {
  return withSuffix(stableIdOf(currentId), createHmac('sha256', key).update(currentId).digest('base64url').slice(0, 22));
}

export function isRenewalState(value: unknown): value is RenewalState {
  const state = value as Partial<RenewalState> | undefined;
  return typeof state === 'object' && state !== null && typeof state.at === 'number' && typeof state.cur === 'string';
}
