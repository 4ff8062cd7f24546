import type { INestApplication } from '@nestjs/common';
import { redisStore } from 'nestjs-express-session/redis';
import request from 'supertest';
import { describeIfRedis, redisBinariesUnavailable } from '../support/redis-availability.js';
import { RedisServerProcess } from '../support/redis-server.process.js';
import { createSocketApp, type AdapterKind } from './socket-app.js';
import { connectSocket } from './socket-clients.js';

const STORE_TIMEOUT_MS = 300;
/** Generous on a busy machine: the point is "refused within the deadline", not "hangs". */
const REFUSED_WITHIN_MS = STORE_TIMEOUT_MS + 3000;

for (const kind of ['socket.io', 'ws'] as AdapterKind[])
  describeIfRedis(redisBinariesUnavailable())(`${kind}: Redis frozen at the handshake (SIGSTOP)`, () => {
  let server: RedisServerProcess;
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    server = await RedisServerProcess.start();
    ({ app, port } = await createSocketApp(kind, { store: redisStore({ url: server.url }), storeTimeout: STORE_TIMEOUT_MS }));
  });

  afterAll(async () => {
    server?.thaw();
    await app?.close();
    await server?.stop();
  });

  it('refuses the connection within storeTimeout with a clear error, never hangs', async () => {
    const login = await request(app.getHttpServer()).post('/login').send({ userId: 'ada' }).expect(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    server.freeze();
    const started = Date.now();
    await expect(connectSocket(kind, port, cookie)).rejects.toThrow(/Connection refused: The session store is unavailable/);
    expect(Date.now() - started).toBeLessThan(REFUSED_WITHIN_MS);
    server.thaw();
  });
});
