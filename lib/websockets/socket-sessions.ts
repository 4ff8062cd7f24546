import type { IncomingMessage } from 'node:http';
import { loadHandshakeSession, endHandshakeSession } from '../request/handshake-session.js';
import type { RequestPathSettings } from '../request/request-path.settings.js';
import { SESSION_DESTROYED_EVENT } from '../store/guarded-store.js';
import { STORE_UNAVAILABLE_MESSAGE } from '../request/commit-failures.js';
import { DEFAULT_REVALIDATE_INTERVAL_MS, type SessionWebSocketOptions } from './session-websocket-options.interface.js';
import { SocketSession } from './socket-session.js';
import { bindSocketSession, unbindSocketSession } from './socket-session.registry.js';
import { setRequestContextKind } from '../contexts/session-contexts.js';
import { stableIdOf } from '../store/session-id-at-rest.js';
import { wsContextKind } from './ws-context.js';

/** Message of a handshake refused because the store failed or did not answer within `storeTimeout`. */
export const HANDSHAKE_STORE_UNAVAILABLE_MESSAGE = `Connection refused: ${STORE_UNAVAILABLE_MESSAGE}`;

/**
 * The sessions of one adapter's sockets: loaded once per connection, ended at once when this instance
 * destroys their record, re-read at most once per socket per `revalidateInterval` otherwise.
 */
export class SocketSessions {
  private readonly byId = new Map<string, Set<SocketSession>>();
  /** The ID each socket is listed under in `byId`. */
  private readonly indexedIds = new WeakMap<SocketSession, string>();
  private readonly intervalMs: number;
  private readonly disconnectEnded: boolean;
  private sweep: NodeJS.Timeout | undefined;
  private readonly onDestroyed = (sid: string): void => this.end(sid);

  constructor(
    private readonly settings: RequestPathSettings,
    options: SessionWebSocketOptions,
  ) {
    this.intervalMs = options.revalidateInterval ?? DEFAULT_REVALIDATE_INTERVAL_MS;
    this.disconnectEnded = options.disconnectEnded ?? false;
    if (!Number.isFinite(this.intervalMs) || this.intervalMs < 0) {
      throw new TypeError(`revalidateInterval must be a number of milliseconds >= 0 (got ${String(options.revalidateInterval)}).`);
    }
    settings.store.on(SESSION_DESTROYED_EVENT, this.onDestroyed);
  }

  /**
   * Loads the session of a handshake. Calls back with an error (the connection is to be refused) when the
   * store failed or missed its deadline; the store's deadline bounds the wait.
   */
  load(message: IncomingMessage, done: (error: Error | undefined) => void): void {
    if (!this.settings.store.ready) {
      return done(new Error(HANDSHAKE_STORE_UNAVAILABLE_MESSAGE));
    }
    loadHandshakeSession(this.settings, message, (error) => done(error ? new Error(HANDSHAKE_STORE_UNAVAILABLE_MESSAGE) : undefined));
  }

  /** Ties a connected client to the session loaded from its handshake `message`, until `disconnect`. */
  attach(client: object, message: IncomingMessage, disconnect: () => void): SocketSession | undefined {
    const entry = bindSocketSession(client, message, disconnect);
    if (!entry) {
      return undefined;
    }
    setRequestContextKind(message, wsContextKind);
    const id = entry.storedId === undefined ? undefined : this.bucketOf(entry.storedId);
    if (id !== undefined) {
      let entries = this.byId.get(id);
      if (!entries) {
        entries = new Set();
        this.byId.set(id, entries);
      }
      entries.add(entry);
      this.indexedIds.set(entry, id);
    }
    if (this.disconnectEnded && this.sweep === undefined) {
      this.sweep = setInterval(() => this.revalidateDue(), Math.max(this.intervalMs, 100));
      this.sweep.unref();
    }
    return entry;
  }

  /** Forgets a client that disconnected. */
  detach(client: object, entry: SocketSession): void {
    unbindSocketSession(client);
    this.forget(entry);
  }

  /** Resolves once the session of `entry` is fresh: re-read first when the interval has passed. */
  refresh(entry: SocketSession): Promise<void> | undefined {
    if (!entry.isDue(this.intervalMs)) {
      return undefined;
    }
    return entry.revalidate().then((alive) => {
      if (!alive) {
        this.ended(entry);
      }
    });
  }

  /** Stops the sweep and the store listener. */
  close(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
    this.settings.store.off(SESSION_DESTROYED_EVENT, this.onDestroyed);
    this.byId.clear();
  }

  /** The record of `sid` was deleted on this instance: its sockets lose the session now. */
  private end(sid: string): void {
    const id = this.bucketOf(sid);
    const entries = this.byId.get(id);
    if (!entries) {
      return;
    }
    this.byId.delete(id);
    for (const entry of entries) {
      // Also when the socket destroyed the session itself: it is left with a new anonymous one, not none.
      endHandshakeSession(entry.state);
      this.ended(entry);
    }
  }

  /** The key sockets of `sid` are listed under: with renewal on, its stable part (the same record). */
  private bucketOf(sid: string): string {
    return this.settings.timeouts?.renewal === undefined ? sid : stableIdOf(sid);
  }

  private ended(entry: SocketSession): void {
    this.forget(entry);
    if (this.disconnectEnded) {
      entry.disconnect();
    }
  }

  private forget(entry: SocketSession): void {
    const id = this.indexedIds.get(entry);
    this.indexedIds.delete(entry);
    const entries = id === undefined ? undefined : this.byId.get(id);
    if (entries?.delete(entry) && entries.size === 0) {
      this.byId.delete(id!);
    }
  }

  private revalidateDue(): void {
    const now = Date.now();
    for (const entries of this.byId.values()) {
      for (const entry of entries) {
        if (entry.isDue(this.intervalMs, now)) {
          void this.refresh(entry);
        }
      }
    }
  }
}
