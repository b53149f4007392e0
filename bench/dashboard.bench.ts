/**
 * Dashboard benchmark (not a test): throughput and p99 latency of a typical dashboard query, one
 * metric for all models of a preset run (`run(id) { series(entityType: MODEL, metric: "price") }`),
 * at 50 concurrent clients against the real API process, and against a bare node:http server
 * answering the same JSON with one raw pg query (the ratio is the cost of GraphQL, auth, limits,
 * metrics and the loaders).
 *
 *   npx tsx bench/dashboard.bench.ts [--paths 20] [--seconds 10] [--clients 50]
 *
 * It compiles src/ as the tests do, creates and migrates a database of its own (dropped at the
 * end), stores one SUCCEEDED preset run with the engine's rows (written by the runs module's COPY
 * writer), spawns the API and the bare server as separate processes, and loads each in turn from
 * this process with a closed loop of N clients over keep-alive connections to 127.0.0.1 only,
 * bounded by time and by a request cap. No extra dependency: the loop is node:http.
 */
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadPreset } from '../src/engine/presets/presets.js';
import { freePort } from '../test/helpers/free-port.js';
import { insertScenario } from '../test/runs/run-fixtures.js';
import { engineRows, insertSucceededRun } from '../test/results/result-fixtures.js';
import { openServiceStack, sleep } from './lib/service-stack.js';

const PRESET = 'deepseek-debates-2025';
const MAX_REQUESTS = 200_000;

const { values: flags } = parseArgs({
  options: {
    paths: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '50' },
    'serve-bare': { type: 'boolean', default: false },
  },
});

/**
 * The baseline: GET /series?run=&metric= -> the same JSON shape as the GraphQL answer, from one
 * SQL statement on a pg pool. Started in a child process (`--serve-bare`) so it competes for CPU
 * like the API process does.
 */
async function serveBare(): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 8 });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    pool
      .query<{ entity: string; period: number; date: string; mean: number }>(
        `SELECT entity, period, to_char(date, 'YYYY-MM-DD') AS date, mean FROM run_results
         WHERE run_id = $1 AND entity_type = 'model' AND metric = $2 ORDER BY seq`,
        [url.searchParams.get('run'), url.searchParams.get('metric')],
      )
      .then(({ rows }) => {
        const series = new Map<string, { date: string; period: number; value: number }[]>();
        for (const r of rows) {
          let points = series.get(r.entity);
          if (!points) series.set(r.entity, (points = []));
          points.push({ date: r.date, period: r.period, value: r.mean });
        }
        const body = JSON.stringify({ data: { run: { series: [...series].map(([entity, points]) => ({ entity, points })) } } });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      })
      .catch((err: Error) => res.writeHead(500).end(err.message));
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('bare server ready\n'));
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  bytes: number;
}

function send(agent: http.Agent, port: number, req: Request): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, agent, method: req.method, path: req.path, headers: req.headers }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** A closed loop of `clients` concurrent clients for `seconds` (after a 2 s warm-up). */
async function load(port: number, req: Request, clients: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const warmEnd = Date.now() + 2_000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < warmEnd) await send(agent, port, req);
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end && latencies.length + errors < MAX_REQUESTS) {
        const t0 = process.hrtime.bigint();
        try {
          const res = await send(agent, port, req);
          if (res.status !== 200) errors++;
          else {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            bytes = res.bytes;
          }
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, seconds: elapsed, perSecond: latencies.length / elapsed, p50: q(0.5), p99: q(0.99), bytes };
}

async function main(): Promise<void> {
  const paths = Number(flags.paths);
  const seconds = Number(flags.seconds);
  const clients = Number(flags.clients);
  const [apiPort, barePort] = [await freePort(), await freePort()];
  const stack = await openServiceStack('dashboard', { LOG_LEVEL: 'warn' });
  const { buildDir, dbUrl, adminKey } = stack;
  try {
    const doc = loadPreset(PRESET)!;
    const scenarioId = await insertScenario(dbUrl, doc, PRESET);
    const t0 = Date.now();
    const rows = engineRows(doc, paths, 2025, doc.periods);
    const runId = await insertSucceededRun(dbUrl, scenarioId, rows, { paths, seed: 2025, periods: doc.periods });
    console.log(`stored run ${runId}: ${rows.length} rows from ${paths} paths (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

    // BENCH_API_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the API process.
    const nodeArgs = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const api = stack.spawn([...nodeArgs, `${buildDir}/main.js`], { PORT: String(apiPort) });
    // LOG_LEVEL=warn keeps request logging out of the measurement, so wait on /health instead of a log line.
    for (let i = 0; ; i++) {
      const up = await fetch(`http://127.0.0.1:${apiPort}/health`).then((r) => r.status === 200, () => false);
      if (up) break;
      if (i > 900 || api.child.exitCode !== null) throw new Error('the API did not come up');
      await sleep(100);
    }
    const bare = stack.spawn(['--import', 'tsx', 'bench/dashboard.bench.ts', '--serve-bare'], { PORT: String(barePort), NODE_OPTIONS: '' });
    await bare.ready(/bare server ready/);

    const query = `query($id: ID!) { run(id: $id) { series(entityType: MODEL, metric: "price") { entity points { date period value } } } }`;
    const gql: Request = {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query, variables: { id: runId } }),
    };
    const raw: Request = { method: 'GET', path: `/series?run=${runId}&metric=price`, headers: {} };
    // The API stores ADMIN_API_KEY on start: wait until it answers the query, and check both
    // servers give the same data.
    let apiBody = '';
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`http://127.0.0.1:${apiPort}/graphql`, { method: 'POST', headers: gql.headers, body: gql.body });
      apiBody = await res.text();
      if (res.status === 200 && !apiBody.includes('"errors"')) break;
      await sleep(100);
    }
    const bareBody = await (await fetch(`http://127.0.0.1:${barePort}${raw.path}`)).text();
    // Apollo ends its JSON with a newline; the data must be the same.
    apiBody = apiBody.trimEnd();
    if (apiBody !== bareBody) {
      let at = 0;
      while (at < apiBody.length && apiBody[at] === bareBody[at]) at++;
      throw new Error(`the two servers disagree at byte ${at}:\n${apiBody.slice(at - 150, at + 150)}\n${bareBody.slice(at - 150, at + 150)}`);
    }
    const series = (JSON.parse(apiBody) as { data: { run: { series: unknown[] } } }).data.run.series.length;
    console.log(`query: ${series} model series x ${doc.periods} periods, ${apiBody.length} bytes; ${clients} clients, ${seconds} s each`);

    const bareResult = await load(barePort, raw, clients, seconds);
    const apiResult = await load(apiPort, gql, clients, seconds);
    const line = (name: string, r: LoadResult) =>
      `${name.padEnd(24)} ${r.perSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ` +
      `(${r.requests} ok, ${r.errors} errors, ${r.seconds.toFixed(1)} s)`;
    console.log(line('bare node:http + pg', bareResult));
    console.log(line('API GraphQL series', apiResult));
    console.log(`ratio: API = ${((100 * apiResult.perSecond) / bareResult.perSecond).toFixed(0)}% of the bare server's throughput`);
    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await stack.cleanUp();
  }
}

if (flags['serve-bare']) {
  void serveBare();
} else {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`bench:dashboard: ${(err as Error).stack ?? String(err)}`);
      process.exit(1);
    },
  );
}
