import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Response } from 'supertest';
import { AppModule } from '../../sample/src/app.module.js';
import { configureApp } from '../../sample/src/app.setup.js';
import { AppConfig } from '../../sample/src/config/app-config.js';
import { SESSION_COOKIE_NAME } from '../../sample/src/session/session-options.factory.js';

/** A secret long enough for the production rules. */
export const SAMPLE_SECRET = 'sample-e2e-secret-long-enough-for-production-0123456789';

/** The demo users of the sample (documented in the README). */
export const ALICE = { userId: 'u-1001', username: 'alice', password: 'alice-demo-pass' } as const;
export const BOB = { userId: 'u-1002', username: 'bob', password: 'bob-demo-pass' } as const;

/**
 * The sample's AppModule, configured from `env` instead of `process.env` (through the same
 * `AppConfig.fromEnv` parser), set up as `main.ts` does and initialised. Close it with `app.close()`.
 */
export async function createSampleApp(env: NodeJS.ProcessEnv = {}): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(AppConfig.fromEnv({ SESSION_SECRET: SAMPLE_SECRET, ...env }))
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configureApp(app);
  await app.init();
  return app;
}

/** The Set-Cookie headers of a response (none: empty list). */
export function setCookies(response: Response): string[] {
  const header = response.headers['set-cookie'] as string | string[] | undefined;
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

/** The Set-Cookie header of the session cookie, or `undefined`. */
export function sessionSetCookie(response: Response): string | undefined {
  return setCookies(response).find((cookie) => cookie.startsWith(`${SESSION_COOKIE_NAME}=`));
}

/** `sid=<value>` of the session cookie set by `response`, ready for a Cookie header. Fails if none. */
export function sessionCookiePair(response: Response): string {
  const cookie = sessionSetCookie(response);
  if (cookie === undefined) {
    throw new Error(`expected a ${SESSION_COOKIE_NAME} cookie, got: ${JSON.stringify(setCookies(response))}`);
  }
  return cookie.split(';')[0]!;
}

/** The session ID inside a `sid=s%3A<id>.<signature>` cookie pair. */
export function sessionIdOf(cookiePair: string): string {
  const signed = decodeURIComponent(cookiePair.slice(cookiePair.indexOf('=') + 1));
  return signed.slice(2, signed.lastIndexOf('.'));
}
