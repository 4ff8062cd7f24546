import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { renderLoginPage } from '../views/pages.js';
import { USERNAME_MAX_LENGTH } from './credentials.js';
import { isFormPost } from './form-post.js';

const logger = new Logger('LoginForm');

/**
 * For a login posted from the HTML form, shows the form again with the error (and the status code)
 * instead of a JSON body. JSON requests get Nest's usual JSON error.
 */
@Catch()
export class LoginFormExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (!isFormPost(req) || res.headersSent) {
      super.catch(exception, host);
      return;
    }
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) {
      logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    const body: unknown = req.body;
    const username = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).username : undefined;
    res
      .status(status)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(
        renderLoginPage({
          error: status < 500 ? messageOf(exception) : 'Signing in is unavailable right now. Please try again.',
          username: typeof username === 'string' && username.length <= USERNAME_MAX_LENGTH ? username : undefined,
        }),
      );
  }
}

function messageOf(exception: unknown): string {
  if (!(exception instanceof HttpException)) {
    return 'Something went wrong.';
  }
  const response = exception.getResponse();
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  return Array.isArray(message) ? message.join(' ') : String(message ?? exception.message);
}
