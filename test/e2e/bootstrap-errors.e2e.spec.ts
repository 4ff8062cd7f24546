import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import session from 'express-session';
import { SessionConfigurationError, SessionModule, type SessionModuleOptions } from '../../lib/index.js';
import { TEST_SECRET } from './fixtures/create-test-app.js';

/** An adapter that reports itself as another platform, to exercise the adapter check. */
class NotExpressAdapter extends ExpressAdapter {
  override getType(): string {
    return 'fastify';
  }
}

function appModuleWith(options: SessionModuleOptions) {
  @Module({ imports: [SessionModule.forRoot(options)] })
  class AppModule {}
  return AppModule;
}

async function bootstrap(options: SessionModuleOptions, adapter?: ExpressAdapter): Promise<unknown> {
  const app = adapter
    ? await NestFactory.create(appModuleWith(options), adapter, { logger: false, abortOnError: false })
    : await NestFactory.create(appModuleWith(options), { logger: false, abortOnError: false });
  try {
    await app.init();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await app.close();
  }
}

describe('invalid configuration fails at bootstrap, not per request', () => {
  const previousEnv = process.env.NODE_ENV;

  afterEach(() => {
    process.env.NODE_ENV = previousEnv;
  });

  it('rejects a missing secret', async () => {
    await expect(
      NestFactory.create(appModuleWith({} as SessionModuleOptions), { logger: false, abortOnError: false }),
    ).rejects.toThrow('SessionModule option "secret" is missing. Fix: set secret to a long random string');
  });

  it('rejects a short secret when NODE_ENV=production', async () => {
    process.env.NODE_ENV = 'production';
    await expect(
      NestFactory.create(appModuleWith({ secret: 'too-short' }), { logger: false, abortOnError: false }),
    ).rejects.toThrow('SessionModule option "secret" is shorter than 32 characters while NODE_ENV=production');
  });

  it('rejects an HTTP adapter other than Express', async () => {
    const error = await bootstrap({ secret: TEST_SECRET }, new NotExpressAdapter());
    expect(error).toBeInstanceOf(SessionConfigurationError);
    expect((error as Error).message).toContain('SessionModule option "HTTP adapter" is "fastify"');
  });

  it('rejects the users option on a store without a per-user index, naming the interface to implement', async () => {
    const creating = NestFactory.create(appModuleWith({ secret: TEST_SECRET, store: new session.MemoryStore(), users: {} }), {
      logger: false,
      abortOnError: false,
    });
    await expect(creating).rejects.toThrow(SessionConfigurationError);
    await expect(creating).rejects.toThrow(
      'SessionModule option "users" needs a store that keeps a per-user index of sessions, and this one (MemoryStore) does not. ' +
        'Fix: use memoryStore(), redisStore() or mongoStore(), or implement UserSessionIndexStore in your store (see docs/users.md)',
    );
  });

  it('starts with valid options on the Express adapter', async () => {
    expect(await bootstrap({ secret: TEST_SECRET })).toBeUndefined();
  });
});
