/** Why a store operation failed, as far as the response is concerned. */
export type SessionStoreFailureKind = 'unavailable' | 'timeout' | 'serialization';

/** A store operation that failed or did not answer in time. Internal: never sent to a client. */
export class SessionStoreError extends Error {
  constructor(
    readonly kind: SessionStoreFailureKind,
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(describe(kind, operation), options);
    this.name = 'SessionStoreError';
  }
}

function describe(kind: SessionStoreFailureKind, operation: string): string {
  switch (kind) {
    case 'timeout':
      return `session store did not answer "${operation}" in time`;
    case 'serialization':
      return `session could not be serialized for "${operation}": a value JSON cannot carry (BigInt, circular object) was put into it`;
    default:
      return `session store failed on "${operation}"`;
  }
}

/** True for errors of a store that is down, frozen or refusing writes (a 503, not a 500). */
export function isStoreUnavailable(error: unknown): error is SessionStoreError {
  return error instanceof SessionStoreError && error.kind !== 'serialization';
}
