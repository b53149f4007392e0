import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from './config/load-config.js';
import { createWorker } from './bootstrap.js';

// Config first: a bad environment exits here with one line per variable, before anything connects.
const config = loadConfigOrExit('worker');
const app = await createWorker(config);
await app.init();
app.get(Logger).log(`worker ready (concurrency ${config.workerConcurrency}, prefix ${config.redisPrefix})`);
