import type { INestApplication } from '@nestjs/common';
import type { Store } from 'express-session';
import request from 'supertest';
import { createStoreTestApp, sessionIdFrom } from '../support/session-test-app.js';
import type { StoreContractOptions, StoreContractSetup } from './store-contract.js';

/** Cookie maxAge of the contract's apps unless a case says otherwise. */
export const CONTRACT_MAX_AGE_MS = 60_000;

/** What the contract's case groups share: the current setup, an app factory and a login helper. */
export interface ContractHarness {
  readonly name: string;
  readonly options: StoreContractOptions;
  /** The setup of the running test (fresh for each test). */
  readonly ctx: StoreContractSetup;
  /** A Nest app over `store`, closed after the test. */
  appWith(store: Store, session?: object): Promise<INestApplication>;
  /** Logs `userId` in through HTTP; returns the agent, the session ID and the cookie pair. */
  login(app: INestApplication, userId?: string): Promise<{ agent: ReturnType<typeof request.agent>; sid: string; cookie: string }>;
}

/** Registers the per-test setup/teardown hooks and returns the harness over them. */
export function createContractHarness(
  name: string,
  setup: () => Promise<StoreContractSetup>,
  options: StoreContractOptions,
): ContractHarness {
  let current: StoreContractSetup | undefined;
  const apps: INestApplication[] = [];
  beforeEach(async () => {
    current = await setup();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await current?.teardown();
    current = undefined;
  });
  return {
    name,
    options,
    get ctx(): StoreContractSetup {
      if (!current) {
        throw new Error('the store contract setup is only available inside a test');
      }
      return current;
    },
    async appWith(store, session = {}) {
      const app = await createStoreTestApp({ store, cookie: { maxAge: CONTRACT_MAX_AGE_MS }, ...session });
      apps.push(app);
      return app;
    },
    async login(app, userId = 'ada') {
      const agent = request.agent(app.getHttpServer());
      const response = await agent.post('/auth/login').send({ userId }).expect(200);
      const setCookie = response.headers['set-cookie'] as unknown as string[];
      const sid = sessionIdFrom(setCookie);
      expect(sid).toBeDefined();
      const cookie = setCookie.find((header) => header.startsWith('connect.sid='))?.split(';')[0] as string;
      return { agent, sid: sid as string, cookie };
    },
  };
}
