import type { Request } from 'express';
import { reloadHandshakeSession } from '../request/handshake-session.js';
import type { SessionRequestState } from '../request/session-request-state.js';

/** One connected socket's session: loaded at the handshake, re-read at most once per interval. */
export class SocketSession {
  /** When the record was last read (the handshake, then each re-validation). */
  private checkedAt = Date.now();
  private checking: Promise<void> | undefined;

  constructor(
    readonly state: SessionRequestState,
    /** Disconnects the socket (used with `disconnectEnded`). */
    readonly disconnect: () => void,
  ) {}

  /** The handshake request: `session` is the socket's session, as `@Session()` and `SessionGuard` see it. */
  get req(): Request {
    return this.state.req;
  }

  /** The ID whose record the session was loaded from, or `undefined` for an anonymous session. */
  get storedId(): string | undefined {
    return this.state.storedId;
  }

  /** True once `intervalMs` has passed since the record was last read (anonymous sessions never are). */
  isDue(intervalMs: number, now: number = Date.now()): boolean {
    return this.state.storedId !== undefined && now - this.checkedAt >= intervalMs;
  }

  /**
   * Reads the record again; resolves `false` when the session ended. Concurrent calls share one read. A
   * store failure leaves the socket without a session until the next re-validation (an interval later).
   */
  revalidate(): Promise<boolean> {
    this.checkedAt = Date.now();
    const pending =
      this.checking ??
      new Promise<void>((resolve) => reloadHandshakeSession(this.state, () => resolve())).finally(() => {
        this.checking = undefined;
      });
    this.checking = pending;
    return pending.then(() => this.state.storedId !== undefined);
  }
}
