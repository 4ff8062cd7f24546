import { Logger } from '@nestjs/common';
import type { Collection, MongoClient } from 'mongodb';

const logger = new Logger('SessionModule');

/** A session record as connect-mongo stores it. */
export interface MongoSessionDocument {
  _id: string;
  session: unknown;
  expires: Date;
  lastModified?: Date;
  /** With the `users` option: the session's owner (indexed), its handle, and its last write or touch. */
  userId?: string;
  userHandle?: string;
  seen?: Date;
  userSince?: Date;
  userIp?: string;
  userAgent?: string;
}

/** An operation on a store whose application has shut down. */
export class MongoStoreClosedError extends Error {
  constructor() {
    super('the MongoDB session store is closed');
    this.name = 'MongoStoreClosedError';
  }
}

/** Where the session collection lives and how expired records go away. */
export interface MongoCollectionSettings {
  dbName?: string;
  collectionName: string;
  autoRemove: 'native' | 'interval' | 'disabled';
  autoRemoveIntervalMinutes: number;
}

/**
 * Hands out the session collection once the client is connected (and the TTL index exists).
 *
 * Unlike connect-mongo, which keeps its first attempt forever, a failed attempt is forgotten so the
 * next operation tries again, and each attempt calls `client.connect()`: after a failed first
 * connection the driver keeps a closed topology and fails every later operation ("Topology is
 * closed") unless `connect()` is called again. Once connected, the driver itself reconnects.
 */
export class MongoCollectionSource {
  private pending?: Promise<Collection<MongoSessionDocument>>;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly client: Promise<MongoClient>,
    private readonly settings: MongoCollectionSettings,
  ) {}

  /** The collection; rejects when the server cannot be reached (the next call tries again). */
  collection(): Promise<Collection<MongoSessionDocument>> {
    if (this.closed) {
      return Promise.reject(new MongoStoreClosedError());
    }
    if (!this.pending) {
      const attempt = this.open();
      this.pending = attempt;
      attempt.catch(() => {
        if (this.pending === attempt) {
          this.pending = undefined;
        }
      });
    }
    return this.pending;
  }

  /** Stops the periodic cleanup and refuses further use; never closes the client. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async open(): Promise<Collection<MongoSessionDocument>> {
    const client = await this.client;
    await client.connect();
    if (this.closed) {
      throw new MongoStoreClosedError();
    }
    const { dbName, collectionName, autoRemove } = this.settings;
    const collection = client.db(dbName).collection<MongoSessionDocument>(collectionName);
    // The per-user index of the `users` option (sparse: anonymous sessions are not in it). A database user
    // without the right to create indexes still gets a working store (listing a user's sessions then scans).
    await collection.createIndex({ userId: 1 }, { sparse: true }).catch((error: unknown) => {
      logger.warn(`Could not create the index on "userId" of the session collection (${error instanceof Error ? error.message : String(error)}).`);
    });
    if (autoRemove === 'native') {
      await collection.createIndex({ expires: 1 }, { expireAfterSeconds: 0 });
    } else if (autoRemove === 'interval' && !this.timer) {
      this.timer = setInterval(() => {
        collection.deleteMany({ expires: { $lt: new Date() } }).catch(() => undefined);
      }, this.settings.autoRemoveIntervalMinutes * 60_000);
      this.timer.unref();
    }
    return collection;
  }
}
