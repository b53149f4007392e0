import type { Role } from './roles.decorator.js';

/** Who is calling: an API key that authenticated, with its role. */
export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
}

/** What the API-key middleware leaves on each HTTP request. */
export interface AuthenticatedRequest {
  principal?: Principal | null;
}
