import session from 'express-session';
import createMemoryStore from 'memorystore';
import type { SessionData, Store } from 'express-session';
import { MEMORY_STORE_PRUNE_PERIOD_MS, MEMORY_STORE_SESSION_TTL_MS } from '../../common/session.constants.js';
import type { ConditionalWriteStore } from '../store-capabilities.js';
import { withOwnedResources } from '../owned-resources.js';

const MemoryStore = createMemoryStore(session);

/**
 * The store used when none is configured: in-memory, and unlike express-session's own MemoryStore it
 * prunes expired sessions, so memory returns to its baseline. Suits one process only.
 * A session expires with its cookie's `maxAge`; without one, one hour after its last write or touch
 * (memorystore alone would keep it a day).
 */
export function createDefaultMemoryStore(): Store {
  const store = new MemoryStore({ checkPeriod: MEMORY_STORE_PRUNE_PERIOD_MS, ttl: ttlOf });
  return withOwnedResources(withSetIfExists(store), () => store.stopInterval());
}

/** memorystore keeps its sessions in an lru-cache 4 (`store.store`), whose `has()` is false for expired keys. */
interface LruBacked {
  store: { has(key: string): boolean };
}

/**
 * Conditional writes without reading the record back: GuardedStore would otherwise `get()` (and JSON-parse)
 * the session before every write of a loaded session, to avoid resurrecting one that was logged out.
 */
function withSetIfExists<S extends Store>(store: S): S & ConditionalWriteStore {
  const lru = (store as unknown as LruBacked).store;
  return Object.assign(store, {
    setIfExists(sid: string, data: SessionData, callback: (error?: unknown, written?: boolean) => void): void {
      if (!lru.has(sid)) {
        return callback(undefined, false);
      }
      store.set(sid, data, (error?: unknown) => callback(error, !error));
    },
  });
}

function ttlOf(_options: unknown, data: SessionData | undefined): number {
  const maxAge = data?.cookie?.maxAge;
  return typeof maxAge === 'number' ? Math.floor(maxAge) : MEMORY_STORE_SESSION_TTL_MS;
}
