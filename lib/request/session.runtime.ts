import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { CookieOptions, SessionOptions, Store } from 'express-session';
import { DEFAULT_STORE_TIMEOUT_MS } from '../common/session.constants.js';
import { SessionStoreUnreachableError } from '../common/session.errors.js';
import { createSessionMiddleware } from './session.middleware.js';
import type { RequestSession, SessionModuleOptions } from '../module/session-module-options.interface.js';
import { validateSessionOptions } from '../module/session-options.validator.js';
import { createDefaultMemoryStore } from '../store/memory/default-memory-store.js';
import { GuardedStore } from '../store/guarded-store.js';
import { releaseOwnedResources } from '../store/owned-resources.js';

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
  readonly cookie: CookieOptions;
  readonly isAuthenticated: (session: RequestSession) => boolean;
  readonly middleware: RequestHandler;
  /** Resolves when the store answers a read within `storeTimeout`; rejects with a `SessionStoreError` otherwise. */
  ping(): Promise<void>;
  /** Releases what the module opened itself (never a store the user passed in). */
  close(): Promise<void>;
}

const DEFAULT_COOKIE_NAME = 'connect.sid';

/** Validates the options (throwing at bootstrap) and builds the runtime. */
export function createSessionRuntime(options: SessionModuleOptions): SessionRuntime {
  validateSessionOptions(options);
  const store = options.store ?? createDefaultMemoryStore();
  const guardedStore = new GuardedStore(store, options.storeTimeout ?? DEFAULT_STORE_TIMEOUT_MS);
  const cookie: CookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', ...options.cookie };
  const cookieName = options.name ?? DEFAULT_COOKIE_NAME;
  const sessionOptions: SessionOptions = {
    secret: options.secret,
    name: cookieName,
    cookie,
    resave: options.resave ?? false,
    saveUninitialized: options.saveUninitialized ?? false,
    rolling: options.rolling ?? false,
    genid: options.genid,
    proxy: options.proxy,
    unset: options.unset,
  };
  return {
    options,
    store,
    guardedStore,
    cookieName,
    cookie,
    isAuthenticated: options.isAuthenticated ?? hasUserId,
    middleware: createSessionMiddleware(sessionOptions, guardedStore),
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
  const probeId = `nestjs-express-session:ping:${randomUUID()}`;
  return new Promise((resolve, reject) => store.get(probeId, (error) => (error ? reject(error) : resolve())));
}

/** The default `isAuthenticated`: `session.userId` is neither `undefined` nor `null`. */
export function hasUserId(session: RequestSession): boolean {
  const userId = (session as { userId?: unknown }).userId;
  return userId !== undefined && userId !== null;
}
