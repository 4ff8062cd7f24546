import { randomUUID } from 'node:crypto';
import type { Store } from 'express-session';
import { memoryStore } from 'nestjs-express-session';
import { mongoStore } from 'nestjs-express-session/mongo';
import { redisStore } from 'nestjs-express-session/redis';
import { describeIfMongo, MONGO_TEST_DB, MONGO_URL } from '../mongo/mongo-test-support.js';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';
import { uniquePrefix } from '../support/redis-inspector.js';

type Describe = (name: string, body: () => void) => void;

const redisUnavailable = await sharedRedisUnavailable();

/**
 * The stores every lifetime case runs on, each with its own `describe`: memory, the shared Redis (mandatory with
 * REQUIRE_REDIS=1), and MongoDB where MONGO_URL is set (none can run on the development machine); a skipped one
 * says why in one line.
 * `label` names the Redis prefix and the Mongo collection.
 */
export function lifetimeStores(label: string): Array<[name: string, makeStore: () => Store, describeOn: Describe]> {
  return [
    ['memory', () => memoryStore(), describe],
    ['Redis', () => redisStore({ url: SHARED_REDIS_URL, prefix: uniquePrefix(label) }), describeIfRedis(redisUnavailable)],
    [
      'MongoDB',
      () => mongoStore({ mongoUrl: MONGO_URL as string, dbName: MONGO_TEST_DB, collectionName: `${label}_${randomUUID().replaceAll('-', '')}` }),
      describeIfMongo,
    ],
  ];
}
