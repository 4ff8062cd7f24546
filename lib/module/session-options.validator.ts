import { MIN_PRODUCTION_SECRET_LENGTH } from '../common/session.constants.js';
import { SessionConfigurationError } from '../common/session.errors.js';
import { DEFAULT_RENEWAL_GRACE_MS } from '../lifetimes/session-timeouts.js';
import { validateCookieName, validateCookieOptions } from './cookie-options.validator.js';
import type { SessionModuleOptions } from './session-module-options.interface.js';

const REQUIRED_STORE_METHODS = ['get', 'set', 'destroy'] as const;
/** Node turns a timer of 2³¹ ms or more into 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Checks the options once, at bootstrap. Throws a {@link SessionConfigurationError} naming the option
 * and the fix for the first problem found. `NODE_ENV` is compared case-insensitively.
 */
export function validateSessionOptions(
  options: SessionModuleOptions | undefined,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): asserts options is SessionModuleOptions {
  if (options === null || typeof options !== 'object') {
    throw new SessionConfigurationError(
      'options',
      'is missing',
      'pass an options object such as { secret: process.env.SESSION_SECRET } to SessionModule.forRoot()',
    );
  }
  validateSecret(options.secret, nodeEnv?.toLowerCase() === 'production');
  validateCookieName('name', options.name);
  validateCookieName('key', options.key);
  validateCookieOptions(options.cookie, options.name ?? options.key ?? 'connect.sid');
  validateUnset(options.unset);
  validateStore(options.store);
  validateFunction('isAuthenticated', options.isAuthenticated);
  validateFunction('genid', options.genid);
  for (const option of ['resave', 'saveUninitialized', 'rolling', 'proxy', 'hashIdsAtRest', 'legacyIds'] as const) {
    validateBoolean(option, options[option]);
  }
  validateTransport(options.transport, options.header);
  validateTimeouts(options.timeouts);
  validateUsers(options.users);
  validateStoreTimeout(options.storeTimeout);
  validateStoreStartup(options.storeStartup);
}

function validateSecret(secret: unknown, production: boolean): void {
  const secrets = Array.isArray(secret) ? secret : [secret];
  if (secret === undefined || secret === null || secrets.length === 0) {
    throw new SessionConfigurationError(
      'secret',
      'is missing',
      'set secret to a long random string (or an array of them for rotation), e.g. from process.env.SESSION_SECRET',
    );
  }
  for (const [index, value] of secrets.entries()) {
    const label = Array.isArray(secret) ? `secret[${index}]` : 'secret';
    if (!(typeof value === 'string' || Buffer.isBuffer(value)) || value.length === 0) {
      throw new SessionConfigurationError(
        label,
        'must be a non-empty string',
        'set it to a long random string, e.g. the output of `openssl rand -base64 48`',
      );
    }
    if (production) {
      validateProductionSecret(label, typeof value === 'string' ? value : value.toString('latin1'));
    }
  }
}

function validateProductionSecret(label: string, value: string): void {
  const fix = `use a random secret of at least ${MIN_PRODUCTION_SECRET_LENGTH} characters, e.g. \`openssl rand -base64 48\``;
  if (value.length < MIN_PRODUCTION_SECRET_LENGTH) {
    throw new SessionConfigurationError(label, `is shorter than ${MIN_PRODUCTION_SECRET_LENGTH} characters while NODE_ENV=production`, fix);
  }
  if (value.trim().length === 0) {
    throw new SessionConfigurationError(label, 'is only whitespace while NODE_ENV=production', fix);
  }
  if (new Set(value).size === 1) {
    throw new SessionConfigurationError(label, 'is one character repeated while NODE_ENV=production', fix);
  }
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function validateTransport(transport: unknown, header: unknown): void {
  const kinds = Array.isArray(transport) ? transport : transport === undefined ? ['cookie'] : [transport];
  if (kinds.length === 0 || kinds.some((kind) => kind !== 'cookie' && kind !== 'header')) {
    throw new SessionConfigurationError(
      'transport',
      `must be 'cookie', 'header' or both in an array (got ${JSON.stringify(transport)})`,
      "set transport to 'cookie' (the default), 'header' or ['cookie', 'header']",
    );
  }
  if (header !== undefined && (typeof header !== 'string' || !HEADER_NAME.test(header))) {
    throw new SessionConfigurationError(
      'header',
      `is not a valid header name (got ${JSON.stringify(header)})`,
      "use letters, digits and !#$%&'*+-.^_`|~ only, e.g. 'X-Session-Token'",
    );
  }
}

function validateTimeouts(timeouts: unknown): void {
  if (timeouts === undefined) {
    return;
  }
  if (timeouts === null || typeof timeouts !== 'object') {
    throw new SessionConfigurationError('timeouts', 'must be an object', 'set timeouts: { idle, absolute } in milliseconds');
  }
  const { idle, absolute, renewal, renewalGrace, ...rest } = timeouts as Record<string, unknown>;
  for (const key of Object.keys(rest)) {
    throw new SessionConfigurationError(
      `timeouts.${key}`,
      'is not a known timeout',
      'use timeouts.idle, timeouts.absolute, timeouts.renewal and timeouts.renewalGrace (milliseconds)',
    );
  }
  const examples: Record<string, string> = {
    idle: '30 * 60_000',
    absolute: '12 * 3_600_000',
    renewal: '15 * 60_000',
    renewalGrace: '30_000',
  };
  for (const [key, value] of [['idle', idle], ['absolute', absolute], ['renewal', renewal], ['renewalGrace', renewalGrace]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) > 0 && (value as number) < 2 ** 31)) {
      throw new SessionConfigurationError(
        `timeouts.${key}`,
        `must be a positive integer of milliseconds below 2^31 (got ${JSON.stringify(value)})`,
        `e.g. timeouts: { ${key}: ${examples[key]} }`,
      );
    }
  }
  if (typeof idle === 'number' && typeof absolute === 'number' && absolute < idle) {
    throw new SessionConfigurationError('timeouts.absolute', `must be at least timeouts.idle (${idle} ms)`, 'raise absolute or lower idle');
  }
  if (typeof renewal === 'number' && typeof absolute === 'number' && renewal >= absolute) {
    throw new SessionConfigurationError(
      'timeouts.renewal',
      `must be below timeouts.absolute (${absolute} ms)`,
      'renew more often than the session ends, or leave renewal out',
    );
  }
  const grace = typeof renewalGrace === 'number' ? renewalGrace : DEFAULT_RENEWAL_GRACE_MS;
  if (typeof renewal === 'number' && grace >= renewal) {
    throw new SessionConfigurationError(
      'timeouts.renewalGrace',
      `(${grace} ms${renewalGrace === undefined ? ', the default' : ''}) must be below timeouts.renewal (${renewal} ms)`,
      'renew less often, or give a shorter renewalGrace',
    );
  }
  if (renewalGrace !== undefined && renewal === undefined) {
    throw new SessionConfigurationError('timeouts.renewalGrace', 'has no effect without timeouts.renewal', 'set timeouts.renewal too, or leave renewalGrace out');
  }
}

