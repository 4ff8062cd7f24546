import { Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { CookieOptions, Store } from 'express-session';
import { DEFAULT_STORE_TIMEOUT_MS } from '../common/session.constants.js';
import { SessionConfigurationError, SessionStoreUnreachableError } from '../common/session.errors.js';
import { SessionStoreError } from '../store/session-store.errors.js';
import { generateSessionId, type RequestPathSettings } from '../request/request-path.settings.js';
import { SessionCookieSigner, type SessionSecret } from '../request/session-cookie.js';
import { sessionTransportOf } from '../request/session-transport.js';
import { createSessionMiddleware } from '../request/session.middleware.js';
import { createDefaultMemoryStore } from '../store/memory/default-memory-store.js';
import { SESSION_EVENTS, SessionEventBus } from '../events/session-events.js';
import { GuardedStore, STORE_DOWN_EVENT, STORE_UP_EVENT } from '../store/guarded-store.js';
import { releaseOwnedResources } from '../store/owned-resources.js';
import type { RequestSession, SessionModuleOptions } from './session-module-options.interface.js';
import { validateSessionOptions } from './session-options.validator.js';
import { userSessionsSettingsOf } from '../users/user-sessions.settings.js';

const logger = new Logger('SessionModule');

/** Injection token of the module's internal {@link SessionRuntime}. */
export const SESSION_RUNTIME = Symbol('SESSION_RUNTIME');

/** Everything the module derives once from the options: the store, the middleware, the defaults. */
export interface SessionRuntime {
  readonly options: SessionModuleOptions;
  /** The store in use: the user's, or the default memory store. */
  readonly store: Store;
  /** The same store behind deadlines, error mapping and conditional writes. */
  readonly guardedStore: GuardedStore;
  readonly cookieName: string;
  /** The cookie options of a request, module defaults applied. */
  cookieFor(req: Request): CookieOptions;
  readonly isAuthenticated: (session: RequestSession) => boolean;
  readonly middleware: RequestHandler;
  /** What the request path derived from the options (for loading a session outside HTTP: a WebSocket handshake). */
  readonly settings: RequestPathSettings;
  /** Resolves when the store answers a read within `storeTimeout`; rejects with a `SessionStoreError` otherwise. */
  ping(): Promise<void>;
  /** Releases what the module opened itself (never a store the user passed in). */
  close(): Promise<void>;
}

const DEFAULT_COOKIE_NAME = 'connect.sid';
/** The module's cookie defaults; express-session's own are `httpOnly: true`, `path: '/'`, no `sameSite`. */
const COOKIE_DEFAULTS: CookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' };

/** Validates the options (throwing at bootstrap) and builds the runtime. */
export function createSessionRuntime(
  options: SessionModuleOptions,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): SessionRuntime {
  validateSessionOptions(options, nodeEnv);
  warnForProduction(options, nodeEnv);
  const store = options.store ?? createDefaultMemoryStore();
  const guardedStore = new GuardedStore(store, options.storeTimeout ?? DEFAULT_STORE_TIMEOUT_MS, {
    hashIds: options.hashIdsAtRest ?? true,
    legacyIds: options.legacyIds ?? false,
    renewableIds: options.timeouts?.renewal !== undefined,
  });
  if (options.store !== undefined && !guardedStore.hasAtomicConditionalWrite) {
    logger.warn(
      `The session store (${store.constructor?.name ?? 'custom'}) has no setIfExists(): a write of an existing session ` +
        'reads, then writes, so a logout that lands in between can be undone. Implement ConditionalWriteStore (see the README).',
    );
  }
  const users = userSessionsSettingsOf(options.users);
  if (users !== undefined && !guardedStore.maintainUserIndex(users.lastSeenPrecision)) {
    throw new SessionConfigurationError(
      'users',
      `needs a store that keeps a per-user index of sessions, and this one (${store.constructor?.name ?? 'custom'}) does not`,
      'use memoryStore(), redisStore() or mongoStore(), or implement UserSessionIndexStore in your store (see docs/users.md)',
    );
  }
  const cookieName = options.name ?? options.key ?? DEFAULT_COOKIE_NAME;
  const configured = options.cookie;
  const cookie: RequestPathSettings['cookie'] =
    typeof configured === 'function'
      ? (req: Request) => ({ ...COOKIE_DEFAULTS, ...configured(req) })
      : { ...COOKIE_DEFAULTS, ...configured };
  const secrets = (Array.isArray(options.secret) ? options.secret : [options.secret]) as SessionSecret[];
  const settings: RequestPathSettings = {
    store: guardedStore,
    signer: new SessionCookieSigner(secrets),
    name: cookieName,
    cookie,
    genid: options.genid ?? generateSessionId,
    resave: options.resave ?? false,
    saveUninitialized: options.saveUninitialized ?? false,
    rolling: options.rolling ?? false,
    unsetDestroy: options.unset === 'destroy',
    proxy: options.proxy,
    transport: sessionTransportOf(options.transport, options.header),
    events: new SessionEventBus(),
    users,
    timeouts:
      options.timeouts?.idle !== undefined || options.timeouts?.absolute !== undefined || options.timeouts?.renewal !== undefined
        ? { ...options.timeouts }
        : undefined,
    renewalKey: options.timeouts?.renewal !== undefined ? renewalKeyOf(secrets[0]) : undefined,
  };
  guardedStore.on(STORE_DOWN_EVENT, (operation: string) => settings.events.emit(SESSION_EVENTS.storeDown, undefined, undefined, operation));
  guardedStore.on(STORE_UP_EVENT, (operation: string) => settings.events.emit(SESSION_EVENTS.storeUp, undefined, undefined, operation));
  return {
    options,
    store,
    guardedStore,
    cookieName,
    cookieFor: (req) => (typeof cookie === 'function' ? cookie(req) : cookie),
    isAuthenticated: options.isAuthenticated ?? hasUserId,
    middleware: createSessionMiddleware(settings),
    settings,
    ping: () => pingStore(guardedStore),
    close: () => releaseOwnedResources(store),
  };
}

/**
 * Builds the runtime and, with `storeStartup: 'fail-fast'` (the default), waits for the store to answer,
 * so an unreachable store fails the bootstrap within `storeTimeout` instead of hanging.
 */
export async function startSessionRuntime(options: SessionModuleOptions): Promise<SessionRuntime> {
  const runtime = createSessionRuntime(options);
  if ((options.storeStartup ?? 'fail-fast') === 'fail-fast') {
    try {
      await runtime.ping();
    } catch (error) {
      await runtime.close().catch(() => undefined);
      throw new SessionStoreUnreachableError(options.storeTimeout ?? DEFAULT_STORE_TIMEOUT_MS, { cause: error });
    }
  }
  return runtime;
}

function pingStore(store: GuardedStore): Promise<void> {
  if (store.isUnanswered) {
    // An operation of this request (the session load of a probe that sends a cookie) or of another one
    // has just run out of time unanswered: say so now rather than wait a second deadline.
    return Promise.reject(new SessionStoreError('timeout', 'get'));
  }
  const probeId = `nestjs-express-session:ping:${randomUUID()}`;
  return new Promise((resolve, reject) => store.get(probeId, (error) => (error ? reject(error) : resolve())));
}

function warnForProduction(options: SessionModuleOptions, nodeEnv: string | undefined): void {
  if (nodeEnv?.toLowerCase() !== 'production') {
    return;
  }
  if (typeof options.cookie !== 'function' && options.cookie?.secure !== true && options.cookie?.secure !== 'auto') {
    logger.warn("NODE_ENV=production and cookie.secure is not set: the session cookie also travels over plain HTTP. Set cookie: { secure: true } (or 'auto' behind a proxy).");
  }
  if (options.store === undefined) {
    logger.warn('NODE_ENV=production with the in-memory session store: sessions are lost on restart and not shared between instances. Use redisStore() or mongoStore().');
  }
}

/** The key renewed IDs are derived with: from the signing secret, never the secret itself. */
function renewalKeyOf(secret: SessionSecret): Buffer {
  return createHash('sha256').update('nestjs-express-session:renewal:').update(secret).digest();
}

/** The default `isAuthenticated`: `session.userId` is neither `undefined` nor `null`. */
export function hasUserId(session: RequestSession): boolean {
  const userId = (session as { userId?: unknown }).userId;
  return userId !== undefined && userId !== null;
}
