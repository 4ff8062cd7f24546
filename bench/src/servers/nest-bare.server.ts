// Variant 4: Nest 12 without any session: the framework's own ceiling.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { announce } from './server-setup.js';

@Controller()
class BenchController {
  @Get('login')
  login() {
    return { userId: null };
  }

  @Get('hit')
  hit() {
    return { hits: 1 };
  }

  @Get('read')
  read() {
    return { userId: null };
  }

  @Get('none')
  none() {
    return { ok: true };
  }
}

@Module({ controllers: [BenchController] })
class AppModule {}

const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'] });
await app.listen(0, '127.0.0.1');
announce(app.getHttpServer() as Server, () => app.close());
