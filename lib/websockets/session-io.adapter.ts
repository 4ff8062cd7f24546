import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Namespace, Server, ServerOptions, Socket } from 'socket.io';
import { withFreshSessions } from './fresh-session-handlers.js';
import type { SessionWebSocketOptions } from './session-websocket-options.interface.js';
import { createSocketSessions } from './socket-sessions.factory.js';
import type { SocketSessions } from './socket-sessions.js';
import './ws-context.js';

/**
 * Nest's socket.io adapter with the app's sessions: each connection's session is loaded once, from the
 * handshake's cookie, through the module's store (a store that fails or misses `storeTimeout` refuses
 * the connection: the client gets `connect_error`). `@Session()`, `SessionGuard` and
 * `SessionService.save()` then work in gateway handlers. See {@link SessionWebSocketOptions} for how an
 * ended session stops authenticating its sockets.
 *
 * @example
 * const app = await NestFactory.create(AppModule);
 * app.useWebSocketAdapter(new SessionIoAdapter(app, { revalidateInterval: 5000 }));
 */
export class SessionIoAdapter extends IoAdapter {
  private sessions: SocketSessions | undefined;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly sessionOptions: SessionWebSocketOptions = {},
  ) {
    super(app);
  }

  override create(port: number, options?: ServerOptions & { namespace?: string; server?: Server }): Server | Namespace {
    const sessions = this.socketSessions();
    const server = super.create(port, options);
    server.use((socket: Socket, next: (error?: Error) => void) => {
      sessions.load(socket.request, (error) => {
        if (error) {
          return next(error);
        }
        const entry = sessions.attach(socket, socket.request, () => socket.disconnect(true));
        if (entry) {
          socket.once('disconnect', () => sessions.detach(socket, entry));
        }
        next();
      });
    });
    return server;
  }

  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    super.bindMessageHandlers(socket, withFreshSessions(socket, handlers, this.sessions), transform);
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
