import type { Request } from 'express';
import { sessionFingerprint } from '../store/session-fingerprint.js';

/** The names of the lifecycle events, as emitted on `@nestjs/event-emitter`'s `EventEmitter2`. */
export const SESSION_EVENTS = {
  /** A new session was stored for the first time (not by a login or a rotation). */
  created: 'session.created',
  /** `SessionService.login()` stored the signed-in session (it also rotated the ID: `session.rotated` first). */
  login: 'session.login',
  /** `SessionService.logout()` deleted the session. */
  logout: 'session.logout',
  /** A session was stored under a new ID after `regenerate()` (a login, Passport's `req.logIn`). */
  rotated: 'session.rotated',
  /** A stored session was read past `timeouts.idle` or `timeouts.absolute` (`reason`) and deleted. */
  expired: 'session.expired',
  /** A write found the session gone: it ended in a concurrent request (the request answered 409). */
  interrupted: 'session.interrupted',
  /** The store stopped answering (a timeout or a connection failure); emitted once until it answers again. */
  storeDown: 'session.store.down',
  /** The store answers again after `session.store.down`. */
  storeUp: 'session.store.up',
} as const;

/** One of {@link SESSION_EVENTS}. */
export type SessionEventName = (typeof SESSION_EVENTS)[keyof typeof SESSION_EVENTS];

/** What every event carries. Never the session ID: a short fingerprint of its hash. */
export interface SessionEventPayload {
  /** The first 12 characters of the SHA-256 of the session ID (the stored key's start). */
  readonly session?: string;
  /** `session.userId`, where the session has one. */
  readonly userId?: unknown;
  readonly ip?: string;
  readonly userAgent?: string;
  /** Why: the failed operation for store events, the cause for `session.interrupted`. */
  readonly reason?: string;
}

/** Receives events; set by the module when the app has `EventEmitterModule`. */
export type SessionEventSink = (event: SessionEventName, payload: SessionEventPayload) => void;

/**
 * Where the request path reports lifecycle events. Without a sink (no `@nestjs/event-emitter` in the app)
 * nothing is built or emitted; a listener that throws is logged by the sink's owner, never reaches a request.
 */
export class SessionEventBus {
  private sink: SessionEventSink | undefined;

  /** Connects the bus to an emitter (once, at module init). */
  connect(sink: SessionEventSink): void {
    this.sink = sink;
  }

  /** Reports `event` for the session `sid` of `req` (`userId` read from its session unless given). */
  emit(event: SessionEventName, req: Request | undefined, sid?: string, reason?: string, userId?: unknown): void {
    const sink = this.sink;
    if (sink === undefined) {
      return;
    }
    userId ??= (req?.session as { userId?: unknown } | undefined)?.userId;
    const payload: SessionEventPayload = {
      session: sid === undefined ? undefined : sessionFingerprint(sid),
      userId,
      ip: req?.ip,
      userAgent: req?.headers['user-agent'],
      reason,
    };
    try {
      sink(event, payload);
    } catch {
      // A listener's failure is the listener's: the request goes on.
    }
  }
}
