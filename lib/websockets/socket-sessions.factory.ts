import type { INestApplicationContext } from '@nestjs/common';
import { SessionConfigurationError } from '../common/session.errors.js';
import { SESSION_RUNTIME, type SessionRuntime } from '../module/session.runtime.js';
import type { SessionWebSocketOptions } from './session-websocket-options.interface.js';
import { SocketSessions } from './socket-sessions.js';

/** The socket sessions of an adapter, over the store and cookie settings of the app's `SessionModule`. */
export function createSocketSessions(app: INestApplicationContext | undefined, options: SessionWebSocketOptions): SocketSessions {
  let runtime: SessionRuntime | undefined;
  try {
    runtime = app?.get<SessionRuntime>(SESSION_RUNTIME, { strict: false });
  } catch {
    runtime = undefined;
  }
  if (!runtime) {
    throw new SessionConfigurationError(
      'WebSocket adapter',
      'found no SessionModule in the app',
      'import SessionModule.forRoot() in the app module and pass the app: app.useWebSocketAdapter(new SessionIoAdapter(app))',
    );
  }
  return new SocketSessions(runtime.settings, options);
}
