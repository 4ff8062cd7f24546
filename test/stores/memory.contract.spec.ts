import { MEMORY_STORE_SESSION_TTL_MS } from '../../lib/common/session.constants.js';
import { createDefaultMemoryStore } from '../../lib/store/memory/default-memory-store.js';
import { releaseOwnedResources } from '../../lib/store/owned-resources.js';
import { describeStoreContract } from './store-contract.js';

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
      readRaw: async (sid) => cache.get(sid) ?? null,
      writeRaw: async (sid, raw) => cache.set(sid, raw, 60_000),
      ttlMs: async (sid) => {
        const entry = cache.get(sid) === undefined ? undefined : cache.dump().find((item) => item.k === sid);
        return entry && entry.e ? entry.e - Date.now() : null;
      },
      teardown: () => releaseOwnedResources(store),
    };
  },
  { cookielessTtlMs: MEMORY_STORE_SESSION_TTL_MS },
);
