import { Controller, Get, Inject, Injectable, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  SESSION_MODULE_OPTIONS,
  SESSION_STORE,
  SessionModule,
  SessionService,
  type SessionModuleOptions,
  type SessionOptionsFactory,
} from '../../lib/index.js';
import { TEST_SECRET } from './fixtures/create-test-app.js';
import { CounterController } from './fixtures/test-controllers.js';

const CONFIG = Symbol('CONFIG');

@Module({ providers: [{ provide: CONFIG, useValue: { secret: TEST_SECRET, name: 'from-config' } }], exports: [CONFIG] })
class ConfigModule {}

@Injectable()
class SessionConfig implements SessionOptionsFactory {
  createSessionOptions(): SessionModuleOptions {
    return { secret: TEST_SECRET, name: 'from-class' };
  }
}

@Module({ providers: [SessionConfig], exports: [SessionConfig] })
class SessionConfigModule {}

async function start(imports: unknown[], controllers: unknown[] = [CounterController]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: imports as never[],
    controllers: controllers as never[],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

async function cookieNameOf(app: INestApplication): Promise<string> {
  const response = await request(app.getHttpServer()).get('/counter').expect(200, { views: 1 });
  return String(response.headers['set-cookie']).split('=')[0];
}

describe('SessionModule.forRootAsync', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('useFactory with inject and imports', async () => {
    app = await start([
      SessionModule.forRootAsync({
        imports: [ConfigModule],
        inject: [CONFIG],
        useFactory: async (config: { secret: string; name: string }) => ({ secret: config.secret, name: config.name }),
      }),
    ]);
    expect(await cookieNameOf(app)).toBe('from-config');
  });

  it('useClass with a SessionOptionsFactory', async () => {
    app = await start([SessionModule.forRootAsync({ useClass: SessionConfig })]);
    expect(await cookieNameOf(app)).toBe('from-class');
  });

  it('useExisting with a provider from an imported module', async () => {
    app = await start([SessionModule.forRootAsync({ imports: [SessionConfigModule], useExisting: SessionConfig })]);
    expect(await cookieNameOf(app)).toBe('from-class');
  });

  it('validates the options the factory returns, at bootstrap', async () => {
    await expect(
      start([SessionModule.forRootAsync({ useFactory: () => ({ secret: '' }) })]),
    ).rejects.toThrow('SessionModule option "secret" must be a non-empty string');
  });
});

describe('isGlobal', () => {
  @Injectable()
  class NeedsSessionTokens {
    constructor(
      @Inject(SESSION_STORE) readonly store: unknown,
      @Inject(SESSION_MODULE_OPTIONS) readonly options: unknown,
      readonly sessions: SessionService,
    ) {}
  }

  @Controller('sibling')
  class SiblingController {
    constructor(readonly needs: NeedsSessionTokens) {}
    @Get()
    get(): string {
      return 'ok';
    }
  }

  @Module({ providers: [NeedsSessionTokens], controllers: [SiblingController] })
  class SiblingModule {}

  it('by default (true), sibling modules can inject the store, the options and SessionService', async () => {
    const app = await start([SessionModule.forRoot({ secret: TEST_SECRET }), SiblingModule], []);
    const needs = app.get(NeedsSessionTokens);
    expect(needs.store).toBe(app.get(SESSION_STORE));
    expect(needs.options).toEqual({ secret: TEST_SECRET });
    await app.close();
  });

  it('false keeps the tokens out of sibling modules', async () => {
    await expect(start([SessionModule.forRoot({ secret: TEST_SECRET, isGlobal: false }), SiblingModule], [])).rejects.toThrow(
      /can't resolve dependencies of the NeedsSessionTokens/i,
    );
  });

  it('false still serves the module that imports it', async () => {
    const app = await start([SessionModule.forRoot({ secret: TEST_SECRET, isGlobal: false })]);
    await request(app.getHttpServer()).get('/counter').expect(200, { views: 1 });
    await app.close();
  });
});
