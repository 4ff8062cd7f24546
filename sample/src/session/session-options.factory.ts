import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Store } from 'express-session';
import type { SessionModuleOptions } from 'nestjs-express-session';
import type { AppConfig } from '../config/app-config.js';

/** Name of the session cookie (not express-session's `connect.sid`, which names the stack). */
export const SESSION_COOKIE_NAME = 'sid';
/** Sessions expire after 8 hours without a request (`rolling` renews the cookie on each request). */
const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;

const logger = new Logger('SessionConfig');

/** Builds the `SessionModule` options from the app's configuration. */
export async function createSessionOptions(config: AppConfig): Promise<SessionModuleOptions> {
  return {
    secret: config.sessionSecret ?? developmentSecret(),
    name: SESSION_COOKIE_NAME,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      // Behind a TLS-terminating proxy, set TRUST_PROXY so Express sees the request as HTTPS.
      secure: config.production,
      maxAge: SESSION_MAX_AGE_MS,
    },
    // Enforced by the server (OWASP): 30 min without a request, 12 h after the sign-in at most, a new ID every 15 min.
    timeouts: { idle: 30 * 60_000, absolute: 12 * 3_600_000, renewal: 15 * 60_000 },
    // A per-user index of sessions (whose: session.userId), for "Your sessions" on the signed-in page.
    users: {},
    store: await createStore(config),
  };
}

function developmentSecret(): string {
  logger.warn(
    'SESSION_SECRET is not set: using a random secret for this process only (sessions end when it restarts). ' +
      'Set SESSION_SECRET to keep them; it is required when NODE_ENV=production.',
  );
  return randomBytes(48).toString('base64url');
}

/**
 * The session store. The Redis and MongoDB stores are imported only when chosen, so the default
 * memory mode never loads their drivers. The module closes the connections they open on shutdown.
 */
async function createStore(config: AppConfig): Promise<Store | undefined> {
  switch (config.sessionStore) {
    case 'redis': {
      const { redisStore } = await import('nestjs-express-session/redis');
      logger.log(`Sessions are stored in Redis at ${redactUrl(config.redisUrl)}`);
      return redisStore({ url: config.redisUrl, prefix: config.redisPrefix });
    }
    case 'mongo': {
      const { mongoStore } = await import('nestjs-express-session/mongo');
      logger.log(`Sessions are stored in MongoDB at ${redactUrl(config.mongoUrl)}`);
      return mongoStore({ mongoUrl: config.mongoUrl });
    }
    case 'memory':
      logger.log('Sessions are stored in memory (one process only; they end when it restarts)');
      return undefined;
  }
}

/** The URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
