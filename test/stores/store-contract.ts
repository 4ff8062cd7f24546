import type { Store } from 'express-session';
import { describeFaultCases } from './store-contract.faults.cases.js';
import { createContractHarness } from './store-contract.harness.js';
import { describeSessionLifecycle } from './store-contract.sessions.cases.js';
import { describeUserSessions } from './store-contract.users.cases.js';

/** What a store runner gives {@link describeStoreContract}; one per test (called in `beforeEach`). */
export interface StoreContractSetup {
  /** A fresh store for one Nest app (add `second` if the two-instance cases should run). */
  store: Store;
  /**
   * Optional: a second, independent store object over the same data (another connection), used as the
   * store of a second app instance. Without it the cross-instance case is skipped.
   */
  second?: Store;
  /** The stored record of `sid` exactly as the backend holds it (JSON text), or `null` when there is none. */
  readRaw(sid: string): Promise<string | null>;
  /** Overwrites the stored record of `sid` with `raw` (any text, for corrupt-record cases), expiring in a minute. */
  writeRaw(sid: string, raw: string): Promise<void>;
  /** Milliseconds until the record of `sid` expires, or `null` when it has no record or no expiry. */
  ttlMs(sid: string): Promise<number | null>;
  /** Removes what the test wrote and closes whatever the setup opened (not the app; the suite closes it). */
  teardown(): Promise<void>;
}

/** Options of {@link describeStoreContract}. */
export interface StoreContractOptions {
  /** Expected TTL in ms of a session whose cookie has no maxAge; omit to skip that check. */
  cookielessTtlMs?: number;
  /** `describe` to use (e.g. one that skips with a reason when the backend is unavailable). Default: `describe`. */
  describe?: (name: string, body: () => void) => void;
}

/**
 * The store contract: every store (memory, Redis, Redis Cluster, MongoDB) must pass it. It runs a real
 * Nest app with SessionModule over HTTP (a supertest agent carries the cookie) and inspects the backend
 * directly through `setup`. `setup` runs before each test and `teardown` after it; the suite closes apps.
 *
 * @example
 * describeStoreContract('redis', async () => ({ store, readRaw, writeRaw, ttlMs, teardown }));
 */
export function describeStoreContract(
  name: string,
  setup: () => Promise<StoreContractSetup>,
  options: StoreContractOptions = {},
): void {
  (options.describe ?? describe)(`store contract: ${name}`, () => {
    const harness = createContractHarness(name, setup, options);
    describeSessionLifecycle(harness);
    describeFaultCases(harness);
    describeUserSessions(harness);
  });
}
