import { Logger } from '@nestjs/common';
import { SessionConfigurationError } from '../../common/session.errors.js';
import { withOwnedResources } from '../owned-resources.js';
import { openOwnedRedisClient } from './redis-owned-client.js';
import { cookieTtl, RedisSessionStore } from './redis-session-store.js';
import {
  DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
  DEFAULT_REDIS_MAX_RECONNECT_DELAY_MS,
  DEFAULT_REDIS_SESSION_TTL_SECONDS,
  type RedisStoreOptions,
} from './redis-store.options.js';

const logger = new Logger('SessionModule');

/**
 * A Redis session store (connect-redis 9 over node-redis 5 or 6, standalone or cluster) for
 * `SessionModule`'s `store` option. With `url` the store owns its connection and closes it on
 * application shutdown; a `client` you pass in is never closed by the module.
 *
 * @example
 * SessionModule.forRoot({ secret, cookie: { maxAge: 3_600_000 }, store: redisStore({ url: process.env.REDIS_URL }) })
 * @example
 * const client = createCluster({ rootNodes: [{ url: 'redis://10.0.0.1:7000' }] });
 * client.on('error', (error) => logger.warn(error));
 * await client.connect();
 * SessionModule.forRoot({ secret, store: redisStore({ client }) })
 */
export function redisStore(options: RedisStoreOptions): RedisSessionStore {
  validate(options);
  const ttl = typeof options.ttl === 'function' ? options.ttl : cookieTtl(options.ttl ?? DEFAULT_REDIS_SESSION_TTL_SECONDS);
  const settings = { prefix: options.prefix, ttl, disableTouch: options.disableTouch };
  if (options.client) {
    if (options.client.listenerCount('error') === 0) {
      logger.warn("redisStore: the Redis client has no 'error' listener; node-redis crashes the process when Redis goes away. Add client.on('error', ...).");
    }
    return new RedisSessionStore({ ...settings, client: options.client });
  }
  const owned = openOwnedRedisClient(
    options.url as string,
    options.connectTimeout ?? DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
    options.maxReconnectDelay ?? DEFAULT_REDIS_MAX_RECONNECT_DELAY_MS,
  );
  const store = new RedisSessionStore({ ...settings, client: owned.client, firstAttempt: owned.firstAttempt });
  return withOwnedResources(store, owned.release);
}

function validate(options: RedisStoreOptions): void {
  const hasUrl = typeof options?.url === 'string' && options.url.length > 0;
  const hasClient = options?.client !== undefined && options.client !== null;
  if (hasUrl === hasClient) {
    throw new SessionConfigurationError(
      'store (redisStore)',
      hasUrl ? 'got both url and client' : 'needs a url or a client',
      "pass redisStore({ url: 'redis://127.0.0.1:6379' }) or redisStore({ client }) with a connected node-redis client",
    );
  }
  const ttl = options.ttl;
  if (ttl !== undefined && typeof ttl !== 'function' && !(typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0)) {
    throw new SessionConfigurationError(
      'store (redisStore) ttl',
      `must be a positive number of seconds or a function (got ${String(ttl)})`,
      `set ttl to e.g. 3600, or leave it out for the ${DEFAULT_REDIS_SESSION_TTL_SECONDS} s default`,
    );
  }
}
