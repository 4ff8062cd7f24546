import type { SessionData } from 'express-session';
import { expiredBy, type SessionTimeouts, type SessionTimes } from '../lifetimes/session-timeouts.js';
import type { GuardedStore } from '../store/guarded-store.js';
import { sessionOwnerOf, type SessionOwner } from '../store/session-owner.js';
import type { IndexedSession } from '../store/user-session-index.js';
import type { UserSessionInfo } from './users-options.interface.js';

/** A live session of a user: its index entry, verified against its record. */
export interface LiveUserSession {
  readonly entry: IndexedSession;
  readonly owner: SessionOwner;
  readonly record: SessionData;
}

/**
 * A user's sessions, read from the store's per-user index. Every entry is checked against the record it
 * points to (still there, still this user's, same handle, not past a timeout) before it is listed or
 * revoked; entries that fail the check are removed from the index.
 */
export class UserSessions {
  constructor(
    private readonly store: GuardedStore,
    private readonly timeouts: SessionTimeouts | undefined,
  ) {}

  /** The user's live sessions, newest first. */
  async live(userId: string): Promise<LiveUserSession[]> {
    const entries = await new Promise<IndexedSession[]>((resolve, reject) =>
      this.store.indexedSessions(userId, (error, sessions) => (error ? reject(error) : resolve(sessions ?? []))),
    );
    const now = Date.now();
    const records = await Promise.all(entries.map((entry) => this.read(entry.key)));
    const live: LiveUserSession[] = [];
    const stale: string[] = [];
    entries.forEach((entry, i) => {
      const record = records[i];
      const owner = sessionOwnerOf(record);
      if (!record || owner?.id !== userId || owner.handle !== entry.handle || this.isOver(record, now)) {
        stale.push(entry.handle);
      } else {
        live.push({ entry, owner, record });
      }
    });
    if (stale.length > 0) {
      await this.unindex(userId, stale);
    }
    return live.sort((a, b) => sinceOf(b.entry) - sinceOf(a.entry));
  }

  /** Deletes the sessions' records and their index entries; resolves how many there were. */
  async revoke(userId: string, sessions: readonly LiveUserSession[]): Promise<number> {
    if (sessions.length === 0) {
      return 0;
    }
    await Promise.all(
      sessions.map(
        (session) =>
          new Promise<void>((resolve, reject) => this.store.destroyKey(session.entry.key, (error) => (error ? reject(error) : resolve()))),
      ),
    );
    await this.unindex(
      userId,
      sessions.map((session) => session.entry.handle),
    );
    return sessions.length;
  }

  /** How `listSessions()` shows a live session; `currentHandle` is the handle of the caller's own session. */
  info(session: LiveUserSession, currentHandle: string | undefined): UserSessionInfo {
    const { entry, owner, record } = session;
    return {
      handle: owner.handle,
      createdAt: new Date(sinceOf(entry)),
      lastSeenAt: new Date(entry.seenAt),
      expiresAt: this.expiryOf(entry, record),
      ...(entry.ip !== undefined ? { ip: entry.ip } : {}),
      ...(entry.userAgent !== undefined ? { userAgent: entry.userAgent } : {}),
      current: owner.handle === currentHandle,
    };
  }

  /** The earliest of the store's expiry and the timeouts' deadlines. */
  private expiryOf(entry: IndexedSession, record: SessionData): Date | null {
    const times = record.cookie as unknown as SessionTimes;
    // The store's expiry as of the entry's last refresh (the entry itself lasts the grace longer).
    const deadlines = [entry.expiresAt - this.store.indexGraceMs];
    if (this.timeouts?.absolute !== undefined && typeof times.created === 'number') {
      deadlines.push(times.created + this.timeouts.absolute);
    }
    if (this.timeouts?.idle !== undefined && typeof times.seen === 'number') {
      deadlines.push(times.seen + this.timeouts.idle);
    }
    const earliest = Math.min(...deadlines);
    return Number.isFinite(earliest) ? new Date(earliest) : null;
  }

  /** Past a timeout (the store's own expiry already removed what it expired). */
  private isOver(record: SessionData, now: number): boolean {
    return this.timeouts !== undefined && expiredBy(record.cookie as unknown as SessionTimes, this.timeouts, now) !== undefined;
  }

  private read(key: string): Promise<SessionData | null> {
    return new Promise((resolve, reject) => this.store.readKey(key, (error, data) => (error ? reject(error) : resolve(data ?? null))));
  }

  private unindex(userId: string, handles: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => this.store.unindexSessions(userId, handles, (error) => (error ? reject(error) : resolve())));
  }
}

/** When the session joined the index (its last refresh if the store did not keep that). */
function sinceOf(entry: IndexedSession): number {
  return typeof entry.since === 'number' && Number.isFinite(entry.since) ? entry.since : entry.seenAt;
}
