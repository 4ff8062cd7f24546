import request from 'supertest';
import { AppConfig, ConfigError } from '../../sample/src/config/app-config.js';
import { ALICE, createSampleApp, SAMPLE_SECRET, sessionSetCookie } from './sample-app.js';

const credentials = { username: ALICE.username, password: ALICE.password };

describe('the sample: configuration from environment variables', () => {
  describe('AppConfig.fromEnv', () => {
    it('has working defaults: port 3000, memory store, no trusted proxy', () => {
      const config = AppConfig.fromEnv({});
      expect(config).toMatchObject({ port: 3000, sessionStore: 'memory', production: false, trustProxyHops: 0 });
      expect(config.sessionSecret).toBeUndefined();
    });

    it('when NODE_ENV=production and SESSION_SECRET is missing, throws an error naming SESSION_SECRET', () => {
      expect(() => AppConfig.fromEnv({ NODE_ENV: 'production' })).toThrow(ConfigError);
      expect(() => AppConfig.fromEnv({ NODE_ENV: 'production', SESSION_SECRET: ' ' })).toThrow(
        /^SESSION_SECRET is required when NODE_ENV=production/,
      );
    });

    it('when NODE_ENV=production and SESSION_SECRET is shorter than 32 characters, throws an error naming it', () => {
      expect(() => AppConfig.fromEnv({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(31) })).toThrow(
        /^SESSION_SECRET is too short when NODE_ENV=production\. Set it to a random string of at least 32 characters/,
      );
      expect(AppConfig.fromEnv({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).sessionSecret).toHaveLength(32);
    });

    it.each([
      [{ SESSION_STORE: 'postgres' }, /^SESSION_STORE must be one of memory, redis, mongo \(got "postgres"\)/],
      [{ PORT: 'eighty' }, /^PORT must be an integer from 0 to 65535/],
      [{ PORT: '70000' }, /^PORT must be an integer/],
      [{ TRUST_PROXY: 'yes' }, /^TRUST_PROXY must be an integer from 0 to 10/],
    ])('rejects %j', (env, message) => {
      expect(() => AppConfig.fromEnv(env)).toThrow(message);
    });
  });

  it('when NODE_ENV=production and SESSION_SECRET is missing, the app does not start', async () => {
    await expect(createSampleApp({ NODE_ENV: 'production', SESSION_SECRET: '' })).rejects.toThrow(/SESSION_SECRET/);
  });

  it('without SESSION_SECRET outside production, it starts with a generated secret and logins work', async () => {
    const app = await createSampleApp({ SESSION_SECRET: '' });
    try {
      const agent = request.agent(app.getHttpServer());
      await agent.post('/auth/login').send(credentials).expect(200);
      await agent.get('/auth/me').expect(200);
    } finally {
      await app.close();
    }
  });

  // No MongoDB server exists on this machine: the mongo mode is checked up to the store's fail-fast startup.
  it.each([
    ['mongo', { SESSION_STORE: 'mongo', MONGO_URL: 'mongodb://127.0.0.1:1/sample' }],
    ['redis', { SESSION_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:1' }],
  ])('with SESSION_STORE=%s and no server at its URL, startup fails with an error naming the store', async (_kind, env) => {
    await expect(createSampleApp(env)).rejects.toThrow(/session store did not answer .* at startup/);
  });

  describe('in production (NODE_ENV=production)', () => {
    it('behind a proxy (TRUST_PROXY=1) that terminated TLS, the cookie is Secure, HttpOnly and SameSite=Lax', async () => {
      const app = await createSampleApp({ NODE_ENV: 'production', SESSION_SECRET: SAMPLE_SECRET, TRUST_PROXY: '1' });
      try {
        const agent = request.agent(app.getHttpServer());
        const login = await agent.post('/auth/login').set('X-Forwarded-Proto', 'https').send(credentials).expect(200);
        const cookie = sessionSetCookie(login);
        expect(cookie).toMatch(/; Secure/);
        expect(cookie).toMatch(/; HttpOnly/);
        expect(cookie).toMatch(/; SameSite=Lax/);
      } finally {
        await app.close();
      }
    });

    it('over plain HTTP without a trusted proxy, no Secure cookie can be set: why TRUST_PROXY matters', async () => {
      const app = await createSampleApp({ NODE_ENV: 'production', SESSION_SECRET: SAMPLE_SECRET });
      try {
        const login = await request(app.getHttpServer())
          .post('/auth/login')
          .set('X-Forwarded-Proto', 'https')
          .send(credentials)
          .expect(200);
        expect(sessionSetCookie(login)).toBeUndefined();
      } finally {
        await app.close();
      }
    });
  });
});
