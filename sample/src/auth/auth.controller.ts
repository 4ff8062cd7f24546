import { Body, Controller, Get, Post, Req, Res, UnauthorizedException, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllowAnonymous, RequireRecentLogin, Session, SessionService } from 'nestjs-express-session';
import type { PublicUser } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { parseCredentials } from './credentials.js';
import { isFormPost } from './form-post.js';
import { LoginFormExceptionFilter } from './login-form-exception.filter.js';

/** Sign in, sign out, and who am I. Form posts get redirects; JSON requests get JSON. */
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Checks the credentials, then starts a new session (new ID: the old one is deleted).
   * Wrong credentials: 401 with a generic message and no session. Form: 303 to `/`. JSON: 200 with the user.
   */
  @AllowAnonymous()
  @Post('login')
  @UseFilters(LoginFormExceptionFilter)
  async login(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { username, password } = parseCredentials(body);
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      throw new UnauthorizedException('Invalid username or password.');
    }
    await this.sessions.login(req, { userId: user.userId, username: user.username });
    if (isFormPost(req)) {
      res.redirect(303, '/');
    } else {
      res.status(200).json(user);
    }
  }

  /** Ends the session and clears its cookie (also fine when not signed in). Form: 303 to `/`. Otherwise: 204. */
  @AllowAnonymous()
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.logout(req, res);
    if (isFormPost(req)) {
      res.redirect(303, '/');
    } else {
      res.status(204).end();
    }
  }

  /**
   * What a sensitive page (change password, e-mail) may show: only to a sign-in of the last five minutes.
   * An older one gets 401 with `reauthenticate: true`: sign in again.
   */
  @RequireRecentLogin(5 * 60_000)
  @Get('security')
  security(@Req() req: Request): { signedInMsAgo: number | undefined } {
    return { signedInMsAgo: this.sessions.loginAge(req) };
  }

  /** The signed-in user (the global `SessionGuard` answers 401 to anyone else). */
  @Get('me')
  me(@Session('userId') userId: string, @Session('username') username: string): PublicUser {
    return { userId, username };
  }
}
