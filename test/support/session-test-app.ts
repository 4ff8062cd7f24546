import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseGuards, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request, Response } from 'express';
import {
  Session,
  SessionGuard,
  SessionModule,
  SessionService,
  type RequestSession,
  type SessionModuleOptions,
} from 'nestjs-express-session';
import { Gates } from './gates.js';

/** Secret of every test app here. */
export const STORE_TEST_SECRET = 'store-test-secret-that-is-long-enough-0123456789';
const GATES = Symbol('GATES');

type Bag = Record<string, unknown>;
const bag = (session: RequestSession): Bag => session as unknown as Bag;

@Controller('auth')
class AuthController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request, @Body() body: { userId: string }): Promise<{ userId: string }> {
    await this.sessions.login(req, { userId: body.userId } as never);
    return { userId: body.userId };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.logout(req, res);
  }
}

@Controller()
class SessionController {
  constructor(@Inject(GATES) private readonly gates: Gates) {}

  @Get('me')
  @UseGuards(SessionGuard)
  me(@Session() session: RequestSession): Bag {
    return { userId: bag(session).userId, views: bag(session).views ?? null, note: bag(session).note ?? null };
  }

  @Get('counter')
  count(@Session() session: RequestSession): { views: number } {
    const views = Number(bag(session).views ?? 0) + 1;
    bag(session).views = views;
    return { views };
  }

  @Post('note')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  note(@Session() session: RequestSession, @Body() body: { note: string }): { note: string } {
    bag(session).note = body.note;
    return { note: body.note };
  }

  /** Loads the session, waits for the test to open `gate`, then changes the session. */
  @Get('slow/:gate')
  @UseGuards(SessionGuard)
  async slow(@Session() session: RequestSession, @Param('gate') gate: string): Promise<{ done: true }> {
    await this.gates.enter(gate);
    bag(session).views = 4242;
    return { done: true };
  }

  /** Loads the session, waits for the test to open `gate`, then answers without changing the session. */
  @Get('slow-read/:gate')
  @UseGuards(SessionGuard)
  async slowRead(@Session() session: RequestSession, @Param('gate') gate: string): Promise<{ userId: unknown }> {
    await this.gates.enter(gate);
    return { userId: bag(session).userId };
  }

  /** Sets the keys the body names. */
  @Post('change')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  change(@Session() session: RequestSession, @Body() body: { set?: Bag }): { done: true } {
    Object.assign(bag(session), body.set ?? {});
    return { done: true };
  }

  /** Loads the session, waits for the test to open `gate`, then sets and deletes the keys the body names. */
  @Post('slow-change/:gate')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  async slowChange(
    @Session() session: RequestSession,
    @Param('gate') gate: string,
    @Body() body: { set?: Bag; delete?: string[] },
  ): Promise<{ done: true }> {
    await this.gates.enter(gate);
    Object.assign(bag(session), body.set ?? {});
    for (const key of body.delete ?? []) {
      delete bag(session)[key];
    }
    return { done: true };
  }

  /** "Remember me": the session's cookie (and its store lifetime) becomes an hour. */
  @Post('remember')
  @HttpCode(200)
  remember(@Session() session: RequestSession): { maxAge: number } {
    session.cookie.maxAge = 3_600_000;
    return { maxAge: 3_600_000 };
  }

  @Get('gates/:gate')
  entered(@Param('gate') gate: string): { entered: boolean } {
    return { entered: this.gates.hasEntered(gate) };
  }

  @Post('gates/:gate/open')
  @HttpCode(204)
  open(@Param('gate') gate: string): void {
    this.gates.open(gate);
  }

  @Get('plain')
  plain(): { plain: true } {
    return { plain: true };
  }

  /** Keeps client JSON in the session, as a draft-saving route does. */
  @Post('draft')
  @HttpCode(200)
  saveDraft(@Session() session: RequestSession, @Body() body: { d: unknown }): { saved: true } {
    bag(session).draft = body.d;
    return { saved: true };
  }

  @Get('draft')
  readDraft(@Session() session: RequestSession): { kept: boolean } {
    return { kept: bag(session).draft !== undefined };
  }

  @Post('unserializable/:kind')
  @HttpCode(200)
  unserializable(@Session() session: RequestSession, @Param('kind') kind: string): { stored: true } {
    if (kind === 'bigint') {
      bag(session).big = 10n;
    } else {
      const loop: Bag = {};
      loop.self = loop;
      bag(session).loop = loop;
    }
    return { stored: true };
  }
}

/** The `users` option's routes: "your sessions", revoke one / the others / all. */
@Controller('users')
class UserSessionsController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @Get('sessions')
  @UseGuards(SessionGuard)
  list(@Req() req: Request, @Session() session: RequestSession): Promise<unknown> {
    return this.sessions.listSessions(String(bag(session).userId), req);
  }

  @Post('revoke/:handle')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  async revoke(@Session() session: RequestSession, @Param('handle') handle: string): Promise<{ revoked: boolean }> {
    return { revoked: await this.sessions.revokeSession(String(bag(session).userId), handle) };
  }

  @Post('revoke-others')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  async revokeOthers(@Req() req: Request): Promise<{ revoked: number }> {
    return { revoked: await this.sessions.revokeOtherSessions(req) };
  }

  /** An administrator's "log out everywhere" (unguarded in the tests). */
  @Post(':userId/revoke-all')
  @HttpCode(200)
  async revokeAll(@Param('userId') userId: string): Promise<{ revoked: number }> {
    return { revoked: await this.sessions.revokeSessions(userId) };
  }

  /** Lists a user's sessions without a session of theirs (an administrator's view). */
  @Get(':userId/sessions')
  listOf(@Param('userId') userId: string): Promise<unknown> {
    return this.sessions.listSessions(userId);
  }
}

/** Builds and initialises a Nest app with SessionModule and the store-test routes. */
export async function createStoreTestApp(session: Partial<SessionModuleOptions>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [SessionModule.forRoot({ secret: STORE_TEST_SECRET, ...session })],
    controllers: [AuthController, SessionController, UserSessionsController],
    providers: [{ provide: GATES, useValue: new Gates() }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

/** The session ID inside a `Set-Cookie` header list (`connect.sid=s%3A<sid>.<signature>`), if any. */
export function sessionIdFrom(setCookie: string[] | string | undefined, name = 'connect.sid'): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const header = headers.find((value) => value.startsWith(`${name}=`));
  if (!header) {
    return undefined;
  }
  const value = decodeURIComponent(header.slice(name.length + 1).split(';')[0]);
  return value.startsWith('s:') && value.lastIndexOf('.') > 2 ? value.slice(2, value.lastIndexOf('.')) : undefined;
}
