import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ContractHarness } from './store-contract.harness.js';
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
    ] as const) {
      it(`when the record is ${label}`, async () => {
        const app = await h.appWith(h.ctx.store);
        const { agent, sid } = await h.login(app);
        await h.ctx.writeRaw(sid, raw);
        await agent.get('/me').expect(401);
        await agent.get('/me').expect(401);
        await agent.get('/plain').expect(200);
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
