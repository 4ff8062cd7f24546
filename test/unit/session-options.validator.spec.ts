import session from 'express-session';
import { SessionConfigurationError } from '../../lib/index.js';
import { validateSessionOptions } from '../../lib/module/session-options.validator.js';
import type { SessionModuleOptions } from '../../lib/index.js';

const LONG_SECRET = 'k3R9-vQ2m8Zp1LwX7cTf4YhB6nJd0sUa';

/** Options deliberately outside the declared type, as a config file or env can produce them. */
function invalid(options: Record<string, unknown> | undefined): SessionModuleOptions {
  return options as unknown as SessionModuleOptions;
}

describe('validateSessionOptions', () => {
  describe('when an option is invalid, it throws SessionConfigurationError naming the option and the fix', () => {
    const cases: Array<[string, Record<string, unknown> | undefined, string | undefined, string]> = [
      ['options missing', undefined, undefined, 'SessionModule option "options" is missing. Fix: pass an options object'],
      ['secret missing', {}, undefined, 'SessionModule option "secret" is missing. Fix: set secret to a long random string'],
      ['secret empty', { secret: '' }, undefined, 'SessionModule option "secret" must be a non-empty string. Fix:'],
      ['secret array empty', { secret: [] }, undefined, 'SessionModule option "secret" is missing.'],
      ['secret array with empty entry', { secret: ['ok', ''] }, undefined, 'SessionModule option "secret[1]" must be a non-empty string.'],
      ['secret not a string', { secret: 42 }, undefined, 'SessionModule option "secret" must be a non-empty string.'],
      [
        'secret short in production',
        { secret: 'short' },
        'production',
        'SessionModule option "secret" is shorter than 32 characters while NODE_ENV=production. Fix: use a random secret of at least 32 characters',
      ],
      [
        'rotated secret short in production',
        { secret: [LONG_SECRET, 'old'] },
        'production',
        'SessionModule option "secret[1]" is shorter than 32 characters while NODE_ENV=production.',
      ],
      ['unset unknown', { secret: 's', unset: 'drop' }, undefined, `SessionModule option "unset" must be 'destroy' or 'keep' (got "drop"). Fix: set unset to 'keep' (the default) or 'destroy'`],
      ['store without methods', { secret: 's', store: {} }, undefined, 'SessionModule option "store" lacks the method(s) get, set, destroy. Fix: pass an express-session Store'],
      ['store without destroy', { secret: 's', store: { get() {}, set() {} } }, undefined, 'SessionModule option "store" lacks the method(s) destroy.'],
      ['store null', { secret: 's', store: null }, undefined, 'SessionModule option "store" lacks the method(s) get, set, destroy.'],
      ['isAuthenticated not a function', { secret: 's', isAuthenticated: true }, undefined, 'SessionModule option "isAuthenticated" must be a function.'],
      ['genid not a function', { secret: 's', genid: 'abc' }, undefined, 'SessionModule option "genid" must be a function.'],
      ['users not an object', { secret: 's', users: true }, undefined, 'SessionModule option "users" must be an object. Fix: set users: {}'],
      ['users unknown key', { secret: 's', users: { max: 5 } }, undefined, 'SessionModule option "users.max" is not a known option. Fix: use users.userIdOf'],
      ['users.userIdOf not a function', { secret: 's', users: { userIdOf: 'id' } }, undefined, 'SessionModule option "users.userIdOf" must be a function.'],
      ['users.maxSessions zero', { secret: 's', users: { maxSessions: 0 } }, undefined, 'SessionModule option "users.maxSessions" must be a positive integer (got 0). Fix: e.g. users: { maxSessions: 5 }'],
      ['users.maxSessions fractional', { secret: 's', users: { maxSessions: 2.5 } }, undefined, 'SessionModule option "users.maxSessions" must be a positive integer (got 2.5).'],
      ['users.onMaxSessions unknown', { secret: 's', users: { onMaxSessions: 'oldest' } }, undefined, `SessionModule option "users.onMaxSessions" must be 'revoke-oldest' or 'reject' (got "oldest").`],
      ['users.lastSeenPrecision negative', { secret: 's', users: { lastSeenPrecision: -1 } }, undefined, 'SessionModule option "users.lastSeenPrecision" must be an integer of milliseconds, 0 or more (got -1).'],
      ['storeTimeout zero', { secret: 's', storeTimeout: 0 }, undefined, 'SessionModule option "storeTimeout" must be a positive number of milliseconds below 2^31 (got 0).'],
      ['storeTimeout not a number', { secret: 's', storeTimeout: '2s' }, undefined, 'SessionModule option "storeTimeout" must be a positive number of milliseconds below 2^31 (got 2s).'],
      ['storeTimeout at 2^31', { secret: 's', storeTimeout: 2 ** 31 }, undefined, 'SessionModule option "storeTimeout" must be a positive number of milliseconds below 2^31'],
      ['secret one repeated character in production', { secret: 'x'.repeat(40) }, 'production', 'SessionModule option "secret" is one character repeated'],
      ['secret whitespace only in production', { secret: ' '.repeat(40) }, 'Production', 'SessionModule option "secret" is only whitespace'],
      ['secret short, NODE_ENV in capitals', { secret: 'short' }, 'PRODUCTION', 'SessionModule option "secret" is shorter than 32 characters'],
      ['cookie.maxAge a string (from configuration)', { secret: 's', cookie: { maxAge: '3600000' } }, undefined, 'SessionModule option "cookie.maxAge" must be a finite number'],
      ['cookie.maxAge negative', { secret: 's', cookie: { maxAge: -1 } }, undefined, 'SessionModule option "cookie.maxAge" must be a finite number'],
      ['cookie.expires not a Date', { secret: 's', cookie: { expires: 'tomorrow' } }, undefined, 'SessionModule option "cookie.expires" must be a valid Date'],
      ['cookie.path not a string', { secret: 's', cookie: { path: 1 } }, undefined, 'SessionModule option "cookie.path" must be a string'],
      ['cookie.domain not a string', { secret: 's', cookie: { domain: true } }, undefined, 'SessionModule option "cookie.domain" must be a string'],
      ['cookie.sameSite unknown', { secret: 's', cookie: { sameSite: 'loose' } }, undefined, 'SessionModule option "cookie.sameSite" must be'],
      ['cookie.priority unknown', { secret: 's', cookie: { priority: 'urgent' } }, undefined, 'SessionModule option "cookie.priority" must be'],
      ["cookie.sameSite 'none' without secure", { secret: 's', cookie: { sameSite: 'none' } }, undefined, `SessionModule option "cookie.sameSite" is 'none' without cookie.secure`],
      ['name not a cookie name', { secret: 's', name: 'my session' }, undefined, 'SessionModule option "name" is not a valid cookie name'],
      ['__Host- name with a domain', { secret: 's', name: '__Host-sid', cookie: { secure: true, domain: 'example.com' } }, undefined, 'SessionModule option "name" starts with __Host-'],
      ['__Host- name with another path', { secret: 's', name: '__Host-sid', cookie: { secure: true, path: '/app' } }, undefined, 'SessionModule option "name" starts with __Host-'],
      ['__Host- name without secure', { secret: 's', name: '__Host-sid' }, undefined, 'SessionModule option "name" starts with __Host-'],
      ['resave not a boolean', { secret: 's', resave: 'yes' }, undefined, 'SessionModule option "resave" must be true or false'],
      ['storeStartup unknown', { secret: 's', storeStartup: 'lazy' }, undefined, `SessionModule option "storeStartup" must be 'fail-fast' or 'degraded' (got "lazy").`],
    ];

    it.each(cases)('%s', (_label, options, nodeEnv, expected) => {
      let thrown: unknown;
      try {
        validateSessionOptions(invalid(options), nodeEnv);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SessionConfigurationError);
      expect((thrown as Error).message.startsWith(expected)).toBe(true);
      expect((thrown as Error).message).toContain('Fix:');
    });
  });

  describe('when the options are valid, it does not throw', () => {
    it.each<[string, SessionModuleOptions, string | undefined]>([
      ['a short secret outside production', { secret: 's' }, 'development'],
      ['a long secret in production', { secret: LONG_SECRET }, 'production'],
      ['rotated secrets', { secret: [LONG_SECRET, LONG_SECRET + 'old'] }, 'production'],
      ['an express-session store', { secret: 's', store: new session.MemoryStore() }, undefined],
      ['unset destroy', { secret: 's', unset: 'destroy' }, undefined],
      ['a Buffer secret', { secret: Buffer.from(LONG_SECRET) }, 'production'],
      ['a __Host- cookie done right', { secret: 's', name: '__Host-sid', cookie: { secure: true, path: '/' } }, undefined],
      ['cookie as a function', { secret: 's', cookie: () => ({ maxAge: 1000 }) }, undefined],
      ['degraded startup and a timeout', { secret: 's', storeStartup: 'degraded', storeTimeout: 100 }, undefined],
    ])('%s', (_label, options, nodeEnv) => {
      expect(() => validateSessionOptions(options, nodeEnv)).not.toThrow();
    });
  });
});
