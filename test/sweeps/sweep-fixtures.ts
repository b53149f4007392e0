import pg from 'pg';
import type { RunningApi } from '../helpers/api-app.js';
import { eventually } from '../helpers/eventually.js';

export interface SweepView {
  id: string;
  kind: string;
  status: string;
  currentStatus: string;
  variantsTotal: number;
  seed: number;
  paths: number;
  error: string | null;
  progress: { fraction: number; chunksDone: number; chunksTotal: number; succeeded: number; failed: number; cancelled: number; queued: number; running: number };
}

export interface VariantView {
  index: number;
  role: string;
  parameter: string | null;
  overrides: { path: string; value: number }[];
  runId: string;
  runStatus: string;
  kpis: { name: string; value: number | null }[];
}

export const SWEEP_FIELDS = 'id kind status currentStatus variantsTotal seed paths error progress { fraction chunksDone chunksTotal succeeded failed cancelled queued running }';

export async function startSweep(api: RunningApi, scenarioId: string, spec: unknown, options: unknown, as?: Parameters<RunningApi['graphql']>[2]) {
  return api.graphql<{ startSweep: SweepView }>(
    `mutation($s: ID!, $spec: SweepSpecInput!, $o: StartSweepOptionsInput!) { startSweep(scenarioId: $s, spec: $spec, options: $o) { ${SWEEP_FIELDS} } }`,
    { s: scenarioId, spec, o: options },
    as,
  );
}

export async function getSweep(api: RunningApi, id: string): Promise<SweepView> {
  const res = await api.graphql<{ sweep: SweepView }>(`query($id: ID!) { sweep(id: $id) { ${SWEEP_FIELDS} } }`, { id });
  if (res.errors || !res.data?.sweep) throw new Error(`sweep ${id}: ${JSON.stringify(res.errors ?? 'null')}`);
  return res.data.sweep;
}

/** Every variant (paged through `variants(first, after)` to exercise the cursor). */
export async function allVariants(api: RunningApi, id: string, pageSize = 4): Promise<VariantView[]> {
  const out: VariantView[] = [];
  let after: number | null = null;
  for (;;) {
    const res: { data?: { sweep: { variants: { items: VariantView[]; nextCursor: number | null } } } | null; errors?: unknown } = await api.graphql(
      `query($id: ID!, $first: Int!, $after: Int) { sweep(id: $id) { variants(first: $first, after: $after) {
         items { index role parameter overrides { path value } runId runStatus kpis { name value } } nextCursor } } }`,
      { id, first: pageSize, after },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    out.push(...res.data!.sweep.variants.items);
    after = res.data!.sweep.variants.nextCursor;
    if (after === null) return out;
  }
}

export const sweepFinished = (s: SweepView) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(s.status);

export async function waitForSweep(api: RunningApi, id: string, done: (s: SweepView) => boolean = sweepFinished, timeoutMs = 120_000): Promise<SweepView> {
  let last: SweepView | undefined;
  try {
    return await eventually(
      async () => {
        last = await getSweep(api, id);
        return done(last) ? last : undefined;
      },
      { what: `sweep ${id}`, timeoutMs, intervalMs: 200 },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last state ${JSON.stringify(last)}`);
  }
}

export function kpiOf(variant: VariantView, name: string): number | null {
  const k = variant.kpis.find((x) => x.name === name);
  if (!k) throw new Error(`variant ${variant.index} has no KPI ${name}: ${variant.kpis.map((x) => x.name).join(', ')}`);
  return k.value;
}

export async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
