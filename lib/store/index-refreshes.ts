/** The most entries {@link IndexRefreshes} remembers (the oldest is forgotten first: it is then refreshed early). */
const REMEMBERED_ENTRIES = 10_000;

/**
 * When this process last refreshed each index entry, so a session used many times a minute refreshes its
 * entry (its last-seen time and expiry) once per `intervalMs`, not on every request. The store keeps each
 * entry `intervalMs` past the expiry it was given, so the entry never ends before its session does.
 */
export class IndexRefreshes {
  /** handle → the key and time of its entry's last refresh here. */
  private readonly refreshedAt = new Map<string, { key: string; at: number }>();

  constructor(readonly intervalMs: number) {}

  /** True when the entry (`handle` → `key`) is due for a refresh now; it is then counted as refreshed. */
  due(handle: string, key: string, now: number): boolean {
    if (this.intervalMs === 0) {
      return true;
    }
    const last = this.refreshedAt.get(handle);
    if (last !== undefined && last.key === key && now - last.at < this.intervalMs) {
      return false;
    }
    this.refreshedAt.delete(handle);
    this.refreshedAt.set(handle, { key, at: now });
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
