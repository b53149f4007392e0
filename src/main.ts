import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from './config/load-config.js';
import { createApi } from './bootstrap.js';

// Config first: a bad environment exits here with one line per variable, before anything connects.
const config = loadConfigOrExit('api');
const app = await createApi(config);
await app.listen(config.port);
app.get(Logger).log(`API listening: GraphQL at ${await app.getUrl()}/graphql, health at /health`);
