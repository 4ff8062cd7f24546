import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { SessionsController } from './sessions.controller.js';

@Module({
  imports: [UsersModule],
  controllers: [AuthController, SessionsController],
})
export class AuthModule {}
