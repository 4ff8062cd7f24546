import type { Store } from 'express-session';

/**
 * A store factory of this package puts a function under this key when the store holds connections or
 * timers that the factory opened itself. The module calls it on application shutdown; a client the
 * user passed in is never closed by it.
 */
export const RELEASE_OWNED_RESOURCES = Symbol.for('nestjs-express-session:release-owned-resources');

interface WithOwnedResources {
  [RELEASE_OWNED_RESOURCES]?: () => Promise<void> | void;
}

/** Marks `store` as holding resources that `release` frees; returns the store. */
export function withOwnedResources<S extends Store>(store: S, release: () => Promise<void> | void): S {
  (store as S & WithOwnedResources)[RELEASE_OWNED_RESOURCES] = release;
  return store;
}

/** Frees what the store's factory opened, if anything. */
export async function releaseOwnedResources(store: Store): Promise<void> {
  await (store as Store & WithOwnedResources)[RELEASE_OWNED_RESOURCES]?.();
}
