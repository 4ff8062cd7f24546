import { Controller, Get, HttpCode, Module, Post, Req, Res, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import express, { type Request, type Response } from 'express';
import session from 'express-session';
import request from 'supertest';
import {
  AllowAnonymous,
  SessionStoreHealthIndicator,
  Session,
  SessionGuard,
  SessionModule,
  SessionService,
  type RequestSession,
  type SessionModuleOptions,
} from 'nestjs-express-session';
import { sessionMiddleware } from 'nestjs-express-session/express';
import { sessionCookiePair, sessionSetCookie, setCookies } from '../e2e/fixtures/cookies.js';
import { SessionCookieSigner } from '../../lib/request/session-cookie.js';

/** Behaviour the README states, checked through real HTTP so that the manual cannot drift from the code. */
const SECRET = 'readme-claims-secret-that-is-long-enough-0123456789';

type Bag = Record<string, unknown>;
const bag = (value: RequestSession): Bag => value as unknown as Bag;

@Controller()
class ClaimsController {
  constructor(private readonly sessions: SessionService) {}

  @AllowAnonymous()
  @Get('visits')
  visits(@Session() current: RequestSession) {
    const views = Number(bag(current).views ?? 0) + 1;
    bag(current).views = views;
    return { views };
  }

  @Get('me')
  me(@Session() current: RequestSession) {
    return { userId: bag(current).userId, note: bag(current).note ?? null };
  }

  @AllowAnonymous()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @AllowAnonymous()
  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request, @Session() before: RequestSession) {
    const after = await this.sessions.login(req, { userId: 'ada' } as never);
    bag(before).note = 'written to the old session';
    return { same: before === after, userId: bag(after).userId };
  }

  @AllowAnonymous()
  @Post('login-reserved')
  @HttpCode(200)
  async loginReserved(@Req() req: Request) {
    try {
      await this.sessions.login(req, { cookie: {} } as never);
      return { rejected: null };
    } catch (error) {
      return { rejected: error instanceof TypeError ? 'TypeError' : String(error) };
    }
  }

  @AllowAnonymous()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.sessions.logout(req, res);
  }

  @Get('stream')
  stream(@Session() current: RequestSession, @Res() res: Response) {
    bag(current).note = 'before the first byte';
    res.write('first chunk ');
    bag(current).note = 'after the first byte';
    res.end('last chunk');
  }

  @AllowAnonymous()
  @Get('bigint')
  bigint(@Session() current: RequestSession) {
    bag(current).big = 1n;
    return { ok: true };
  }
}

/** Seconds from now to the `Expires` attribute of a Set-Cookie line. */
function secondsToExpiry(line: string): number {
  const expires = /Expires=([^;]+)/.exec(line)?.[1];
  return expires === undefined ? Number.NaN : (Date.parse(expires) - Date.now()) / 1000;
}

@Controller('probe')
class ProbeController {
  constructor(private readonly store: SessionStoreHealthIndicator) {}

  @AllowAnonymous()
  @Get()
  probe() {
    return this.store.isHealthy();
  }
}

/** A store that never answers, as a frozen Redis does not. */
class FrozenStore extends session.Store {
  get(): void {}
  set(): void {}
  destroy(): void {}
}

