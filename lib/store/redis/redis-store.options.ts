import type { SessionData } from 'express-session';

/**
 * A node-redis 5 or 6 client (`createClient()`) or cluster (`createCluster()`), whatever its modules, RESP
 * version or type mapping. Described by the few members the store relies on, because node-redis's
 * generic client types are not assignable to one another.
 */
export interface RedisSessionClient {
  readonly isOpen: boolean;
  listenerCount(eventName: string | symbol): number;
  get(key: string): Promise<unknown>;
  del(keys: string[]): Promise<unknown>;
  expire(key: string, seconds: number): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Lifetime in seconds of a session whose cookie has no `maxAge`/`expires`: one hour. */
export const DEFAULT_REDIS_SESSION_TTL_SECONDS = 3600;
/** Default time in milliseconds an owned client may take to open its TCP connection. */
export const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 2000;
/** Default upper bound in milliseconds of the delay between two reconnection attempts. */
export const DEFAULT_REDIS_MAX_RECONNECT_DELAY_MS = 1000;

/**
 * Options of {@link redisStore}. Give either `url` (the store opens, owns and closes the connection)
 * or `client` (yours: connected, with an `error` listener; never closed by the module).
 */
export interface RedisStoreOptions {
  /**
   * Redis URL such as `redis://user:pass@host:6379/0` (`rediss://` for TLS). The store creates a
   * node-redis client with the offline queue disabled (requests fail fast while Redis is down), an
   * `error` listener (logs once per outage instead of crashing), endless reconnection with capped
   * backoff, and closes it on application shutdown.
   */
  url?: string;
  /**
   * A node-redis 5 or 6 client or cluster you created and connected yourself. You own it: add an `error`
   * listener, disable its offline queue if requests must fail fast, and close it after the app.
   */
  client?: RedisSessionClient;
  /** Prefix of the session keys. Default: `'sess:'` (connect-redis's). */
  prefix?: string;
  /**
   * Lifetime in seconds of sessions whose cookie has no `maxAge` (browser-session cookies), refreshed
   * by every request that touches the session, so it acts as an idle timeout. Sessions with a cookie
   * `maxAge`/`expires` always live exactly as long as their cookie. A function replaces both rules
   * (connect-redis semantics). Default: {@link DEFAULT_REDIS_SESSION_TTL_SECONDS} (3600, not
   * connect-redis's one day).
   */
  ttl?: number | ((session: SessionData) => number);
  /** Do not refresh the key's expiry on requests that do not change the session. Default: `false`. */
  disableTouch?: boolean;
  /** Owned client only: milliseconds to open the TCP connection. Default: `2000`. */
  connectTimeout?: number;
  /** Owned client only: longest delay in milliseconds between reconnection attempts. Default: `1000`. */
  maxReconnectDelay?: number;
}
