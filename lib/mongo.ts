/**
 * `nestjs-express-session/mongo`: the MongoDB store. Needs the optional peers `mongodb` and
 * `connect-mongo`; the root entry never loads them.
 */
export { mongoStore } from './store/mongo/mongo-store.factory.js';
export {
  DEFAULT_MONGO_CONNECT_TIMEOUT_MS,
  DEFAULT_MONGO_SESSION_TTL_SECONDS,
  type MongoStoreOptions,
} from './store/mongo/mongo-store-options.interface.js';
