import { z } from 'zod';

/**
 * Security and operations settings (API keys, CORS, rate limits, GraphQL limits, metrics,
 * shutdown). Kept in one place so AppConfig stays readable; every field has a default, so code and
 * tests that build an AppConfig without them get the documented behaviour.
 */
export interface SecuritySettings {
  /** A key granted the admin role on first start (stored hashed); undefined: none bootstrapped. */
  readonly adminApiKey: string | undefined;
  /** Password of the read-only BI role `frontier_bi`, set by `npm run seed`; undefined: no BI login. */
  readonly biReadonlyPassword: string | undefined;
  /** Origins allowed to call the API from a browser (exact match); empty: no cross-origin access. */
  readonly corsOrigins: readonly string[];
  /** Requests one API key (or one anonymous address) may make per window; 0 turns limiting off. */
  readonly rateLimitMax: number;
  /** Length of the rate-limit window, in milliseconds. */
  readonly rateLimitWindowMs: number;
  /** Deepest selection-set nesting a GraphQL operation may have. */
  readonly graphqlMaxDepth: number;
  /** Most aliased fields in one GraphQL operation. */
  readonly graphqlMaxAliases: number;
  /** Highest estimated cost (fields x list sizes) of one GraphQL operation. */
  readonly graphqlMaxCost: number;
  /** Longest GraphQL query text, in characters (variables are not counted). */
  readonly graphqlMaxQueryChars: number;
  /** Whether schema introspection is answered. */
  readonly graphqlIntrospection: boolean;
  /** Port of the worker's own /metrics listener; undefined: the worker serves no metrics. */
  readonly workerMetricsPort: number | undefined;
  /** Address the worker's metrics listener binds. */
  readonly workerMetricsHost: string;
  /** How long a process waits for in-flight requests or jobs on SIGTERM before closing anyway. */
  readonly shutdownGraceMs: number;
}

export const SECURITY_DEFAULTS: SecuritySettings = {
  adminApiKey: undefined,
  biReadonlyPassword: undefined,
  corsOrigins: [],
  rateLimitMax: 600,
  rateLimitWindowMs: 60_000,
  graphqlMaxDepth: 10,
  graphqlMaxAliases: 20,
  graphqlMaxCost: 5_000,
  graphqlMaxQueryChars: 20_000,
  graphqlIntrospection: true,
  workerMetricsPort: undefined,
  workerMetricsHost: '127.0.0.1',
  shutdownGraceMs: 10_000,
};

function int(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** An exact browser origin: scheme, host, optional port; no path. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

const splitList = (value: string) => (value === '' ? [] : value.split(',').map((o) => o.trim()));

/** The environment variables behind SecuritySettings; spread into envSchema. */
export const securityEnvShape = {
  ADMIN_API_KEY: z
    .string()
    .regex(/^[\x21-\x7e]{32,256}$/, 'must be 32-256 printable characters without spaces (e.g. from `npm run keys -- generate`)')
    .optional(),
  BI_READONLY_PASSWORD: z
    .string()
    .regex(/^[\x21-\x7e]{12,256}$/, 'must be 12-256 printable characters without spaces')
    .optional(),
  CORS_ORIGINS: z
    .string()
    .trim()
    .refine((value) => splitList(value).every(isOrigin), 'must be a comma-separated list of origins like https://bi.example.com (scheme, host, port; no path)')
    .transform(splitList)
    .default([]),
  RATE_LIMIT_MAX: int(0, 1_000_000).default(SECURITY_DEFAULTS.rateLimitMax),
  RATE_LIMIT_WINDOW_MS: int(100, 86_400_000).default(SECURITY_DEFAULTS.rateLimitWindowMs),
  GRAPHQL_MAX_DEPTH: int(2, 100).default(SECURITY_DEFAULTS.graphqlMaxDepth),
  GRAPHQL_MAX_ALIASES: int(0, 1_000).default(SECURITY_DEFAULTS.graphqlMaxAliases),
  GRAPHQL_MAX_COST: int(1, 10_000_000).default(SECURITY_DEFAULTS.graphqlMaxCost),
  GRAPHQL_MAX_QUERY_CHARS: int(100, 1_000_000).default(SECURITY_DEFAULTS.graphqlMaxQueryChars),
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  WORKER_METRICS_PORT: int(0, 65_535).optional(),
  WORKER_METRICS_HOST: z.string().trim().min(1, 'is empty').default(SECURITY_DEFAULTS.workerMetricsHost),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(SECURITY_DEFAULTS.shutdownGraceMs),
};

type SecurityEnv = z.output<z.ZodObject<typeof securityEnvShape>>;

/** Maps parsed variables to settings. Introspection defaults to on except in production. */
export function securitySettingsFromEnv(e: SecurityEnv, nodeEnv: string): SecuritySettings {
  return {
    adminApiKey: e.ADMIN_API_KEY,
    biReadonlyPassword: e.BI_READONLY_PASSWORD,
    corsOrigins: e.CORS_ORIGINS,
    rateLimitMax: e.RATE_LIMIT_MAX,
    rateLimitWindowMs: e.RATE_LIMIT_WINDOW_MS,
    graphqlMaxDepth: e.GRAPHQL_MAX_DEPTH,
    graphqlMaxAliases: e.GRAPHQL_MAX_ALIASES,
    graphqlMaxCost: e.GRAPHQL_MAX_COST,
    graphqlMaxQueryChars: e.GRAPHQL_MAX_QUERY_CHARS,
    graphqlIntrospection: e.GRAPHQL_INTROSPECTION === undefined ? nodeEnv !== 'production' : e.GRAPHQL_INTROSPECTION === 'true',
    workerMetricsPort: e.WORKER_METRICS_PORT,
    workerMetricsHost: e.WORKER_METRICS_HOST,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}
