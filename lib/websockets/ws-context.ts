import type { ExecutionContext } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { SessionContextKind } from '../contexts/session-context-kind.interface.js';
import { registerSessionContextKind } from '../contexts/session-contexts.js';
import { socketSessionOf } from './socket-session.registry.js';

/** Message of a refusal in a gateway whose socket has no session (no session adapter). */
export const NO_SOCKET_SESSION_MESSAGE =
  'No session on this socket: create the WebSocket adapter with SessionIoAdapter or SessionWsAdapter (nestjs-express-session/websockets).';

/** Message of a refusal for a socket whose session is not signed in. */
export const SOCKET_UNAUTHENTICATED_MESSAGE =
  'Authentication required: the session of this socket is not signed in (sign in over HTTP, then reconnect).';

/**
 * WebSockets: argument 0 is the client; its session is the one loaded at the handshake. Refusals are
 * `WsException`s, which Nest sends to the client as an `exception` event.
 */
export const wsContextKind: SessionContextKind = {
  request: (context: ExecutionContext) => socketSessionOf(context.getArgByIndex<unknown>(0))?.req,
  response: () => undefined,
  unauthenticated: () => new WsException(SOCKET_UNAUTHENTICATED_MESSAGE),
  unavailable: (message, storeDown) => new WsException(storeDown ? message : NO_SOCKET_SESSION_MESSAGE),
  // SessionService's 503 / 409 in a gateway: Nest shows any error but a WsException as "Internal server error".
  fromHttpException: (exception) => new WsException(exception.message),
};

registerSessionContextKind('ws', wsContextKind);
