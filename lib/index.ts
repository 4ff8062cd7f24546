export { AllowAnonymous } from './allow-anonymous.decorator.js';
export {
  ALLOW_ANONYMOUS_KEY,
  DEFAULT_STORE_TIMEOUT_MS,
  SESSION_MODULE_OPTIONS,
  SESSION_STORE,
} from './session.constants.js';
export { Session } from './session.decorator.js';
export { SessionConfigurationError, SessionStoreUnreachableError } from './session.errors.js';
export { SessionUnavailableException } from './session.exceptions.js';
export { SessionGuard } from './session.guard.js';
export { InjectSessionOptions, InjectSessionStore } from './session.inject.js';
export { SessionModule } from './session.module.js';
export type { SessionModuleAsyncOptions, SessionModuleExtras } from './session.module-definition.js';
export { SessionService, type RegenerateOptions } from './session.service.js';
export { SessionStoreHealthIndicator, type SessionStoreHealthResult } from './session-store.health.js';
export type {
  RequestSession,
  SessionModuleOptions,
  SessionOptionsFactory,
} from './session-module-options.interface.js';
