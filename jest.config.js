/** Jest runs the TypeScript sources directly, as ESM, through ts-jest. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The benchmark's own smoke checks run with `npm run test:bench` (jest.bench.config.js), not `npm test`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/bench/'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    // The sample imports the library by its package name; tests run it against the sources.
    '^nestjs-express-session$': '<rootDir>/lib/index.ts',
    '^nestjs-express-session/(redis|mongo|express|websockets)$': '<rootDir>/lib/$1.ts',
    '^nestjs-express-session/websockets/(socket\\.io|ws)$': '<rootDir>/lib/websockets-$1.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30000,
};
