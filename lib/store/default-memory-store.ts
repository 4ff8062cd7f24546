import session from 'express-session';
import createMemoryStore from 'memorystore';
import type { SessionData, Store } from 'express-session';
import { MEMORY_STORE_PRUNE_PERIOD_MS, MEMORY_STORE_SESSION_TTL_MS } from '../session.constants.js';
import { withOwnedResources } from './owned-resources.js';

const MemoryStore = createMemoryStore(session);

/**
 * The store used when none is configured: in-memory, and unlike express-session's own MemoryStore it
 * prunes expired sessions, so memory returns to its baseline. Suits one process only.
 * A session expires with its cookie's `maxAge`; without one, one hour after its last write or touch
 * (memorystore alone would keep it a day).
 */
export function createDefaultMemoryStore(): Store {
  const store = new MemoryStore({ checkPeriod: MEMORY_STORE_PRUNE_PERIOD_MS, ttl: ttlOf });
  return withOwnedResources(store, () => store.stopInterval());
}

function ttlOf(_options: unknown, data: SessionData | undefined): number {
  const maxAge = data?.cookie?.maxAge;
  return typeof maxAge === 'number' ? Math.floor(maxAge) : MEMORY_STORE_SESSION_TTL_MS;
}
