import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Store } from 'express-session';
import passport from 'passport';
import request from 'supertest';
import { passportUser, SESSION_STORE, SessionModule } from 'nestjs-express-session';
import { redisStore } from 'nestjs-express-session/redis';
import { sessionCookiePair, sessionSetCookie } from '../e2e/fixtures/cookies.js';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';
import { connectInspector, deleteKeys, uniquePrefix } from '../support/redis-inspector.js';
import { sessionIdFrom } from '../support/session-test-app.js';
import { AuthModule } from './app/auth/auth.module.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';
import { VisitController } from '../support/visit.controller.js';

const SECRET = 'passport-test-secret-that-is-long-enough-0123456789';
const redisUnavailable = await sharedRedisUnavailable();

/** Compiles the modules and sets the app up as the recipe's main.ts does (the two Passport lines). */
async function createPassportApp(imports: ModuleMetadata['imports']): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports, controllers: [VisitController] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.use(passport.initialize());
  app.use(passport.session());
  await app.init();
  return app;
}

/** The session of `sid` read from the user's store, under the key the module stores it by (its hash). */
function storedSession(store: Store, sid: string): Promise<unknown> {
  return new Promise((resolve, reject) =>
    store.get(atRestKey(sid), (error, session) => (error ? reject(error as Error) : resolve(session ?? null))),
  );
}

interface PassportFlowSetup {
  app(): INestApplication;
  /** The raw record of `sid` as the backend holds it, or null (beyond what the Store API says). */
  raw(sid: string): Promise<unknown>;
}

function passportFlow(setup: PassportFlowSetup): void {
  const server = () => setup.app().getHttpServer();
  const stored = (sid: string) => storedSession(setup.app().get<Store>(SESSION_STORE), sid);

  /** An anonymous stored session, then a sign-in with its cookie: both IDs and the new cookie. */
  async function signIn(): Promise<{ before: string; after: string; cookie: string }> {
    const visit = await request(server()).get('/visit').expect(200, { views: 1 });
    const before = sessionIdFrom(visit.headers['set-cookie']);
    expect(before).toBeDefined();
    const login = await request(server())
      .post('/auth/login')
      .set('Cookie', sessionCookiePair(visit))
      .send({ username: 'ada', password: 'correct horse' })
      .expect(200, { id: 'u1', username: 'ada' });
    const after = sessionIdFrom(login.headers['set-cookie']);
    expect(after).toBeDefined();
    return { before: before!, after: after!, cookie: sessionCookiePair(login) };
  }

  it('answers 401 on the guarded route without a sign-in', async () => {
    await request(server()).get('/auth/me').expect(401);
  });

  it('refuses a wrong password with 401 and stores nothing', async () => {
    const response = await request(server()).post('/auth/login').send({ username: 'ada', password: 'wrong' }).expect(401);
    expect(sessionSetCookie(response)).toBeUndefined();
  });

  it('req.logIn moves the session to a new ID: the old record deleted, the new one holds the user', async () => {
    const { before, after } = await signIn();
    expect(after).not.toBe(before);
    expect(await stored(before)).toBeNull();
    expect(await setup.raw(before)).toBeNull();
    expect(await stored(after)).toMatchObject({ passport: { user: 'u1' } });
    expect(await setup.raw(after)).not.toBeNull();
    // Passport does not carry the anonymous session's data over (keepSessionInfo is off).
    expect(await stored(after)).not.toHaveProperty('views');
  });

  it('SessionGuard with passportUser lets the signed-in session through, and passport.session() loads the user', async () => {
    const { cookie } = await signIn();
    await request(server()).get('/auth/me').set('Cookie', cookie).expect(200, { id: 'u1', username: 'ada' });
  });

  it('req.logout signs out: the signed-in record is deleted and the old cookie gets 401', async () => {
    const { after, cookie } = await signIn();
    await request(server()).post('/auth/logout').set('Cookie', cookie).expect(204);
    expect(await stored(after)).toBeNull();
    expect(await setup.raw(after)).toBeNull();
    await request(server()).get('/auth/me').set('Cookie', cookie).expect(401);
  });

  it('SessionService.logout signs out: the record is deleted, the cookie cleared, the old cookie gets 401', async () => {
    const { after, cookie } = await signIn();
    const response = await request(server()).post('/auth/sign-out').set('Cookie', cookie).expect(204);
    expect(sessionSetCookie(response)).toMatch(/^connect\.sid=;.*Expires=Thu, 01 Jan 1970/);
    expect(await stored(after)).toBeNull();
    expect(await setup.raw(after)).toBeNull();
    await request(server()).get('/auth/me').set('Cookie', cookie).expect(401);
  });
}

describe('Passport (passport-local, @nestjs/passport, the two app.use lines of main.ts)', () => {
  describe('with the default memory store (the recipe AppModule)', () => {
    let app: INestApplication;
    const previousSecret = process.env.SESSION_SECRET;

    beforeAll(async () => {
      // The recipe's AppModule reads SESSION_SECRET when it is imported.
      process.env.SESSION_SECRET = SECRET;
      const { AppModule } = await import('./app/app.module.js');
      app = await createPassportApp([AppModule]);
    });

    afterAll(async () => {
      await app?.close();
      process.env.SESSION_SECRET = previousSecret;
    });

    passportFlow({ app: () => app, raw: (sid) => storedSession(app.get<Store>(SESSION_STORE), sid) });
  });

  describeIfRedis(redisUnavailable)('with redisStore on the running Redis', () => {
    const prefix = uniquePrefix('passport');
    let app: INestApplication;
    let inspector: Awaited<ReturnType<typeof connectInspector>>;

    beforeAll(async () => {
      inspector = await connectInspector(SHARED_REDIS_URL);
      app = await createPassportApp([
        SessionModule.forRoot({ secret: SECRET, isAuthenticated: passportUser, store: redisStore({ url: SHARED_REDIS_URL, prefix }) }),
        AuthModule,
      ]);
    });

    afterAll(async () => {
      await app?.close();
      if (inspector) {
        await deleteKeys(inspector, prefix);
        await inspector.close();
      }
    });

    passportFlow({ app: () => app, raw: async (sid) => inspector.get(prefix + atRestKey(sid)) });
  });
});
