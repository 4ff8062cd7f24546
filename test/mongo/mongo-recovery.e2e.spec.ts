import { spawn, type ChildProcess } from 'node:child_process';
import request from 'supertest';
import { mongoStore } from 'nestjs-express-session/mongo';
import { freePort } from '../support/free-port.js';
import { createStoreTestApp } from '../support/session-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { hostProcess, trackUnhandledRejections } from './mongo-test-support.js';

/**
 * Recovery needs a server the test can start, kill and restart, which the MONGO_URL server of CI is not.
 * JONGODB_BIN is the path of jongodb's launcher (npm `@jongodb/memory-server-bin-linux-x64-gnu`,
 * `bin/jongodb`): an in-memory, MongoDB-compatible server, so its data is gone after a restart.
 */
const JONGODB_BIN = process.env.JONGODB_BIN;

function startServer(port: number): ChildProcess {
  return spawn(JONGODB_BIN as string, ['--host=127.0.0.1', `--port=${port}`], { stdio: 'ignore' });
}

async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const describeIfServerBinary = JONGODB_BIN ? describe : describe.skip;
if (!JONGODB_BIN) {
  hostProcess.stderr.write('Skipping "mongoStore recovery": JONGODB_BIN is not set (a MongoDB-compatible server the test starts and kills).\n');
}

describeIfServerBinary('mongoStore recovery', () => {
  it('serves sessions once a server absent at startup comes up, and again after it is killed and restarted', async () => {
    const rejections = trackUnhandledRejections();
    const port = await freePort();
    const store = mongoStore({ mongoUrl: `mongodb://127.0.0.1:${port}/nes-recovery` });
    const app = await createStoreTestApp({ store, storeTimeout: 500, storeStartup: 'degraded', cookie: { maxAge: 60_000 } });
    let server: ChildProcess | undefined;
    try {
      const agent = request.agent(app.getHttpServer());
      await agent.post('/auth/login').send({ userId: 'ada' }).expect(503);
      server = startServer(port);
      await waitFor('a login once the server is up', async () => (await agent.post('/auth/login').send({ userId: 'ada' })).status === 200, 15_000, 200);
      await agent.get('/me').expect(200);

      await stopServer(server);
      const started = Date.now();
      await agent.get('/me').expect(503);
      expect(Date.now() - started).toBeLessThan(1500);

      server = startServer(port);
      // The restarted in-memory server has lost the session: the app answers again, with 401 instead of 503.
      await waitFor('the app to reach the restarted server', async () => (await agent.get('/me')).status === 401, 15_000, 200);
      await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
      await agent.get('/me').expect(200);
    } finally {
      await app.close();
      await stopServer(server);
      rejections.stop();
    }
    expect(rejections.reasons).toEqual([]);
  }, 60_000);
});
