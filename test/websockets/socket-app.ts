import { Body, Controller, Get, HttpCode, Inject, Post, Req, UseGuards, type INestApplication } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway, type WsResponse } from '@nestjs/websockets';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import type { Store } from 'express-session';
import { Session, SessionGuard, SessionModule, SessionService, type RequestSession, type SessionModuleOptions } from 'nestjs-express-session';
import { SessionIoAdapter, type SessionWebSocketOptions } from 'nestjs-express-session/websockets/socket.io';
import { SessionWsAdapter } from 'nestjs-express-session/websockets/ws';

export const SOCKET_TEST_SECRET = 'socket-test-secret-that-is-long-enough-0123456789';

export type AdapterKind = 'socket.io' | 'ws';
type Bag = Record<string, unknown>;

@WebSocketGateway()
class SessionGateway {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @SubscribeMessage('whoami')
  whoami(@Session() session: RequestSession): WsResponse<Bag> {
    const bag = session as unknown as Bag;
    return { event: 'whoami', data: { userId: bag.userId ?? null, note: bag.note ?? null } };
  }

  @UseGuards(SessionGuard)
  @SubscribeMessage('secret')
  secret(@Session('userId') userId: string): WsResponse<Bag> {
    return { event: 'secret', data: { userId } };
  }

  @UseGuards(SessionGuard)
  @SubscribeMessage('note')
  async note(@Session() session: RequestSession, @MessageBody() note: string): Promise<WsResponse<Bag>> {
    (session as unknown as Bag).note = note;
    await this.sessions.save(session);
    return { event: 'note', data: { saved: true } };
  }
}

@Controller()
class AuthController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request, @Body() body: { userId: string }): Promise<Bag> {
    await this.sessions.login(req, { userId: body.userId } as never);
    return { userId: body.userId };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request): Promise<void> {
    await this.sessions.logout(req);
  }

  @Get('me')
  me(@Session() session: RequestSession): Bag {
    const bag = session as unknown as Bag;
    return { userId: bag.userId ?? null, note: bag.note ?? null };
  }
}

export interface SocketAppOptions {
  store?: Store;
  storeTimeout?: number;
  sockets?: SessionWebSocketOptions;
  /** More SessionModule options (e.g. `timeouts`). */
  session?: Partial<SessionModuleOptions>;
}

/** A listening Nest app (127.0.0.1, a free port) with SessionModule, a gateway and the session adapter of `kind`. */
export async function createSocketApp(kind: AdapterKind, options: SocketAppOptions = {}): Promise<{ app: INestApplication; port: number }> {
  const moduleRef = await Test.createTestingModule({
    imports: [SessionModule.forRoot({
        secret: SOCKET_TEST_SECRET,
        store: options.store,
        storeTimeout: options.storeTimeout ?? 2000,
        ...options.session,
      }),],
    controllers: [AuthController],
    providers: [SessionGateway],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useWebSocketAdapter(kind === 'socket.io' ? new SessionIoAdapter(app, options.sockets) : new SessionWsAdapter(app, options.sockets));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, port: address.port };
}
