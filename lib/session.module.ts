import {
  Inject,
  Module,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SESSION_MODULE_OPTIONS, SESSION_STORE } from './session.constants.js';
import { SessionConfigurationError } from './session.errors.js';
import { ConfigurableSessionModule } from './session.module-definition.js';
import { startSessionRuntime, SESSION_RUNTIME, type SessionRuntime } from './session.runtime.js';
import { SessionService } from './session.service.js';
import { SessionStoreHealthIndicator } from './session-store.health.js';

/** Every route, in Nest 12's path syntax (matches the root under a global prefix too). */
const ALL_ROUTES = '{*path}';

/**
 * Registers express-session as Nest middleware, with its store as a provider.
 *
 * @example
 * SessionModule.forRoot({ secret: process.env.SESSION_SECRET!, cookie: { maxAge: 3_600_000 } })
 * @example
 * SessionModule.forRootAsync({
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ secret: config.getOrThrow('SESSION_SECRET') }),
 * })
 */
@Module({
  providers: [
    { provide: SESSION_RUNTIME, useFactory: startSessionRuntime, inject: [SESSION_MODULE_OPTIONS] },
    { provide: SESSION_STORE, useFactory: (runtime: SessionRuntime) => runtime.store, inject: [SESSION_RUNTIME] },
    SessionService,
    SessionStoreHealthIndicator,
  ],
  exports: [SESSION_MODULE_OPTIONS, SESSION_STORE, SESSION_RUNTIME, SessionService, SessionStoreHealthIndicator],
})
export class SessionModule extends ConfigurableSessionModule implements NestModule, OnApplicationShutdown {
  constructor(
    @Inject(SESSION_RUNTIME) private readonly runtime: SessionRuntime,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    this.assertExpressAdapter();
    const { forRoutes, exclude = [] } = this.runtime.options;
    if (forRoutes === undefined && exclude.length === 0) {
      // Every route: mounted as app.use(session) would be. Through the consumer each request would also pay
      // Nest's middleware wrapper (a '{*path}' path-to-regexp match, a WeakSet, an async proxy): ~6 µs.
      this.adapterHost.httpAdapter.use(this.runtime.middleware);
      return;
    }
    consumer
      .apply(this.runtime.middleware)
      .exclude(...exclude)
      .forRoutes(...(forRoutes ?? [ALL_ROUTES]));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }

  private assertExpressAdapter(): void {
    const type = this.adapterHost.httpAdapter?.getType();
    if (type !== undefined && type !== 'express') {
      throw new SessionConfigurationError(
        'HTTP adapter',
        `is "${type}", but express-session needs Express`,
        'create the app with @nestjs/platform-express (the default adapter), or use a Fastify session plugin',
      );
    }
  }
}
