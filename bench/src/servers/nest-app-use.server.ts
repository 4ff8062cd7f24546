// Variant 2: Nest 12 + app.use(session(...)) in main, as in the NestJS docs' session recipe.
import 'reflect-metadata';
import { Controller, Get, Injectable, Module, Session, UseGuards, type CanActivate } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import session from 'express-session';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { announce } from './announce.js';
import { openBenchStore } from './bench-store.js';
import { BENCH_SECRET, readServerConfig } from './server-config.js';

interface BenchSession {
  userId?: string;
  hits?: number;
}

let logins = 0;

/** Diagnostics only (BENCH_TRIVIAL_GUARD=1): what any guard costs in Nest, to compare SessionGuard with. */
@Injectable()
class AllowGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}
const guards = process.env.BENCH_TRIVIAL_GUARD === '1' ? [AllowGuard] : [];

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

@Module({ controllers: [BenchController] })
class AppModule {}

const config = readServerConfig();
const bench = await openBenchStore(config, false);
const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'] });
const sessionMiddleware = session({
  secret: BENCH_SECRET,
  store: bench.store,
  resave: false,
  saveUninitialized: false,
  cookie: { maxAge: config.maxAgeMs, httpOnly: true, sameSite: 'lax' },
});
// The recipe is a bare app.use(session(...)); to exclude /none it needs a path check of its own.
app.use((req: Request, res: Response, next: NextFunction) =>
  req.path === '/none' ? next() : sessionMiddleware(req, res, next),
);
await app.listen(0, '127.0.0.1');
announce(app.getHttpServer() as Server, async () => {
  await app.close();
  await bench.close();
});
