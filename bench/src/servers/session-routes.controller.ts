import { Controller, Get, UseGuards, type CanActivate, type Type } from '@nestjs/common';

interface BenchSession {
  userId?: string;
  hits?: number;
}

let logins = 0;

/**
 * The routes of variants 2 and 3: `/login`, `/hit` (read + write), `/read`, and `/none` (excluded from the session
 * middleware), with the variant's own `@Session()` decorator and `guards` on `/hit` and `/read`.
 */
export function sessionRoutesController(Session: () => ParameterDecorator, guards: Array<Type<CanActivate>> = []): Type<unknown> {
  @Controller()
  class BenchController {
    @Get('login')
    login(@Session() session: BenchSession) {
      session.userId = `user-${++logins}`;
      return { userId: session.userId };
    }

    @Get('hit')
    @UseGuards(...guards)
    hit(@Session() session: BenchSession) {
      session.hits = (session.hits ?? 0) + 1;
      return { hits: session.hits };
    }

    @Get('read')
    @UseGuards(...guards)
    read(@Session() session: BenchSession) {
      return { userId: session.userId ?? null };
    }

    @Get('none')
    none() {
      return { ok: true };
    }
  }
  return BenchController;
}
