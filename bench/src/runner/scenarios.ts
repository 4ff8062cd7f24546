import type { StoreKind, VariantId } from './variants.js';

/** Which cookies a scenario sends. */
export type SessionUse = 'one' | 'pool' | 'none';

/** A route under a session pattern, on one store: one group of the interleaved rounds. */
export interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly path: '/hit' | '/read' | '/none';
  readonly sessions: SessionUse;
  readonly store: StoreKind;
  readonly variants: readonly VariantId[];
}

const ALL: readonly VariantId[] = ['express', 'app-use', 'module', 'module-guard', 'bare'];
// The guard is on /hit and /read only; on the excluded route variant 3g is variant 3.
const EXCLUDED: readonly VariantId[] = ['express', 'app-use', 'module', 'bare'];

/**
 * The scenarios: one logged-in session on /hit and /read, 1,000 rotating sessions on /hit, and the
 * excluded /none (which touches no store, so it runs once, on the memory-store servers).
 */
export function scenariosFor(stores: readonly StoreKind[]): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const store of stores) {
    scenarios.push(
      { id: `hit-${store}`, label: 'one session, /hit', path: '/hit', sessions: 'one', store, variants: ALL },
      { id: `read-${store}`, label: 'one session, /read', path: '/read', sessions: 'one', store, variants: ALL },
      { id: `pool-${store}`, label: 'session pool, /hit', path: '/hit', sessions: 'pool', store, variants: ALL },
    );
  }
  const storeForNone = stores.includes('memory') ? 'memory' : stores[0];
  scenarios.push({
    id: 'none',
    label: 'excluded route, /none',
    path: '/none',
    sessions: 'none',
    store: storeForNone,
    variants: EXCLUDED,
  });
  return scenarios;
}
