import { Module } from '@nestjs/common';
import { passportUser, SessionModule } from 'nestjs-express-session';
import { AuthModule } from './auth/auth.module.js';

@Module({
  imports: [
    SessionModule.forRoot({
      secret: process.env.SESSION_SECRET!,
      cookie: { maxAge: 8 * 3600_000 },
      // SessionGuard checks what Passport stored (session.passport.user) instead of session.userId.
      isAuthenticated: passportUser,
    }),
    AuthModule,
  ],
})
export class AppModule {}
