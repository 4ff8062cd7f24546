import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SessionGuard, SessionService } from 'nestjs-express-session';
import type { User } from '../users/users.service.js';
import { LocalAuthGuard } from './local-auth.guard.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: SessionService) {}

  /** Signs in with `{ username, password }`; the guard has called `req.logIn()`. */
  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  login(@Req() req: Request): User {
    return req.user as User;
  }

  /** The signed-in user; 401 without one (`SessionGuard` with `isAuthenticated: passportUser`). */
  @Get('me')
  @UseGuards(SessionGuard)
  me(@Req() req: Request): User {
    return req.user as User;
  }

  /** Passport's way: removes the user from the session and moves the session to a new ID. */
  @Post('logout')
  @HttpCode(204)
  logout(@Req() req: Request): Promise<void> {
    return new Promise((resolve, reject) => req.logout((error: unknown) => (error ? reject(error) : resolve())));
  }

  /** The module's way: deletes the stored session and clears the cookie. */
  @Post('sign-out')
  @HttpCode(204)
  signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    return this.sessions.logout(req, res);
  }
}
