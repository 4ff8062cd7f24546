import session from 'express-session';
import createMemoryStore from 'memorystore';
import type { SessionData, Store } from 'express-session';
import { SessionConfigurationError } from '../../common/session.errors.js';
import {
  MEMORY_STORE_MAX_SESSIONS,
  MEMORY_STORE_PRUNE_PERIOD_MS,
  MEMORY_STORE_SESSION_TTL_MS,
} from '../../common/session.constants.js';
import { applyChanges, isMergeable } from '../apply-changes.js';
import type {
  ConditionalWriteStore,
  CreateIfAbsentStore,
  MergingStore,
  StoredSessionChanges,
  TouchIfExistsStore,
} from '../store-capabilities.js';
import { withOwnedResources } from '../owned-resources.js';
import type { UserSessionIndexStore } from '../user-session-index.js';
import { MemoryUserIndex } from './memory-user-index.js';

const MemoryStore = createMemoryStore(session);

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * The most sessions held at once. Past it the least recently used session is evicted (its user is
   * signed out), so one client creating sessions in a loop cannot exhaust the process's memory.
   * A positive integer, or `Infinity` for no bound. @default 50_000 (about 25 MB of small sessions)
   */
  max?: number;
}

/**
 * The in-memory store, and the one used when none is configured. Unlike express-session's own
 * MemoryStore it prunes expired sessions and is bounded (`max`, LRU eviction), so memory returns to its
 * baseline. Suits one process only: with several instances use Redis or MongoDB.
 * A session expires with its cookie's `maxAge`; without one, one hour after its last write or touch.
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemorySessionStore {
  const max = options.max ?? MEMORY_STORE_MAX_SESSIONS;
  if (!(max === Infinity || (Number.isInteger(max) && max > 0))) {
    throw new SessionConfigurationError(
      'memoryStore({ max })',
      `must be a positive integer or Infinity (got ${String(max)})`,
      'pass the most sessions the process may hold, e.g. memoryStore({ max: 100_000 })',
    );
  }
  const store = new MemoryStore({ checkPeriod: MEMORY_STORE_PRUNE_PERIOD_MS, ttl: ttlOf, max });
  const index = new MemoryUserIndex((data) => ttlOf(undefined, data));
  const indexed = Object.assign(withConditionalWrites(store), {
    indexSession: index.indexSession.bind(index),
    indexedSessions: index.indexedSessions.bind(index),
    unindexSessions: index.unindexSessions.bind(index),
  });
  return withOwnedResources(indexed, () => store.stopInterval());
}

/** The memory store with every optional operation the module uses. */
export type MemorySessionStore = Store &
  ConditionalWriteStore &
  CreateIfAbsentStore &
  TouchIfExistsStore &
  MergingStore &
  UserSessionIndexStore;

/** The store used when none is configured: {@link memoryStore} with its defaults. */
export function createDefaultMemoryStore(): Store {
  return memoryStore();
}

/** memorystore keeps its sessions in an lru-cache 4 (`store.store`), whose `has()` is false for expired keys. */
interface LruBacked {
  store: { has(key: string): boolean; get(key: string): string | undefined };
}

/**
 * Conditional writes without reading the record back: GuardedStore would otherwise `get()` (and JSON-parse)
 * the session before every write of a loaded session, to avoid resurrecting one that was logged out, and
 * a new session with an ID that exists (a custom `genid`) would overwrite another user's session.
 */
function withConditionalWrites<S extends Store>(
  store: S,
): S & ConditionalWriteStore & CreateIfAbsentStore & TouchIfExistsStore & MergingStore {
  const lru = (store as unknown as LruBacked).store;
  return Object.assign(store, {
    setIfExists(sid: string, data: SessionData, callback: (error?: unknown, written?: boolean) => void): void {
      if (!lru.has(sid)) {
        return callback(undefined, false);
      }
      store.set(sid, data, (error?: unknown) => callback(error, !error));
    },
    mergeIfExists(
      sid: string,
      data: SessionData,
      changes: StoredSessionChanges,
      callback: (error?: unknown, written?: boolean) => void,
    ): void {
      // Read, apply and write in one synchronous step: no other request runs in between.
      const raw = lru.get(sid);
      if (raw === undefined) {
        return callback(undefined, false);
      }
      let current: unknown;
      try {
        current = JSON.parse(raw);
      } catch {
        current = undefined;
      }
      const merged = isMergeable(current) ? applyChanges(current, data, changes) : data;
      store.set(sid, merged as SessionData, (error?: unknown) => callback(error, !error));
    },
    touchIfExists(sid: string, data: SessionData, callback: (error?: unknown, alive?: boolean) => void): void {
      if (!lru.has(sid)) {
        return callback(undefined, false);
      }
      // memorystore always has touch(); `Store` declares it optional.
      (store.touch as NonNullable<Store['touch']>).call(store, sid, data, (error?: unknown) => callback(error, !error));
    },
    setIfAbsent(sid: string, data: SessionData, callback: (error?: unknown, created?: boolean) => void): void {
      if (lru.has(sid)) {
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
