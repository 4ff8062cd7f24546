import type { SessionData, Store } from 'express-session';
import { mongoStore } from 'nestjs-express-session/mongo';
import { releaseOwnedResources } from '../../lib/store/owned-resources.js';
import { unreachableMongoUrl } from './mongo-test-support.js';

/**
 * Which touches go to MongoDB. Nothing listens at the URL, so a touch that is skipped answers at once
 * without error, and one that is sent fails (server selection gives up after 200 ms).
 */
describe('mongoStore touchAfter', () => {
  let store: Store;

  beforeEach(async () => {
    store = mongoStore({
      mongoUrl: await unreachableMongoUrl(),
      touchAfter: 3600,
      ttl: 600,
      mongoOptions: { serverSelectionTimeoutMS: 200 },
    });
  });

  afterEach(async () => {
    await releaseOwnedResources(store);
  });

  const touch = (data: Record<string, unknown>): Promise<'skipped' | 'sent'> =>
    new Promise((resolve) => {
      store.touch?.('sid', data as unknown as SessionData, ((error?: unknown) => resolve(error ? 'sent' : 'skipped')) as () => void);
    });
  const secondsAgo = (seconds: number): Date => new Date(Date.now() - seconds * 1000);
  const cookie = (maxAgeMs: number | null) => ({
    originalMaxAge: maxAgeMs,
    expires: maxAgeMs === null ? null : new Date(Date.now() + maxAgeMs),
  });

  it('skips a touch within touchAfter of the last write', async () => {
    expect(await touch({ cookie: cookie(3_600_000), lastModified: secondsAgo(10) })).toBe('skipped');
  });

  it('sends a touch when the session was never written with touchAfter (no lastModified)', async () => {
    expect(await touch({ cookie: cookie(3_600_000) })).toBe('sent');
  });

  it('sends a touch once half the cookie maxAge has passed, even within touchAfter', async () => {
    // connect-mongo alone would skip it and let the record expire under an active user.
    expect(await touch({ cookie: cookie(100_000), lastModified: secondsAgo(49) })).toBe('skipped');
    expect(await touch({ cookie: cookie(100_000), lastModified: secondsAgo(51) })).toBe('sent');
  });

  it('without maxAge, caps the skip window at half the ttl', async () => {
    expect(await touch({ cookie: cookie(null), lastModified: secondsAgo(299) })).toBe('skipped');
    expect(await touch({ cookie: cookie(null), lastModified: secondsAgo(301) })).toBe('sent');
  });
});
