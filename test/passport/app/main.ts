import { NestFactory } from '@nestjs/core';
import passport from 'passport';
import { AppModule } from './app.module.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  // As in every Passport tutorial: the session module's middleware already runs before these.
  app.use(passport.initialize());
  app.use(passport.session());
  await app.listen(process.env.PORT ?? 3000);
}

void bootstrap();
