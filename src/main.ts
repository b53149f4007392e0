import { loadConfigOrExit } from './config/load-config.js';

// Config first, before the framework is even loaded: a bad environment exits at once with one
// line per variable, and nothing connects anywhere.
const config = loadConfigOrExit('api');
const { createApi } = await import('./bootstrap.js');
const { installApiShutdown } = await import('./modules/lifecycle/graceful-shutdown.js');
const { Logger } = await import('nestjs-pino');
const app = await createApi(config);
installApiShutdown(app, config.shutdownGraceMs, app.get(Logger));
await app.listen(config.port);
app.get(Logger).log(`API listening: GraphQL at ${await app.getUrl()}/graphql, health at /health`);
