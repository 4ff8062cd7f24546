import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as redis from 'redis';

/**
 * Which node-redis the tests load: the installed `redis` (5), or node-redis 6 under
 * `npm run test:redis6` (jest.redis6.config.js sets EXPECTED_REDIS_MAJOR). node-redis 6 is told apart
 * by `DEFAULT_RESP`, which it added (its default protocol is RESP3).
 */
describe('the node-redis the Redis tests run against', () => {
  const installed = JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules/redis/package.json'), 'utf8')) as {
    version: string;
  };
  const expectedMajor = process.env.EXPECTED_REDIS_MAJOR ?? installed.version.split('.')[0];

  it(`is node-redis ${expectedMajor}`, () => {
    expect('DEFAULT_RESP' in redis).toBe(expectedMajor === '6');
  });
});
