import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config.js';

/** Provides {@link AppConfig}, read from `process.env` once at startup. Tests override the provider. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => AppConfig.fromEnv(process.env) }],
  exports: [AppConfig],
})
export class ConfigModule {}
