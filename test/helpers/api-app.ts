import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../../src/config/app-config.js';
import { createApi } from '../../src/bootstrap.js';

export interface RunningApi {
  app: INestApplication;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** POSTs a GraphQL operation and returns the parsed body ({ data, errors }). */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphqlBody<T>>;
  close(): Promise<void>;
}

export interface GraphqlBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Boots the real API module graph in this process on an ephemeral loopback port. */
export async function startApi(config: AppConfig): Promise<RunningApi> {
  const app = await createApi(config);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as import('node:http').Server;
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('API did not bind a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    async graphql<T>(query: string, variables?: Record<string, unknown>) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphqlBody<T>;
    },
    close: () => app.close(),
  };
}
