/** Node-style completion callback. */
export type Done<T> = (error?: unknown, value?: T) => void;

/**
 * One call in flight, linked in start order. A settled call is unlinked at once, so nothing it refers to
 * (its callback, and through it the request) outlives the call: a fast store answer leaves only young garbage.
 */
class PendingCall {
  previous: PendingCall | undefined;
  next: PendingCall | undefined;
  /** `undefined` once settled. */
  done: Done<unknown> | undefined;

  constructor(
    readonly expiresAt: number,
    done: Done<unknown>,
    readonly onTimeout: () => unknown,
  ) {
    this.done = done;
  }
}

/**
 * Deadlines of store calls, checked by one shared timer instead of a `setTimeout` per call: calls all
 * share one timeout, so they expire in the order they started and a check stops at the first one still
 * in time. A call may therefore answer up to `checkPeriodMs` later than `timeoutMs`.
 */
export class DeadlineQueue {
  private oldest: PendingCall | undefined;
  private newest: PendingCall | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly checkPeriodMs: number;
  /** When a call last ran out of time, or 0 once a call has answered since (late answers count). */
  private expiredAt = 0;

  constructor(readonly timeoutMs: number) {
    this.checkPeriodMs = Math.max(5, Math.min(250, Math.floor(timeoutMs / 10)));
  }

  /**
   * Starts a callback-style operation and completes `done` exactly once: with the operation's outcome,
   * or with `onTimeout()` when it has not answered within the deadline. A synchronous throw of the
   * operation counts as its failure; a throw from `done` itself propagates (it is not the store's).
   * A promise returned by the operation settles it too. Late answers are ignored.
   */
  call<T>(start: (complete: Done<T>) => unknown, onTimeout: () => unknown, done: Done<T>): void {
    const pending = new PendingCall(Date.now() + this.timeoutMs, done as Done<unknown>, onTimeout);
    this.link(pending);
    const complete: Done<T> = (error, value) => {
      this.expiredAt = 0;
      const settle = pending.done;
      if (settle === undefined) {
        return;
      }
      this.unlink(pending);
      settle(error, value);
    };
    let returned: unknown;
    try {
      returned = start(complete);
    } catch (error) {
      if (pending.done === undefined) {
        throw error;
      }
      complete(error);
      return;
    }
    if (pending.done !== undefined && isThenable(returned)) {
      returned.then(
        (value) => complete(undefined, value as T),
        (error: unknown) => complete(error ?? new Error('store promise rejected')),
      );
    }
  }

  /**
   * True when a call ran out of time less than `timeoutMs` ago and no call has answered since: the
   * backend is not answering now, and a new call would most likely wait the whole deadline too.
   */
  get isUnanswered(): boolean {
    return this.expiredAt !== 0 && Date.now() - this.expiredAt < this.timeoutMs;
  }

  private link(pending: PendingCall): void {
    const newest = this.newest;
    if (newest === undefined) {
      this.oldest = pending;
    } else {
      newest.next = pending;
      pending.previous = newest;
    }
    this.newest = pending;
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.expireOverdue(), this.checkPeriodMs);
      this.timer.unref();
    }
  }

  /** Takes a call out of the list and marks it settled. */
  private unlink(pending: PendingCall): void {
    const { previous, next } = pending;
    if (previous === undefined) {
      this.oldest = next;
    } else {
      previous.next = next;
    }
    if (next === undefined) {
      this.newest = previous;
    } else {
      next.previous = previous;
    }
    pending.previous = pending.next = pending.done = undefined;
  }

  private expireOverdue(): void {
    const now = Date.now();
    for (let oldest = this.oldest; oldest !== undefined && oldest.expiresAt <= now; oldest = this.oldest) {
      const done = oldest.done!;
      this.unlink(oldest);
      this.expiredAt = now;
      done(oldest.onTimeout());
    }
    if (this.oldest === undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}
