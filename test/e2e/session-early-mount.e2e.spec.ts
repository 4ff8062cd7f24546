import { Controller, Get, type INestApplication, Module, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import request from 'supertest';
import { SessionConfigurationError, SessionModule, type SessionModuleOptions } from '../../lib/index.js';
import { TEST_SECRET } from './fixtures/create-test-app.js';
import { CounterController, PlainController } from './fixtures/test-controllers.js';

/** What main.ts would mount: a middleware that reports whether the session was already there. */
function sessionProbe(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('x-session-seen', req.session === undefined ? 'no' : 'yes');
  next();
}

@Controller('seen')
class SeenController {
  @Get()
  seen(): { ok: true } {
    return { ok: true };
  }
}

interface MainTsSetup {
  session?: Partial<SessionModuleOptions>;
  globalPrefix?: string;
  prefixExclude?: string[];
  use?: Array<(req: Request, res: Response, next: NextFunction) => void>;
}

/** Builds the app the way main.ts does: create, setGlobalPrefix, app.use(...); init is the caller's. */
async function buildMainTsApp(setup: MainTsSetup): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [SessionModule.forRoot({ secret: TEST_SECRET, ...setup.session })],
    controllers: [SeenController, CounterController, PlainController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  if (setup.globalPrefix) {
    app.setGlobalPrefix(setup.globalPrefix, setup.prefixExclude ? { exclude: setup.prefixExclude } : undefined);
  }
  for (const middleware of setup.use ?? [sessionProbe]) {
    app.use(middleware);
  }
  return app;
}

async function createMainTsApp(setup: MainTsSetup): Promise<INestApplication> {
  const app = await buildMainTsApp(setup);
  await app.init();
  return app;
}

describe('the session runs before middleware main.ts mounts with app.use()', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('with the default options', async () => {
    app = await createMainTsApp({});
    await request(app.getHttpServer()).get('/seen').expect(200).expect('x-session-seen', 'yes');
  });

  it('when the app is built by NestFactory.create()', async () => {
    @Module({ imports: [SessionModule.forRoot({ secret: TEST_SECRET })], controllers: [SeenController] })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false });
    app.use(sessionProbe);
    await app.init();
    await request(app.getHttpServer()).get('/seen').expect(200).expect('x-session-seen', 'yes');
  });

  it('under a global prefix with exclude: excluded routes stay without a session', async () => {
    app = await createMainTsApp({ globalPrefix: 'api', session: { exclude: ['plain/{*rest}'] } });
    const agent = request.agent(app.getHttpServer());
    await agent.get('/api/seen').expect(200).expect('x-session-seen', 'yes');
    await agent.get('/api/counter').expect(200, { views: 1 });
    await agent.get('/api/counter').expect(200, { views: 2 });
    await agent.get('/api/plain/session').expect(503).expect('x-session-seen', 'no');
  });

  it('with forRoutes paths and { path, method } routes', async () => {
    app = await createMainTsApp({
      globalPrefix: 'api',
      session: { forRoutes: ['counter', { path: 'seen', method: RequestMethod.GET }] },
    });
    await request(app.getHttpServer()).get('/api/seen').expect(200).expect('x-session-seen', 'yes');
    await request(app.getHttpServer()).get('/api/counter').expect(200, { views: 1 });
    await request(app.getHttpServer()).get('/api/plain/session').expect(503).expect('x-session-seen', 'no');
  });

  it('with routes excluded from the global prefix', async () => {
    app = await createMainTsApp({ globalPrefix: 'api', prefixExclude: ['seen'], session: { forRoutes: ['seen'] } });
    await request(app.getHttpServer()).get('/seen').expect(200).expect('x-session-seen', 'yes');
    await request(app.getHttpServer()).get('/api/counter').expect(503).expect('x-session-seen', 'no');
  });

  it('a controller class in forRoutes still works through Nest when main.ts mounts nothing that needs the session', async () => {
    app = await createMainTsApp({ session: { forRoutes: [CounterController] } });
    await request(app.getHttpServer()).get('/counter').expect(200, { views: 1 }).expect('x-session-seen', 'no');
    await request(app.getHttpServer()).get('/plain/session').expect(503);
  });

  it('a controller class in forRoutes with passport.session() in main.ts fails at bootstrap, naming the fix', async () => {
    app = await buildMainTsApp({
      session: { forRoutes: [CounterController] },
      use: [passport.initialize(), passport.session()],
    });
    const attempt = app.init();
    await expect(attempt).rejects.toThrow(SessionConfigurationError);
    await expect(attempt).rejects.toThrow(/"forRoutes".*passport\.session\(\).*paths or \{ path, method \}/);
  });
});
