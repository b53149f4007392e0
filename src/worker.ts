import { loadConfigOrExit } from './config/load-config.js';

// Config first, before the framework is even loaded: a bad environment exits at once with one
// line per variable, and nothing connects anywhere.
const config = loadConfigOrExit('worker');
const { createWorker } = await import('./bootstrap.js');
const { installWorkerShutdown } = await import('./modules/lifecycle/graceful-shutdown.js');
const { Logger } = await import('nestjs-pino');
const { RunThreads } = await import('./modules/runs/run-threads.js');
const app = await createWorker(config);
installWorkerShutdown(app, config.shutdownGraceMs, app.get(Logger));
// The run jobs' helper threads start with the worker (the API, which shares the module, has none).
const threads = app.get(RunThreads);
threads.start();
await app.init();
app.get(Logger).log(`worker ready (concurrency ${config.workerConcurrency}, threads ${threads.perJob} per job, prefix ${config.redisPrefix})`);
