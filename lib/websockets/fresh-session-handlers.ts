import type { MessageMappingProperties } from '@nestjs/websockets';
import type { SocketSessions } from './socket-sessions.js';
import { socketSessionOf } from './socket-session.registry.js';

/**
 * The gateway's message handlers for one client, each preceded by a re-validation of the client's
 * session when its interval has passed (otherwise called as they are, with no added work).
 */
export function withFreshSessions(
  client: object,
  handlers: MessageMappingProperties[],
  sessions: SocketSessions | undefined,
): MessageMappingProperties[] {
  if (!sessions) {
    return handlers;
  }
  return handlers.map((handler) => {
    const callback = handler.callback;
    return {
      ...handler,
      callback: (...args: unknown[]) => {
        const entry = socketSessionOf(client);
        const refreshed = entry ? sessions.refresh(entry) : undefined;
        return refreshed ? refreshed.then(() => callback(...args)) : callback(...args);
      },
    };
  });
}
