/**
 * `nestjs-express-session/websockets/socket.io`: the socket.io adapter alone. Loads `@nestjs/websockets`
 * and `@nestjs/platform-socket.io`, not `@nestjs/platform-ws`.
 */
export { SessionIoAdapter } from './websockets/session-io.adapter.js';
export {
  DEFAULT_REVALIDATE_INTERVAL_MS,
  SESSION_ENDED_CLOSE_CODE,
  type SessionWebSocketOptions,
} from './websockets/session-websocket-options.interface.js';
