/**
 * The Timeline of one Monte Carlo path (MODEL.md sections 0 and 8): every distribution drawn,
 * every event applied at the start of the period containing its date.
 *
 * Draw order, fixed so that a path's numbers depend on (seed, path) alone:
 * 1. the document's per-path distributions, depth first, object keys in sorted (UTF-16) order
 *    and list elements by index; sorted keys make the order survive a JSONB round trip;
 * 2. the values of events that hold per-path distributions, in the events' document order
 *    (all events draw, even those after the horizon, so `periods` does not shift draws);
 * 3. for each period t = 0..T-1, after that period's events, the `perPeriod` distributions of
 *    the scenario in force, in the order of step 1.
 * Leaves that count whole things (gpusPerReplica, maxBatch, cadenceMonths) are rounded.
 */
import { sampleDistribution, isDistribution } from '../random/distributions.js';
import type { RandomGenerator } from '../random/path-stream.js';
import type { Timeline } from '../simulation/types.js';
import { Calendar } from '../time.js';
import { addPath, parsePath, setPath, type PathSegment } from './path.js';
import type { Scenario, ScenarioDoc } from './types.js';
import { INTEGER_LEAVES } from './validate-document.js';

interface ScheduledEvent {
  index: number;
  date: string;
  period: number;
  op: 'set' | 'add';
  segments: PathSegment[];
  value: unknown;
}

/**
 * Draws the distributions of one kind (per path, or per period) in a JSON value, in the
 * documented order. Containers are copied only when something below them changed, so an
 * unchanged part keeps its identity.
 */
function realize(value: unknown, key: string, rng: RandomGenerator, perPeriod: boolean): unknown {
  if (isDistribution(value)) {
    if (Boolean(value.perPeriod) !== perPeriod) return value;
    const x = sampleDistribution(value, rng);
    return INTEGER_LEAVES.has(key) ? Math.round(x) : x;
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = realize(value[i], key, rng, perPeriod);
      if (next !== value[i]) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(record).sort()) {
      const next = realize(record[k], k, rng, perPeriod);
      if (next !== record[k]) (out ??= { ...record })[k] = next;
    }
    return out ?? value;
  }
  return value;
}

/** True when a value still holds a distribution (after per-path draws: a perPeriod one). */
function hasDistribution(value: unknown): boolean {
  if (isDistribution(value)) return true;
  if (Array.isArray(value)) return value.some(hasDistribution);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasDistribution);
  return false;
}

function lastKey(segments: readonly PathSegment[]): string {
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (s.kind === 'key') return s.key;
  }
  return '';
}

/** Events in the order they apply: period, then date, then document order (MODEL.md section 0). */
function schedule(doc: ScenarioDoc, calendar: Calendar, rng: RandomGenerator): ScheduledEvent[] {
  const events: ScheduledEvent[] = [];
  (doc.events ?? []).forEach((event, index) => {
    const op = 'set' in event ? 'set' : 'add';
    const body = 'set' in event ? event.set : event.add;
    const parsed = parsePath(body.path);
    if (!parsed.ok) throw new Error(`events[${index}]: ${parsed.message} (validate the scenario first)`);
    const value = realize(body.value, lastKey(parsed.segments), rng, false);
    const period = Math.max(0, calendar.periodOf(event.date));
    events.push({ index, date: event.date, period, op, segments: parsed.segments, value });
  });
  return events
    .filter((e) => e.period < calendar.periods)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.index - b.index));
}

/**
 * Builds one path's Timeline (MODEL.md sections 0, 8). `doc` must have passed validateScenario.
 * `at(t)` returns the same object for consecutive periods in which nothing changed and a fresh
 * one when something did; returned scenarios are never mutated.
 */
export function buildTimeline(doc: ScenarioDoc, rng: RandomGenerator, periodsOverride?: number): Timeline {
  const periods = periodsOverride ?? doc.periods;
  if (!Number.isInteger(periods) || periods < 1) throw new RangeError(`periods must be a positive integer: ${periods}`);
  const calendar = new Calendar(doc.startDate, doc.periodMonths, periods);
  const { events: _events, ...rest } = doc;
  let template = realize({ ...rest, periods }, '', rng, false) as ScenarioDoc;
  const scheduled = schedule(doc, calendar, rng);

  const scenarios: Scenario[] = new Array(periods);
  let drawsEachPeriod = hasDistribution(template);
  let next = 0;
  let current: Scenario | undefined;
  for (let t = 0; t < periods; t++) {
    let changed = false;
    while (next < scheduled.length && scheduled[next]!.period === t) {
      const e = scheduled[next++]!;
      const r = e.op === 'set' ? setPath(template, e.segments, e.value) : addPath(template, e.segments, e.value as number);
      if (!r.ok) throw new Error(`events[${e.index}]: ${r.message} (validate the scenario first)`);
      template = r.doc;
      changed = true;
    }
    if (changed) drawsEachPeriod = hasDistribution(template);
    if (drawsEachPeriod) current = realize(template, '', rng, true) as Scenario;
    else if (changed || current === undefined) current = template as unknown as Scenario;
    scenarios[t] = current;
  }
  return {
    periods,
    at(t: number): Scenario {
      const s = scenarios[t];
      if (s === undefined) throw new RangeError(`period ${t} is outside 0..${periods - 1}`);
      return s;
    },
  };
}
