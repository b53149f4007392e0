import { SetMetadata } from '@nestjs/common';

/** API key roles, each including the ones before it: viewer < editor < admin. */
export enum Role {
  /** Queries, subscriptions, CSV export. */
  Viewer = 'viewer',
  /** Scenarios, runs, sweeps. */
  Editor = 'editor',
  /** API keys, schedules. */
  Admin = 'admin',
}

export const ROLE_KEY = 'frontier:minimumRole';
export const PUBLIC_KEY = 'frontier:public';

/**
 * The least role a resolver or route needs. Every resolver and controller method must carry
 * `@RequireRole` or `@Public`: the global guard refuses anything that has neither.
 */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);

/** Open to anonymous callers (health checks). Use sparingly and say why at the call site. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
