/**
 * `nestjs-express-session/websockets/ws`: the `ws` adapter alone. Loads `@nestjs/websockets` and
 * `@nestjs/platform-ws`, not `@nestjs/platform-socket.io`.
 */
export { SessionWsAdapter } from './websockets/session-ws.adapter.js';
export {
  DEFAULT_REVALIDATE_INTERVAL_MS,
  SESSION_ENDED_CLOSE_CODE,
  type SessionWebSocketOptions,
} from './websockets/session-websocket-options.interface.js';
