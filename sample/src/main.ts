import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { AppConfig } from './config/app-config.js';

async function bootstrap(): Promise<void> {
  // Check the environment before Nest boots, so a bad setting gives one clear line (ConfigModule reads it again).
  AppConfig.fromEnv(process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { abortOnError: false });
  configureApp(app);
  // On SIGTERM/SIGINT, close the app: the session module then closes its store connections.
  app.enableShutdownHooks();
  const { port } = app.get(AppConfig);
  await app.listen(port);
  new Logger('Bootstrap').log(`Listening on http://localhost:${port}`);
}

bootstrap().catch((error: unknown) => {
  // A ConfigError is thrown before Nest boots: its message is the whole story. Nest has logged the stack of others.
  console.error(`The app did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
