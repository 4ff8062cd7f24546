import type { SessionData, Store } from 'express-session';

/**
 * Optional operations a store may implement so the module never resurrects a logged-out session nor
 * overwrites another one. The stores of this package implement all of them; for a third-party store
 * the module falls back as each method says (and warns once at bootstrap about `setIfExists`).
 */
export interface ConditionalWriteStore {
  /**
   * Writes the session only if its record exists, atomically, and calls back `written: false` when it
   * does not. Without it the module reads, then writes: a logout that lands between the two is undone.
   */
  setIfExists(sid: string, data: SessionData, callback: (error?: unknown, written?: boolean) => void): void;
}

/**
 * What one request changed in a stored session: top-level keys set (to their JSON) or deleted. The
 * session's `cookie` always goes with them. `version` is what the store's `get` attached under
 * {@link STORED_VERSION} (or returned from the previous merge), for stores that compare and set.
 */
export interface StoredSessionChanges {
  readonly set: ReadonlyMap<string, string>;
  readonly deleted: readonly string[];
  readonly version?: unknown;
}

/**
 * Where a store's `get` may put an opaque version of the record it returned (Redis: the raw string), which
 * the module hands back to {@link MergingStore.mergeIfExists}. Not enumerable, so never stored.
 */
export const STORED_VERSION = Symbol.for('nestjs-express-session:stored-version');

/**
 * Applies one request's changes to the record as the store holds it now, atomically, only if it exists,
 * so two requests of one session that change different keys both keep their change (the later one wins
 * on a key both changed). Calls back `written: false` when the record is gone, and the record's new
 * version. Without it the module writes the whole session: the last writer wins.
 */
export interface MergingStore {
  mergeIfExists(
    sid: string,
    data: SessionData,
    changes: StoredSessionChanges,
    callback: (error?: unknown, written?: boolean, version?: unknown) => void,
  ): void;
}

export function hasMergeIfExists(store: Store): store is Store & MergingStore {
  return typeof (store as Partial<MergingStore>).mergeIfExists === 'function';
}

/** Writes a new session only if no record has that ID (Redis `SET NX`); `created: false` otherwise. */
export interface CreateIfAbsentStore {
  setIfAbsent(sid: string, data: SessionData, callback: (error?: unknown, created?: boolean) => void): void;
}

/** Renews a session's expiry only if its record exists; calls back `alive: false` when it is gone. */
export interface TouchIfExistsStore {
  touchIfExists(sid: string, data: SessionData, callback: (error?: unknown, alive?: boolean) => void): void;
}

/**
 * Never applies a write after the module gave up waiting for it (and answered 503): the module tells the
 * store its `storeTimeout` once, at bootstrap. Without it a write queued in a frozen store can still take
 * effect when the store resumes.
 */
export interface DeadlineAwareStore {
  refuseWritesAfter(timeoutMs: number): void;
}

export function hasRefuseWritesAfter(store: Store): store is Store & DeadlineAwareStore {
  return typeof (store as Partial<DeadlineAwareStore>).refuseWritesAfter === 'function';
}

export function hasSetIfExists(store: Store): store is Store & ConditionalWriteStore {
  return typeof (store as Partial<ConditionalWriteStore>).setIfExists === 'function';
}

export function hasSetIfAbsent(store: Store): store is Store & CreateIfAbsentStore {
  return typeof (store as Partial<CreateIfAbsentStore>).setIfAbsent === 'function';
}

export function hasTouchIfExists(store: Store): store is Store & TouchIfExistsStore {
  return typeof (store as Partial<TouchIfExistsStore>).touchIfExists === 'function';
}
