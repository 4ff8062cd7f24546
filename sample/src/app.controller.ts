import { Controller, Get, Header, Req } from '@nestjs/common';
import type { Request } from 'express';
import { AllowAnonymous, Session, SessionService, type RequestSession } from 'nestjs-express-session';
import { renderHomePage, renderLoginPage } from './views/pages.js';

@Controller()
export class AppController {
  constructor(private readonly sessions: SessionService) {}

  /**
   * The login form for anonymous visitors (no session is created for them); for a signed-in user,
   * their name, how many times they viewed this page in this session, and their sessions.
   */
  @AllowAnonymous()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async home(@Session() session: RequestSession, @Req() req: Request): Promise<string> {
    if (session.userId === undefined || session.username === undefined) {
      return renderLoginPage();
    }
    session.visits = (session.visits ?? 0) + 1;
    const sessions = await this.sessions.listSessions(session.userId, req);
    return renderHomePage({ username: session.username, visits: session.visits, sessions });
  }
}
