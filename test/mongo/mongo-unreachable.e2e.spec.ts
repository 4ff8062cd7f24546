import type { INestApplication } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import request, { type Response } from 'supertest';
import { SessionStoreUnreachableError } from 'nestjs-express-session';
import { mongoStore } from 'nestjs-express-session/mongo';
import { createStoreTestApp, STORE_TEST_SECRET } from '../support/session-test-app.js';
import { waitFor } from '../support/wait-for.js';
import {
  FrozenTcpServer,
  hostProcess,
  settledHandles,
  signedSessionCookie,
  trackUnhandledRejections,
  unreachableMongoUrl,
} from './mongo-test-support.js';

const STORE_TIMEOUT_MS = 500;
/** Room for Nest, supertest and a loaded CI machine on top of the store timeout. */
const SLACK_MS = 1000;
const LEAKY_TEXT = /127\.0\.0\.1|localhost|\b\d{4,5}\b|mongo|ECONNREFUSED|selection|topology/i;

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await action();
  return { value, ms: Date.now() - started };
}

function expectStoreUnavailable(response: Response): void {
  expect(response.status).toBe(503);
  expect(response.headers['content-type']).toMatch(/application\/json/);
  expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
  expect(response.headers['retry-after']).toMatch(/^\d+$/);
  expect(response.headers['set-cookie']).toBeUndefined();
  expect(response.text).not.toMatch(LEAKY_TEXT);
}

