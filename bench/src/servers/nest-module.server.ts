// Variant 3: Nest 12 + this module (SessionModule.forRoot, @Session()); BENCH_GUARD=1 adds SessionGuard,
// BENCH_USERS=1 the `users` option (3u), BENCH_TIMEOUTS=1 idle, absolute and renewal timeouts (3t).
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Session, SessionGuard, SessionModule } from 'nestjs-express-session';
import type { Server } from 'node:http';
import { announce, BENCH_SECRET, openBenchStore, readServerConfig } from './server-setup.js';
import { sessionRoutesController } from './session-routes.controller.js';

const config = readServerConfig();
const bench = await openBenchStore(config, true);
const routes = sessionRoutesController(Session, config.guard ? [SessionGuard] : []);

@Module({
  imports: [
    SessionModule.forRoot({
      secret: BENCH_SECRET,
      store: bench.store,
      cookie: { maxAge: config.maxAgeMs },
      exclude: ['none'],
      ...(config.users ? { users: {} } : {}),
      ...(config.timeouts ? { timeouts: { idle: 30 * 60_000, absolute: 12 * 3_600_000, renewal: 15 * 60_000 } } : {}),
    }),
  ],
  controllers: [routes],
})
class AppModule {}

const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'] });
await app.listen(0, '127.0.0.1');
announce(app.getHttpServer() as Server, async () => {
  await app.close();
  await bench.close();
});
