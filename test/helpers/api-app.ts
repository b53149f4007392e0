import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../../src/config/app-config.js';
import { createApi } from '../../src/bootstrap.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';
import { authHeader, createTestKeys, type TestKeys } from './api-keys.js';

/**
 * Who a test request is sent as: a role (that role's test key), 'anonymous' (no header), or
 * `{ key }` (any secret, e.g. a revoked one). Default: the admin key.
 */
export type Caller = Role | 'anonymous' | { key: string };

export interface RunningApi {
  app: INestApplication;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Secrets of a viewer, an editor and an admin key created at start. */
  keys: TestKeys;
  /** POSTs a GraphQL operation as `as` (default: admin) and returns the parsed body ({ data, errors }). */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<GraphqlBody<T>>;
  /** The Authorization header for a caller (`{}` for anonymous), for fetch/supertest calls. */
  headers(as?: Caller): Record<string, string>;
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
  const keys = await createTestKeys(app);
  const headers = (as: Caller = Role.Admin) =>
    authHeader(as === 'anonymous' ? null : typeof as === 'object' ? as.key : keys[as]);
  return {
    app,
    url,
    keys,
    headers,
    async graphql<T>(query: string, variables?: Record<string, unknown>, as?: Caller) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers(as) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphqlBody<T>;
    },
    close: () => app.close(),
  };
}
