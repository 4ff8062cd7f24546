// Variant 3: Nest 12 + this module (SessionModule.forRoot, @Session()); BENCH_GUARD=1 adds SessionGuard.
import 'reflect-metadata';
import { Controller, Get, Module, UseGuards, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Session, SessionGuard, SessionModule, type RequestSession } from 'nestjs-express-session';
import type { Server } from 'node:http';
import { announce } from './announce.js';
import { openBenchStore } from './bench-store.js';
import { MemoryProbeController, MEMORY_PROBE_ROUTES } from './memory-probe.controller.js';
import { BENCH_SECRET, readServerConfig } from './server-config.js';

interface BenchSession {
  userId?: string;
  hits?: number;
}

const config = readServerConfig();
const guards = config.guard ? [SessionGuard] : [];
let logins = 0;

@Controller()
class BenchController {
  @Get('login')
  login(@Session() session: RequestSession & BenchSession) {
    session.userId = `user-${++logins}`;
    return { userId: session.userId };
  }

  @Get('hit')
  @UseGuards(...guards)
  hit(@Session() session: RequestSession & BenchSession) {
    session.hits = (session.hits ?? 0) + 1;
    return { hits: session.hits };
  }

  @Get('read')
  @UseGuards(...guards)
  read(@Session('userId') userId: string | undefined) {
    return { userId: userId ?? null };
  }

  @Get('none')
  none() {
    return { ok: true };
  }
}

const bench = await openBenchStore(config, true);

@Module({})
class AppModule {
  static create(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SessionModule.forRoot({
          secret: BENCH_SECRET,
          store: bench.store,
          cookie: { maxAge: config.maxAgeMs },
          exclude: ['none', ...(config.memoryProbe ? MEMORY_PROBE_ROUTES : [])],
        }),
      ],
      controllers: config.memoryProbe ? [BenchController, MemoryProbeController] : [BenchController],
    };
  }
}

const app = await NestFactory.create<NestExpressApplication>(AppModule.create(), { logger: ['error', 'warn'] });
await app.listen(0, '127.0.0.1');
announce(app.getHttpServer() as Server, async () => {
  await app.close();
  await bench.close();
});
