import session from 'express-session';
import createMemoryStore from 'memorystore';
import { describeStoreContract } from './store-contract.js';

const MemoryStore = createMemoryStore(session);

/** lru-cache 4 (inside memorystore): `dump()` lists entries with their expiry timestamp `e`. */
interface LruCache {
  get(key: string): string | undefined;
  set(key: string, value: string, maxAge?: number): void;
  dump(): { k: string; v: string; e: number }[];
}

describeStoreContract('memory (memorystore, the default store)', async () => {
  const store = new MemoryStore({ checkPeriod: 60_000 });
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
    teardown: async () => store.stopInterval(),
  };
});
