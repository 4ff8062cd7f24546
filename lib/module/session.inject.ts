import { Inject } from '@nestjs/common';
import { SESSION_MODULE_OPTIONS, SESSION_STORE } from '../common/session.constants.js';

/**
 * Injects the module's options.
 *
 * @example
 * constructor(@InjectSessionOptions() private readonly options: SessionModuleOptions) {}
 */
export const InjectSessionOptions = (): PropertyDecorator & ParameterDecorator => Inject(SESSION_MODULE_OPTIONS);

/**
 * Injects the express-session `Store` in use (the configured one, or the default memory store).
 *
 * @example
 * constructor(@InjectSessionStore() private readonly store: Store) {}
 */
export const InjectSessionStore = (): PropertyDecorator & ParameterDecorator => Inject(SESSION_STORE);
