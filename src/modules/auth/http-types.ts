import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The parts of Express's request and response this code uses (the project does not depend on
 * @types/express; Nest's Express adapter provides these at run time).
 */
export interface HttpRequest extends IncomingMessage {
  path: string;
  ip?: string;
  body?: unknown;
  query?: Record<string, unknown>;
  route?: { path?: string };
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
}

export type NextFunction = (err?: unknown) => void;
