import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import type { AppConfig } from '../../config/app-config.js';

/**
 * Security headers (helmet) and CORS for the API. Browsers may call the API only from
 * CORS_ORIGINS (exact origins; none by default). In development the Content-Security-Policy is
 * off so Apollo's Sandbox landing page at /graphql (loaded from Apollo's CDN) works; elsewhere
 * helmet's strict default applies and the landing page is not meant to be used (introspection
 * is off in production anyway): use a desktop client or the BI tool.
 */
export function applyHttpSecurity(app: INestApplication, config: AppConfig): void {
  app.use(
    helmet({
      contentSecurityPolicy: config.nodeEnv === 'development' ? false : undefined,
      crossOriginEmbedderPolicy: false,
    }),
  );
  const allowed = new Set(config.corsOrigins);
  app.enableCors({
    origin: allowed.size === 0 ? false : (origin: string | undefined, callback: (err: Error | null, allow?: string | boolean) => void) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight'],
    exposedHeaders: ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
    maxAge: 600,
  });
}
