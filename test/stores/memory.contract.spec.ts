import { MEMORY_STORE_SESSION_TTL_MS } from '../../lib/common/session.constants.js';
import { createDefaultMemoryStore } from '../../lib/store/memory/default-memory-store.js';
import { releaseOwnedResources } from '../../lib/store/owned-resources.js';
import { describeStoreContract } from './store-contract.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

/** lru-cache 4 (inside memorystore): `dump()` lists entries with their expiry timestamp `e`. */
interface LruCache {
  get(key: string): string | undefined;
  set(key: string, value: string, maxAge?: number): void;
  dump(): { k: string; v: string; e: number }[];
}

describeStoreContract(
  'memory (the default store)',
  async () => {
    const store = createDefaultMemoryStore();
    const cache = (store as unknown as { store: LruCache }).store;
    return {
      store,
      second: store,
      readRaw: async (sid) => cache.get(atRestKey(sid)) ?? null,
      writeRaw: async (sid, raw) => cache.set(atRestKey(sid), raw, 60_000),
      ttlMs: async (sid) => {
        const key = atRestKey(sid);
        const entry = cache.get(key) === undefined ? undefined : cache.dump().find((item) => item.k === key);
        return entry && entry.e ? entry.e - Date.now() : null;
      },
      teardown: () => releaseOwnedResources(store),
    };
  },
  { cookielessTtlMs: MEMORY_STORE_SESSION_TTL_MS },
);