async function start(options: Partial<SessionModuleOptions> = {}): Promise<INestApplication> {
  @Module({
    imports: [SessionModule.forRoot({ secret: SECRET, ...options })],
    controllers: [ClaimsController, ProbeController],
    providers: [{ provide: APP_GUARD, useClass: SessionGuard }],
  })
  class ClaimsModule {}
  const moduleRef = await Test.createTestingModule({ imports: [ClaimsModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('README claims', () => {
  describe('with the defaults and a global SessionGuard', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await start();
    });
    afterAll(async () => {
      await app.close();
    });
    const server = () => app.getHttpServer();

    it('the quick start counts visits; the cookie is HttpOnly, SameSite=Lax, Path=/, and the response no-store', async () => {
      const first = await request(server()).get('/visits').expect(200, { views: 1 });
      const line = sessionSetCookie(first)!;
      expect(line).toMatch(/; Path=\//);
      expect(line).toMatch(/; HttpOnly/);
      expect(line).toMatch(/; SameSite=Lax/);
      expect(first.headers['cache-control']).toBe('no-store');
      await request(server()).get('/visits').set('Cookie', sessionCookiePair(first)).expect(200, { views: 2 });
    });

    it('an @AllowAnonymous() health route answers a probe; a guarded route answers 401', async () => {
      await request(server()).get('/health').expect(200, { status: 'ok' });
      await request(server()).get('/me').expect(401);
    });

    it('an @AllowAnonymous() logout clears a stale cookie', async () => {
      const stale = sessionCookiePair(await request(server()).get('/visits').expect(200));
      await request(server()).post('/logout').set('Cookie', stale).expect(204);
      const response = await request(server()).post('/logout').set('Cookie', stale).expect(204);
      expect(sessionSetCookie(response)).toMatch(/Expires=Thu, 01 Jan 1970/);
    });

    it('login() returns the new session; a @Session() object taken before it is the old one', async () => {
      const login = await request(server()).post('/login').expect(200, { same: false, userId: 'ada' });
      await request(server()).get('/me').set('Cookie', sessionCookiePair(login)).expect(200, { userId: 'ada', note: null });
    });

    it('login() rejects a reserved key with a TypeError and changes nothing', async () => {
      const visit = await request(server()).get('/visits').expect(200);
      const cookie = sessionCookiePair(visit);
      await request(server()).post('/login-reserved').set('Cookie', cookie).expect(200, { rejected: 'TypeError' });
      await request(server()).get('/visits').set('Cookie', cookie).expect(200, { views: 2 });
    });

    it('streaming: a change before the first byte is stored, one after it is not', async () => {
      const login = await request(server()).post('/login').expect(200);
      const cookie = sessionCookiePair(login);
      const streamed = await request(server()).get('/stream').set('Cookie', cookie).expect(200);
      expect(streamed.text).toBe('first chunk last chunk');
      await request(server()).get('/me').set('Cookie', cookie).expect(200, { userId: 'ada', note: 'before the first byte' });
    });

    it('a value JSON cannot carry answers 500, with no cookie and no Retry-After', async () => {
      const response = await request(server()).get('/bigint').expect(500);
      expect(setCookies(response)).toEqual([]);
      expect(response.headers['retry-after']).toBeUndefined();
      await request(server()).get('/health').expect(200);
    });
  });

  describe('options', () => {
    it('key names the cookie when name is not set', async () => {
      const app = await start({ key: 'app.sid' });
      try {
        const response = await request(app.getHttpServer()).get('/visits').expect(200);
        expect(sessionSetCookie(response, 'app.sid')).toBeDefined();
      } finally {
        await app.close();
      }
    });

    it('cookie as a function sets each new session cookie, over the module defaults', async () => {
      const app = await start({ cookie: (req) => ({ maxAge: req.headers['x-remember-me'] === '1' ? 600_000 : 60_000 }) });
      try {
        const remembered = sessionSetCookie(await request(app.getHttpServer()).get('/visits').set('x-remember-me', '1'))!;
        const plain = sessionSetCookie(await request(app.getHttpServer()).get('/visits'))!;
        expect(secondsToExpiry(remembered)).toBeGreaterThan(500);
        expect(secondsToExpiry(plain)).toBeLessThanOrEqual(60);
        expect(plain).toMatch(/SameSite=Lax/);
      } finally {
        await app.close();
      }
    });

    it('a secure cookie on plain HTTP sends no cookie and stores no new session', async () => {
      const store = new session.MemoryStore();
      const app = await start({ cookie: { secure: true }, store });
      try {
        const response = await request(app.getHttpServer()).get('/visits').expect(200);
        expect(setCookies(response)).toEqual([]);
        const stored = await new Promise<number>((resolve, reject) => store.length((error, n) => (error ? reject(error) : resolve(n ?? 0))));
        expect(stored).toBe(0);
      } finally {
        await app.close();
      }
    });
  });

  describe('a health probe with a frozen store', () => {
    const TIMEOUT_MS = 1000;
    const cookie = `connect.sid=${encodeURIComponent(new SessionCookieSigner([SECRET]).sign('some-session-id'))}`;

    async function timedProbe(exclude: string[]): Promise<{ ms: number; body: unknown }> {
      const app = await start({ store: new FrozenStore(), storeTimeout: TIMEOUT_MS, storeStartup: 'degraded', exclude });
      try {
        const started = Date.now();
        const response = await request(app.getHttpServer()).get('/probe').set('Cookie', cookie).expect(200);
        return { ms: Date.now() - started, body: response.body };
      } finally {
        await app.close();
      }
    }

    it('answers within about one storeTimeout, with a session cookie (the ping reuses the read\'s missed deadline) or excluded', async () => {
      const down = { session: { status: 'down', message: 'The session store did not answer in time.' } };
      const covered = await timedProbe([]);
      expect(covered.body).toEqual(down);
      expect(covered.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(covered.ms).toBeLessThan(2 * TIMEOUT_MS);
      const excluded = await timedProbe(['probe']);
      expect(excluded.body).toEqual(down);
      expect(excluded.ms).toBeGreaterThanOrEqual(TIMEOUT_MS);
      expect(excluded.ms).toBeLessThan(2 * TIMEOUT_MS);
    });
  });

  describe('sessionMiddleware for plain Express', () => {
    it('serves req.session, exposes .store and closes what it opened', async () => {
      const sessions = sessionMiddleware({ secret: SECRET, cookie: { maxAge: 3_600_000 } });
      const app = express();
      app.use(sessions);
      app.get('/visits', (req, res) => {
        const current = req.session as unknown as Bag;
        current.views = Number(current.views ?? 0) + 1;
        res.json({ views: current.views });
      });
      const first = await request(app).get('/visits').expect(200, { views: 1 });
      await request(app).get('/visits').set('Cookie', sessionCookiePair(first)).expect(200, { views: 2 });
      expect(typeof sessions.store.get).toBe('function');
      await expect(sessions.close()).resolves.toBeUndefined();
    });
  });
});
