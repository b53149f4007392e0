import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/free-port.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';

const ctx = useTestContext();
let api: RunningApi;
let worker: SpawnedEntrypoint | undefined;

beforeAll(async () => {
  api = await startApi(ctx.config);
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

async function scrape(url = `${api.url}/metrics`, headers = api.headers(Role.Viewer)): Promise<string> {
  const res = await fetch(url, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of the sample `name{labels}` in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.indexOf('}'));
    const have = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

const enqueuePing = (m: string) => api.graphql('mutation($m: String!) { pingQueue(message: $m) { id } }', { m }, Role.Editor);

describe('/metrics', () => {
  it('needs a key (any role from viewer up)', async () => {
    expect((await fetch(`${api.url}/metrics`)).status).toBe(401);
  });

  it('counts HTTP requests, refused ones included, and times root resolvers', async () => {
    await api.graphql('{ apiKeys { id } }');
    await fetch(`${api.url}/graphql`, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{}' });
    const text = await scrape();
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status_code: '401' })).toBe(1);
    expect(sample(text, 'graphql_resolver_duration_seconds_count', { type: 'Query', field: 'apiKeys', outcome: 'ok' })).toBe(1);
  });

  it('reports queue depth per queue and state, runs per status, and no workers while none runs', async () => {
    await enqueuePing('one');
    await enqueuePing('two');
    const text = await scrape();
    expect(sample(text, 'bullmq_queue_jobs', { queue: 'ping', state: 'waiting' })).toBe(2);
    expect(sample(text, 'bullmq_workers', { queue: 'ping' })).toBe(0);
    for (const status of ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']) {
      expect({ status, n: sample(text, 'frontier_runs', { status }) }).toEqual({ status, n: 0 });
    }
  });

  it('sees a worker process attach, drain the queue, and report job durations on its own port', async () => {
    const port = await freePort();
    worker = spawnEntrypoint('worker', { ...ctx.env, WORKER_METRICS_PORT: String(port), LOG_LEVEL: 'info' });
    await worker.waitForLine(/worker ready/, 90_000);
    await worker.waitForLine(/worker metrics at/);

    await eventually(async () => {
      const text = await scrape();
      return sample(text, 'bullmq_queue_jobs', { queue: 'ping', state: 'completed' }) === 2 ? true : undefined;
    }, { what: 'both pings completed', timeoutMs: 45_000 });
    const apiText = await scrape();
    expect(sample(apiText, 'bullmq_workers', { queue: 'ping' })).toBeGreaterThanOrEqual(1);
    expect(sample(apiText, 'bullmq_queue_jobs', { queue: 'ping', state: 'waiting' })).toBe(0);

    const workerText = await scrape(`http://127.0.0.1:${port}/metrics`, {});
    expect(sample(workerText, 'bullmq_job_duration_seconds_count', { queue: 'ping', job: 'ping', outcome: 'completed' })).toBe(2);
    expect(sample(workerText, 'bullmq_job_failures_total', { queue: 'ping', job: 'ping' })).toBeUndefined();
  }, 150_000);
});
