import type { User } from './user.js';

/**
 * The demo accounts (passwords documented in the README): alice / alice-demo-pass, bob / bob-demo-pass.
 * Only hashes live here. A real app loads users from its database; new hashes come from `hashPassword()`.
 */
export const DEMO_USERS: readonly User[] = [
  {
    id: 'u-1001',
    username: 'alice',
    passwordHash:
      'scrypt$32768$8$1$ut7WvEveBCKXyUl1iOIzJg$hqBBCsC8UptBhNKJ9yHLBogyrw8M20GYlheoTmEUsX0NtY0UzcjKlq_BE4RGHJq8l9adzG4cCyAdW6Ct3gfP7g',
  },
  {
    id: 'u-1002',
    username: 'bob',
    passwordHash:
      'scrypt$32768$8$1$coxQ4FssNy9S3rQ_aFWD3A$4Rfn2XAWomuqc60j2Or5-Ywu0RWL0oO3Y3d4aqJnVloqVJVLYRBVJ8Q2PoWqi2qgreBtgSk6sNWYjoqZ4TbSaA',
  },
];

/** Hash of a random, forgotten password: checked for unknown usernames so they take as long as known ones. */
export const DECOY_PASSWORD_HASH =
  'scrypt$32768$8$1$g1aYGPJeIzwI0ZQWNPydOA$JCccT-uWUUJA_eLLlZPeO76i4dF6taHm15Y3HlpUYtZZTWbU3LuT5MLTcO1mfGGkc4pn_6AUCOZwACwpy6Htug';
