/** `npm run test:bench`: the benchmark's smoke checks (test/bench), which `npm test` leaves out. */
import base from './jest.config.js';

export default { ...base, roots: ['<rootDir>/test/bench'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 600000 };