function validateUsers(users: unknown): void {
  if (users === undefined) {
    return;
  }
  if (users === null || typeof users !== 'object') {
    throw new SessionConfigurationError('users', 'must be an object', 'set users: {} (or users: { maxSessions: 5 })');
  }
  const { userIdOf, maxSessions, onMaxSessions, lastSeenPrecision, ...rest } = users as Record<string, unknown>;
  for (const key of Object.keys(rest)) {
    throw new SessionConfigurationError(
      `users.${key}`,
      'is not a known option',
      'use users.userIdOf, users.maxSessions, users.onMaxSessions and users.lastSeenPrecision',
    );
  }
  if (lastSeenPrecision !== undefined && !(Number.isInteger(lastSeenPrecision) && (lastSeenPrecision as number) >= 0 && (lastSeenPrecision as number) < 2 ** 31)) {
    throw new SessionConfigurationError(
      'users.lastSeenPrecision',
      `must be an integer of milliseconds, 0 or more (got ${JSON.stringify(lastSeenPrecision)})`,
      'e.g. users: { lastSeenPrecision: 60_000 }',
    );
  }
  if (userIdOf !== undefined) {
    validateFunction('users.userIdOf', userIdOf);
  }
  if (maxSessions !== undefined && !(Number.isInteger(maxSessions) && (maxSessions as number) > 0)) {
    throw new SessionConfigurationError(
      'users.maxSessions',
      `must be a positive integer (got ${JSON.stringify(maxSessions)})`,
      'e.g. users: { maxSessions: 5 }, or leave it out for no limit',
    );
  }
  if (onMaxSessions !== undefined && onMaxSessions !== 'revoke-oldest' && onMaxSessions !== 'reject') {
    throw new SessionConfigurationError(
      'users.onMaxSessions',
      `must be 'revoke-oldest' or 'reject' (got ${JSON.stringify(onMaxSessions)})`,
      "use onMaxSessions: 'revoke-oldest' (the default) or 'reject'",
    );
  }
}

function validateUnset(unset: unknown): void {
  if (unset !== undefined && unset !== 'destroy' && unset !== 'keep') {
    throw new SessionConfigurationError(
      'unset',
      `must be 'destroy' or 'keep' (got ${JSON.stringify(unset)})`,
      "set unset to 'keep' (the default) or 'destroy'",
    );
  }
}

function validateStore(store: unknown): void {
  if (store === undefined) {
    return;
  }
  const missing = REQUIRED_STORE_METHODS.filter(
    (method) => typeof (store as Record<string, unknown> | null)?.[method] !== 'function',
  );
  if (missing.length > 0) {
    throw new SessionConfigurationError(
      'store',
      `lacks the method(s) ${missing.join(', ')}`,
      'pass an express-session Store (e.g. redisStore() or mongoStore()), or leave store out for the in-memory default',
    );
  }
}

function validateFunction(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new SessionConfigurationError(option, 'must be a function', `pass a function or leave ${option} out`);
  }
}

function validateBoolean(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new SessionConfigurationError(option, `must be true or false (got ${JSON.stringify(value)})`, `set ${option} to a boolean or leave it out`);
  }
}

function validateStoreTimeout(value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS)) {
    throw new SessionConfigurationError(
      'storeTimeout',
      `must be a positive number of milliseconds below 2^31 (got ${String(value)})`,
      'set storeTimeout to e.g. 2000, or leave it out for the 2000 ms default',
    );
  }
}

function validateStoreStartup(value: unknown): void {
  if (value !== undefined && value !== 'fail-fast' && value !== 'degraded') {
    throw new SessionConfigurationError(
      'storeStartup',
      `must be 'fail-fast' or 'degraded' (got ${JSON.stringify(value)})`,
      "set storeStartup to 'fail-fast' (the default) or 'degraded'",
    );
  }
}
