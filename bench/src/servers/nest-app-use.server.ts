// Variant 2: Nest 12 + app.use(session(...)) in main, as in the NestJS docs' session recipe.
import 'reflect-metadata';
import { Module, Session } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import session from 'express-session';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { announce, BENCH_SECRET, openBenchStore, readServerConfig } from './server-setup.js';
import { sessionRoutesController } from './session-routes.controller.js';

@Module({ controllers: [sessionRoutesController(Session)] })
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
