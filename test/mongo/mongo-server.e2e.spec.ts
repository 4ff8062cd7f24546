import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { SessionData, Store } from 'express-session';
import { MongoClient, type Collection } from 'mongodb';
import request from 'supertest';
import type { SessionModuleOptions } from 'nestjs-express-session';
import { mongoStore, type MongoStoreOptions } from 'nestjs-express-session/mongo';
import { createStoreTestApp, sessionIdFrom } from '../support/session-test-app.js';
import { describeIfMongo, MONGO_TEST_DB, MONGO_URL } from './mongo-test-support.js';

interface SessionDocument {
  _id: string;
  session: unknown;
  expires: Date;
  lastModified?: Date;
}

type ConditionalStore = Store & {
  setIfExists(sid: string, data: SessionData, callback: (error?: unknown, written?: boolean) => void): void;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeIfMongo('mongoStore against the MongoDB at MONGO_URL', () => {
  let client: MongoClient;
  let collectionName: string;
  let collection: Collection<SessionDocument>;
  const apps: INestApplication[] = [];

  const storeWith = (options: Partial<MongoStoreOptions> = {}): Store =>
    mongoStore({ client, dbName: MONGO_TEST_DB, collectionName, ...options });
  const appWith = async (session: Partial<SessionModuleOptions>): Promise<INestApplication> => {
    const app = await createStoreTestApp(session);
    apps.push(app);
    return app;
  };
  const login = async (app: INestApplication) => {
    const agent = request.agent(app.getHttpServer());
    const response = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    const setCookie = response.headers['set-cookie'] as unknown as string[];
    const sid = sessionIdFrom(setCookie) as string;
    expect(sid).toBeDefined();
    const cookie = setCookie.find((header) => header.startsWith('connect.sid='))?.split(';')[0] as string;
    return { agent, sid, cookie };
  };

  beforeAll(async () => {
    client = await new MongoClient(MONGO_URL as string).connect();
  });

  beforeEach(() => {
    collectionName = `sessions_e2e_${randomUUID().replaceAll('-', '')}`;
    collection = client.db(MONGO_TEST_DB).collection<SessionDocument>(collectionName);
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await collection.drop().catch(() => undefined);
  });

  afterAll(async () => {
    await client.close();
  });

  describe('setIfExists (how a loaded session is written back)', () => {
    const data = (userId: string) =>
      ({ cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000), path: '/' }, userId }) as unknown as SessionData;
    const setIfExists = (store: Store, sid: string, value: SessionData) =>
      new Promise<boolean | undefined>((resolve, reject) =>
        (store as ConditionalStore).setIfExists(sid, value, (error, written) => (error ? reject(error) : resolve(written))),
      );

    it('does not create a record that does not exist', async () => {
      const store = storeWith();
      expect(await setIfExists(store, 'gone', data('ada'))).toBe(false);
      expect(await collection.findOne({ _id: 'gone' })).toBeNull();
    });

    it("updates an existing record into the same shape connect-mongo's set writes", async () => {
      const store = storeWith();
      await new Promise<void>((resolve, reject) => store.set('sid-1', data('ada'), (e) => (e ? reject(e) : resolve())));
      const before = await collection.findOne({ _id: 'sid-1' });
      expect(await setIfExists(store, 'sid-1', data('grace'))).toBe(true);
      const after = await collection.findOne({ _id: 'sid-1' });
      expect(Object.keys(after as object).sort()).toEqual(Object.keys(before as object).sort());
      expect(JSON.parse(after?.session as string)).toMatchObject({ userId: 'grace' });
    });
  });

  describe('expiry', () => {
    it('without cookie maxAge, expires ttl seconds after the last write (not 14 days)', async () => {
      const app = await appWith({ store: storeWith({ ttl: 120 }), cookie: {} });
      const { sid } = await login(app);
      const doc = await collection.findOne({ _id: sid });
      const left = (doc?.expires.getTime() ?? 0) - Date.now();
      expect(left).toBeGreaterThan(110_000);
      expect(left).toBeLessThanOrEqual(120_000);
    });

    it('honours touchAfter: a read within it does not write', async () => {
      const app = await appWith({ store: storeWith({ touchAfter: 3600 }), cookie: { maxAge: 60_000 } });
      const { agent, sid } = await login(app);
      const before = await collection.findOne({ _id: sid });
      expect(before?.lastModified).toBeInstanceOf(Date);
      await pause(50);
      await agent.get('/me').expect(200);
      const after = await collection.findOne({ _id: sid });
      expect(after?.expires).toEqual(before?.expires);
      expect(after?.lastModified).toEqual(before?.lastModified);
    });

    it('keeps an active user signed in with the classic recipe (touchAfter far above maxAge, rolling)', async () => {
      const store = storeWith({ touchAfter: 24 * 3600 });
      const app = await appWith({ store, resave: false, saveUninitialized: true, rolling: true, cookie: { maxAge: 2000 } });
      const { agent } = await login(app);
      // 3.5 s of activity, one request every 700 ms: longer than maxAge, shorter than its half between requests.
      for (let i = 0; i < 5; i += 1) {
        await pause(700);
        await agent.get('/me').expect(200);
      }
    });

    it('reads a corrupt record as no session also with touchAfter (401, not 503)', async () => {
      const app = await appWith({ store: storeWith({ touchAfter: 3600 }), cookie: { maxAge: 60_000 } });
      const { agent, sid } = await login(app);
      for (const raw of ['null', '"ada"', '{not json']) {
        await collection.updateOne({ _id: sid }, { $set: { session: raw } });
        await agent.get('/me').expect(401);
      }
    });
  });

  describe('two app instances, each with its own connection (mongoUrl), sharing the collection', () => {
    it('login on A is seen on B, B writes and A reads, logout on B signs A out', async () => {
      const shared = { mongoUrl: MONGO_URL as string, dbName: MONGO_TEST_DB, collectionName };
      const a = await appWith({ store: mongoStore(shared), cookie: { maxAge: 60_000 } });
      const b = await appWith({ store: mongoStore(shared), cookie: { maxAge: 60_000 } });
      const { agent: onA, cookie } = await login(a);
      await request(b.getHttpServer()).get('/me').set('Cookie', cookie).expect(200, { userId: 'ada', views: null, note: null });
      await request(b.getHttpServer()).post('/note').set('Cookie', cookie).send({ note: 'from B' }).expect(200);
      await onA.get('/me').expect(200, { userId: 'ada', views: null, note: 'from B' });
      await request(b.getHttpServer()).post('/auth/logout').set('Cookie', cookie).expect(204);
      await onA.get('/me').expect(401);
    });
  });

  describe('ownership', () => {
    it('leaves a client the user passed in open after app.close()', async () => {
      const own = await new MongoClient(MONGO_URL as string).connect();
      try {
        const app = await createStoreTestApp({ store: mongoStore({ client: own, dbName: MONGO_TEST_DB, collectionName }) });
        await login(app);
        await app.close();
        await expect(own.db(MONGO_TEST_DB).command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
      } finally {
        await own.close();
      }
    });
  });
});
