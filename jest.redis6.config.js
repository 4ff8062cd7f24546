/**
 * The Redis store tests against node-redis 6 (installed as the `redis6` alias): `redis` resolves to it
 * for the library and the tests alike. `npm run test:redis6`.
 */
import base from './jest.config.js';

process.env.EXPECTED_REDIS_MAJOR = '6';

export default {
  ...base,
  testMatch: [
    '<rootDir>/test/stores/redis-client-version.spec.ts',
    '<rootDir>/test/stores/redis.contract.spec.ts',
    '<rootDir>/test/stores/redis-cluster.contract.spec.ts',
    '<rootDir>/test/stores/redis-store.spec.ts',
    '<rootDir>/test/faults/redis-*.fault.spec.ts',
    '<rootDir>/test/passport/passport.e2e.spec.ts',
  ],
  moduleNameMapper: {
    '^redis$': '<rootDir>/node_modules/redis6/dist/index.js',
    ...base.moduleNameMapper,
  },
};
