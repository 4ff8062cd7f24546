/** Node-style completion callback. */
export type Done<T> = (error?: unknown, value?: T) => void;

interface Pending {
  readonly expiresAt: number;
  settled: boolean;
  expire(): void;
}

/**
 * Deadlines of store calls, checked by one shared timer instead of a `setTimeout` per call: calls all
 * share one timeout, so they expire in the order they started and a check stops at the first one still
 * in time. A call may therefore answer up to `checkPeriodMs` later than `timeoutMs`.
 */
export class DeadlineQueue {
  private readonly pending: Pending[] = [];
  private head = 0;
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
    const entry: Pending = {
      expiresAt: Date.now() + this.timeoutMs,
      settled: false,
      expire: () => {
        entry.settled = true;
        done(onTimeout());
      },
    };
    const complete: Done<T> = (error, value) => {
      if (this.expiredAt !== 0) {
        this.expiredAt = 0;
      }
      if (entry.settled) {
        return;
      }
      entry.settled = true;
      done(error, value);
    };
    this.track(entry);
    let returned: unknown;
    try {
      returned = start(complete);
    } catch (error) {
      if (entry.settled) {
        throw error;
      }
      complete(error);
      return;
    }
    if (!entry.settled && isThenable(returned)) {
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

  private track(entry: Pending): void {
    this.pending.push(entry);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.expireOverdue(), this.checkPeriodMs);
      this.timer.unref();
    }
  }

  private expireOverdue(): void {
    const now = Date.now();
    const pending = this.pending;
    while (this.head < pending.length) {
      const entry = pending[this.head];
      if (!entry.settled && entry.expiresAt > now) {
        break;
      }
      this.head++;
      if (!entry.settled) {
        this.expiredAt = now;
        entry.expire();
      }
    }
    if (this.head === pending.length) {
      pending.length = 0;
      this.head = 0;
      clearInterval(this.timer);
      this.timer = undefined;
    } else if (this.head > 1024) {
      pending.splice(0, this.head);
      this.head = 0;
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}
