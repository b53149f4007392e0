import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';
import { AppModule } from './app.module.js';
import { WorkerModule } from './worker.module.js';
import { applyHttpSecurity } from './modules/auth/http-security.js';

/** Builds the API (not yet listening). Shared by src/main.ts and the e2e test helpers. */
export async function createApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Scenario documents may be 1 MB (SERVICE.md); with JSON escaping and the query around them a
  // request stays under 2 MB, so the validator, not the body parser, names what is too large.
  app.useBodyParser('json', { limit: '2mb' });
  applyHttpSecurity(app, config);
  // No enableShutdownHooks: main.ts installs installApiShutdown, which drains requests before
  // the hooks close the database (tests close the app themselves).
  return app;
}

/** Builds the worker: an application context with no HTTP server; processors start on init. */
export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // No enableShutdownHooks: worker.ts installs installWorkerShutdown, which lets the BullMQ
  // workers finish their jobs before the hooks close the database.
  return app;
}
