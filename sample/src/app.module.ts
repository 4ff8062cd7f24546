import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SessionGuard, SessionModule } from 'nestjs-express-session';
import { AppController } from './app.controller.js';
import { AuthModule } from './auth/auth.module.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { createSessionOptions } from './session/session-options.factory.js';

@Module({
  imports: [
    ConfigModule,
    SessionModule.forRootAsync({
      inject: [AppConfig],
      useFactory: createSessionOptions,
    }),
    AuthModule,
  ],
  controllers: [AppController],
  // Every route needs a signed-in session unless it is marked @AllowAnonymous().
  providers: [{ provide: APP_GUARD, useClass: SessionGuard }],
})
export class AppModule {}
