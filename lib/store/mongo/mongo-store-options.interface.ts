import type { CryptoAdapter } from 'connect-mongo';
import type { MongoClient, MongoClientOptions } from 'mongodb';

/**
 * Lifetime in seconds of a stored session whose cookie has no `maxAge` (a browser-session cookie):
 * one hour after its last save or touch, so it works as an idle timeout. Chosen explicitly instead of
 * connect-mongo's 14 days, and the same as the Redis store's. Override with the `ttl` option.
 */
export const DEFAULT_MONGO_SESSION_TTL_SECONDS = 3600;

/**
 * Server-selection and connect timeout in milliseconds of a client that `mongoStore` creates from
 * `mongoUrl` (the driver's default is 30 s). Override through `mongoOptions` or the URL.
 */
export const DEFAULT_MONGO_CONNECT_TIMEOUT_MS = 2000;

/** Options of {@link mongoStore}. They pass through to connect-mongo 6 unless stated otherwise. */
export interface MongoStoreOptions {
  /**
   * Connection string. The store then creates its own `MongoClient` (short timeouts, see
   * `mongoOptions`) and closes it on application shutdown. Give either `mongoUrl` or `client`.
   */
  mongoUrl?: string;
  /**
   * A client you created (or a promise of one). The store uses it and never closes it: closing it is
   * your job. Give either `mongoUrl` or `client`.
   */
  client?: MongoClient | Promise<MongoClient>;
  /**
   * Options for the client created from `mongoUrl` (ignored with `client`). Default:
   * `serverSelectionTimeoutMS` and `connectTimeoutMS` of {@link DEFAULT_MONGO_CONNECT_TIMEOUT_MS}
   * unless set here or in the URL.
   */
  mongoOptions?: MongoClientOptions;
  /** Database name. Default: the one in the connection string, else the driver's (`'test'`). */
  dbName?: string;
  /** Collection name. Default: `'sessions'`. */
  collectionName?: string;
  /**
   * Seconds a session lives when its cookie has no `maxAge`, counted from its last save or touch.
   * With `cookie.maxAge` the stored expiry is the cookie's instead. Default:
   * {@link DEFAULT_MONGO_SESSION_TTL_SECONDS} (one hour; connect-mongo's own default is 14 days).
   */
  ttl?: number;
  /**
   * Seconds during which an unchanged session is not touched again (fewer writes). It is capped at half
   * the session's lifetime (cookie `maxAge`, else `ttl`), so an active user's session never expires in
   * the store between two touches. Default: `0` (touch on every request).
   */
  touchAfter?: number;
  /**
   * How expired records are removed: `'native'` (a TTL index on `expires`), `'interval'` (a periodic
   * delete) or `'disabled'`. Reads ignore expired records in every mode. Default: `'native'`.
   */
  autoRemove?: 'native' | 'interval' | 'disabled';
  /** Minutes between deletes with `autoRemove: 'interval'`. Default: `10`. */
  autoRemoveInterval?: number;
  /**
   * Store the session as a JSON string (`true`) or as a BSON object (`false`). Default: `true`.
   */
  stringify?: boolean;
  /**
   * Encrypts the stored session (connect-mongo's `createWebCryptoAdapter` or your own). Default: none.
   */
  cryptoAdapter?: CryptoAdapter;
}
