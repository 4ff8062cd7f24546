export { AllowAnonymous } from './http/allow-anonymous.decorator.js';
export { RequireRecentLogin } from './http/require-recent-login.decorator.js';
export type { SessionTimeouts } from './lifetimes/session-timeouts.js';
export {
  ALLOW_ANONYMOUS_KEY,
  DEFAULT_STORE_TIMEOUT_MS,
  SESSION_MODULE_OPTIONS,
  SESSION_STORE,
} from './common/session.constants.js';
export { Session } from './http/session.decorator.js';
export { SessionConfigurationError, SessionStoreUnreachableError } from './common/session.errors.js';
export {
  SessionInterruptedException,
  SessionLimitExceededException,
  SessionUnauthenticatedException,
  SessionUnavailableException,
  type SessionErrorExtensions,
} from './http/session.exceptions.js';
export { requestOf } from './contexts/session-contexts.js';
export { SessionGuard } from './http/session.guard.js';
export { passportUser } from './http/passport-user.js';
export { InjectSessionOptions, InjectSessionStore } from './module/session.inject.js';
export { SessionModule } from './module/session.module.js';
export { memoryStore, type MemoryStoreOptions } from './store/memory/default-memory-store.js';
export type { SessionModuleAsyncOptions, SessionModuleExtras } from './module/session.module-definition.js';
export { SessionService, type RegenerateOptions } from './http/session.service.js';
export { SessionStoreHealthIndicator, type SessionStoreHealthResult } from './health/session-store.health.js';
export type {
  RequestSession,
  SessionModuleOptions,
  SessionOptionsFactory,
} from './module/session-module-options.interface.js';
export type {
  ConditionalWriteStore,
  CreateIfAbsentStore,
  DeadlineAwareStore,
  MergingStore,
  StoredSessionChanges,
  TouchIfExistsStore,
} from './store/store-capabilities.js';
export { STORED_VERSION } from './store/store-capabilities.js';
export { atRestKey } from './store/session-id-at-rest.js';
export { SESSION_EVENTS, type SessionEventName, type SessionEventPayload } from './events/session-events.js';
export type { UserSessionInfo, UserSessionsOptions } from './users/users-options.interface.js';
export type { IndexedSession, UserSessionIndexStore } from './store/user-session-index.js';
export { sessionOwnerOf, type SessionOwner } from './store/session-owner.js';
