import type { INestApplication } from '@nestjs/common';
import { redisStore } from 'nestjs-express-session/redis';
import request from 'supertest';
import { describeIfRedis, redisBinariesUnavailable } from '../support/redis-availability.js';
import { RedisServerProcess } from '../support/redis-server.process.js';
import { createStoreTestApp, sessionIdFrom } from '../support/session-test-app.js';
import { expectStoreUnavailable } from '../support/unavailable-response.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

/**
 * A Redis that answers but refuses: writes (maxmemory 1 + noeviction → OOM errors), or deletes (an ACL
 * user without DEL), on the test's own server. Raw express-session: login answers 200 with a cookie for
 * a session that was never stored; and Store.regenerate() hands out the new session even though the old
 * one could not be deleted.
 */
describeIfRedis(redisBinariesUnavailable())('when Redis refuses commands', () => {
  let server: RedisServerProcess;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    server = await RedisServerProcess.start();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  const appFor = async (url: string): Promise<INestApplication> => {
    const app = await createStoreTestApp({ store: redisStore({ url }), cookie: { maxAge: 60_000 } });
    apps.push(app);
    return app;
  };

  it('refusing writes (maxmemory 1, noeviction): login answers 503 without a cookie; reads still work', async () => {
    const app = await appFor(server.url);
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    await server.cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    await server.cli('CONFIG', 'SET', 'maxmemory', '1');
    try {
      const login = await request(app.getHttpServer()).post('/auth/login').send({ userId: 'grace' });
      expectStoreUnavailable(login, server.port);
      const note = await agent.post('/note').send({ note: 'not stored' });
      expectStoreUnavailable(note, server.port);
      await agent.get('/me').expect(200, { userId: 'ada', views: null, note: null });
    } finally {
      await server.cli('CONFIG', 'SET', 'maxmemory', '0');
    }
    await request(app.getHttpServer()).post('/auth/login').send({ userId: 'grace' }).expect(200);
  });

  it('refusing deletes (ACL without DEL): a login over an existing session is a 503 and no new session is stored', async () => {
    await server.cli('ACL', 'SETUSER', 'nodel', 'on', '>nodel-pass', '~*', '&*', '+@all', '-del', '-unlink');
    const app = await appFor(`redis://nodel:nodel-pass@127.0.0.1:${server.port}`);
    const agent = request.agent(app.getHttpServer());
    const anonymous = await agent.get('/counter').expect(200, { views: 1 });
    const anonymousSid = sessionIdFrom(anonymous.headers['set-cookie']);
    const keysBefore = (await server.cli('KEYS', 'sess:*')).split('\n').filter(Boolean).sort();

    const login = await agent.post('/auth/login').send({ userId: 'ada' });
    expectStoreUnavailable(login, server.port);

    const keysAfter = (await server.cli('KEYS', 'sess:*')).split('\n').filter(Boolean).sort();
    expect(keysAfter).toEqual(keysBefore);
    expect(keysAfter).toContain(`sess:${atRestKey(anonymousSid as string)}`);
    // Still the anonymous session: the regenerated one was discarded, not saved.
    await agent.get('/counter').expect(200, { views: 2 });
  });

  it('refusing touches (ACL without EXPIRE): a request that only reads the session still answers 200', async () => {
    await server.cli('ACL', 'SETUSER', 'notouch', 'on', '>notouch-pass', '~*', '&*', '+@all', '-expire', '-pexpire');
    const app = await appFor(`redis://notouch:notouch-pass@127.0.0.1:${server.port}`);
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    // The touch fails after the handler ran: the response stands, the failure is only logged.
    await agent.get('/me').expect(200, { userId: 'ada', views: null, note: null });
    const refused = await server.cli('ACL', 'LOG');
    expect(refused).toMatch(/expire/i);
  });
});
