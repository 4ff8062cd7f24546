import { Controller, Get, Header } from '@nestjs/common';
import { AllowAnonymous, Session, type RequestSession } from 'nestjs-express-session';
import { renderHomePage, renderLoginPage } from './views/pages.js';

@Controller()
export class AppController {
  /**
   * The login form for anonymous visitors (no session is created for them); for a signed-in user,
   * their name and how many times they viewed this page in this session.
   */
  @AllowAnonymous()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  home(@Session() session: RequestSession): string {
    if (session.userId === undefined || session.username === undefined) {
      return renderLoginPage();
    }
    session.visits = (session.visits ?? 0) + 1;
    return renderHomePage({ username: session.username, visits: session.visits });
  }
}
