import { BadRequestException, Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Session, SessionService, type UserSessionInfo } from 'nestjs-express-session';
import { isFormPost } from './form-post.js';

/** Longest accepted session handle, in characters (the library's are 22). */
const HANDLE_MAX_LENGTH = 64;

/**
 * "Your sessions": the signed-in user's own sessions (the global `SessionGuard` answers 401 to anyone
 * else). The user is always the session's own `userId`, never a request field, so a user can only list
 * and sign out their own sessions. Form posts get a 303 to `/`; JSON requests get `{ revoked }`.
 */
@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  /** The user's sessions, newest first; `current` marks this one. */
  @Get()
  list(@Session('userId') userId: string, @Req() req: Request): Promise<UserSessionInfo[]> {
    return this.sessions.listSessions(userId, req);
  }

  /** Signs out one of the user's sessions by its `handle`; a handle that is not one of theirs revokes nothing (`revoked: 0`). */
  @Post('revoke')
  async revoke(@Session('userId') userId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const revoked = (await this.sessions.revokeSession(userId, parseHandle(body))) ? 1 : 0;
    answer(req, res, revoked);
  }

  /** Signs out every session of the user but this one. */
  @Post('revoke-others')
  async revokeOthers(@Req() req: Request, @Res() res: Response): Promise<void> {
    answer(req, res, await this.sessions.revokeOtherSessions(req));
  }
}

/** The `handle` field of a form or JSON body; 400 when it is missing, not text or too long. */
function parseHandle(body: unknown): string {
  const handle = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).handle : undefined;
  if (typeof handle !== 'string' || handle === '' || handle.length > HANDLE_MAX_LENGTH) {
    throw new BadRequestException([`handle is required: a string of at most ${HANDLE_MAX_LENGTH} characters.`]);
  }
  return handle;
}

function answer(req: Request, res: Response, revoked: number): void {
  if (isFormPost(req)) {
    res.redirect(303, '/');
  } else {
    res.status(200).json({ revoked });
  }
}
