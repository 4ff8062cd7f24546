import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from './config/app-config.js';
import { STYLES_CSP_SOURCE } from './views/layout.js';

/** Express settings that live outside the module graph; used by `main.ts` and by the tests. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get(AppConfig);
  if (config.trustProxyHops > 0) {
    // Behind a TLS-terminating proxy (nginx, a load balancer): trust its X-Forwarded-Proto, so
    // req.secure is true and the Secure session cookie is sent. Same as app.set('trust proxy', 1).
    // The proxy must also pass the browser's Host (nginx: proxy_set_header Host $http_host) for the
    // CSRF check below (see docs/csrf.md).
    app.set('trust proxy', config.trustProxyHops);
  }
  // Refuses state-changing requests a browser sends from another origin (login CSRF included).
  app.enableCsrfProtection();
  app.useSecurityHeaders({
    // No scripts, no framing, forms post only to this origin, and only the page's own stylesheet.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [STYLES_CSP_SOURCE],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    // Not helmet's 'no-referrer': with it, browsers send `Origin: null` on form posts, which the CSRF
    // check refuses wherever they send no Sec-Fetch-Site (plain HTTP to a host name other than localhost).
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
  return app;
}
