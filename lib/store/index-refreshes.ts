/** The most entries {@link IndexRefreshes} remembers (the oldest is forgotten first: it is then refreshed early). */
const REMEMBERED_ENTRIES = 10_000;

/**
 * Margin added to every entry's grace for clocks that differ between instances (each computes the expiry it
 * indexes with its own clock) and for the time a request takes.
 */
export const INDEX_CLOCK_MARGIN_MS = 30_000;

/**
 * When this process last refreshed each index entry, so a session used many times a minute refreshes its
 * entry (its last-seen time and expiry) once per `intervalMs`, not on every request. The store keeps each
 * entry {@link graceMs} past the expiry it was given, so while the session's lifetime stays what it was at
 * the refresh (a rolling `maxAge`), the entry never ends before the session does; a session whose lifetime
 * changed (a remember-me `maxAge`) is refreshed at once.
 */
export class IndexRefreshes {
  /** handle → the key, time and session lifetime of its entry's last refresh here. */
  private readonly refreshedAt = new Map<string, { key: string; at: number; lifetime: unknown }>();

  constructor(readonly intervalMs: number) {}

  /** How long past the session's expiry (as of its last refresh) an entry lasts. */
  get graceMs(): number {
    return this.intervalMs + INDEX_CLOCK_MARGIN_MS;
  }

  /**
   * True when the entry (`handle` → `key`) of a session with this `lifetime` (its cookie's `originalMaxAge`) is
   * due for a refresh now; it is then counted as refreshed.
   */
  due(handle: string, key: string, lifetime: unknown, now: number): boolean {
    if (this.intervalMs === 0) {
      return true;
    }
    const last = this.refreshedAt.get(handle);
    if (last !== undefined && last.key === key && last.lifetime === lifetime && now - last.at < this.intervalMs) {
      return false;
    }
    this.refreshedAt.delete(handle);
    this.refreshedAt.set(handle, { key, at: now, lifetime });
    if (this.refreshedAt.size > REMEMBERED_ENTRIES) {
      this.refreshedAt.delete(this.refreshedAt.keys().next().value as string);
    }
    return true;
  }

  /** The refresh of the entry failed: the next write or touch tries again. */
  failed(handle: string): void {
    this.refreshedAt.delete(handle);
  }
}
