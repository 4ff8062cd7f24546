import session from 'express-session';
import createMemoryStore from 'memorystore';
import type { Store } from 'express-session';
import { MEMORY_STORE_PRUNE_PERIOD_MS } from '../session.constants.js';
import { withOwnedResources } from './owned-resources.js';

const MemoryStore = createMemoryStore(session);

/**
 * The store used when none is configured: in-memory, and unlike express-session's own MemoryStore it
 * prunes expired sessions, so memory returns to its baseline. Suits one process only.
 */
export function createDefaultMemoryStore(): Store {
  const store = new MemoryStore({ checkPeriod: MEMORY_STORE_PRUNE_PERIOD_MS });
  return withOwnedResources(store, () => store.stopInterval());
}
