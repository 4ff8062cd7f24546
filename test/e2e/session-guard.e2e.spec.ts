import type { INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import request from 'supertest';
import { SessionGuard } from '../../lib/index.js';
import { createTestApp } from './fixtures/create-test-app.js';
import { ALL_TEST_CONTROLLERS } from './fixtures/test-controllers.js';

describe('SessionGuard on a route (@UseGuards)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({ session: { exclude: ['plain/{*rest}', 'private/excluded'] } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 401 with a JSON body to an anonymous session', async () => {
    const response = await request(app.getHttpServer()).get('/private').expect(401);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Authentication required.' });
  });

  it('answers 200 once signed in', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ userId: 'grace' }).expect(200);
    await agent.get('/private').expect(200, { userId: 'grace' });
  });

  it('answers 503 with a JSON body when the request has no session (route excluded from the middleware)', async () => {
    const response = await request(app.getHttpServer()).get('/plain/session').expect(503);
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringContaining('not covered by the session middleware'),
    });
  });
});

describe('SessionGuard as a global guard (APP_GUARD) with @AllowAnonymous()', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({
      metadata: { controllers: ALL_TEST_CONTROLLERS, providers: [{ provide: APP_GUARD, useClass: SessionGuard }] },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('protects routes without the decorator', async () => {
    await request(app.getHttpServer()).get('/mixed/closed').expect(401);
  });

  it('lets anonymous requests through a handler marked @AllowAnonymous()', async () => {
    await request(app.getHttpServer()).get('/mixed/open').expect(200, { open: true });
  });

  it('lets anonymous requests through a controller marked @AllowAnonymous()', async () => {
    await request(app.getHttpServer()).get('/public').expect(200, { hello: 'world' });
  });

  it('lets a signed-in session through every route', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/mixed/closed').expect(401);
    await agent.post('/auth/login').send({ userId: 'alan' }).expect(200);
    await agent.get('/mixed/closed').expect(200, { closed: true });
    await agent.get('/mixed/open').expect(200, { open: true });
  });
});
