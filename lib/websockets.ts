/**
 * `nestjs-express-session/websockets`: the app's sessions in WebSocket gateways, through Nest's
 * socket.io and `ws` adapters. Loads `@nestjs/websockets`, `@nestjs/platform-socket.io` and
 * `@nestjs/platform-ws`; the main entry loads none of them. An app with one platform imports
 * `nestjs-express-session/websockets/socket.io` or `nestjs-express-session/websockets/ws` instead.
 */
export { SessionIoAdapter } from './websockets/session-io.adapter.js';
export { SessionWsAdapter } from './websockets/session-ws.adapter.js';
export {
  DEFAULT_REVALIDATE_INTERVAL_MS,
  SESSION_ENDED_CLOSE_CODE,
  type SessionWebSocketOptions,
} from './websockets/session-websocket-options.interface.js';
