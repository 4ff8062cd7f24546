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
