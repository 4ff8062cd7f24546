import {
  Inject,
  Module,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { eventEmitterSink } from '../events/event-emitter-link.js';
import type { RequestHandler } from 'express';
import { SESSION_MODULE_OPTIONS, SESSION_STORE } from '../common/session.constants.js';
import { SessionConfigurationError } from '../common/session.errors.js';
import { ConfigurableSessionModule } from './session.module-definition.js';
import { startSessionRuntime, SESSION_RUNTIME, type SessionRuntime } from './session.runtime.js';
import type { SessionModuleOptions } from './session-module-options.interface.js';
import { SessionService } from '../http/session.service.js';
import { compileRouteMatcher, type RoutePrefix } from './session-route-matcher.js';
import { SessionEarlyMount } from './session-early-mount.js';
import { SessionStoreHealthIndicator } from '../health/session-store.health.js';

/** Every route, in Nest 12's path syntax (matches the root under a global prefix too). */
const ALL_ROUTES = '{*path}';

/**
 * Registers the session middleware, with its store as a provider. The middleware is mounted at the head
 * of the Express stack, before anything `main.ts` mounts with `app.use()` (so
 * `app.use(passport.session())` finds `req.session`); `forRoutes` and `exclude` are matched by the
 * middleware itself, except controller classes and versions, which go through Nest's consumer.
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
export class SessionModule extends ConfigurableSessionModule implements NestModule, OnModuleInit, OnApplicationShutdown {
  private readonly earlyMount = new SessionEarlyMount();

  constructor(
    @Inject(SESSION_RUNTIME) private readonly runtime: SessionRuntime,
    private readonly adapterHost: HttpAdapterHost,
    private readonly appConfig: ApplicationConfig,
    private readonly moduleRef: ModuleRef,
  ) {
    super();
    // Fires when Nest hands out the adapter: at once under NestFactory.create(), later under
    // Test.createTestingModule().createNestApplication(); either way before main.ts can call app.use().
    this.adapterHost.init$.subscribe(() => {
      const adapter = this.adapterHost.httpAdapter;
      if (adapter?.getType() === 'express') {
        this.earlyMount.mount(adapter);
      }
    });
  }

  configure(consumer: MiddlewareConsumer): void {
    this.assertExpressAdapter();
    const adapter = this.adapterHost.httpAdapter;
    this.earlyMount.mount(adapter);
    const handler = this.earlyHandler();
    if (handler) {
      this.earlyMount.run(handler);
      return;
    }
    const { forRoutes, exclude = [] } = this.runtime.options;
    this.earlyMount.assertNothingNeedsItEarly(adapter, forRoutes !== undefined && !this.compiles(forRoutes) ? 'forRoutes' : 'exclude');
    consumer
      .apply(this.runtime.middleware)
      .exclude(...exclude)
      .forRoutes(...(forRoutes ?? [ALL_ROUTES]));
  }

  /** Connects the lifecycle events to `EventEmitterModule` when the app has it. */
  async onModuleInit(): Promise<void> {
    const sink = await eventEmitterSink(this.moduleRef);
    if (sink) {
      this.runtime.settings.events.connect(sink);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }

  /** The middleware the early mount runs, or undefined when Nest's consumer must route it. */
  private earlyHandler(): RequestHandler | undefined {
    const middleware = this.runtime.middleware;
    const { forRoutes, exclude = [] } = this.runtime.options;
    if (forRoutes === undefined && exclude.length === 0) {
      return middleware;
    }
    const prefix = this.routePrefix();
    const included = forRoutes === undefined ? () => true : compileRouteMatcher(forRoutes, prefix);
    const excluded = exclude.length === 0 ? () => false : compileRouteMatcher(exclude, prefix);
    if (!included || !excluded) {
      return undefined;
    }
    return function sessionOnRoutes(req, res, next) {
      if (!included(req) || excluded(req)) {
        next();
        return;
      }
      middleware(req, res, next);
    };
  }

  private compiles(routes: NonNullable<SessionModuleOptions['forRoutes']>): boolean {
    return compileRouteMatcher(routes, this.routePrefix()) !== undefined;
  }

  private routePrefix(): RoutePrefix {
    return {
      globalPrefix: this.appConfig.getGlobalPrefix(),
      hasPrefixExclusions: (this.appConfig.getGlobalPrefixOptions().exclude ?? []).length > 0,
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
