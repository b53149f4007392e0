/**
 * The human-readable summary the simulate command prints, built from the tidy result rows alone
 * (means across paths) plus the scenario document for model -> lab links and release dates.
 */
import type { ResultRow } from '../engine/monte-carlo/types.js';
import type { ScenarioDoc } from '../engine/scenario/types.js';

/** Means indexed by series key and period; NaN where a series has no row. */
class MeanTable {
  readonly periods: number;
  readonly dates: string[] = [];
  private readonly series = new Map<string, Float64Array>();

  constructor(rows: readonly ResultRow[]) {
    this.periods = rows.reduce((m, r) => Math.max(m, r.period + 1), 0);
    for (const r of rows) {
      this.dates[r.period] = r.date;
      const key = `${r.entityType}|${r.entity}|${r.metric}`;
      let s = this.series.get(key);
      if (s === undefined) {
        s = new Float64Array(this.periods).fill(NaN);
        this.series.set(key, s);
      }
      s[r.period] = r.mean;
    }
  }

  get(entityType: string, entity: string, metric: string): Float64Array {
    return this.series.get(`${entityType}|${entity}|${metric}`) ?? new Float64Array(this.periods).fill(NaN);
  }

  /** Model names present in the rows, in first-seen order (roadmap successors included). */
  models(): string[] {
    const names = new Set<string>();
    for (const key of this.series.keys()) {
      if (key.startsWith('model|')) names.add(key.slice(6, key.lastIndexOf('|')));
    }
    return [...names];
  }
}

function sum(s: Float64Array): number {
  let total = 0;
  for (const v of s) if (!Number.isNaN(v)) total += v;
  return total;
}

function firstPeriod(s: Float64Array): number {
  return s.findIndex((v) => !Number.isNaN(v));
}

function lastPeriod(s: Float64Array): number {
  return s.findLastIndex((v) => !Number.isNaN(v));
}

