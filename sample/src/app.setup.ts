import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from './config/app-config.js';

/** Express settings that live outside the module graph; used by `main.ts` and by the tests. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get(AppConfig);
  if (config.trustProxyHops > 0) {
    // Behind a TLS-terminating proxy (nginx, a load balancer): trust its X-Forwarded-Proto, so
    // req.secure is true and the Secure session cookie is sent. Same as app.set('trust proxy', 1).
    app.set('trust proxy', config.trustProxyHops);
  }
  app.disable('x-powered-by');
  return app;
}
