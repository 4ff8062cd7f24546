import { ConfigurableModuleBuilder } from '@nestjs/common';
import { SESSION_MODULE_OPTIONS } from '../common/session.constants.js';
import type { SessionModuleOptions } from './session-module-options.interface.js';

/** Options that shape the module itself; they never come out of `useFactory`. */
export interface SessionModuleExtras {
  /** Register the module globally, so every module can inject its providers. Default: `true`. */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableSessionModule,
  ASYNC_OPTIONS_TYPE,
  OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SessionModuleOptions>({ optionsInjectionToken: SESSION_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createSessionOptions')
  .setExtras<SessionModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal ?? true,
  }))
  .build();

/** Argument of `SessionModule.forRoot()`: the options plus `isGlobal`. */
export type SessionModuleRootOptions = typeof OPTIONS_TYPE;

/**
 * Argument of `SessionModule.forRootAsync()`: `imports`, `inject` and one of `useFactory`, `useClass`
 * (a {@link SessionOptionsFactory}) or `useExisting`, plus `isGlobal` (default `true`).
 */
export type SessionModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
