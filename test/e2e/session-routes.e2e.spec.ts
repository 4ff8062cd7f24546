import { Controller, Get, type INestApplication, RequestMethod } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Session, SessionModule, type RequestSession } from '../../lib/index.js';
import { createTestApp, TEST_SECRET } from './fixtures/create-test-app.js';
import { sessionSetCookie } from './fixtures/cookies.js';

@Controller()
class RootController {
  @Get()
  root(@Session() session: RequestSession): { views: number } {
    session.views = (session.views ?? 0) + 1;
    return { views: session.views };
  }
}

describe('which routes get the session middleware', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('forRoutes limits the middleware to the given routes', async () => {
    app = await createTestApp({ session: { forRoutes: ['counter', 'counter/{*rest}'] } });
    const agent = request.agent(app.getHttpServer());
    await agent.get('/counter').expect(200, { views: 1 });
    await agent.get('/counter').expect(200, { views: 2 });
    await agent.get('/plain/session').expect(503);
  });

  it('forRoutes accepts a { path, method } route', async () => {
    app = await createTestApp({ session: { forRoutes: [{ path: 'counter', method: RequestMethod.GET }] } });
    await request(app.getHttpServer()).get('/counter').expect(200, { views: 1 });
    await request(app.getHttpServer()).get('/counter/user').expect(503);
  });

  it('exclude keeps the middleware off the given routes', async () => {
    app = await createTestApp({ session: { exclude: ['plain/{*rest}'] } });
    await request(app.getHttpServer()).get('/counter').expect(200, { views: 1 });
    await request(app.getHttpServer()).get('/plain/session').expect(503);
    const plain = await request(app.getHttpServer()).get('/plain').expect(200);
    expect(sessionSetCookie(plain)).toBeUndefined();
  });

  it('exclude paths are relative to the global prefix', async () => {
    app = await createTestApp({ globalPrefix: 'api', session: { exclude: ['plain/{*rest}'] } });
    const agent = request.agent(app.getHttpServer());
    await agent.get('/api/counter').expect(200, { views: 1 });
    await agent.get('/api/counter').expect(200, { views: 2 });
    await agent.get('/api/plain/session').expect(503);
  });

  it('exclude with a method keeps the middleware on the other methods of that path', async () => {
    app = await createTestApp({ session: { exclude: [{ path: 'counter', method: RequestMethod.POST }] } });
    const agent = request.agent(app.getHttpServer());
    await agent.get('/counter').expect(200, { views: 1 });
    await agent.get('/counter').expect(200, { views: 2 });
  });

  it('exclude with a version is left to Nest and still applies', async () => {
    app = await createTestApp({
      session: { exclude: [{ path: 'plain/{*rest}', method: RequestMethod.ALL, version: '1' }] },
    });
    await request(app.getHttpServer()).get('/counter').expect(200, { views: 1 });
  });

  describe('under a global prefix', () => {
    let warnings: string[];

    async function createPrefixedApp(): Promise<INestApplication> {
      warnings = [];
      const moduleRef = await Test.createTestingModule({
        imports: [SessionModule.forRoot({ secret: TEST_SECRET })],
        controllers: [RootController],
      }).compile();
      const created = moduleRef.createNestApplication({
        logger: {
          log: () => undefined,
          error: (message: unknown) => warnings.push(String(message)),
          warn: (message: unknown) => warnings.push(String(message)),
        },
      });
      created.setGlobalPrefix('api');
      await created.init();
      return created;
    }

    it('covers the root of the prefix, with no route-converter warning', async () => {
      app = await createPrefixedApp();
      const agent = request.agent(app.getHttpServer());
      await agent.get('/api').expect(200, { views: 1 });
      await agent.get('/api').expect(200, { views: 2 });
      await agent.get('/api/').expect(200, { views: 3 });
      expect(warnings).toEqual([]);
    });
  });
});
