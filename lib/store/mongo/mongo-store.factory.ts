import { MongoStore } from 'connect-mongo';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import type { Store } from 'express-session';
import { SessionConfigurationError } from '../../common/session.errors.js';
import { MongoCollectionSource } from './mongo-collection-source.js';
import { MongoSessionStore } from './mongo-session-store.js';
import {
  DEFAULT_MONGO_CONNECT_TIMEOUT_MS,
  DEFAULT_MONGO_SESSION_TTL_SECONDS,
  type MongoStoreOptions,
} from './mongo-store-options.interface.js';
import { withOwnedResources } from '../owned-resources.js';

/**
 * A MongoDB session store (connect-mongo 6) that fails fast and recovers: give it to
 * `SessionModule.forRoot({ store })`. A client created from `mongoUrl` is closed on application
 * shutdown; a `client` you pass in is left open.
 *
 * @example
 * SessionModule.forRoot({
 *   secret: process.env.SESSION_SECRET!,
 *   cookie: { maxAge: 100_000 },
 *   rolling: true,
 *   store: mongoStore({ mongoUrl: 'mongodb://127.0.0.1:27017/student', touchAfter: 24 * 3600 }),
 * })
 */
export function mongoStore(options: MongoStoreOptions): Store {
  validateSeconds('ttl', options.ttl, false);
  validateSeconds('touchAfter', options.touchAfter, true);
  const { client: ownClient, clientPromise } = resolveClient(options);
  // A rejected promise of the user's client must not become an unhandled rejection.
  clientPromise.catch(() => undefined);
  const ttlSeconds = options.ttl ?? DEFAULT_MONGO_SESSION_TTL_SECONDS;
  const touchAfterSeconds = options.touchAfter ?? 0;
  const stringify = options.stringify ?? true;
  const source = new MongoCollectionSource(clientPromise, {
    dbName: options.dbName,
    collectionName: options.collectionName ?? 'sessions',
    autoRemove: options.autoRemove ?? 'native',
    autoRemoveIntervalMinutes: options.autoRemoveInterval ?? 10,
  });
  const inner = MongoStore.create({
    clientPromise,
    dbName: options.dbName,
    collectionName: options.collectionName,
    ttl: ttlSeconds,
    touchAfter: touchAfterSeconds,
    stringify,
    cryptoAdapter: options.cryptoAdapter,
    // The source creates the TTL index (retrying after an outage) or runs the interval cleanup.
    autoRemove: 'disabled',
  });
  const store = new MongoSessionStore(inner, source, {
    ttlSeconds,
    touchAfterSeconds,
    stringify,
    cryptoAdapter: options.cryptoAdapter,
  });
  // connect-mongo's close() would close the client even when it is the user's: never call it.
  return withOwnedResources(store, async () => {
    source.close();
    await ownClient?.close();
  });
}

function validateSeconds(option: string, value: number | undefined, zeroAllowed: boolean): void {
  if (value === undefined || (Number.isFinite(value) && (value > 0 || (zeroAllowed && value === 0)))) {
    return;
  }
  throw new SessionConfigurationError(
    `store (mongoStore) ${option}`,
    `must be a ${zeroAllowed ? 'non-negative' : 'positive'} number of seconds (got ${String(value)})`,
    option === 'ttl'
      ? `set ttl to e.g. 3600, or leave it out for the ${DEFAULT_MONGO_SESSION_TTL_SECONDS} s default`
      : 'set touchAfter to e.g. 24 * 3600, or leave it out to touch on every request',
  );
}

function resolveClient(options: MongoStoreOptions): { client?: MongoClient; clientPromise: Promise<MongoClient> } {
  if (options.mongoUrl && options.client) {
    throw new SessionConfigurationError('store (mongoStore)', 'has both mongoUrl and client', 'give only one of them');
  }
  if (options.client) {
    return { clientPromise: Promise.resolve(options.client) };
  }
  if (!options.mongoUrl) {
    throw new SessionConfigurationError(
      'store (mongoStore)',
      'has neither mongoUrl nor client',
      "pass mongoUrl: 'mongodb://host:27017/db' or client: a MongoClient",
    );
  }
  const client = new MongoClient(options.mongoUrl, withShortTimeouts(options.mongoUrl, options.mongoOptions));
  return { client, clientPromise: Promise.resolve(client) };
}

/** The driver waits 30 s for a server by default; a session store must give up much sooner. */
function withShortTimeouts(url: string, options: MongoClientOptions = {}): MongoClientOptions {
  const result: MongoClientOptions = { ...options };
  for (const key of ['serverSelectionTimeoutMS', 'connectTimeoutMS'] as const) {
    if (result[key] === undefined && !new RegExp(`[?&]${key}=`, 'i').test(url)) {
      result[key] = DEFAULT_MONGO_CONNECT_TIMEOUT_MS;
    }
  }
  return result;
}
