import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { AdapterKind } from './socket-app.js';

/** A message the server sent: a handler's answer, or `exception` with `{ status, message }`. */
export interface ServerMessage {
  event: string;
  data: Record<string, unknown>;
}

/** One connected client of either kind, with the same small API. */
export interface TestSocket {
  /** Sends `event` and resolves with the server's answer to it, or its `exception`. */
  send(event: string, data?: unknown): Promise<ServerMessage>;
  /** Resolves when the server closed the connection. */
  readonly closed: Promise<{ reason: string }>;
  close(): void;
}

/** Connects to the app on `port` with `cookie` (a `name=value` pair); rejects with the server's refusal. */
export function connectSocket(kind: AdapterKind, port: number, cookie?: string): Promise<TestSocket> {
  return kind === 'socket.io' ? connectIo(port, cookie) : connectWs(port, cookie);
}

function connectIo(port: number, cookie: string | undefined): Promise<TestSocket> {
  const socket: Socket = io(`http://127.0.0.1:${port}`, {
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
  const closed = new Promise<{ reason: string }>((resolve) => socket.on('disconnect', (reason) => resolve({ reason })));
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
    socket.once('connect', () =>
      resolve({
        send: (event, data) =>
          new Promise((answer) => {
            const onException = (payload: Record<string, unknown>): void => {
              socket.off(event, onAnswer);
              answer({ event: 'exception', data: payload });
            };
            const onAnswer = (payload: Record<string, unknown>): void => {
              socket.off('exception', onException);
              answer({ event, data: payload });
            };
            socket.once(event, onAnswer);
            socket.once('exception', onException);
            socket.emit(event, data);
          }),
        closed,
        close: () => socket.close(),
      }),
    );
  });
}

function connectWs(port: number, cookie: string | undefined): Promise<TestSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { headers: cookie ? { cookie } : {} });
  const closed = new Promise<{ reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ reason: `${code} ${reason.toString()}` })),
  );
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (upgrade, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        // Listening to 'unexpected-response' means ws leaves the request open: end it here.
        upgrade.destroy();
        reject(new Error(`${response.statusCode}: ${body}`));
      });
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        send: (event, data) =>
          new Promise((answer) => {
            const onMessage = (raw: WebSocket.RawData): void => {
              const message = JSON.parse(raw.toString()) as ServerMessage;
              if (message.event === event || message.event === 'exception') {
                socket.off('message', onMessage);
                answer(message);
              }
            };
            socket.on('message', onMessage);
            socket.send(JSON.stringify({ event, data }));
          }),
        closed,
        close: () => socket.close(),
      }),
    );
  });
}
