import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ContractHarness } from './store-contract.harness.js';
import { sessionIdFrom } from '../support/session-test-app.js';
import { CONTRACT_MAX_AGE_MS } from './store-contract.harness.js';
import { waitFor } from '../support/wait-for.js';

/** Contract cases: corrupt records, no resurrection after logout, values JSON cannot carry. */
export function describeFaultCases(h: ContractHarness): void {
  describe('corrupt records are no session (401, never 500)', () => {
    for (const [label, raw] of [
      ['not JSON', '{not json'],
      ['an array', '[1,2,3]'],
      ['a record without cookie', '{"userId":"ada"}'],
      ['null', 'null'],
      ['a string', '"ada"'],
      ['true', 'true'],
      ['an empty object', '{}'],
      ['a cookie whose maxAge is not a number', '{"cookie":{"maxAge":"abc"},"userId":"ada"}'],
      ['a cookie whose originalMaxAge is not a number', '{"cookie":{"originalMaxAge":"abc"},"userId":"ada"}'],
      ['a cookie whose expires is not a date', '{"cookie":{"expires":"soon"},"userId":"ada"}'],
      ['a 10,000-deep array', `{"cookie":{"originalMaxAge":null},"userId":"ada","deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ] as const) {
      it(`when the record is ${label}: public 200, guarded 401, login replaces it`, async () => {
        const app = await h.appWith(h.ctx.store);
        const { agent, sid } = await h.login(app);
        await h.ctx.writeRaw(sid, raw);
        await agent.get('/me').expect(401);
        await agent.get('/me').expect(401);
        await agent.get('/plain').expect(200);
        await agent.post('/auth/logout').expect(204);
        const again = await h.login(app, 'grace');
        expect(again.sid).not.toBe(sid);
        expect((await again.agent.get('/me').expect(200)).body.userId).toBe('grace');
      });
    }
  });

  describe('parallel requests of one session never lose each other\'s changes', () => {
    /** Starts a request that loads the session and waits at its gate; returns how to let it finish. */
    const startChange = async (app: INestApplication, cookie: string, body: object) => {
      const gate = `gate-${Math.random().toString(36).slice(2)}`;
      const response = request(app.getHttpServer()).post(`/slow-change/${gate}`).set('Cookie', cookie).send(body).then((r) => r);
      await waitFor('the request to load its session', async () =>
        (await request(app.getHttpServer()).get(`/gates/${gate}`)).body.entered === true,
      );
      return async () => {
        await request(app.getHttpServer()).post(`/gates/${gate}/open`).expect(204);
        return response;
      };
    };
    const stored = async (sid: string) => JSON.parse((await h.ctx.readRaw(sid)) as string) as Record<string, unknown>;

    const bothSurvive = async (first: INestApplication, second: INestApplication) => {
      const { agent, sid, cookie } = await h.login(first);
      await agent.post('/note').send({ note: 'kept until deleted' }).expect(200);
      const a = await startChange(first, cookie, { set: { alpha: 1 }, delete: ['note'] });
      const b = await startChange(second, cookie, { set: { beta: { nested: [2] } } });
      expect((await a()).status).toBe(200);
      expect((await b()).status).toBe(200);
      const record = await stored(sid);
      expect(record).toMatchObject({ userId: 'ada', alpha: 1, beta: { nested: [2] } });
      expect(record.note).toBeUndefined();
      // The merge renewed the record's expiry with the session's cookie.
      expect(await h.ctx.ttlMs(sid)).toBeGreaterThan(CONTRACT_MAX_AGE_MS - 15_000);
    };

    it('on one instance: two requests that set different keys (one also deletes a key) both keep their change', async () => {
      const app = await h.appWith(h.ctx.store);
      await bothSurvive(app, app);
    });

    it('across two instances sharing the store', async () => {
      if (!h.ctx.second) {
        console.log(`store contract ${h.name}: no second store object given, cross-instance case not run`);
        return;
      }
      await bothSurvive(await h.appWith(h.ctx.store), await h.appWith(h.ctx.second));
    });

    it('a key both requests set: the later commit wins', async () => {
      const app = await h.appWith(h.ctx.store);
      const { sid, cookie } = await h.login(app);
      const a = await startChange(app, cookie, { set: { color: 'red' } });
      const b = await startChange(app, cookie, { set: { color: 'blue' } });
      await a();
      await b();
      expect((await stored(sid)).color).toBe('blue');
    });
  });

  describe('a rolling read-only request still running when the session ends', () => {
    it('sends no cookie for the dead session (the touch finds the record gone)', async () => {
      const app = await h.appWith(h.ctx.store, { rolling: true });
      const { cookie } = await h.login(app);
      const gate = `gate-${Math.random().toString(36).slice(2)}`;
      const slow = request(app.getHttpServer()).get(`/slow-read/${gate}`).set('Cookie', cookie).then((r) => r);
      await waitFor('the slow request to load its session', async () =>
        (await request(app.getHttpServer()).get(`/gates/${gate}`)).body.entered === true,
      );
      await request(app.getHttpServer()).post('/auth/logout').set('Cookie', cookie).expect(204);
      await request(app.getHttpServer()).post(`/gates/${gate}/open`).expect(204);
      const response = await slow;
      expect(response.status).toBe(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('a custom genid that returns an ID in use', () => {
    it("never overwrites the other user's session: that login fails with a 500 and no cookie", async () => {
      const app = await h.appWith(h.ctx.store, { genid: () => 'same-id-every-time' });
      const first = await h.login(app, 'ada');
      expect(first.sid).toBe('same-id-every-time');
      const second = await request(app.getHttpServer()).post('/auth/login').send({ userId: 'mallory' });
      expect(second.status).toBe(500);
      expect(second.headers['set-cookie']).toBeUndefined();
      expect((await first.agent.get('/me').expect(200)).body.userId).toBe('ada');
    });
  });

  describe('values nested too deep for the stack', () => {
    for (const depth of [2_300, 4_000, 12_000, 40_000]) {
      it(`a session value nested ${depth} deep never crashes: stored and read back, or a 500 with nothing stored`, async () => {
        const app = await h.appWith(h.ctx.store);
        const body = `{"d":${'['.repeat(depth)}${']'.repeat(depth)}}`;
        const response = await request(app.getHttpServer()).post('/draft').set('Content-Type', 'application/json').send(body);
        const sid = sessionIdFrom(response.headers['set-cookie'] as unknown as string[] | undefined);
        if (response.status === 500) {
          expect(response.headers['retry-after']).toBeUndefined();
          expect(sid).toBeUndefined();
        } else {
          expect(response.status).toBe(200);
          const cookie = (response.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
          const read = await request(app.getHttpServer()).get('/draft').set('Cookie', cookie);
          expect(read.status).toBe(200);
          expect(read.body.kept).toBe(true);
        }
        // The app answers the next request either way.
        await request(app.getHttpServer()).get('/plain').expect(200);
        await h.login(app);
      });
    }
  });

  describe('no resurrection after logout', () => {
    const slowRequestAfterLogout = async (slowApp: INestApplication, logoutApp: INestApplication) => {
      const { agent, sid, cookie } = await h.login(slowApp);
      await agent.get('/me').expect(200);
      const gate = `gate-${Math.random().toString(36).slice(2)}`;
      const slow = request(slowApp.getHttpServer()).get(`/slow/${gate}`).set('Cookie', cookie).then((r) => r);
      await waitFor('the slow request to load its session', async () =>
        (await request(slowApp.getHttpServer()).get(`/gates/${gate}`)).body.entered === true,
      );
      await request(logoutApp.getHttpServer()).post('/auth/logout').set('Cookie', cookie).expect(204);
      expect(await h.ctx.readRaw(sid)).toBeNull();
      await request(slowApp.getHttpServer()).post(`/gates/${gate}/open`).expect(204);
      const response = await slow;
      // Its change was not stored: the request says so (409) and plants no cookie for the dead session.
      expect(response.status).toBe(409);
      expect(response.body.message).toBe('The session ended in a concurrent request.');
      expect(response.headers['set-cookie']).toBeUndefined();
      // Raw express-session saves the changed session here and the logged-out user is back.
      expect(await h.ctx.readRaw(sid)).toBeNull();
      await request(slowApp.getHttpServer()).get('/me').set('Cookie', cookie).expect(401);
      await request(logoutApp.getHttpServer()).get('/me').set('Cookie', cookie).expect(401);
    };

    it('on one instance: a slow request finishing after the logout does not write the session back', async () => {
      const app = await h.appWith(h.ctx.store);
      await slowRequestAfterLogout(app, app);
    });

    it('across two instances sharing the store', async () => {
      if (!h.ctx.second) {
        console.log(`store contract ${h.name}: no second store object given, cross-instance case not run`);
        return;
      }
      const a = await h.appWith(h.ctx.store);
      const b = await h.appWith(h.ctx.second);
      await slowRequestAfterLogout(a, b);
    });
  });

  describe('values JSON cannot carry', () => {
    for (const kind of ['bigint', 'circular']) {
      it(`a ${kind} value gives a 500 for that request, without a cookie`, async () => {
        const app = await h.appWith(h.ctx.store);
        const response = await request(app.getHttpServer()).post(`/unserializable/${kind}`);
        expect(response.status).toBe(500);
        expect(response.headers['set-cookie']).toBeUndefined();
        expect(JSON.stringify(response.body)).not.toMatch(/BigInt|circular|at .*\.js/i);
      });

      it(`a ${kind} value in a stored session gives a 500 and leaves the stored session as it was`, async () => {
        const app = await h.appWith(h.ctx.store);
        const { agent } = await h.login(app);
        const response = await agent.post(`/unserializable/${kind}`);
        expect(response.status).toBe(500);
        expect(response.headers['set-cookie']).toBeUndefined();
        expect(JSON.stringify(response.body)).not.toMatch(/BigInt|circular|at .*\.js/i);
        await agent.get('/me').expect(200);
      });
    }
  });
}
