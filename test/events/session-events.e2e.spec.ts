import { Controller, Get, HttpCode, Inject, Injectable, Post, Req, type INestApplication } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import { Session, SESSION_EVENTS, SessionModule, SessionService, type RequestSession, type SessionEventPayload } from 'nestjs-express-session';
import request from 'supertest';
import { sessionIdFrom } from '../support/session-test-app.js';
import { SwitchableStore } from '../support/switchable-store.js';

const SECRET = 'events-test-secret-that-is-long-enough-0123456789';

@Injectable()
class Recorder {
  readonly seen: [string, SessionEventPayload][] = [];

  @OnEvent(SESSION_EVENTS.created)
  created(payload: SessionEventPayload): void {
    this.seen.push([SESSION_EVENTS.created, payload]);
  }

  @OnEvent(SESSION_EVENTS.rotated)
  rotated(payload: SessionEventPayload): void {
    this.seen.push([SESSION_EVENTS.rotated, payload]);
  }

  @OnEvent(SESSION_EVENTS.login, { suppressErrors: false })
  login(payload: SessionEventPayload): void {
    this.seen.push([SESSION_EVENTS.login, payload]);
    throw new Error('a listener that throws');
  }

  @OnEvent(SESSION_EVENTS.logout)
  logout(payload: SessionEventPayload): void {
    this.seen.push([SESSION_EVENTS.logout, payload]);
  }

  @OnEvent(SESSION_EVENTS.storeDown)
  storeDown(payload: SessionEventPayload): void {
    this.seen.push([SESSION_EVENTS.storeDown, payload]);
  }

  @OnEvent(SESSION_EVENTS.storeUp)
  storeUp(payload: SessionEventPayload): void {
    this.seen.push([SESSION_EVENTS.storeUp, payload]);
  }
}

@Controller()
class EventsController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @Get('visit')
  visit(@Session() session: RequestSession): { views: number } {
    const bag = session as unknown as { views?: number };
    bag.views = (bag.views ?? 0) + 1;
    return { views: bag.views };
  }

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request): Promise<{ ok: true }> {
    await this.sessions.login(req, { userId: 'ada' } as never);
    return { ok: true };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request): Promise<void> {
    await this.sessions.logout(req);
  }
}

async function createApp(withEmitter: boolean, store?: SwitchableStore): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [...(withEmitter ? [EventEmitterModule.forRoot({ wildcard: true })] : []), SessionModule.forRoot({ secret: SECRET, store })],
    controllers: [EventsController],
    providers: withEmitter ? [Recorder] : [],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('lifecycle events through @nestjs/event-emitter', () => {
  let app: INestApplication;
  afterEach(async () => {
    await app?.close();
  });

  it('emits created, rotated, login and logout after the store answered, with a fingerprint and never the ID', async () => {
    app = await createApp(true);
    const recorder = app.get(Recorder);
    const agent = request.agent(app.getHttpServer());
    const first = await agent.get('/visit').set('User-Agent', 'events-test').expect(200);
    const anonymous = sessionIdFrom(first.headers['set-cookie'] as unknown as string[]) as string;
    // The login listener throws: the request still succeeds.
    const login = await agent.post('/login').set('User-Agent', 'events-test').expect(200);
    const signedIn = sessionIdFrom(login.headers['set-cookie'] as unknown as string[]) as string;
    await agent.post('/logout').set('User-Agent', 'events-test').expect(204);

    expect(recorder.seen.map(([name]) => name)).toEqual(['session.created', 'session.rotated', 'session.login', 'session.logout']);
    const [created, rotated, signedInEvent, logout] = recorder.seen.map(([, payload]) => payload);
    expect(created).toMatchObject({ userAgent: 'events-test', userId: undefined });
    expect(created.session).toHaveLength(12);
    expect(signedInEvent).toMatchObject({ userId: 'ada', session: rotated.session });
    expect(logout).toMatchObject({ userId: 'ada', session: rotated.session });
    expect(created.session).not.toBe(rotated.session);
    expect(typeof created.ip).toBe('string');
    const everything = JSON.stringify(recorder.seen);
    expect(everything).not.toContain(anonymous);
    expect(everything).not.toContain(signedIn);
  });

  it('emits session.store.down once while the store fails, and session.store.up when it answers again', async () => {
    const store = new SwitchableStore();
    app = await createApp(true, store);
    const recorder = app.get(Recorder);
    const agent = request.agent(app.getHttpServer());
    await agent.get('/visit').expect(200);
    store.down = true;
    await agent.get('/visit').expect(503);
    await agent.get('/visit').expect(503);
    store.down = false;
    await agent.get('/visit').expect(200);
    const names = recorder.seen.map(([name]) => name).filter((name) => name.startsWith('session.store'));
    expect(names).toEqual(['session.store.down', 'session.store.up']);
    expect(recorder.seen.find(([name]) => name === 'session.store.down')?.[1]).toMatchObject({ reason: 'get' });
  });

  it('without EventEmitterModule nothing is emitted and everything works', async () => {
    app = await createApp(false);
    const agent = request.agent(app.getHttpServer());
    await agent.get('/visit').expect(200);
    await agent.post('/login').expect(200);
    await agent.post('/logout').expect(204);
  });
});
