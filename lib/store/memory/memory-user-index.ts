import type { SessionData } from 'express-session';
import { MEMORY_STORE_PRUNE_PERIOD_MS } from '../../common/session.constants.js';
import { sessionOwnerDetailsOf, sessionOwnerOf } from '../session-owner.js';
import type { IndexedSession, UserSessionIndexStore } from '../user-session-index.js';

type Callback = (error?: unknown) => void;

/**
 * The memory store's per-user index: user id → handle → entry, in this process. Expired entries go when
 * their user's index is read or written, and every minute from the whole index (on the next write).
 */
export class MemoryUserIndex implements UserSessionIndexStore {
  private readonly users = new Map<string, Map<string, IndexedSession>>();
  private sweptAt = Date.now();

  constructor(private readonly ttlMsOf: (data: SessionData) => number) {}

  indexSession(key: string, data: SessionData, graceMs: number, callback: Callback): void {
    const owner = sessionOwnerOf(data);
    if (owner !== undefined) {
      const now = Date.now();
      this.sweep(now);
      let sessions = this.users.get(owner.id);
      if (sessions === undefined) {
        sessions = new Map();
        this.users.set(owner.id, sessions);
      }
      const details = sessionOwnerDetailsOf(data) ?? sessions.get(owner.handle);
      sessions.set(owner.handle, {
        handle: owner.handle,
        key,
        expiresAt: now + this.ttlMsOf(data) + graceMs,
        seenAt: now,
        since: details?.since,
        ip: details?.ip,
        userAgent: details?.userAgent,
      });
    }
    callback();
  }

  indexedSessions(userId: string, callback: (error: unknown, sessions?: IndexedSession[]) => void): void {
    const sessions = this.users.get(userId);
    if (sessions === undefined) {
      return callback(null, []);
    }
    this.prune(userId, sessions, Date.now());
    callback(null, [...sessions.values()]);
  }

  unindexSessions(userId: string, handles: readonly string[], callback: Callback): void {
    const sessions = this.users.get(userId);
    if (sessions !== undefined) {
      for (const handle of handles) {
        sessions.delete(handle);
      }
      if (sessions.size === 0) {
        this.users.delete(userId);
      }
    }
    callback();
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < MEMORY_STORE_PRUNE_PERIOD_MS) {
      return;
    }
    this.sweptAt = now;
    for (const [userId, sessions] of this.users) {
      this.prune(userId, sessions, now);
    }
  }

  private prune(userId: string, sessions: Map<string, IndexedSession>, now: number): void {
    for (const [handle, entry] of sessions) {
      if (entry.expiresAt <= now) {
        sessions.delete(handle);
      }
    }
    if (sessions.size === 0) {
      this.users.delete(userId);
    }
  }
}
