import { createHmac } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../support/free-port.js';

/** The MongoDB server of CI, if any. No MongoDB can run on the development machine. */
export const MONGO_URL = process.env.MONGO_URL;

/** Database of the real-server tests; each test uses its own collection and drops it. */
export const MONGO_TEST_DB = process.env.MONGO_TEST_DB ?? 'nestjs_express_session_test';


/** A `mongodb://` URL on a loopback port nobody listens on (connection refused at once). */
export async function unreachableMongoUrl(): Promise<string> {
  return `mongodb://127.0.0.1:${await freePort()}/nes-unreachable`;
}

/**
 * The real Node process. Inside a test file `process` is jest's sandbox copy, whose events never fire;
 * a function of the host realm (jest's `setTimeout`) leads to the host's global scope.
 */
export const hostProcess = (setTimeout as unknown as { constructor: FunctionConstructor }).constructor(
  'return process',
)() as NodeJS.Process;

/**
 * `describe` when MONGO_URL is set; otherwise the block is skipped with one line on stderr saying why.
 * (Written to the real stderr: jest drops console output of a fully skipped file when it runs several.)
 */
export function describeIfMongo(name: string, body: () => void): void {
  if (MONGO_URL) {
    describe(name, body);
    return;
  }
  hostProcess.stderr.write(`Skipping "${name}": MONGO_URL is not set (these tests need a real MongoDB server).\n`);
  describe.skip(name, body);
}

/** Records every `unhandledRejection` of the (real) process until `stop()`. */
export function trackUnhandledRejections(): { reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown): void => {
    reasons.push(reason);
  };
  hostProcess.on('unhandledRejection', listener);
  return { reasons, stop: () => hostProcess.off('unhandledRejection', listener) };
}

/**
 * A TCP server that accepts connections and never answers: to a MongoDB driver it is a frozen server.
 * It counts the sockets that clients still hold open.
 */
export class FrozenTcpServer {
  private readonly sockets = new Set<Socket>();
  accepted = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    server.on('connection', (socket) => {
      this.accepted += 1;
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(port = 0): Promise<FrozenTcpServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    const address = server.address();
    return new FrozenTcpServer(server, typeof address === 'object' && address ? address.port : port);
  }

  get url(): string {
    return `mongodb://127.0.0.1:${this.port}/nes-frozen`;
  }

  /** Connections the clients have not closed yet. */
  get openSockets(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A `connect.sid` cookie value signed like express-session does (`s:<sid>.<hmac>`). */
export function signedSessionCookie(sid: string, secret: string, name = 'connect.sid'): string {
  const signature = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `${name}=${encodeURIComponent(`s:${sid}.${signature}`)}`;
}

/** Polls until the active handles of the process are no more than `baseline` of each kind. */
export async function settledHandles(baseline: string[], timeoutMs = 3000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const extra = excess(hostProcess.getActiveResourcesInfo(), baseline);
    if (extra.length === 0 || Date.now() > deadline) {
      return extra;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function excess(current: string[], baseline: string[]): string[] {
  const left = [...baseline];
  return current.filter((kind) => {
    const index = left.indexOf(kind);
    if (index === -1) {
      return true;
    }
    left.splice(index, 1);
    return false;
  });
}
