import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from './http-types.js';
import { AppConfig } from '../../config/app-config.js';
import { refuse } from './api-key.middleware.js';

/**
 * Refuses a GraphQL query text longer than GRAPHQL_MAX_QUERY_CHARS before it is parsed, so an
 * oversized document costs nothing. Variables are not counted (a scenario document travels there).
 */
@Injectable()
export class GraphqlQuerySizeMiddleware implements NestMiddleware {
  constructor(private readonly config: AppConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (req.path === '/graphql') {
      const body: unknown = req.body;
      const queries = Array.isArray(body) ? body.map((op: { query?: unknown }) => op?.query) : [(body as { query?: unknown } | undefined)?.query ?? req.query?.query];
      const longest = Math.max(0, ...queries.map((q) => (typeof q === 'string' ? q.length : 0)));
      if (longest > this.config.graphqlMaxQueryChars) {
        return refuse(req, res, 413, 'QUERY_TOO_LARGE', `Query text is ${longest} characters; the limit is ${this.config.graphqlMaxQueryChars}`, {
          limit: 'size',
          max: this.config.graphqlMaxQueryChars,
          actual: longest,
        });
      }
    }
    next();
  }
}
