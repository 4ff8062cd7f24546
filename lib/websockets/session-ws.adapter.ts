import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import { withFreshSessions } from './fresh-session-handlers.js';
import { SESSION_ENDED_CLOSE_CODE, type SessionWebSocketOptions } from './session-websocket-options.interface.js';
import { createSocketSessions } from './socket-sessions.factory.js';
import type { SocketSessions } from './socket-sessions.js';
import './ws-context.js';

/** What `ws` hands `verifyClient`, and what it expects back. */
type VerifyInfo = { req: IncomingMessage };
type VerifyDone = (verified: boolean, code?: number, message?: string, headers?: Record<string, string>) => void;
type VerifyClient = ((info: VerifyInfo) => boolean) | ((info: VerifyInfo, done: VerifyDone) => void);

/** The part of a `ws` WebSocket the adapter uses. */
interface WsClient {
  once(event: 'close', listener: () => void): unknown;
  close(code?: number, reason?: string): void;
}

/** The part of a `ws` WebSocketServer the adapter uses. */
interface WsServer {
  on(event: 'connection', listener: (client: WsClient, request: IncomingMessage) => void): unknown;
}

/**
 * Nest's `ws` adapter with the app's sessions: each connection's session is loaded once, from the
 * upgrade request's cookie, through the module's store, before the upgrade is accepted (a store that
 * fails or misses `storeTimeout` answers the upgrade with 503 and the reason). `@Session()`,
 * `SessionGuard` and `SessionService.save()` then work in gateway handlers. A gateway's own
 * `verifyClient` runs after the session is loaded. See {@link SessionWebSocketOptions}.
 *
 * @example
 * const app = await NestFactory.create(AppModule);
 * app.useWebSocketAdapter(new SessionWsAdapter(app));
 */
export class SessionWsAdapter extends WsAdapter {
  private sessions: SocketSessions | undefined;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly sessionOptions: SessionWebSocketOptions = {},
    wsOptions?: ConstructorParameters<typeof WsAdapter>[1],
  ) {
    super(app, wsOptions);
  }

  override create(port: number, options: Record<string, unknown> & { namespace?: string; server?: unknown; path?: string } = {}): unknown {
    const sessions = this.socketSessions();
    const theirs = options.verifyClient as VerifyClient | undefined;
    const verifyClient = (info: VerifyInfo, done: VerifyDone): void => {
      sessions.load(info.req, (error) => {
        if (error) {
          return done(false, 503, error.message);
        }
        if (!theirs) {
          return done(true);
        }
        if (theirs.length === 2) {
          return (theirs as (info: VerifyInfo, done: VerifyDone) => void)(info, done);
        }
        done((theirs as (info: VerifyInfo) => boolean)(info), 401);
      });
    };
    return super.create(port, { ...options, verifyClient });
  }

  override bindClientConnect(server: WsServer, callback: (client: WsClient, request: IncomingMessage) => void): void {
    const sessions = this.socketSessions();
    server.on('connection', (client, request) => {
      const entry = sessions.attach(client, request, () => client.close(SESSION_ENDED_CLOSE_CODE, 'The session ended.'));
      if (entry) {
        client.once('close', () => sessions.detach(client, entry));
      }
      callback(client, request);
    });
  }

  override bindMessageHandlers(
    client: object,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    super.bindMessageHandlers(client, withFreshSessions(client, handlers, this.sessions), transform);
  }

  override async dispose(): Promise<void> {
    this.sessions?.close();
    await super.dispose();
  }

  private socketSessions(): SocketSessions {
    this.sessions ??= createSocketSessions(this.app, this.sessionOptions);
    return this.sessions;
  }
}
