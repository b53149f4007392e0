import { loadConfigOrExit } from './config/load-config.js';

// Config first, before the framework is even loaded: a bad environment exits at once with one
// line per variable, and nothing connects anywhere.
const config = loadConfigOrExit('worker');
const { createWorker } = await import('./bootstrap.js');
const { installWorkerShutdown } = await import('./modules/lifecycle/graceful-shutdown.js');
const { Logger } = await import('nestjs-pino');
const app = await createWorker(config);
installWorkerShutdown(app, config.shutdownGraceMs, app.get(Logger));
await app.init();
app.get(Logger).log(`worker ready (concurrency ${config.workerConcurrency}, prefix ${config.redisPrefix})`);
