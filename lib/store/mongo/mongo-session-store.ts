import session from 'express-session';
import type { MongoStore } from 'connect-mongo';
import type { SessionData } from 'express-session';
import { applyChanges, isMergeable } from '../apply-changes.js';
import type { ConditionalWriteStore, MergingStore, StoredSessionChanges } from '../store-capabilities.js';
import { MongoStoreClosedError, type MongoCollectionSource } from './mongo-collection-source.js';
import { decodeSession, encodeSession, expiryOf, type MongoEncoding } from './mongo-session-document.js';

/** How many times a merge re-reads the record when another write landed between its read and its update. */
const MERGE_ATTEMPTS = 30;
import { sessionOwnerDetailsOf, sessionOwnerOf } from '../session-owner.js';
import type { IndexedSession, UserSessionIndexStore } from '../user-session-index.js';

type Callback = (error?: unknown) => void;

/**
 * connect-mongo's store with three changes: its collection comes from a {@link MongoCollectionSource}
 * (recovers after an outage), existing sessions can be written conditionally (`setIfExists`: an update
 * without upsert, so a destroyed session is never written back), and `touch` never recreates a record
 * and caps `touchAfter` at half the session's lifetime.
 */
export class MongoSessionStore extends session.Store implements ConditionalWriteStore, MergingStore, UserSessionIndexStore {
  constructor(
    private readonly inner: MongoStore,
    private readonly source: MongoCollectionSource,
    private readonly encoding: MongoEncoding,
  ) {
    super();
    // connect-mongo reads `collectionP` on every operation: serve it from the recovering source.
    inner.collectionP.catch(() => undefined);
    Object.defineProperty(inner, 'collectionP', { get: () => source.collection(), configurable: true });
  }

  override get(sid: string, callback: (error: unknown, data?: SessionData | null) => void): void {
    this.inner.get(sid, (error, data) => {
      if (error && !isConnectionFailure(error)) {
        // A record connect-mongo cannot decode (bad JSON, bad ciphertext, `null` with touchAfter) is no session.
        return callback(null, null);
      }
      callback(error, data);
    });
  }

  /** connect-mongo's upsert; a session with an owner (the `users` option) is written with its owner fields. */
  override set(sid: string, data: SessionData, callback?: Callback): void {
    if (sessionOwnerOf(data) === undefined) {
      return this.inner.set(sid, data, callback);
    }
    this.source
      .collection()
      .then(async (collection) => {
        await collection.updateOne({ _id: sid }, { $set: await this.documentFields(data) }, { upsert: true });
      })
      .then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  /** The owner rides in the session's own document (`userId`, indexed, and `seen` on each write and touch): nothing more to write. */
  indexSession(_key: string, _data: SessionData, _graceMs: number, callback: (error?: unknown) => void): void {
    callback();
  }

  /** The user's documents that have not expired (one indexed query). */
  indexedSessions(userId: string, callback: (error: unknown, sessions?: IndexedSession[]) => void): void {
    const now = new Date();
    this.source
      .collection()
      .then((collection) =>
        collection
          .find(
            { userId: { $eq: userId }, expires: { $gt: now } },
            { projection: { _id: 1, userHandle: 1, expires: 1, seen: 1, lastModified: 1, userSince: 1, userIp: 1, userAgent: 1 } },
          )
          .toArray(),
      )
      .then(
        (documents) =>
          callback(
            null,
            documents
              .filter((document) => typeof document.userHandle === 'string')
              .map((document) => ({
                handle: document.userHandle as string,
                key: document._id,
                expiresAt: new Date(document.expires).getTime(),
                seenAt: new Date(document.seen ?? document.lastModified ?? now).getTime(),
                ...(document.userSince ? { since: new Date(document.userSince).getTime() } : {}),
                ...(typeof document.userIp === 'string' ? { ip: document.userIp } : {}),
                ...(typeof document.userAgent === 'string' ? { userAgent: document.userAgent } : {}),
              })),
          ),
        (error: unknown) => callback(error),
      );
  }

  /** Clears the owner fields of documents whose session no longer belongs to the user. */
  unindexSessions(userId: string, handles: readonly string[], callback: (error?: unknown) => void): void {
    this.source
      .collection()
      .then((collection) =>
        collection.updateMany({ userId: { $eq: userId }, userHandle: { $in: [...handles] } }, { $unset: { userId: '', userHandle: '', seen: '', userSince: '', userIp: '', userAgent: '' } }),
      )
      .then(() => callback(), (error: unknown) => callback(error));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.inner.destroy(sid, callback);
  }

  override all(callback: (error: unknown, sessions?: SessionData[] | null) => void): void {
    this.inner.all((error, sessions) => callback(error, sessions as SessionData[] | null | undefined));
  }

  override length(callback: (error: unknown, length?: number) => void): void {
    this.inner.length(callback);
  }

  override clear(callback?: Callback): void {
    this.inner.clear(callback);
  }

  /** Writes the session only if its record still exists; calls back `written: false` otherwise. */
  setIfExists(sid: string, data: SessionData, callback: (error?: unknown, written?: boolean) => void): void {
    this.update(sid, () => this.documentFields(data)).then((written) => callback(null, written), callback);
  }

  /**
   * Applies one request's changes to the record as stored now: reads the document, applies the keys this
   * request set or deleted and its cookie, and updates the document only if its `session` field is still the
   * one read (compare-and-set, never an upsert); another write in between makes it read again, up to 30 times (each round, one of the competing writes wins).
   * Calls back `written: false` when the record is gone or expired (a logout, a revocation).
   */
  mergeIfExists(
    sid: string,
    data: SessionData,
    changes: StoredSessionChanges,
    callback: (error?: unknown, written?: boolean) => void,
  ): void {
    this.merge(sid, data, changes).then((written) => callback(undefined, written), (error: unknown) => callback(error));
  }

  private async merge(sid: string, data: SessionData, changes: StoredSessionChanges): Promise<boolean> {
    const collection = await this.source.collection();
    for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
      const document = await collection.findOne({ _id: sid, expires: { $gt: new Date() } }, { projection: { session: 1 } });
      if (!document) {
        return false;
      }
      let current: unknown;
      try {
        current = await decodeSession(document.session, this.encoding);
      } catch {
        current = undefined;
      }
      // A record that is not a session object is replaced by this request's session, as a plain write would.
      const merged = (isMergeable(current) ? applyChanges(current, data, changes) : data) as SessionData;
      const result = await collection.updateOne({ _id: sid, session: document.session }, { $set: await this.documentFields(merged) });
      if (result.matchedCount > 0) {
        return true;
      }
    }
    throw new Error(`MongoDB session merge: the record kept changing during ${MERGE_ATTEMPTS} attempts`);
  }

