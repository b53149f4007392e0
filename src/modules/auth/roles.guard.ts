import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { RateLimiter } from '../rate-limit/rate-limiter.service.js';
import { bearerToken } from './api-key-secret.js';
import { ApiKeysService } from './api-keys.service.js';
import type { AuthenticatedRequest, Principal } from './principal.js';
import { roleSatisfies } from './role-order.js';
import { PUBLIC_KEY, ROLE_KEY, type Role } from './roles.decorator.js';

/** The GraphQL context (see graphql-security-options.ts): an HTTP request, or a graphql-ws operation (connectionParams set). */
export interface GqlContext {
  req?: AuthenticatedRequest;
  connectionParams?: Record<string, unknown>;
}

type Refusal = { code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED'; message: string };

const log = new Logger('RolesGuard');

/**
 * The global guard (APP_GUARD): every resolver and controller handler must say `@RequireRole` or
 * `@Public`; anything that says neither is refused, so a new endpoint without a decision fails
 * closed. HTTP requests arrive already authenticated by ApiKeyMiddleware; subscriptions carry
 * their key in the graphql-ws `connectionParams.authorization` and are checked here.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const required = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets);
    const isGraphql = context.getType<string>() === 'graphql';
    const where = `${context.getClass().name}.${context.getHandler().name}`;

    let refusal: Refusal | null;
    if (required === undefined) {
      log.error(`${where} has neither @RequireRole nor @Public: refused`);
      refusal = { code: 'FORBIDDEN', message: 'This operation is not open to any role' };
    } else {
      const principal = isGraphql
        ? await this.graphqlPrincipal(GqlExecutionContext.create(context).getContext<GqlContext>())
        : (context.switchToHttp().getRequest<AuthenticatedRequest>().principal ?? null);
      refusal = typeof principal === 'object' && principal !== null && 'code' in principal ? principal : check(principal, required);
    }
    if (refusal === null) return true;
    if (isGraphql) throw new GraphQLError(refusal.message, { extensions: { code: refusal.code } });
    throw refusal.code === 'UNAUTHENTICATED' ? new UnauthorizedException(refusal.message) : new ForbiddenException(refusal.message);
  }

  /** The caller of a GraphQL operation: from the HTTP request, or from the subscription's params. */
  private async graphqlPrincipal(ctx: GqlContext): Promise<Principal | null | Refusal> {
    // Over graphql-ws Nest also sets `req` (to the socket's context), so connectionParams decides.
    if (ctx.connectionParams === undefined) return ctx.req?.principal ?? null;
    const params = ctx.connectionParams;
    const header = params.authorization ?? params.Authorization;
    const token = bearerToken(typeof header === 'string' ? header : undefined);
    if (token === null) return null;
    if (token === 'malformed') return { code: 'UNAUTHENTICATED', message: 'connectionParams.authorization must be "Bearer <API key>"' };
    const principal = await this.keys.authenticate(token, new Date());
    if (principal === null) return { code: 'UNAUTHENTICATED', message: 'Unknown or revoked API key' };
    const decision = await this.limiter.hit(`key:${principal.keyId}`);
    if (!decision.allowed) return { code: 'RATE_LIMITED', message: `Rate limit of ${decision.limit} requests exceeded` };
    return principal;
  }
}

function check(principal: Principal | null, required: Role): Refusal | null {
  if (principal === null) return { code: 'UNAUTHENTICATED', message: `An API key with role ${required} or higher is required` };
  if (!roleSatisfies(principal.role, required)) {
    return { code: 'FORBIDDEN', message: `Role ${principal.role} may not do this; it needs ${required} or higher` };
  }
  return null;
}
