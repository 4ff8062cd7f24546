/**
 * `nestjs-express-session/redis`: the Redis session store. Needs the optional peers `redis` (node-redis 5 or 6)
 * and `connect-redis` (9).
 */
export { redisStore } from './store/redis/redis-store.factory.js';
export { RedisSessionStore } from './store/redis/redis-session-store.js';
export {
  DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
  DEFAULT_REDIS_MAX_RECONNECT_DELAY_MS,
  DEFAULT_REDIS_SESSION_TTL_SECONDS,
  type RedisSessionClient,
  type RedisStoreOptions,
} from './store/redis/redis-store.options.js';
