/** Node-style completion callback. */
export type Done<T> = (error?: unknown, value?: T) => void;

/**
 * Starts a callback-style operation and completes `done` exactly once: with the operation's outcome,
 * or with `onTimeout()` when it has not answered within `ms`. A synchronous throw counts as a failure.
 * Late answers after the deadline are ignored.
 */
export function callWithDeadline<T>(
  ms: number,
  start: (complete: Done<T>) => void,
  onTimeout: () => unknown,
  done: Done<T>,
): void {
  let settled = false;
  const timer = setTimeout(() => {
    settled = true;
    done(onTimeout());
  }, ms);
  timer.unref();
  const complete: Done<T> = (error, value) => {
    if (settled) {
      return;
    }
    settled = true;
    clearTimeout(timer);
    done(error, value);
  };
  try {
    start(complete);
  } catch (error) {
    complete(error);
  }
}
