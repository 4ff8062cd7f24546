import { Controller, Get, HttpCode, Inject, Post, Req, UseGuards, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import type { Store } from 'express-session';
import {
  RequireRecentLogin,
  SessionConfigurationError,
  SessionGuard,
  SessionModule,
  SessionService,
  type SessionModuleOptions,
} from 'nestjs-express-session';
import { lifetimeStores } from './lifetime-stores.js';
import request from 'supertest';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';
import { releaseOwnedResources } from '../../lib/store/owned-resources.js';
import { sessionIdFrom } from '../support/session-test-app.js';
import { signedSessionCookie } from '../support/signed-cookie.js';

const SECRET = 'timeouts-test-secret-that-is-long-enough-0123456789';
const RECENT_MS = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Controller()
class TimeoutsController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request): Promise<{ ok: true }> {
    await this.sessions.login(req, { userId: 'ada' } as never);
    return { ok: true };
  }

  @Get('me')
  @UseGuards(SessionGuard)
  me(@Req() req: Request): { loginAge: number | undefined } {
    return { loginAge: this.sessions.loginAge(req) };
  }

  @Post('password')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  @RequireRecentLogin(RECENT_MS)
  changePassword(): { changed: true } {
    return { changed: true };
  }
}

async function createApp(options: Partial<SessionModuleOptions>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [SessionModule.forRoot({ secret: SECRET, ...options })],
    controllers: [TimeoutsController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

for (const [name, makeStore, describeOn] of lifetimeStores('timeouts')) {
  describeOn(`timeouts on the ${name} store`, () => {
    let app: INestApplication | undefined;
    let store: Store | undefined;
    const start = async (options: Partial<SessionModuleOptions>) => {
      store = makeStore();
      app = await createApp({ store, cookie: { maxAge: 60_000 }, ...options });
      return app.getHttpServer();
    };
    const stored = (sid: string) =>
      new Promise<unknown>((resolve, reject) => store!.get(atRestKey(sid), (error, data) => (error ? reject(error) : resolve(data ?? null))));
    afterEach(async () => {
      await app?.close();
      if (store) {
        await releaseOwnedResources(store);
      }
      app = undefined;
      store = undefined;
    });

    it('idle: an untouched session ends (401) and its record is deleted; one used every 100 ms lives on past it', async () => {
      const server = await start({ timeouts: { idle: 1_000 } });
      const idle = request.agent(server);
      const login = await idle.post('/login').expect(200);
      const sid = sessionIdFrom(login.headers['set-cookie'] as unknown as string[]) as string;
      const busy = request.agent(server);
      await busy.post('/login').expect(200);
      const started = Date.now();
      while (Date.now() - started < 2_200) {
        await busy.get('/me').expect(200);
        await sleep(100);
      }
      await idle.get('/me').expect(401);
      expect(await stored(sid)).toBeNull();
      await busy.get('/me').expect(200);
    });

    it('absolute: a session used every 100 ms ends at its deadline; the replayed cookie stops working too', async () => {
      // idle as long as absolute: only the absolute deadline can end this busy session.
      const server = await start({ timeouts: { idle: 1_500, absolute: 1_500 }, rolling: true });
      const agent = request.agent(server);
      const loginStart = Date.now();
      const login = await agent.post('/login').expect(200);
      const cookie = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      // The rolling cookie's lifetime is capped at the absolute deadline, not the 60 s maxAge.
      const expires = Date.parse(/Expires=([^;]+)/.exec((login.headers['set-cookie'] as unknown as string[])[0])![1]);
      expect(expires - Date.now()).toBeLessThanOrEqual(1_500 + 1_000);
      let status = 200;
      let served = 0;
      while (status === 200 && Date.now() - loginStart < 5_000) {
        status = (await agent.get('/me')).status;
        served += status === 200 ? 1 : 0;
        await sleep(100);
      }
      // Busy all along, yet it ended (the capped cookie's Expires is in whole seconds, so the client may drop
      // it up to a second early; the server's own check is what the replay below proves).
      expect(status).toBe(401);
      expect(served).toBeGreaterThanOrEqual(3);
      await sleep(Math.max(0, 1_700 - (Date.now() - loginStart)));
      await request(server).get('/me').set('Cookie', cookie).expect(401);
    });

    it('a session stored before timeouts were set gets its start time on its first request, and ends by it', async () => {
      const server = await start({ timeouts: { absolute: 1_000 } });
      const sid = `stored-before-timeouts-${Math.random().toString(36).slice(2)}`;
      const record = { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString(), path: '/' }, userId: 'ada' };
      await new Promise<void>((resolve, reject) => store!.set(atRestKey(sid), record as never, (error) => (error ? reject(error) : resolve())));
      const cookie = signedSessionCookie(sid, SECRET);
      const started = Date.now();
      await request(server).get('/me').set('Cookie', cookie).expect(200);
      expect(((await stored(sid)) as { cookie: { created?: number } }).cookie.created).toBeGreaterThanOrEqual(started);
      await sleep(1_200);
      await request(server).get('/me').set('Cookie', cookie).expect(401);
    });

    it('@RequireRecentLogin: a fresh login passes, an old one gets 401 asking to sign in again, a new login passes again', async () => {
      const server = await start({});
      const agent = request.agent(server);
      await agent.post('/login').expect(200);
      expect((await agent.get('/me').expect(200)).body.loginAge).toBeLessThan(RECENT_MS);
      await agent.post('/password').expect(200, { changed: true });
      await sleep(RECENT_MS + 200);
      const refused = await agent.post('/password').expect(401);
      expect(refused.body).toMatchObject({ reauthenticate: true, message: 'Re-authentication required: sign in again to continue.' });
      await agent.get('/me').expect(200);
      await agent.post('/login').expect(200);
      await agent.post('/password').expect(200);
    });
  });
}

describe('timeouts validation', () => {
  it('fails at bootstrap naming the timeout', async () => {
    for (const [timeouts, option] of [
      [{ idle: 0 }, 'timeouts.idle'],
      [{ absolute: 1.5 }, 'timeouts.absolute'],
      [{ idle: 1000, absolute: 500 }, 'timeouts.absolute'],
      [{ renewal: 1000, absolute: 1000 }, 'timeouts.renewal'],
      [{ renewal: -5 }, 'timeouts.renewal'],
      [{ renewalGrace: 100 }, 'timeouts.renewalGrace'],
      [{ renewal: 10_000 }, 'timeouts.renewalGrace'],
      [{ renewal: 10_000, renewalGrace: 10_000 }, 'timeouts.renewalGrace'],
      [{ refresh: 100 }, 'timeouts.refresh'],
    ] as const) {
      await expect(createApp({ timeouts: timeouts as never })).rejects.toThrow(SessionConfigurationError);
      await expect(createApp({ timeouts: timeouts as never })).rejects.toThrow(`SessionModule option "${option}"`);
    }
  });
});
