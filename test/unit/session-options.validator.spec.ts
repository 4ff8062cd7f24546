import session from 'express-session';
import { SessionConfigurationError } from '../../lib/index.js';
import { validateSessionOptions } from '../../lib/module/session-options.validator.js';
import type { SessionModuleOptions } from '../../lib/index.js';

const LONG_SECRET = 'x'.repeat(32);

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
      ['storeTimeout zero', { secret: 's', storeTimeout: 0 }, undefined, 'SessionModule option "storeTimeout" must be a positive number of milliseconds (got 0).'],
      ['storeTimeout not a number', { secret: 's', storeTimeout: '2s' }, undefined, 'SessionModule option "storeTimeout" must be a positive number of milliseconds (got 2s).'],
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
      ['degraded startup and a timeout', { secret: 's', storeStartup: 'degraded', storeTimeout: 100 }, undefined],
    ])('%s', (_label, options, nodeEnv) => {
      expect(() => validateSessionOptions(options, nodeEnv)).not.toThrow();
    });
  });
});