describe('mongoStore when MongoDB cannot be reached', () => {
  let rejections: ReturnType<typeof trackUnhandledRejections>;
  let baseline: string[];

  beforeEach(() => {
    rejections = trackUnhandledRejections();
    baseline = hostProcess.getActiveResourcesInfo();
  });

  afterEach(async () => {
    // Everything the test opened must be gone; nothing may have rejected unhandled meanwhile.
    const leftovers = await settledHandles(baseline);
    rejections.stop();
    expect(leftovers).toEqual([]);
    expect(rejections.reasons).toEqual([]);
  });

  describe("at startup with storeStartup 'fail-fast' (the default)", () => {
    it('rejects the bootstrap with SessionStoreUnreachableError when the driver gives up first', async () => {
      const store = mongoStore({ mongoUrl: await unreachableMongoUrl(), mongoOptions: { serverSelectionTimeoutMS: 300 } });
      const { value: error, ms } = await timed(() =>
        createStoreTestApp({ store, storeTimeout: STORE_TIMEOUT_MS }).then(
          () => undefined,
          (failure: unknown) => failure,
        ),
      );
      expect(error).toBeInstanceOf(SessionStoreUnreachableError);
      expect(ms).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
    });

    it('rejects within storeTimeout when the driver would wait longer (its own default: 2 s)', async () => {
      const store = mongoStore({ mongoUrl: await unreachableMongoUrl() });
      const { value: error, ms } = await timed(() =>
        createStoreTestApp({ store, storeTimeout: STORE_TIMEOUT_MS }).then(
          () => undefined,
          (failure: unknown) => failure,
        ),
      );
      expect(error).toBeInstanceOf(SessionStoreUnreachableError);
      expect((error as Error).cause).toMatchObject({ kind: 'timeout' });
      expect(ms).toBeGreaterThanOrEqual(STORE_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
    });
  });

  describe("started with storeStartup 'degraded'", () => {
    let app: INestApplication;

    beforeEach(async () => {
      const store = mongoStore({ mongoUrl: await unreachableMongoUrl() });
      app = await createStoreTestApp({ store, storeTimeout: STORE_TIMEOUT_MS, storeStartup: 'degraded' });
    });

    afterEach(async () => {
      await app.close();
    });

    it('answers 200 on a route that does not use the session', async () => {
      await request(app.getHttpServer()).get('/plain').expect(200, { plain: true });
    });

    it('answers 503 JSON with Retry-After, within the timeout, when a session must be read', async () => {
      const cookie = signedSessionCookie('a-session-that-cannot-be-loaded', STORE_TEST_SECRET);
      const { value: response, ms } = await timed(() => request(app.getHttpServer()).get('/me').set('Cookie', cookie));
      expectStoreUnavailable(response);
      expect(ms).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
    });

    it('answers 503 without a cookie when a new session must be saved', async () => {
      const { value: response, ms } = await timed(() => request(app.getHttpServer()).get('/counter'));
      expectStoreUnavailable(response);
      expect(ms).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
    });

    it('rejects a login with 503 and no Set-Cookie', async () => {
      const response = await request(app.getHttpServer()).post('/auth/login').send({ userId: 'ada' });
      expectStoreUnavailable(response);
    });
  });

  describe("with the users option, started 'degraded'", () => {
    it('an administrator\'s list or revoke of a user\'s sessions rejects with 503 within the timeout; an unguarded route still answers', async () => {
      const store = mongoStore({ mongoUrl: await unreachableMongoUrl() });
      const app = await createStoreTestApp({ store, storeTimeout: STORE_TIMEOUT_MS, storeStartup: 'degraded', users: { maxSessions: 2 } });
      try {
        const listed = await timed(() => request(app.getHttpServer()).get('/users/ada/sessions'));
        expect(listed.value.status).toBe(503);
        expect(listed.value.text).not.toMatch(LEAKY_TEXT);
        expect(listed.ms).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
        const revoked = await request(app.getHttpServer()).post('/users/ada/revoke-all');
        expect(revoked.status).toBe(503);
        // maxSessions reads the user's sessions before the login: 503, no cookie.
        expectStoreUnavailable(await request(app.getHttpServer()).post('/auth/login').send({ userId: 'ada' }));
        await request(app.getHttpServer()).get('/plain').expect(200, { plain: true });
      } finally {
        await app.close();
      }
    });
  });

  describe('when the client the user passed is a promise that rejects', () => {
    it('starts degraded, answers 503, and leaves no unhandled rejection', async () => {
      const store = mongoStore({ client: Promise.reject(new Error('could not create the client')) });
      const app = await createStoreTestApp({ store, storeTimeout: STORE_TIMEOUT_MS, storeStartup: 'degraded' });
      try {
        expectStoreUnavailable(await request(app.getHttpServer()).post('/auth/login').send({ userId: 'ada' }));
      } finally {
        await app.close();
      }
    });
  });

  describe('when a server comes up on the port later', () => {
    it('connects again on the next request instead of failing forever on a closed topology', async () => {
      const mongoUrl = await unreachableMongoUrl();
      const port = Number(new URL(mongoUrl).port);
      const store = mongoStore({ mongoUrl, mongoOptions: { serverSelectionTimeoutMS: 300 } });
      const app = await createStoreTestApp({ store, storeTimeout: STORE_TIMEOUT_MS, storeStartup: 'degraded' });
      const cookie = signedSessionCookie('sid-during-outage', STORE_TEST_SECRET);
      const server = await FrozenTcpServer.start(port).catch(async (error: unknown) => {
        await app.close();
        throw error;
      });
      await server.stop();
      try {
        // The first attempt fails (nothing listens), which leaves the driver with a closed topology.
        expectStoreUnavailable(await request(app.getHttpServer()).get('/me').set('Cookie', cookie));
        const revived = await FrozenTcpServer.start(port);
        try {
          expectStoreUnavailable(await request(app.getHttpServer()).get('/me').set('Cookie', cookie));
          // A stuck client ("Topology is closed") would never dial again; ours does.
          expect(revived.accepted).toBeGreaterThan(0);
        } finally {
          await app.close();
          await revived.stop();
        }
      } finally {
        await app.close();
      }
    });
  });
});

describe('mongoStore against a server that accepts connections and never answers (frozen)', () => {
  let frozen: FrozenTcpServer;
  let baseline: string[];
  /**
   * Requests wait for a server for long (only the store timeout answers them) and an open client dials
   * again every 500 ms, so whether a client is still open shows in the server's count of accepted
   * connections. (The driver's `close()` leaves a socket whose handshake is in flight open; the server
   * ends those in afterEach, and the open-handles check runs after that.)
   */
  const driverOptions = { serverSelectionTimeoutMS: 20_000, connectTimeoutMS: 300, heartbeatFrequencyMS: 500 };

  beforeEach(async () => {
    baseline = hostProcess.getActiveResourcesInfo();
    frozen = await FrozenTcpServer.start();
  });

  afterEach(async () => {
    await frozen.stop();
    expect(await settledHandles(baseline)).toEqual([]);
  });

  it('answers 503 within the timeout, and app.close() closes the client it created from mongoUrl', async () => {
    const store = mongoStore({ mongoUrl: frozen.url, mongoOptions: driverOptions });
    const app = await createStoreTestApp({ store, storeTimeout: STORE_TIMEOUT_MS, storeStartup: 'degraded' });
    const cookie = signedSessionCookie('sid-on-frozen-server', STORE_TEST_SECRET);
    const { value: response, ms } = await timed(() => request(app.getHttpServer()).get('/me').set('Cookie', cookie));
    expectStoreUnavailable(response);
    expect(ms).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
    expect(frozen.accepted).toBeGreaterThan(0);
    await app.close();
    const dialed = frozen.accepted;
    // An open client would dial again within 500 ms (next test); a closed one never does.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(frozen.accepted).toBe(dialed);
  });

  it('leaves a client the user passed in open after app.close()', async () => {
    const client = new MongoClient(frozen.url, driverOptions);
    try {
      const store = mongoStore({ client });
      const app = await createStoreTestApp({ store, storeTimeout: STORE_TIMEOUT_MS, storeStartup: 'degraded' });
      const cookie = signedSessionCookie('sid-on-frozen-server', STORE_TEST_SECRET);
      expectStoreUnavailable(await request(app.getHttpServer()).get('/me').set('Cookie', cookie));
      await app.close();
      const dialed = frozen.accepted;
      await waitFor('the user client, still open, to dial again', () => frozen.accepted > dialed, 3000);
    } finally {
      await client.close();
    }
  });
});
