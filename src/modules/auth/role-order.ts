import { Role } from './roles.decorator.js';

const RANK: Record<Role, number> = { [Role.Viewer]: 1, [Role.Editor]: 2, [Role.Admin]: 3 };

/** True when `held` includes `required` (viewer < editor < admin). */
export function roleSatisfies(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}

/** Every role below `role`, lowest first (the callers that must be refused). */
export function rolesBelow(role: Role): Role[] {
  return (Object.values(Role) as Role[]).filter((r) => RANK[r] < RANK[role]).sort((a, b) => RANK[a] - RANK[b]);
}
