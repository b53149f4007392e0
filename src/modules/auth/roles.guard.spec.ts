import { describe, expect, it } from '@jest/globals';
import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeysService } from './api-keys.service.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.service.js';
import type { Principal } from './principal.js';
import { RolesGuard } from './roles.guard.js';
import { Public, RequireRole, Role } from './roles.decorator.js';

class Controller {
  undecided() {}
  @Public()
  open() {}
  @RequireRole(Role.Editor)
  edit() {}
}

/** An HTTP execution context for `Controller.<method>` whose request carries `principal`. */
function http(method: keyof Controller, principal: Principal | null): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => Controller.prototype[method],
    getClass: () => Controller,
    switchToHttp: () => ({ getRequest: () => ({ principal }) }),
  } as unknown as ExecutionContext;
}

const sut = new RolesGuard(new Reflector(), {} as ApiKeysService, {} as RateLimiter);
const as = (role: Role): Principal => ({ keyId: 'k', name: 'n', role });

describe(RolesGuard.name, () => {
  it('refuses a handler that declares neither a role nor @Public, even to admin', async () => {
    await expect(sut.canActivate(http('undecided', as(Role.Admin)))).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('lets anyone through a @Public handler', async () => {
    await expect(sut.canActivate(http('open', null))).resolves.toBe(true);
  });

  it('asks for a key, then for a role at least the declared one', async () => {
    await expect(sut.canActivate(http('edit', null))).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(sut.canActivate(http('edit', as(Role.Viewer)))).rejects.toBeInstanceOf(ForbiddenException);
    await expect(sut.canActivate(http('edit', as(Role.Editor)))).resolves.toBe(true);
    await expect(sut.canActivate(http('edit', as(Role.Admin)))).resolves.toBe(true);
  });
});
