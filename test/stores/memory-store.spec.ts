import { memoryStore, SessionConfigurationError } from 'nestjs-express-session';
import request from 'supertest';
import { releaseOwnedResources } from '../../lib/store/owned-resources.js';
import { createStoreTestApp } from '../support/session-test-app.js';

describe('memoryStore({ max })', () => {
  it('rejects a bound that is not a positive integer, naming the option', () => {
    for (const max of [0, -1, 1.5, Number.NaN]) {
      expect(() => memoryStore({ max })).toThrow(SessionConfigurationError);
      expect(() => memoryStore({ max })).toThrow(/memoryStore\(\{ max \}\)/);
    }
  });

  it('holds at most max sessions: the least recently used one is evicted, the others stay signed in', async () => {
    const store = memoryStore({ max: 3 });
    const app = await createStoreTestApp({ store });
    try {
      const agents = [];
      for (const userId of ['a', 'b', 'c']) {
        const agent = request.agent(app.getHttpServer());
        await agent.post('/auth/login').send({ userId }).expect(200);
        agents.push(agent);
      }
      // 'a' is used again, so 'b' is now the least recently used.
      await agents[0].get('/me').expect(200);
      const fourth = request.agent(app.getHttpServer());
      await fourth.post('/auth/login').send({ userId: 'd' }).expect(200);
      await agents[1].get('/me').expect(401);
      for (const agent of [agents[0], agents[2], fourth]) {
        await agent.get('/me').expect(200);
      }
      const length = await new Promise<number>((resolve, reject) =>
        store.length((error: unknown, count?: number) => (error ? reject(error) : resolve(count as number))),
      );
      expect(length).toBe(3);
    } finally {
      await app.close();
      await releaseOwnedResources(store);
    }
  });

  it('is bounded by default (50,000 sessions)', () => {
    const store = memoryStore();
    try {
      expect((store as unknown as { options: { max: number } }).options.max).toBe(50_000);
    } finally {
      void releaseOwnedResources(store);
    }
  });
});
