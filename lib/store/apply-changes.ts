import type { SessionData } from 'express-session';
import type { StoredSessionChanges } from './store-capabilities.js';

/**
 * `record` (a stored session as parsed from the store) with one request's changes applied: the keys it
 * set or deleted, and its cookie. Keys the request did not touch keep the store's current value.
 */
export function applyChanges(record: Record<string, unknown>, data: SessionData, changes: StoredSessionChanges): Record<string, unknown> {
  for (const [key, json] of changes.set) {
    record[key] = JSON.parse(json) as unknown;
  }
  for (const key of changes.deleted) {
    delete record[key];
  }
  record.cookie = data.cookie;
  return record;
}

/** True when `value` is a parsed record changes can be applied to. */
export function isMergeable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
