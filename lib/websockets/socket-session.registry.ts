import type { IncomingMessage } from 'node:http';
import { stateOf } from '../request/request-states.js';
import { SocketSession } from './socket-session.js';

/** Each connected client's session (the client object as Nest hands it to gateway handlers). */
const clients = new WeakMap<object, SocketSession>();

/** Ties `client` to the session loaded from `message`; `undefined` when no session was loaded for it. */
export function bindSocketSession(client: object, message: IncomingMessage, disconnect: () => void): SocketSession | undefined {
  const state = stateOf(message);
  if (!state) {
    return undefined;
  }
  const entry = new SocketSession(state, disconnect);
  clients.set(client, entry);
  return entry;
}

export function unbindSocketSession(client: object): void {
  clients.delete(client);
}

/** The session of a connected client (a socket.io `Socket` or a `ws` `WebSocket`). */
export function socketSessionOf(client: unknown): SocketSession | undefined {
  return typeof client === 'object' && client !== null ? clients.get(client) : undefined;
}
