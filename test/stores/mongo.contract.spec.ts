import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { DEFAULT_MONGO_SESSION_TTL_SECONDS, mongoStore } from 'nestjs-express-session/mongo';
import { describeIfMongo, MONGO_URL, MONGO_TEST_DB } from '../mongo/mongo-test-support.js';
import { describeStoreContract } from './store-contract.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

interface SessionDocument {
  _id: string;
  session: unknown;
  expires: Date;
}

describeStoreContract(
  'mongo (connect-mongo 6, MONGO_URL)',
  async () => {
    // Two clients: the second store stands for another app instance with its own connection.
    const client = new MongoClient(MONGO_URL as string);
    const secondClient = new MongoClient(MONGO_URL as string);
    const collectionName = `sessions_contract_${randomUUID().replaceAll('-', '')}`;
    const collection = client.db(MONGO_TEST_DB).collection<SessionDocument>(collectionName);
    // A record past its expiry is no record: connect-mongo's reads skip it; MongoDB deletes it within a minute.
    const live = (sid: string) => collection.findOne({ _id: atRestKey(sid), expires: { $gt: new Date() } });
    return {
      store: mongoStore({ client, dbName: MONGO_TEST_DB, collectionName }),
      second: mongoStore({ client: secondClient, dbName: MONGO_TEST_DB, collectionName }),
      readRaw: async (sid) => {
        const doc = await live(sid);
        return doc ? (typeof doc.session === 'string' ? doc.session : JSON.stringify(doc.session)) : null;
      },
      writeRaw: async (sid, raw) => {
        await collection.updateOne(
          { _id: atRestKey(sid) },
          { $set: { session: raw, expires: new Date(Date.now() + 60_000) } },
          { upsert: true },
        );
      },
      ttlMs: async (sid) => {
        const doc = await live(sid);
        return doc ? doc.expires.getTime() - Date.now() : null;
      },
      teardown: async () => {
        await collection.drop().catch(() => undefined);
        await Promise.all([client.close(), secondClient.close()]);
      },
    };
  },
  { cookielessTtlMs: DEFAULT_MONGO_SESSION_TTL_SECONDS * 1000, describe: describeIfMongo },
);
