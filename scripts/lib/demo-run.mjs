// Used by scripts/demo.sh after the queue round trip: starts the deepseek-debates-2025 preset as a
// run through GraphQL (the same path as any client), follows it to SUCCEEDED and prints its KPIs.
// Plain Node (fetch), no dependencies. Usage: node scripts/lib/demo-run.mjs <base-url> [paths]
// The API key comes from DEMO_API_KEY or ADMIN_API_KEY (an editor key is enough).
import { graphqlAt } from './demo-graphql.mjs';
const base = process.argv[2];
const paths = Number(process.argv[3] ?? 200);
const PRESET = 'deepseek-debates-2025';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const graphql = graphqlAt(base);

const money = (x) => {
  if (x === null || !Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(1)}M`;
  return `${sign}$${a.toFixed(0)}`;
};

try {
  const { scenario } = await graphql('query($n: String) { scenario(name: $n) { id } }', { n: PRESET });
  if (!scenario) throw new Error(`the preset ${PRESET} is not in the database (did the seed run?)`);
  const { startRun } = await graphql(
    'mutation($s: ID!, $o: StartRunInput!) { startRun(scenarioId: $s, options: $o) { id status chunksTotal } }',
    { s: scenario.id, o: { paths, seed: 2025, chunkSize: Math.max(1, Math.ceil(paths / 8)), label: 'demo' } },
  );
  console.log(`demo: run ${startRun.id} of ${PRESET} queued (${paths} paths in ${startRun.chunksTotal} chunks)`);
  const started = Date.now();
  let run;
  let shown = -1;
  for (;;) {
    ({ run } = await graphql(
      `query($id: ID!) { run(id: $id) { status progress error kpis { periods cumulativeSpend
        peakGpuRentalPrice { value date }
        labs { lab strategy cumulativeRevenue cumulativeOperatingProfit finalShare finalRunwayPeriods }
        frontierPremium { tier peakLeaderPremium periodsAboveCost halfLifePeriods } } } }`,
      { id: startRun.id },
    ));
    const pct = Math.floor(run.progress * 100);
    if (pct !== shown && run.status === 'RUNNING') console.log(`demo: ${pct}%`);
    shown = pct;
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status)) break;
    if (Date.now() - started > 600_000) throw new Error('the run did not finish within 10 minutes');
    await sleep(500);
  }
  if (run.status !== 'SUCCEEDED') throw new Error(`the run ended ${run.status}: ${run.error ?? ''}`);
  const k = run.kpis;
  console.log(`demo: run SUCCEEDED in ${((Date.now() - started) / 1000).toFixed(1)} s; KPIs over ${k.periods} periods (means across paths):`);
  console.log('  lab          strategy                    revenue    op. profit   final share   runway (periods)');
  for (const l of k.labs) {
    console.log(
      `  ${l.lab.padEnd(12)} ${l.strategy.padEnd(26)} ${money(l.cumulativeRevenue).padStart(9)} ${money(l.cumulativeOperatingProfit).padStart(12)} ` +
        `${(l.finalShare * 100).toFixed(1).padStart(12)}% ${String(l.finalRunwayPeriods === null ? '-' : l.finalRunwayPeriods >= 1000 ? 'not burning' : l.finalRunwayPeriods.toFixed(1)).padStart(17)}`,
    );
  }
  for (const t of k.frontierPremium) {
    console.log(
      `  tier ${t.tier}: peak leader premium ${t.peakLeaderPremium === null ? '-' : `${t.peakLeaderPremium.toFixed(2)}x`}, ` +
        `above cost ${t.periodsAboveCost} periods, premium half-life ${t.halfLifePeriods ?? 'not reached'}`,
    );
  }
  if (k.peakGpuRentalPrice) console.log(`  GPU rental price peak: $${k.peakGpuRentalPrice.value.toFixed(2)}/h in ${k.peakGpuRentalPrice.date}`);
  console.log(`  market spend over the run: ${money(k.cumulativeSpend)}`);
} catch (err) {
  console.error(`demo: ${err.message}`);
  process.exit(1);
}
