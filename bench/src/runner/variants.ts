import { fileURLToPath } from 'node:url';
import type { ServerSpec } from './server-process.js';

export type StoreKind = 'memory' | 'redis';
export type VariantId = 'express' | 'app-use' | 'module' | 'module-guard' | 'bare' | 'module-users' | 'module-timeouts';
/** The variants of `npm run bench`'s table. */
export const VARIANT_IDS: readonly VariantId[] = ['express', 'app-use', 'module', 'module-guard', 'bare'];
/** Every variant, including the module with a feature on (for `npm run bench:pair`: feature on ÷ off). */
export const PAIR_VARIANT_IDS: readonly VariantId[] = [...VARIANT_IDS, 'module-users', 'module-timeouts'];

/** One compared server (3 comes with and without the guard); bare Nest (no store) serves every store's rows. */
export type Variant = (typeof VARIANTS)[number];

/** A route with its cookies (one logged-in session, a pool of them, none) on one store: a group of the rounds. */
export interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly path: '/hit' | '/read' | '/none';
  readonly sessions: 'one' | 'pool' | 'none';
  readonly store: StoreKind;
  readonly variants: readonly VariantId[];
}

/** The `node` flags of the measured servers: see bench/README.md ("Idle time"). */
export const SERVER_NODE_ARGS: readonly string[] = ['--no-memory-reducer'];

const script = (name: string): string => fileURLToPath(new URL(`../servers/${name}.server.js`, import.meta.url));

export const VARIANTS: ReadonlyArray<{
  readonly id: VariantId;
  readonly number: string;
  readonly label: string;
  readonly script: string;
  readonly usesStore: boolean;
  readonly env?: Readonly<Record<string, string>>;
}> = [
  { id: 'express', number: '1', label: 'Express 5 + express-session', script: script('express'), usesStore: true },
  { id: 'app-use', number: '2', label: 'Nest + app.use(session)', script: script('nest-app-use'), usesStore: true },
  { id: 'module', number: '3', label: 'Nest + SessionModule, @Session()', script: script('nest-module'), usesStore: true },
  {
    id: 'module-guard',
    number: '3g',
    label: 'Nest + SessionModule, @Session() + SessionGuard',
    script: script('nest-module'),
    usesStore: true,
    env: { BENCH_GUARD: '1' },
  },
  { id: 'bare', number: '4', label: 'Nest, no session', script: script('nest-bare'), usesStore: false },
  {
    id: 'module-users',
    number: '3u',
    label: 'Nest + SessionModule, @Session(), users: {} (per-user index)',
    script: script('nest-module'),
    usesStore: true,
    env: { BENCH_USERS: '1' },
  },
  {
    id: 'module-timeouts',
    number: '3t',
    label: 'Nest + SessionModule, @Session(), timeouts: { idle: 30 min, absolute: 12 h, renewal: 15 min }',
    script: script('nest-module'),
    usesStore: true,
    env: { BENCH_TIMEOUTS: '1' },
  },
];

/** How reports name a variant: `3g. Nest + SessionModule, …`. */
export function variantLabel(id: VariantId): string {
  const variant = VARIANTS.find((v) => v.id === id)!;
  return `${variant.number}. ${variant.label}`;
}

/** Key of one running server: a variant with one store (the bare variant has none). */
export function serverKey(variant: Variant, store: StoreKind): string {
  return variant.usesStore ? `${variant.id}:${store}` : variant.id;
}

/** The spawn spec of a variant on a store; `redisPrefix` is unique per run and server. */
export function serverSpec(variant: Variant, store: StoreKind, redisUrl: string, redisPrefix: string): ServerSpec {
  return {
    name: serverKey(variant, store),
    script: variant.script,
    nodeArgs: SERVER_NODE_ARGS,
    env: { BENCH_STORE: store, BENCH_REDIS_URL: redisUrl, BENCH_REDIS_PREFIX: redisPrefix, ...variant.env },
  };
}

/**
 * One logged-in session on /hit and /read and a pool of rotating sessions on /hit, per store, then the excluded
 * /none (it touches no store, so it runs once, on the memory-store servers; the guard is not on it, so no 3g).
 */
export function scenariosFor(stores: readonly StoreKind[]): Scenario[] {
  const scenarios = stores.flatMap((store): Scenario[] => [
    { id: `hit-${store}`, label: 'one session, /hit', path: '/hit', sessions: 'one', store, variants: VARIANT_IDS },
    { id: `read-${store}`, label: 'one session, /read', path: '/read', sessions: 'one', store, variants: VARIANT_IDS },
    { id: `pool-${store}`, label: 'session pool, /hit', path: '/hit', sessions: 'pool', store, variants: VARIANT_IDS },
  ]);
  const variants = VARIANT_IDS.filter((id) => id !== 'module-guard');
  const store = stores.includes('memory') ? 'memory' : stores[0];
  return [...scenarios, { id: 'none', label: 'excluded route, /none', path: '/none', sessions: 'none', store, variants }];
}
