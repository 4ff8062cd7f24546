import { fileURLToPath } from 'node:url';
import type { ServerSpec } from './server-process.js';

export type StoreKind = 'memory' | 'redis';
export type VariantId = 'express' | 'app-use' | 'module' | 'module-guard' | 'bare';

/** One of the variants; 3 comes with and without the guard. */
export interface Variant {
  readonly id: VariantId;
  /** Number in the issue: 1, 2, 3, 3g, 4. */
  readonly number: string;
  readonly label: string;
  readonly script: string;
  /** False for the no-session ceiling: one server serves every store's comparisons. */
  readonly usesStore: boolean;
  readonly env?: Readonly<Record<string, string>>;
}

const script = (name: string): string => fileURLToPath(new URL(`../servers/${name}.server.js`, import.meta.url));

export const VARIANTS: readonly Variant[] = [
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
];

/** The variant with this id. */
export function variantById(id: VariantId): Variant {
  return VARIANTS.find((v) => v.id === id)!;
}

/** How reports name a variant: `3g. Nest + SessionModule, …`. */
export function variantLabel(id: VariantId): string {
  const variant = variantById(id);
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
    env: {
      BENCH_STORE: store,
      BENCH_REDIS_URL: redisUrl,
      BENCH_REDIS_PREFIX: redisPrefix,
      ...variant.env,
    },
  };
}
