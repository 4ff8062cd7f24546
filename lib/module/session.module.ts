import {
  Inject,
  Module,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import type { RequestHandler } from 'express';
import { SESSION_MODULE_OPTIONS, SESSION_STORE } from '../common/session.constants.js';
import { SessionConfigurationError } from '../common/session.errors.js';
import { ConfigurableSessionModule } from './session.module-definition.js';
import { startSessionRuntime, SESSION_RUNTIME, type SessionRuntime } from './session.runtime.js';
import { SessionService } from '../http/session.service.js';
import type { SessionExcludedRoute } from './session-module-options.interface.js';
import { compileRouteExclusion } from './session-route-exclusion.js';
import { SessionStoreHealthIndicator } from '../health/session-store.health.js';

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
    private readonly appConfig: ApplicationConfig,
  ) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    this.assertExpressAdapter();
    const { forRoutes, exclude = [] } = this.runtime.options;
    const direct = forRoutes === undefined ? this.directMiddleware(exclude) : undefined;
    if (direct) {
      // Every route (minus exclusions), mounted as app.use(session) would be: no per-request Nest proxy.
      this.adapterHost.httpAdapter.use(direct);
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

  /** The middleware to mount on the whole app, or undefined when Nest's consumer must route it. */
  private directMiddleware(exclude: SessionExcludedRoute[]): RequestHandler | undefined {
    const middleware = this.runtime.middleware;
    if (exclude.length === 0) {
      return middleware;
    }
    const prefixExcludes = this.appConfig.getGlobalPrefixOptions().exclude ?? [];
    const isExcluded =
      prefixExcludes.length === 0 ? compileRouteExclusion(exclude, this.appConfig.getGlobalPrefix()) : undefined;
    if (!isExcluded) {
      return undefined;
    }
    return function sessionUnlessExcluded(req, res, next) {
      if (isExcluded(req)) {
        next();
        return;
      }
      middleware(req, res, next);
    };
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
