import type { INestApplication } from '@nestjs/common';
import { ApiKeysService } from '../../src/modules/auth/api-keys.service.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';

/** One secret per role, created through the API's own key service. */
export type TestKeys = Record<Role, string>;

/** Creates a viewer, an editor and an admin key in the app's database; returns their secrets. */
export async function createTestKeys(app: INestApplication): Promise<TestKeys> {
  const keys = app.get(ApiKeysService, { strict: false });
  const now = new Date();
  const entries = await Promise.all(
    Object.values(Role).map(async (role) => [role, (await keys.create(`test ${role}`, role, now)).secret] as const),
  );
  return Object.fromEntries(entries) as TestKeys;
}

/** `{ authorization: 'Bearer <secret>' }`, or no header for `null`. */
export function authHeader(secret: string | null): Record<string, string> {
  return secret === null ? {} : { authorization: `Bearer ${secret}` };
}
