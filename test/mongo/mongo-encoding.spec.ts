import session from 'express-session';
import { createWebCryptoAdapter, MongoStore, type CryptoAdapter } from 'connect-mongo';
import type { SessionData } from 'express-session';
import { encodeSession, expiryOf } from '../../lib/store/mongo/mongo-session-document.js';

/**
 * `setIfExists` writes records itself (an update without upsert), so they must be exactly what
 * connect-mongo's own `set` writes and what its `get` reads. No MongoDB server exists here: connect-mongo
 * is given a collection object that records the update it would send and serves a stored document back.
 */
interface Recorded {
  $set: { _id: string; session: unknown; expires: Date; lastModified?: Date };
}

function connectMongoWith(options: { stringify: boolean; cryptoAdapter?: CryptoAdapter; touchAfter?: number }) {
  let recorded: Recorded | undefined;
  let stored: unknown;
  const collection = {
    updateOne: async (_filter: unknown, update: Recorded) => {
      recorded = update;
      return { upsertedCount: 1, matchedCount: 0 };
    },
    findOne: async () => stored,
  };
  const store = MongoStore.create({ clientPromise: new Promise(() => undefined), autoRemove: 'disabled', ttl: 3600, ...options });
  Object.defineProperty(store, 'collectionP', { value: Promise.resolve(collection) });
  return {
    set: (sid: string, data: SessionData) =>
      new Promise<Recorded['$set']>((resolve, reject) =>
        store.set(sid, data, (error: unknown) => (error ? reject(error) : resolve((recorded as Recorded).$set))),
      ),
    get: (doc: unknown) => {
      stored = doc;
      return new Promise<unknown>((resolve, reject) => store.get('sid', (error: unknown, data) => (error ? reject(error) : resolve(data))));
    },
  };
}

/** express-session's Cookie takes its options, though its typings say otherwise. */
const Cookie = session.Cookie as unknown as new (options: object) => object;

function sessionData(extra: Record<string, unknown> = {}): SessionData {
  const cookie = new Cookie({ maxAge: 60_000, httpOnly: true, path: '/' });
  return { cookie, userId: 'ada', nested: { list: [1, 2], flag: true }, ...extra } as unknown as SessionData;
}

const adapter = createWebCryptoAdapter({ secret: 'encoding-test-secret-0123456789abcdef' });

describe('the record setIfExists writes', () => {
  for (const stringify of [true, false]) {
    describe(`with stringify: ${stringify}`, () => {
      it("equals connect-mongo's own record, and connect-mongo reads it back", async () => {
        const mongo = connectMongoWith({ stringify });
        const data = sessionData();
        const theirs = await mongo.set('sid', data);
        const ours = await encodeSession(data, { ttlSeconds: 3600, touchAfterSeconds: 0, stringify });
        expect(ours).toEqual(theirs.session);
        expect(expiryOf(data, 3600)).toEqual(theirs.expires);
        const read = (await mongo.get({ _id: 'sid', session: ours, expires: theirs.expires })) as Record<string, unknown>;
        expect(read).toMatchObject({ userId: 'ada', nested: { list: [1, 2], flag: true } });
        // connect-mongo may recompute originalMaxAge from expires, so a busy millisecond can pass between.
        expect(read.cookie).toMatchObject({ httpOnly: true, path: '/' });
        const { originalMaxAge } = read.cookie as { originalMaxAge: number };
        expect(originalMaxAge).toBeGreaterThan(59_000);
        expect(originalMaxAge).toBeLessThanOrEqual(60_000);
      });

      it('with a crypto adapter: encrypted, and connect-mongo decrypts it to the same session', async () => {
        const mongo = connectMongoWith({ stringify, cryptoAdapter: adapter });
        const data = sessionData();
        const theirs = await mongo.set('sid', data);
        const ours = await encodeSession(data, { ttlSeconds: 3600, touchAfterSeconds: 0, stringify, cryptoAdapter: adapter });
        expect(typeof ours).toBe('string');
        expect(ours).not.toContain('ada');
        expect(await adapter.decrypt(ours as string)).toEqual(await adapter.decrypt(theirs.session as string));
        const read = await mongo.get({ _id: 'sid', session: ours, expires: theirs.expires });
        expect(read).toMatchObject({ userId: 'ada', nested: { list: [1, 2], flag: true } });
      });

      it('leaves out the lastModified that connect-mongo adds on reads when touchAfter is set', async () => {
        const mongo = connectMongoWith({ stringify, touchAfter: 60 });
        const data = sessionData({ lastModified: new Date() });
        // Ours first: connect-mongo deletes the field from the object it is given.
        const ours = await encodeSession(data, { ttlSeconds: 3600, touchAfterSeconds: 60, stringify });
        expect(data).toHaveProperty('lastModified');
        const theirs = await mongo.set('sid', data);
        expect(ours).toEqual(theirs.session);
        expect(JSON.stringify(ours)).not.toContain('lastModified');
      });
    });
  }

  it('without cookie expiry, expires ttl seconds from now', () => {
    const data = { cookie: new Cookie({ path: '/' }) } as unknown as SessionData;
    const expires = expiryOf(data, 120).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 119_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 120_000);
  });

  it('throws a TypeError for a value JSON cannot carry (the request gets a 500, not a hang)', async () => {
    await expect(encodeSession(sessionData({ big: 10n }), { ttlSeconds: 1, touchAfterSeconds: 0, stringify: true })).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});
