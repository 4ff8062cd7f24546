/**
 * Thrown at bootstrap, never per request, when the session options cannot work.
 * The message names the option and how to fix it.
 */
export class SessionConfigurationError extends Error {
  constructor(option: string, problem: string, fix: string) {
    super(`SessionModule option "${option}" ${problem}. Fix: ${fix}`);
    this.name = 'SessionConfigurationError';
  }
}

/** Thrown at bootstrap when the store does not answer and `storeStartup` is `'fail-fast'` (the default). */
export class SessionStoreUnreachableError extends Error {
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(
      `SessionModule: the session store did not answer within ${timeoutMs} ms at startup. ` +
        "Fix: start the store and check its URL, or set storeStartup: 'degraded' to start anyway " +
        'and answer 503 until the store is reachable.',
      options,
    );
    this.name = 'SessionStoreUnreachableError';
  }
}
