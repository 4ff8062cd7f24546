import type { StoredSessionChanges } from '../store/store-capabilities.js';

/**
 * The session's data (every top-level key but `cookie`) as JSON, key by key: what the commit compares
 * to learn what a request changed. Keys whose value serializes to nothing (`undefined`, a function) are
 * absent, as they would be from the stored record.
 */
export type SessionSnapshot = Map<string, string>;

/** What a request changed: keys set or replaced (with their JSON), keys deleted. */
export type SessionChanges = Omit<StoredSessionChanges, 'version'>;

/**
 * Takes the snapshot. Throws what `JSON.stringify` throws (a BigInt, a cycle, nesting too deep for the
 * stack): such a session can never be stored.
 */
export function takeSnapshot(session: object): SessionSnapshot {
  const snapshot: SessionSnapshot = new Map();
  for (const key in session) {
    if (key === 'cookie' || !Object.prototype.hasOwnProperty.call(session, key)) {
      continue;
    }
    const json = JSON.stringify((session as Record<string, unknown>)[key]);
    if (json !== undefined) {
      snapshot.set(key, json);
    }
  }
  return snapshot;
}

/** True when both snapshots hold the same keys with the same JSON. */
export function sameSnapshot(a: SessionSnapshot, b: SessionSnapshot): boolean {
  if (a.size !== b.size) {
    return false;
  }
  for (const [key, json] of a) {
    if (b.get(key) !== json) {
      return false;
    }
  }
  return true;
}

/** The changes from `before` to `after`. */
export function changesBetween(before: SessionSnapshot, after: SessionSnapshot): SessionChanges {
  const set = new Map<string, string>();
  for (const [key, json] of after) {
    if (before.get(key) !== json) {
      set.set(key, json);
    }
  }
  const deleted: string[] = [];
  for (const key of before.keys()) {
    if (!after.has(key)) {
      deleted.push(key);
    }
  }
  return { set, deleted };
}
