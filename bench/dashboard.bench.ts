/**
 * Dashboard benchmark (not a test): throughput and p99 latency of a typical dashboard query, one
 * metric for all models of a preset run (`run(id) { series(entityType: MODEL, metric: "price") }`),
 * at 50 concurrent clients against the real API process, and against a bare node:http server
 * answering the same JSON with one raw pg query (the ratio is the cost of GraphQL, auth, limits,
 * metrics and the loaders).
 *
 *   npm run bench:dashboard -- [--paths 20] [--seconds 10] [--clients 50] [--rounds 1]
 *
 * It compiles src/ as the tests do, creates and migrates a database of its own (dropped at the
 * end), stores one SUCCEEDED preset run with the engine's rows (written by the runs module's COPY
 * writer), spawns the API (rate limiting on, with a budget the load cannot exhaust, so its Redis
 * round trip is measured) and the bare server as separate processes, and loads each in turn with
 * autocannon (a third process) over keep-alive connections to 127.0.0.1 only, bounded by time and
 * by a request cap. `--rounds N` alternates bare and API N times, so a change in the machine's
 * load hits both.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadPreset } from '../src/engine/presets/presets.js';
import { freePort } from '../test/helpers/free-port.js';
import { insertScenario } from '../test/runs/run-fixtures.js';
import { engineRows, insertSucceededRun } from '../test/results/result-fixtures.js';
import { openServiceStack, ROOT, sleep } from './lib/service-stack.js';

const PRESET = 'deepseek-debates-2025';
const MAX_REQUESTS = 200_000;

const { values: flags } = parseArgs({
  options: {
    paths: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
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
  /** CPU time of the server process per answered request (its own work, not PostgreSQL's). */
  cpuMsPerRequest: number;
}

/** The fields of autocannon's `--json` summary this bench reads. */
interface AutocannonSummary {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  latency: { p50: number; p99: number };
}

const AUTOCANNON = `${ROOT}node_modules/autocannon/autocannon.js`;

/** autocannon in a process of its own (so the load generator shares no event loop with this script). */
async function autocannon(port: number, req: Request, clients: number, seconds: number): Promise<AutocannonSummary> {
  const args = [AUTOCANNON, '--json', '--no-progress', '-c', String(clients), '-d', String(seconds), '-O', String(MAX_REQUESTS), '-m', req.method];
  for (const [name, value] of Object.entries(req.headers)) args.push('-H', `${name}=${value}`);
  if (req.body !== undefined) args.push('-b', req.body);
  args.push(`http://127.0.0.1:${port}${req.path}`);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${out}`);
  return JSON.parse(out.trim().split('\n').pop()!) as AutocannonSummary;
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * `clients` connections in a closed loop for `seconds` after a 2 s warm-up, to 127.0.0.1 only,
 * bounded by time and by a request cap; also the server process's CPU time per answered request.
 */
async function load(port: number, pid: number, req: Request, clients: number, seconds: number): Promise<LoadResult> {
  await autocannon(port, req, clients, 2);
  const cpu0 = await cpuSeconds(pid);
  const r = await autocannon(port, req, clients, seconds);
  const cpu = (await cpuSeconds(pid)) - cpu0;
  const ok = r['2xx'];
  return {
    requests: ok,
    errors: r.errors + r.timeouts + r.non2xx,
    seconds: r.duration,
    perSecond: ok / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpuMsPerRequest: (1000 * cpu) / Math.max(1, ok),
  };
}

async function main(): Promise<void> {
  const paths = Number(flags.paths);
  const seconds = Number(flags.seconds);
  const clients = Number(flags.clients);
  const [apiPort, barePort] = [await freePort(), await freePort()];
  const rounds = Number(flags.rounds);
  // Rate limiting stays on (one Redis round trip per request, as in production) with a budget of
  // a million requests a minute, which the load cannot exhaust.
  const stack = await openServiceStack('dashboard', { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000' });
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

    const line = (name: string, r: LoadResult) =>
      `${name.padEnd(24)} ${r.perSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ` +
      `CPU ${r.cpuMsPerRequest.toFixed(2).padStart(5)} ms/req  (${r.requests} ok, ${r.errors} errors, ${r.seconds.toFixed(1)} s)`;
    const load1 = () => loadavg()[0]!.toFixed(1);
    for (let round = 1; round <= rounds; round++) {
      if (rounds > 1) console.log(`round ${round} of ${rounds} (load average ${load1()})`);
      const bareResult = await load(barePort, bare.child.pid!, raw, clients, seconds);
      console.log(line('bare node:http + pg', bareResult));
      const apiResult = await load(apiPort, api.child.pid!, gql, clients, seconds);
      console.log(line('API GraphQL series', apiResult));
      console.log(`ratio: API = ${((100 * apiResult.perSecond) / bareResult.perSecond).toFixed(0)}% of the bare server's throughput`);
    }
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
