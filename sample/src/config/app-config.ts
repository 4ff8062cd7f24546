/** Where sessions are stored: `SESSION_STORE`. */
export type SessionStoreKind = 'memory' | 'redis' | 'mongo';

const STORE_KINDS: readonly SessionStoreKind[] = ['memory', 'redis', 'mongo'];
const DEFAULT_PORT = 3000;
/** The library refuses shorter secrets in production; checked here to name the variable. */
const MIN_PRODUCTION_SECRET_LENGTH = 32;
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const DEFAULT_REDIS_PREFIX = 'sess:';
const DEFAULT_MONGO_URL = 'mongodb://127.0.0.1:27017/sessions';

/** Thrown at startup when an environment variable is missing or invalid; the message names it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The app's settings, read once from environment variables at startup. Invalid values throw a
 * {@link ConfigError} naming the variable, so a misconfigured app never starts.
 */
export class AppConfig {
  private constructor(
    /** `NODE_ENV === 'production'`: secure cookies, a required `SESSION_SECRET`. */
    readonly production: boolean,
    /** `PORT`. Default: 3000. */
    readonly port: number,
    /** `SESSION_SECRET`; `undefined` outside production means "generate one for this process". */
    readonly sessionSecret: string | undefined,
    /** `SESSION_STORE`. Default: `'memory'`. */
    readonly sessionStore: SessionStoreKind,
    /** `REDIS_URL`. Default: `redis://127.0.0.1:6379`. */
    readonly redisUrl: string,
    /** `REDIS_PREFIX`: prefix of the session keys in Redis. Default: `sess:`. */
    readonly redisPrefix: string,
    /** `MONGO_URL`. Default: `mongodb://127.0.0.1:27017/sessions`. */
    readonly mongoUrl: string,
    /** `TRUST_PROXY`: number of reverse proxies in front of the app. Default: none (0). */
    readonly trustProxyHops: number,
  ) {}

  /** Reads and validates the settings from `env` (default: `process.env`). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
    const production = env.NODE_ENV === 'production';
    const secret = nonEmpty(env.SESSION_SECRET);
    if (production && (secret === undefined || secret.length < MIN_PRODUCTION_SECRET_LENGTH)) {
      throw new ConfigError(
        `SESSION_SECRET is ${secret === undefined ? 'required' : 'too short'} when NODE_ENV=production. ` +
          `Set it to a random string of at least ${MIN_PRODUCTION_SECRET_LENGTH} characters, ` +
          'e.g. `export SESSION_SECRET="$(openssl rand -base64 48)"`.',
      );
    }
    return new AppConfig(
      production,
      integer('PORT', env.PORT, DEFAULT_PORT, 0, 65535),
      secret,
      storeKind(env.SESSION_STORE),
      nonEmpty(env.REDIS_URL) ?? DEFAULT_REDIS_URL,
      nonEmpty(env.REDIS_PREFIX) ?? DEFAULT_REDIS_PREFIX,
      nonEmpty(env.MONGO_URL) ?? DEFAULT_MONGO_URL,
      integer('TRUST_PROXY', env.TRUST_PROXY, 0, 0, 10),
    );
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (nonEmpty(raw) === undefined) {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}

function storeKind(raw: string | undefined): SessionStoreKind {
  const kind = (nonEmpty(raw) ?? 'memory').toLowerCase();
  if (!STORE_KINDS.includes(kind as SessionStoreKind)) {
    throw new ConfigError(`SESSION_STORE must be one of ${STORE_KINDS.join(', ')} (got "${raw}").`);
  }
  return kind as SessionStoreKind;
}