  /** Moves the stored expiry forward (unless touched recently); a record that is gone stays gone. */
  override touch(sid: string, data: SessionData, callback?: Callback): void {
    if (this.touchedRecently(data)) {
      callback?.();
      return;
    }
    this.update(sid, async () => this.touchFields(data)).then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  /** Every field a write sets, as connect-mongo would, plus the owner fields of a session that has an owner. */
  private async documentFields(data: SessionData): Promise<Record<string, unknown>> {
    const fields: Record<string, unknown> = { session: await encodeSession(data, this.encoding), ...this.touchFields(data) };
    const owner = sessionOwnerOf(data);
    if (owner !== undefined) {
      fields.userId = owner.id;
      fields.userHandle = owner.handle;
      const details = sessionOwnerDetailsOf(data);
      if (details !== undefined) {
        fields.userSince = new Date(details.since);
        if (details.ip !== undefined) {
          fields.userIp = details.ip;
        }
        if (details.userAgent !== undefined) {
          fields.userAgent = details.userAgent;
        }
      }
    }
    return fields;
  }

  /** What a touch renews, and every write with it: the expiry, `lastModified` (with `touchAfter`), `seen` (with an owner). */
  private touchFields(data: SessionData): Record<string, unknown> {
    const fields: Record<string, unknown> = { expires: expiryOf(data, this.encoding.ttlSeconds) };
    if (this.encoding.touchAfterSeconds > 0) {
      fields.lastModified = new Date();
    }
    if (sessionOwnerOf(data) !== undefined) {
      fields.seen = new Date();
    }
    return fields;
  }

  private async update(sid: string, fields: () => Promise<Record<string, unknown>>): Promise<boolean> {
    const $set = await fields();
    const collection = await this.source.collection();
    const result = await collection.updateOne({ _id: sid }, { $set });
    return result.matchedCount > 0;
  }

  private touchedRecently(data: SessionData): boolean {
    const lastModified = (data as { lastModified?: Date | string }).lastModified;
    if (this.encoding.touchAfterSeconds <= 0 || !lastModified) {
      return false;
    }
    const lifetimeMs = data.cookie?.originalMaxAge ?? this.encoding.ttlSeconds * 1000;
    const skipWindowMs = Math.min(this.encoding.touchAfterSeconds * 1000, lifetimeMs / 2);
    return Date.now() - new Date(lastModified).getTime() < skipWindowMs;
  }
}

/** Errors of the driver (all named `Mongo…`) or of a closed store, as opposed to a record that cannot be decoded. */
function isConnectionFailure(error: unknown): boolean {
  return error instanceof MongoStoreClosedError || (error instanceof Error && error.name.startsWith('Mongo'));
}
