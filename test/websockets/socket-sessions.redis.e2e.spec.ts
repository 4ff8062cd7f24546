import type { INestApplication } from '@nestjs/common';
import { redisStore } from 'nestjs-express-session/redis';
import request from 'supertest';
import { CommandLog } from '../support/redis-command-log.js';
import { connectInspector, deleteKeys, uniquePrefix } from '../support/redis-inspector.js';
import { describeIfRedis, sharedRedisUnavailable, SHARED_REDIS_URL } from '../support/redis-availability.js';
import { waitFor } from '../support/wait-for.js';
import { createSocketApp, type AdapterKind } from './socket-app.js';
import { connectSocket, type TestSocket } from './socket-clients.js';

const redisUnavailable = await sharedRedisUnavailable();
const INTERVAL_MS = 1000;

type Client = Awaited<ReturnType<typeof connectInspector>>;

function cookiePair(setCookie: string[] | string | undefined): string {
  const header = ([] as string[]).concat(setCookie ?? []).find((value) => value.startsWith('connect.sid='));
  return header!.split(';')[0];
}

/**
 * Three instances on one Redis: `http` signs in and out, `lazy` serves sockets with the default behaviour
 * (re-validation before a message), `closing` with `disconnectEnded`.
 */
for (const kind of ['socket.io', 'ws'] as AdapterKind[])
  describeIfRedis(redisUnavailable)(`${kind}: a logout on another instance (shared Redis)`, () => {
  const prefix = uniquePrefix(`sockets-${kind}`);
  let http: INestApplication;
  let lazy: { app: INestApplication; port: number };
  let closing: { app: INestApplication; port: number };
  let monitor: Client;
  let marker: Client;
  let commands: CommandLog;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    const store = () => redisStore({ url: SHARED_REDIS_URL, prefix });
    http = (await createSocketApp(kind, { store: store() })).app;
    lazy = await createSocketApp(kind, { store: store(), sockets: { revalidateInterval: INTERVAL_MS } });
    closing = await createSocketApp(kind, { store: store(), sockets: { revalidateInterval: INTERVAL_MS, disconnectEnded: true } });
    monitor = await connectInspector(SHARED_REDIS_URL);
    marker = await connectInspector(SHARED_REDIS_URL);
    commands = await CommandLog.start(monitor, marker, prefix);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all([http?.close(), lazy?.app.close(), closing?.app.close()]);
    monitor?.destroy();
    if (marker) {
      await deleteKeys(marker, prefix);
      marker.destroy();
    }
  });

  it('stops authenticating the sockets within the interval, with at most one read per socket per interval', async () => {
    const login = await request(http.getHttpServer()).post('/login').send({ userId: 'ada' }).expect(200);
    const cookie = cookiePair(login.headers['set-cookie']);
    const socket = await connectSocket(kind, lazy.port, cookie);
    const closingSocket = await connectSocket(kind, closing.port, cookie);
    sockets.push(socket, closingSocket);
    expect((await socket.send('secret')).data).toEqual({ userId: 'ada' });
    expect((await closingSocket.send('secret')).data).toEqual({ userId: 'ada' });

    await commands.next();
    const loggedOutAt = Date.now();
    await request(http.getHttpServer()).post('/logout').set('Cookie', cookie).expect(204);

    const refused = await waitFor(
      'the socket on the other instance to be refused',
      async () => {
        const answer = await socket.send('secret');
        return answer.event === 'exception' ? answer : undefined;
      },
      INTERVAL_MS + 8000,
      50,
    );
    const elapsed = Date.now() - loggedOutAt;
    expect(refused.data.message).toEqual(expect.stringContaining('Authentication required'));
    await closingSocket.closed;
    const closedAfter = Date.now() - loggedOutAt;

    const reads = (await commands.next()).filter((command) => command === 'GET').length;
    // Both sockets polled the store at most once per interval each, over the time it took.
    expect(reads).toBeLessThanOrEqual(2 * (Math.ceil(Math.max(elapsed, closedAfter) / INTERVAL_MS) + 1));
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(elapsed).toBeLessThan(INTERVAL_MS + 8000);
  });

  it('reads nothing from the store for messages within the interval', async () => {
    const login = await request(http.getHttpServer()).post('/login').send({ userId: 'grace' }).expect(200);
    const socket = await connectSocket(kind, lazy.port, cookiePair(login.headers['set-cookie']));
    sockets.push(socket);
    await commands.next();
    const started = Date.now();
    for (let i = 0; i < 3; i++) {
      await socket.send('secret');
    }
    const log = await commands.next();
    if (Date.now() - started < INTERVAL_MS) {
      expect(log).toEqual([]);
    } else {
      expect(log.filter((command) => command === 'GET').length).toBeLessThanOrEqual(1);
    }
  });
});