/** USD with a B/M/k suffix. */
export function formatMoney(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(1)}k`;
  return `${sign}$${a.toFixed(a < 1 ? 4 : 2)}`;
}

function formatPrice(x: number): string {
  return Number.isFinite(x) ? `$${x < 1 ? x.toPrecision(3) : x.toFixed(2)}` : '-';
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function table(header: string[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  return [pad(header, widths), ...body.map((r) => pad(r, widths))];
}

/** Lab of a model: the document's, or a roadmap successor `<base>+i`'s base's. */
function labOf(doc: ScenarioDoc, model: string): string {
  const direct = doc.models.find((m) => m.name === model);
  if (direct !== undefined) return direct.lab;
  const plus = model.lastIndexOf('+');
  return plus > 0 ? labOf(doc, model.slice(0, plus)) : '?';
}

/**
 * The tier's leader model at period t, by the rows: the leader lab (earliest release of a model at
 * tier >= k; ties higher capability, then name) and its most capable model whose tier is exactly k,
 * else its least capable model of a higher tier (MODEL.md sections 3-4, read from mean tiers).
 */
function leaderModels(doc: ScenarioDoc, tab: MeanTable, k: number): (string | undefined)[] {
  const models = tab.models();
  const release = (m: string): string => {
    const given = doc.models.find((d) => d.name === m)?.releaseDate;
    return given ?? tab.dates[firstPeriod(tab.get('model', m, 'tier'))] ?? '9999';
  };
  const capability = (m: string): number => sum(tab.get('model', m, 'capability')) / Math.max(1, tab.periods);
  const reached = models.filter((m) => tab.get('model', m, 'tier').some((v) => Math.round(v) >= k));
  reached.sort((a, b) => release(a).localeCompare(release(b)) || capability(b) - capability(a) || a.localeCompare(b));
  if (reached.length === 0) return new Array(tab.periods).fill(undefined);
  const lab = labOf(doc, reached[0]);
  const own = models.filter((m) => labOf(doc, m) === lab);
  const out: (string | undefined)[] = [];
  for (let t = 0; t < tab.periods; t++) {
    const at = own.filter((m) => !Number.isNaN(tab.get('model', m, 'tier')[t]));
    const tierAt = (m: string): number => Math.round(tab.get('model', m, 'tier')[t]);
    const capAt = (m: string): number => tab.get('model', m, 'capability')[t];
    const exact = at.filter((m) => tierAt(m) === k).sort((a, b) => capAt(b) - capAt(a) || release(b).localeCompare(release(a)) || a.localeCompare(b));
    const higher = at.filter((m) => tierAt(m) > k).sort((a, b) => capAt(a) - capAt(b) || a.localeCompare(b));
    out.push(exact[0] ?? higher[0]);
  }
  return out;
}

/** Periods to sample a series at: start, quarters, end. */
function samplePeriods(periods: number): number[] {
  const picks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * (periods - 1)));
  return [...new Set(picks)];
}

/** The summary text: labs, tiers, market. */
export function formatSummary(doc: ScenarioDoc, rows: readonly ResultRow[], header: string): string {
  const tab = new MeanTable(rows);
  const T = tab.periods;
  if (T === 0) return `${header}\n(no rows)\n`;
  const end = T - 1;
  const lines: string[] = [header, ''];
  const span = `${tab.dates[0]} .. ${tab.dates[end]}`;

  lines.push(`Labs (sums of per-period means over ${span}; share of served tokens in ${tab.dates[end]})`);
  const models = tab.models();
  const labRows = doc.labs.map((lab) => {
    const share = models
      .filter((m) => labOf(doc, m) === lab.name)
      .reduce((acc, m) => acc + (Number.isNaN(tab.get('model', m, 'marketShare')[end]) ? 0 : tab.get('model', m, 'marketShare')[end]), 0);
    const cash = tab.get('lab', lab.name, 'cash')[end];
    return [
      lab.name,
      formatMoney(sum(tab.get('lab', lab.name, 'revenue'))),
      formatMoney(sum(tab.get('lab', lab.name, 'operatingProfit'))),
      formatMoney(cash),
      `${(share * 100).toFixed(1)}%`,
    ];
  });
  lines.push(...table(['lab', 'revenue', 'operating profit', 'final cash', 'final share'], labRows), '');

  lines.push('Tiers (USD per 1M tokens; leader = the leader lab\'s model that prices the tier)');
  const tierRows: string[][] = [];
  doc.tiers.forEach((tier, k) => {
    const cheapest = tab.get('segment', tier.name, 'cheapestPrice');
    const leaders = leaderModels(doc, tab, k);
    const first = firstPeriod(cheapest);
    const last = lastPeriod(cheapest);
    const leaderPrice = (t: number): string => {
      const m = t < 0 ? undefined : leaders[t];
      return m === undefined ? '-' : `${formatPrice(tab.get('model', m, 'price')[t])} (${m})`;
    };
    tierRows.push([
      tier.name,
      first < 0 ? '-' : `${formatPrice(cheapest[first])} @${tab.dates[first]}`,
      last < 0 ? '-' : formatPrice(cheapest[last]),
      leaderPrice(first),
      leaderPrice(last),
    ]);
  });
  lines.push(...table(['tier', 'cheapest at start', 'cheapest at end', 'leader at start', 'leader at end'], tierRows), '');

  const picks = samplePeriods(T);
  lines.push('Leader premium (leader price / cost)');
  const premiumRows = doc.tiers.map((tier) => {
    const s = tab.get('segment', tier.name, 'leaderPremium');
    return [tier.name, ...picks.map((t) => (Number.isNaN(s[t]) ? '-' : `${s[t].toFixed(2)}x`))];
  });
  lines.push(...table(['tier', ...picks.map((t) => tab.dates[t].slice(0, 7))], premiumRows), '');

  const spend = tab.get('market', 'market', 'totalSpend');
  const tokens = tab.get('market', 'market', 'totalTokens');
  const gpu = tab.get('market', 'market', 'gpuRentalPrice');
  let peak = 0;
  for (let t = 1; t < T; t++) if (gpu[t] > gpu[peak]) peak = t;
  lines.push('Market');
  lines.push(
    ...table(
      ['metric', tab.dates[0].slice(0, 7), tab.dates[end].slice(0, 7), 'total / peak'],
      [
        ['spend (USD / period)', formatMoney(spend[0]), formatMoney(spend[end]), formatMoney(sum(spend))],
        ['tokens (T / period)', (tokens[0] / 1e6).toFixed(2), (tokens[end] / 1e6).toFixed(2), (sum(tokens) / 1e6).toFixed(1)],
        ['GPU rental (USD / h)', formatPrice(gpu[0]), formatPrice(gpu[end]), `${formatPrice(gpu[peak])} @${tab.dates[peak]?.slice(0, 7) ?? '-'}`],
      ],
    ),
  );
  return `${lines.join('\n')}\n`;
}
