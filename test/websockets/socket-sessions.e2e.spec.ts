import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SwitchableStore } from '../support/switchable-store.js';
import { createSocketApp, type AdapterKind } from './socket-app.js';
import { connectSocket, type TestSocket } from './socket-clients.js';

function cookiePair(setCookie: string[] | string | undefined): string {
  const header = ([] as string[]).concat(setCookie ?? []).find((value) => value.startsWith('connect.sid='));
  return header!.split(';')[0];
}

describe.each<AdapterKind>(['socket.io', 'ws'])('gateway sessions over %s', (kind) => {
  let app: INestApplication;
  let port: number;
  let store: SwitchableStore;
  const sockets: TestSocket[] = [];

  async function connect(cookie?: string): Promise<TestSocket> {
    const socket = await connectSocket(kind, port, cookie);
    sockets.push(socket);
    return socket;
  }

  async function signIn(userId: string): Promise<string> {
    const response = await request(app.getHttpServer()).post('/login').send({ userId }).expect(200);
    return cookiePair(response.headers['set-cookie']);
  }

  beforeAll(async () => {
    store = new SwitchableStore();
    ({ app, port } = await createSocketApp(kind, { store, storeTimeout: 500 }));
  });

  afterEach(() => {
    store.down = false;
    sockets.splice(0).forEach((socket) => socket.close());
  });

  afterAll(async () => {
    await app.close();
  });

  it('connects signed in: @Session() and SessionGuard see the HTTP session', async () => {
    const socket = await connect(await signIn('ada'));
    expect(await socket.send('whoami')).toEqual({ event: 'whoami', data: { userId: 'ada', note: null } });
    expect(await socket.send('secret')).toEqual({ event: 'secret', data: { userId: 'ada' } });
  });

  it('connects anonymous; a guarded message gets a WsException with a clear message', async () => {
    const socket = await connect();
    expect(await socket.send('whoami')).toEqual({ event: 'whoami', data: { userId: null, note: null } });
    const refused = await socket.send('secret');
    expect(refused.event).toBe('exception');
    expect(refused.data).toMatchObject({ status: 'error', message: expect.stringContaining('Authentication required') });
  });

  it('loads the session once per connection, however many messages follow', async () => {
    const cookie = await signIn('grace');
    store.calls.length = 0;
    const socket = await connect(cookie);
    for (let i = 0; i < 5; i++) {
      await socket.send('secret');
    }
    expect(store.calls).toEqual(['get']);
  });

  it('SessionService.save() in a handler writes the socket session; HTTP sees the change', async () => {
    const cookie = await signIn('linus');
    const socket = await connect(cookie);
    expect(await socket.send('note', 'from the socket')).toEqual({ event: 'note', data: { saved: true } });
    await request(app.getHttpServer()).get('/me').set('Cookie', cookie).expect(200, { userId: 'linus', note: 'from the socket' });
  });

  it('a store failure in SessionService.save() reaches the client as a WsException, not "Internal server error"', async () => {
    const socket = await connect(await signIn('edsger'));
    store.down = true;
    const refused = await socket.send('note', 'lost');
    expect(refused.event).toBe('exception');
    expect(refused.data.message).toEqual(expect.stringContaining('The session store is unavailable'));
  });

  it('a logout over HTTP on the same instance ends the socket authentication at once', async () => {
    const cookie = await signIn('barbara');
    const socket = await connect(cookie);
    expect((await socket.send('secret')).data).toEqual({ userId: 'barbara' });
    await request(app.getHttpServer()).post('/logout').set('Cookie', cookie).expect(204);
    const refused = await socket.send('secret');
    expect(refused.event).toBe('exception');
    expect(refused.data.message).toEqual(expect.stringContaining('Authentication required'));
    expect((await socket.send('whoami')).data).toEqual({ userId: null, note: null });
  });

  it('refuses the connection with a clear error when the store fails at the handshake', async () => {
    const cookie = await signIn('alan');
    store.down = true;
    await expect(connectSocket(kind, port, cookie)).rejects.toThrow(/session store is unavailable/);
  });
});

describe.each<AdapterKind>(['socket.io', 'ws'])('disconnectEnded over %s', (kind) => {
  it('disconnects the sockets of a session logged out on the same instance', async () => {
    const { app, port } = await createSocketApp(kind, { sockets: { disconnectEnded: true } });
    try {
      const login = await request(app.getHttpServer()).post('/login').send({ userId: 'ada' }).expect(200);
      const cookie = cookiePair(login.headers['set-cookie']);
      const socket = await connectSocket(kind, port, cookie);
      await request(app.getHttpServer()).post('/logout').set('Cookie', cookie).expect(204);
      const closed = await socket.closed;
      expect(closed.reason).toMatch(kind === 'socket.io' ? /io server disconnect/ : /^4401 The session ended/);
    } finally {
      await app.close();
    }
  });
});

describe.each<AdapterKind>(['socket.io', 'ws'])('timeouts.renewal over %s', (kind) => {
  const RENEWAL_MS = 1_500;
  const GRACE_MS = 500;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('a connected socket follows its session through a renewal, and a logout with the new ID ends it at once', async () => {
    const { app, port } = await createSocketApp(kind, {
      session: { timeouts: { renewal: RENEWAL_MS, renewalGrace: GRACE_MS } },
      sockets: { revalidateInterval: 100 },
    });
    const sockets: TestSocket[] = [];
    try {
      const login = await request(app.getHttpServer()).post('/login').send({ userId: 'ada' }).expect(200);
      const first = cookiePair(login.headers['set-cookie']);
      const socket = await connectSocket(kind, port, first);
      sockets.push(socket);
      expect((await socket.send('secret')).data).toEqual({ userId: 'ada' });
      await sleep(RENEWAL_MS + 50);
      const renewed = await request(app.getHttpServer()).get('/me').set('Cookie', first).expect(200);
      const second = cookiePair(renewed.headers['set-cookie']);
      expect(second).not.toBe(first);
      // Past the grace window (the first ID is dead over HTTP) and past several re-reads: still signed in.
      await sleep(GRACE_MS + 300);
      await request(app.getHttpServer()).get('/me').set('Cookie', first).expect(200, { userId: null, note: null });
      expect((await socket.send('secret')).data).toEqual({ userId: 'ada' });
      await request(app.getHttpServer()).post('/logout').set('Cookie', second).expect(204);
      const refused = await socket.send('secret');
      expect(refused.event).toBe('exception');
      expect(refused.data.message).toEqual(expect.stringContaining('Authentication required'));
    } finally {
      sockets.forEach((socket) => socket.close());
      await app.close();
    }
  });
});
