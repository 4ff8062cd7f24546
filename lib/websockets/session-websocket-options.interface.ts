/** Options of `SessionIoAdapter` and `SessionWsAdapter` (the second constructor argument). */
export interface SessionWebSocketOptions {
  /**
   * Milliseconds a socket's session is trusted before its record is read again: a session logged out,
   * revoked or expired on another instance stops authenticating within this interval. At most one store
   * read per socket per interval, made before the first message after it ends (or by the sweep, with
   * `disconnectEnded`). A logout on the same instance takes effect at once. Default: `5000`.
   */
  revalidateInterval?: number;
  /**
   * Disconnect a socket once its session has ended (logged out, revoked, expired), instead of leaving it
   * connected and anonymous. Sockets are then also checked every `revalidateInterval` without waiting for a
   * message. Default: `false`.
   */
  disconnectEnded?: boolean;
}

/** Default of {@link SessionWebSocketOptions.revalidateInterval}. */
export const DEFAULT_REVALIDATE_INTERVAL_MS = 5000;

/** Close code sent to a `ws` client whose session ended (`disconnectEnded`), in the range left to applications. */
export const SESSION_ENDED_CLOSE_CODE = 4401;
