import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestContext } from '../helpers/test-context.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';
import { rolesBelow } from '../../src/modules/auth/role-order.js';
import { rootFields, type RootField } from './schema-probe.js';
import { httpRoutes } from './http-routes.js';
import { subscribeOnce } from './ws-subscribe.js';

const ctx = useTestContext();
let api: RunningApi;
let fields: RootField[];

beforeAll(async () => {
  api = await startApi(ctx.config);
  fields = rootFields(api.app);
});
afterAll(async () => {
  await api?.close();
});

/** Errors of one call of `field` as `as`: over HTTP, or over graphql-ws for subscriptions. */
async function call(field: RootField, as: Role | 'anonymous') {
  if (field.kind === 'Subscription') {
    const headers = api.headers(as);
    const outcome = await subscribeOnce(api.url, field.operation, field.variables, headers.authorization);
    return { errors: outcome.errors, data: outcome.data[0] ?? null };
  }
  const body = await api.graphql(field.operation, field.variables, as);
  return { errors: body.errors ?? [], data: body.data ?? null };
}

const codes = (errors: { extensions?: Record<string, unknown> }[]) => errors.map((e) => e.extensions?.code);

describe('every operation in the served schema is guarded', () => {
  it('finds the operations other modules add (the schema is read from the running app)', () => {
    const names = fields.map((f) => `${f.kind}.${f.name}`);
    expect(names).toEqual(expect.arrayContaining(['Query.apiKeys', 'Mutation.createApiKey', 'Mutation.revokeApiKey', 'Query.pingJob', 'Mutation.pingQueue']));
  });

  it('has a role declared on every Query, Mutation and Subscription field, and none public', () => {
    const undeclared = fields.filter((f) => f.declared === undefined || f.declared === 'public').map((f) => `${f.kind}.${f.name}: ${f.declared ?? 'nothing'}`);
    expect(undeclared).toEqual([]);
  });

  it('asks at least editor for every mutation, and admin for keys and schedules', () => {
    const tooOpen = fields
      .filter(
        (f) =>
          (f.kind === 'Mutation' && f.declared === Role.Viewer) ||
          (/apiKey|schedule/i.test(f.name) && f.declared !== Role.Admin),
      )
      .map((f) => `${f.kind}.${f.name}: ${f.declared}`);
    expect(tooOpen).toEqual([]);
  });

  it('refuses every operation to an anonymous caller with UNAUTHENTICATED, running nothing', async () => {
    const wrong: string[] = [];
    for (const field of fields) {
      const { errors, data } = await call(field, 'anonymous');
      if (!codes(errors).includes('UNAUTHENTICATED') || (data !== null && (data as Record<string, unknown>)[field.name] != null)) {
        wrong.push(`${field.kind}.${field.name}: ${JSON.stringify(errors)} data=${JSON.stringify(data)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every operation to each role below the one it declares with FORBIDDEN', async () => {
    const wrong: string[] = [];
    let probes = 0;
    for (const field of fields) {
      // An undeclared field must be refused even to admin: the guard's default is to refuse.
      const below = field.declared === undefined ? [Role.Viewer, Role.Editor, Role.Admin] : field.declared === 'public' ? [] : rolesBelow(field.declared);
      for (const role of below) {
        probes += 1;
        const { errors } = await call(field, role);
        if (!codes(errors).includes('FORBIDDEN')) wrong.push(`${field.kind}.${field.name} as ${role}: ${JSON.stringify(errors)}`);
      }
    }
    expect(wrong).toEqual([]);
    // Editor and admin operations exist (keys, pings), so the loop above really probed something.
    expect(probes).toBeGreaterThanOrEqual(3);
  });

  it('lets a caller with the declared role through the guard (the refusals above are about roles)', async () => {
    // Queries and subscriptions only: made-up arguments must not change data.
    for (const field of fields.filter((f) => f.kind !== 'Mutation' && f.declared !== undefined && f.declared !== 'public')) {
      const { errors } = await call(field, field.declared as Role);
      expect({ field: field.name, codes: codes(errors).filter((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN') }).toEqual({ field: field.name, codes: [] });
    }
  });

  it('refuses a subscription whose connectionParams carry an unknown key', async () => {
    const subscriptions = fields.filter((f) => f.kind === 'Subscription');
    for (const field of subscriptions) {
      const outcome = await subscribeOnce(api.url, field.operation, field.variables, 'Bearer fms_unknown');
      expect({ field: field.name, codes: codes(outcome.errors) }).toEqual({ field: field.name, codes: ['UNAUTHENTICATED'] });
    }
  });

  it('refuses every HTTP route that is not declared public to an anonymous caller with 401', async () => {
    const routes = httpRoutes(api.app);
    expect(routes.map((r) => r.path)).toContain('/health');
    const wrong: string[] = [];
    for (const route of routes) {
      if (route.declared === undefined) wrong.push(`${route.method} ${route.path}: declares no role`);
      if (route.declared === 'public') continue;
      const res = await fetch(`${api.url}${route.path}`, { method: route.method });
      if (res.status !== 401) wrong.push(`${route.method} ${route.path}: ${res.status}`);
      await res.body?.cancel();
    }
    expect(wrong).toEqual([]);
  });
});
