import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, UseGuards, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import type { SessionData, Store } from 'express-session';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';
import { Session, SessionGuard, SessionModule, SessionService, type RequestSession, type SessionModuleOptions } from 'nestjs-express-session';
import { lifetimeStores } from './lifetime-stores.js';
import request, { type Response } from 'supertest';
import { releaseOwnedResources } from '../../lib/store/owned-resources.js';

const SECRET = 'renewal-test-secret-that-is-long-enough-0123456789';
// Generous against a busy machine: a request must land within these windows, not at a precise time.
const RENEWAL_MS = 3_000;
const GRACE_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Bag = Record<string, unknown>;

@Controller()
class RenewalController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request): Promise<{ ok: true }> {
    await this.sessions.login(req, { userId: 'ada' } as never);
    return { ok: true };
  }

  @Get('me')
  @UseGuards(SessionGuard)
  me(@Session() session: RequestSession): { userId: unknown; keys: string[] } {
    const bag = session as unknown as Bag;
    return { userId: bag.userId, keys: Object.keys(bag).filter((key) => key.startsWith('k')).sort() };
  }

  @Post('write/:key')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  write(@Session() session: RequestSession, @Param('key') key: string, @Body() _body: unknown): { ok: true } {
    (session as unknown as Bag)[key] = true;
    return { ok: true };
  }
}

async function createApp(options: Partial<SessionModuleOptions>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [SessionModule.forRoot({ secret: SECRET, ...options })],
    controllers: [RenewalController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

/** The session ID inside a `connect.sid=s%3A<id>.<signature>` pair, up to its renewal suffix. */
function stableOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice('connect.sid='.length));
  return value.slice(2, value.lastIndexOf('.')).split('~')[0];
}

const read = (store: Store, key: string) =>
  new Promise<SessionData>((resolve, reject) => store.get(key, (error, data) => (error || !data ? reject(error ?? new Error('no record')) : resolve(data))));
const write = (store: Store, key: string, data: SessionData) =>
  new Promise<void>((resolve, reject) => store.set(key, data, (error) => (error ? reject(error) : resolve())));

/** The `connect.sid=…` pair a response set, if any. */
function cookieOf(response: Response): string | undefined {
  const headers = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return headers.find((header) => header.startsWith('connect.sid='))?.split(';')[0];
}

for (const [name, makeStore, describeOn] of lifetimeStores('renewal')) {
  describeOn(`timeouts.renewal on the ${name} store`, () => {
    let app: INestApplication | undefined;
    let store: Store | undefined;
    const server = () => app!.getHttpServer();
    const signIn = async (): Promise<string> => {
      store = makeStore();
      app = await createApp({
        store,
        cookie: { maxAge: 60_000 },
        timeouts: { renewal: RENEWAL_MS, renewalGrace: GRACE_MS, absolute: 60_000 },
      });
      return cookieOf(await request(server()).post('/login').expect(200)) as string;
    };

    afterEach(async () => {
      await app?.close();
      if (store) {
        await releaseOwnedResources(store);
      }
      app = undefined;
      store = undefined;
    });

    it('gives the session a new ID once the ID is older than renewal, with its data', async () => {
      const first = await signIn();
      const early = await request(server()).get('/me').set('Cookie', first).expect(200);
      expect(cookieOf(early)).toBeUndefined();
      await sleep(RENEWAL_MS + 50);
      const renewed = await request(server()).get('/me').set('Cookie', first).expect(200, { userId: 'ada', keys: [] });
      const second = cookieOf(renewed);
      expect(second).toBeDefined();
      expect(second).not.toBe(first);
      const next = await request(server()).get('/me').set('Cookie', second!).expect(200, { userId: 'ada', keys: [] });
      expect(cookieOf(next)).toBeUndefined();
    });

    it('the previous ID keeps working inside the grace window (and gets the new cookie), then is dead', async () => {
      const first = await signIn();
      await sleep(RENEWAL_MS + 50);
      const second = cookieOf(await request(server()).get('/me').set('Cookie', first).expect(200)) as string;
      const caughtUp = await request(server()).post('/write/kLate').set('Cookie', first).expect(200);
      expect(cookieOf(caughtUp)).toBe(second);
      await sleep(GRACE_MS + 50);
      // A replayed copy of the first cookie: dead once the window is over. The current one still works.
      await request(server()).get('/me').set('Cookie', first).expect(401);
      await request(server()).get('/me').set('Cookie', second).expect(200, { userId: 'ada', keys: ['kLate'] });
    });

    it('20 parallel requests across the renewal all succeed, agree on the new ID and keep every write', async () => {
      const first = await signIn();
      await sleep(RENEWAL_MS + 50);
      const keys = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`);
      const responses = await Promise.all(keys.map((key) => request(server()).post(`/write/${key}`).set('Cookie', first)));
      expect(responses.map((response) => response.status)).toEqual(keys.map(() => 200));
      const issued = new Set(responses.map(cookieOf).filter((cookie): cookie is string => cookie !== undefined));
      expect(issued.size).toBe(1);
      const [second] = [...issued];
      expect(second).not.toBe(first);
      await request(server()).get('/me').set('Cookie', second).expect(200, { userId: 'ada', keys });
    });

    it('a slower write that puts back the record from before a renewal does not sign the renewed client out', async () => {
      const first = await signIn();
      const key = atRestKey(stableOf(first));
      const before = await read(store!, key);
      await sleep(RENEWAL_MS + 50);
      const second = cookieOf(await request(server()).get('/me').set('Cookie', first).expect(200)) as string;
      // What a request that loaded the session before the renewal writes when it commits after it.
      await write(store!, key, before);
      await request(server()).get('/me').set('Cookie', second).expect(200, { userId: 'ada', keys: [] });
      await sleep(GRACE_MS + 50);
      await request(server()).get('/me').set('Cookie', first).expect(401);
      await request(server()).get('/me').set('Cookie', second).expect(200);
    });

    it('with renewal turned off afterwards, a renewed session\'s first ID does not come back', async () => {
      const first = await signIn();
      await sleep(RENEWAL_MS + 50);
      await request(server()).get('/me').set('Cookie', first).expect(200);
      // Another instance on the same store, without renewal (a rollback).
      const without = await createApp({ store, cookie: { maxAge: 60_000 } });
      try {
        await request(without.getHttpServer()).get('/me').set('Cookie', first).expect(401);
      } finally {
        await without.close();
      }
    });

    it('a login starts a new ID whose renewal clock starts then', async () => {
      const first = await signIn();
      await sleep(RENEWAL_MS + 50);
      const again = cookieOf(await request(server()).post('/login').set('Cookie', first).expect(200)) as string;
      const next = await request(server()).get('/me').set('Cookie', again).expect(200);
      expect(cookieOf(next)).toBeUndefined();
      await request(server()).get('/me').set('Cookie', first).expect(401);
    });
  });
}
