import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { PUBLIC_KEY, ROLE_KEY, type Role } from '../../src/modules/auth/roles.decorator.js';

export interface HttpRoute {
  method: string;
  /** With `:param` segments filled by a made-up value. */
  path: string;
  declared: Role | 'public' | undefined;
}

const join = (...parts: (string | undefined)[]) =>
  '/' + parts.flatMap((p) => (p ?? '').split('/')).filter((s) => s.length > 0).join('/');

/** Every controller route the app registered, read from the controllers it instantiated. */
export function httpRoutes(app: INestApplication): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const base = Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined;
      for (const key of Object.getOwnPropertyNames(type.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(type.prototype, key)?.value as unknown;
        if (typeof handler !== 'function' || key === 'constructor') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod) ?? RequestMethod.GET]!;
        const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, type);
        const role = (Reflect.getMetadata(ROLE_KEY, handler) ?? Reflect.getMetadata(ROLE_KEY, type)) as Role | undefined;
        for (const b of [base].flat()) {
          for (const p of [path].flat()) {
            routes.push({
              method: method === 'ALL' ? 'GET' : method,
              path: join(b, p).replace(/:[A-Za-z0-9_]+/g, '00000000-0000-4000-8000-000000000000'),
              declared: isPublic ? 'public' : role,
            });
          }
        }
      }
    }
  }
  return routes;
}
