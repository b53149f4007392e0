import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from './http-types.js';
import { RateLimiter } from '../rate-limit/rate-limiter.service.js';
import { bearerToken } from './api-key-secret.js';
import { ApiKeysService } from './api-keys.service.js';
import type { AuthenticatedRequest } from './principal.js';

/** Liveness must answer even when a probe floods it or Redis is slow: never rate limited. */
const UNLIMITED_PATHS = new Set(['/health']);

const log = new Logger('ApiKeyMiddleware');

/**
 * Runs once per HTTP request (a GraphQL request with many fields counts once): resolves the
 * `Authorization: Bearer` key to a principal for the guard, refuses an unknown, revoked or
 * malformed key outright (401), and applies the rate limit per key, or per address when anonymous
 * (429). Whether the route needs a key at all is the guard's decision, not this one's.
 */
@Injectable()
export class ApiKeyMiddleware implements NestMiddleware {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly limiter: RateLimiter,
  ) {}

  async use(req: Request & AuthenticatedRequest, res: Response, next: NextFunction): Promise<void> {
    try {
      const token = bearerToken(req.headers.authorization);
      req.principal = null;
      if (token === 'malformed') {
        return refuse(req, res, 401, 'UNAUTHENTICATED', 'Authorization header must be "Bearer <API key>"');
      }
      if (token !== null) {
        const principal = await this.keys.authenticate(token, new Date());
        if (principal === null) return refuse(req, res, 401, 'UNAUTHENTICATED', 'Unknown or revoked API key');
        req.principal = principal;
      }
      if (!UNLIMITED_PATHS.has(req.path)) {
        const subject = req.principal ? `key:${req.principal.keyId}` : `ip:${req.ip ?? 'unknown'}`;
        const decision = await this.limiter.hit(subject);
        if (Number.isFinite(decision.remaining)) {
          res.setHeader('RateLimit-Limit', String(decision.limit));
          res.setHeader('RateLimit-Remaining', String(decision.remaining));
          res.setHeader('RateLimit-Reset', String(Math.ceil(decision.resetMs / 1000)));
        }
        if (!decision.allowed) {
          const retryAfter = Math.max(1, Math.ceil(decision.resetMs / 1000));
          res.setHeader('Retry-After', String(retryAfter));
          return refuse(req, res, 429, 'RATE_LIMITED', `Rate limit of ${decision.limit} requests exceeded; retry in ${retryAfter} s`, {
            retryAfterSeconds: retryAfter,
          });
        }
      }
      next();
    } catch (err) {
      // The key store is unreachable: say so plainly rather than guessing who the caller is.
      log.error(`could not check API key: ${(err as Error).message}`);
      refuse(req, res, 503, 'SERVICE_UNAVAILABLE', 'Authentication is temporarily unavailable; retry shortly');
    }
  }
}

/**
 * Answers with `status`. GraphQL clients get the GraphQL error shape (`errors[0].extensions.code`)
 * so their error handling sees one format; other routes get Nest's usual JSON.
 */
export function refuse(
  req: Request,
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.status(status);
  if (req.path === '/graphql') {
    res.json({ errors: [{ message, extensions: { code, ...extra } }] });
  } else {
    res.json({ statusCode: status, error: code, message, ...extra });
  }
}
