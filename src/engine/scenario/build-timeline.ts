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
import type { Distribution } from './types.js';
import type { RandomGenerator } from '../random/path-stream.js';
import type { Timeline } from '../simulation/types.js';
import { calendarFor, type Calendar } from '../time.js';
import { addPath, parsePath, setPath, type OwnedCopies, type PathSegment } from './path.js';
import type { Scenario, ScenarioDoc } from './types.js';
import { INTEGER_LEAVES } from './validate-document.js';
import { reachesLeaf, realize, skeletonOf, type Skeleton } from './timeline-skeleton.js';

interface ScheduledEvent {
  index: number;
  date: string;
  op: 'set' | 'add';
  segments: PathSegment[];
  /** The value as written; distributions in it are drawn per path. */
  value: unknown;
  key: string;
  /** Whether realizeValue draws from the path's stream for it. */
  drawsPerPath: boolean;
  /** Whether its realized value is an object (which may bring per-period leaves). */
  bringsObject: boolean;
}

/** A distribution leaf to draw, at its path; `key` decides rounding. */
interface Leaf {
  segments: PathSegment[];
  dist: Distribution;
  key: string;
}

/**
 * One period's events on one top-level key of the scenario, in the order they apply. Events on
 * different keys change disjoint parts (a path starts with a key), so groups apply in any order.
 */
interface EventGroup {
  key: string;
  /** `key` as a path, to put a memo's output in place. */
  keyPath: PathSegment[];
  events: ScheduledEvent[];
  /**
   * The part under `key` before and after the group, from the last path that applied it to a part
   * already handed out. Only for groups whose values draw nothing: the same part then comes out the
   * same, so a later path meeting the same part by identity (nothing drawn under it, the same
   * earlier events) takes the output instead of copying it again (e.g. every path's labs after a
   * fleet purchase).
   */
  memo: { input: object; output: unknown } | undefined;
  drawsNothing: boolean;
  /** Whether an event of the group brings an object (per-period leaves may then change). */
  bringsObject: boolean;
}

/** What every path of a document shares: worked out once per document object. */
interface Plan {
  base: Map<number, ScenarioDoc>;
  perPathLeaves: Leaf[];
  perPeriodLeaves: Leaf[];
  events: ScheduledEvent[];
  /** The events' values as written: every path's values when no event draws per path. */
  values: unknown[];
  /** The events that draw per path, in document order. */
  drawing: ScheduledEvent[];
  /** Per period within the horizon, its events grouped by top-level key, by calendar. */
  schedules: Map<string, Schedule>;
  /**
   * Whether the events act the same on every path (timeline-skeleton.ts): none draws or brings a
   * distribution, none reaches a per-path leaf, and nothing is drawn per period.
   */
  sameOnEveryPath: boolean;
}

interface Schedule {
  /** Per period, its events grouped by top-level key. */
  groups: EventGroup[][];
  /** Per period, its groups' keys: what the period's events may change (Timeline.changedKeys). */
  keys: string[][];
  /** The skeleton timeline (null: the events do not act the same on every path), once built. */
  skeleton: Skeleton | null | undefined;
}

const plans = new WeakMap<ScenarioDoc, Plan>();

/** Distribution leaves of one kind, in the documented order (sorted keys, list index). */
function collectLeaves(value: unknown, segments: PathSegment[], key: string, perPeriod: boolean, out: Leaf[]): Leaf[] {
  if (isDistribution(value)) {
    if (Boolean(value.perPeriod) === perPeriod) out.push({ segments, dist: value, key });
  } else if (Array.isArray(value)) {
    value.forEach((el, index) => collectLeaves(el, [...segments, { kind: 'index', index }], key, perPeriod, out));
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record).sort()) collectLeaves(record[k], [...segments, { kind: 'key', key: k }], k, perPeriod, out);
  }
  return out;
}

function draw(leaf: Leaf, rng: RandomGenerator): number {
  const x = sampleDistribution(leaf.dist, rng);
  return INTEGER_LEAVES.has(leaf.key) ? Math.round(x) : x;
}

/** A copy of `doc` with each leaf replaced by a draw, in the leaves' order (`owned`: see setPath). */
function drawLeaves<T>(doc: T, leaves: readonly Leaf[], rng: RandomGenerator, owned: OwnedCopies): T {
  let out = doc;
  for (const leaf of leaves) {
    const r = setPath(out, leaf.segments, draw(leaf, rng), false, owned);
    if (!r.ok) throw new Error(r.message);
    out = r.doc;
  }
  return out;
}

/**
 * Draws the distributions inside an event's value (a number, or an object such as a pricing
 * block), per path, in the documented order.
 */
function realizeValue(value: unknown, key: string, rng: RandomGenerator): unknown {
  if (isDistribution(value)) return value.perPeriod ? value : draw({ segments: [], dist: value, key }, rng);
  if (typeof value !== 'object' || value === null) return value;
  const leaves = collectLeaves(value, [], key, false, []);
  return leaves.length === 0 ? value : drawLeaves(value, leaves, rng, []);
}

function lastKey(segments: readonly PathSegment[]): string {
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (s.kind === 'key') return s.key;
  }
  return '';
}

function planOf(doc: ScenarioDoc): Plan {
  let plan = plans.get(doc);
  if (plan) return plan;
  const { events: _events, ...base } = doc;
  const events: ScheduledEvent[] = (doc.events ?? []).map((event, index) => {
    const op = 'set' in event ? 'set' : 'add';
    const body = 'set' in event ? event.set : event.add;
    const parsed = parsePath(body.path);
    if (!parsed.ok) throw new Error(`events[${index}]: ${parsed.message} (validate the scenario first)`);
    const value = body.value;
    const drawsPerPath = isDistribution(value) ? !value.perPeriod : typeof value === 'object' && value !== null && collectLeaves(value, [], '', false, []).length > 0;
    const bringsObject = typeof value === 'object' && value !== null && !(isDistribution(value) && !value.perPeriod);
    return { index, date: event.date, op, segments: parsed.segments, value, key: lastKey(parsed.segments), drawsPerPath, bringsObject };
  });
  const perPathLeaves = collectLeaves(base, [], '', false, []);
  const perPeriodLeaves = collectLeaves(base, [], '', true, []);
  const sameOnEveryPath =
    perPeriodLeaves.length === 0 && events.every((e) => !drawsFrom(e.value) && !perPathLeaves.some((leaf) => reachesLeaf(e.segments, leaf.segments)));
  plan = {
    base: new Map([[doc.periods, base as ScenarioDoc]]),
    perPathLeaves,
    perPeriodLeaves,
    events,
    values: events.map((e) => e.value),
    drawing: events.filter((e) => e.drawsPerPath),
    schedules: new Map(),
    sameOnEveryPath,
  };
  plans.set(doc, plan);
  return plan;
}

/** The plan's events inside the calendar's horizon, by date then document order, grouped per period and key (the same for every path). */
function scheduleOf(plan: Plan, calendar: Calendar): Schedule {
  const key = calendar.key;
  let schedule = plan.schedules.get(key);
  if (schedule === undefined) {
    const ordered = plan.events
      .map((event) => ({ event, period: Math.max(0, calendar.periodOf(event.date)) }))
      .filter((e) => e.period < calendar.periods)
      .sort((a, b) => (a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.event.index - b.event.index));
    const byPeriod: EventGroup[][] = Array.from({ length: calendar.periods }, () => []);
    for (const { event, period } of ordered) {
      // A path starts with a field name (parsePath), so its first segment is a key.
      const first = event.segments[0]!;
      const top = first.kind === 'key' ? first.key : '';
      let group = byPeriod[period]!.find((g) => g.key === top);
      if (group === undefined) {
        group = { key: top, keyPath: [{ kind: 'key', key: top }], events: [], memo: undefined, drawsNothing: true, bringsObject: false };
        byPeriod[period]!.push(group);
      }
      group.events.push(event);
      if (drawsFrom(event.value)) group.drawsNothing = false;
      if (event.bringsObject) group.bringsObject = true;
    }
    plan.schedules.set(key, (schedule = { groups: byPeriod, keys: byPeriod.map((groups) => groups.map((g) => g.key)), skeleton: undefined }));
  }
  return schedule;
}

/** Whether realizeValue draws anything for this value (per path or, left in place, per period). */
function drawsFrom(value: unknown): boolean {
  if (isDistribution(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  return collectLeaves(value, [], '', false, []).length > 0 || collectLeaves(value, [], '', true, []).length > 0;
}

/**
 * The schedule's skeleton from `base` (the document for the schedule's periods): its events applied
 * with every distribution in place. Null when the events do not act the same on every path, or
 * fail on the skeleton (a path then applies them itself, and reports what fails).
 */
function skeletonFor(plan: Plan, schedule: Schedule, base: ScenarioDoc): Skeleton | null {
  if (schedule.skeleton !== undefined) return schedule.skeleton;
  let skeleton: Skeleton | null = null;
  if (plan.sameOnEveryPath) {
    try {
      const scenarios: object[] = new Array(schedule.groups.length);
      const owned: OwnedCopies = [];
      let template = base;
      for (let t = 0; t < scenarios.length; t++) {
        for (const group of schedule.groups[t]!) for (const e of group.events) template = applyEvent(template, e, e.value, owned);
        scenarios[t] = template;
        owned.length = 0;
      }
      skeleton = skeletonOf(scenarios, plan.perPathLeaves);
    } catch {
      skeleton = null;
    }
  }
  return (schedule.skeleton = skeleton);
}

function applyEvent(template: ScenarioDoc, e: ScheduledEvent, value: unknown, owned: OwnedCopies): ScenarioDoc {
  const r = e.op === 'set' ? setPath(template, e.segments, value, true, owned) : addPath(template, e.segments, value as number, owned);
  if (!r.ok) throw new Error(`events[${e.index}]: ${r.message} (validate the scenario first)`);
  return r.doc;
}

/**
 * Builds one path's Timeline (MODEL.md sections 0, 8). `doc` must have passed validateScenario.
 * `at(t)` returns the same object for consecutive periods in which nothing changed and a fresh
 * one when something did; returned scenarios are never mutated. A document with nothing to
 * draw gives every path the same scenario objects, so per-scenario caches are shared too.
 */
export function buildTimeline(doc: ScenarioDoc, rng: RandomGenerator, periodsOverride?: number): Timeline {
  const periods = periodsOverride ?? doc.periods;
  if (!Number.isInteger(periods) || periods < 1) throw new RangeError(`periods must be a positive integer: ${periods}`);
  const plan = planOf(doc);
  const calendar = calendarFor(doc.startDate, doc.periodMonths, periods);
  let base = plan.base.get(periods);
  if (!base) plan.base.set(periods, (base = { ...plan.base.get(doc.periods)!, periods }));
  const scheduled = scheduleOf(plan, calendar);
  const skeleton = skeletonFor(plan, scheduled, base);
  if (skeleton !== null) {
    // The draws in the documented order (no event draws), put into the skeleton's scenarios.
    const drawn: number[] = [];
    for (const leaf of plan.perPathLeaves) drawn.push(draw(leaf, rng));
    return timelineOf(periods, realize(skeleton, drawn) as Scenario[], scheduled, undefined);
  }
  // Copies made since the template was last handed out: the draws and one period's events write
  // into them instead of copying the root (and the lists on their paths) once per edit.
  const owned: OwnedCopies = [];
  let template = drawLeaves(base, plan.perPathLeaves, rng, owned);
  // Every event draws its value (even one past the horizon), so the horizon never shifts draws.
  let values = plan.values;
  if (plan.drawing.length > 0) {
    values = values.slice();
    for (const e of plan.drawing) values[e.index] = realizeValue(e.value, e.key, rng);
  }

  const scenarios: Scenario[] = new Array(periods);
  // Periods whose scenario drew per-period leaves (then the changed keys are not the groups').
  let drewLeaves: Uint8Array | undefined;
  let perPeriodLeaves = plan.perPeriodLeaves;
  let current: Scenario | undefined;
  for (let t = 0; t < periods; t++) {
    let changed = false;
    let leavesMayChange = false;
    for (const group of scheduled.groups[t]!) {
      const input = (template as unknown as Record<string, unknown>)[group.key];
      const memo = group.memo;
      if (memo !== undefined && memo.input === input) {
        const r = setPath(template, group.keyPath, memo.output, false, owned);
        if (!r.ok) throw new Error(r.message);
        template = r.doc;
      } else {
        for (const e of group.events) template = applyEvent(template, e, values[e.index], owned);
        // Kept only from a part handed out before (never written in place) to a new one.
        const handedOut = typeof input === 'object' && input !== null && !owned.includes(input);
        if (group.drawsNothing && handedOut) group.memo = { input, output: (template as unknown as Record<string, unknown>)[group.key] };
      }
      changed = true;
      // A set can bring or remove per-period leaves; with none before and none brought, none after.
      leavesMayChange ||= perPeriodLeaves.length > 0 || group.bringsObject;
    }
    if (leavesMayChange) perPeriodLeaves = collectLeaves(template, [], '', true, []);
    if (perPeriodLeaves.length > 0) {
      current = drawLeaves(template, perPeriodLeaves, rng, []) as unknown as Scenario;
      (drewLeaves ??= new Uint8Array(periods))[t] = 1;
    } else if (changed || current === undefined) current = template as unknown as Scenario;
    scenarios[t] = current;
    // The template (or the scenario sharing its parts) is handed out; pops, since setting an
    // array's length is a runtime call.
    while (owned.length > 0) owned.pop();
  }
  return timelineOf(periods, scenarios, scheduled, drewLeaves);
}

/** The Timeline of a path's scenarios; `drewLeaves` marks the periods that drew per-period leaves. */
function timelineOf(periods: number, scenarios: Scenario[], scheduled: Schedule, drewLeaves: Uint8Array | undefined): Timeline {
  return {
    periods,
    at(t: number): Scenario {
      const s = scenarios[t];
      if (s === undefined) throw new RangeError(`period ${t} is outside 0..${periods - 1}`);
      return s;
    },
    // A period's scenario is the previous one with its event groups' top-level keys replaced (the
    // template is copied from the root down each changed path), unless per-period draws made
    // either of the two.
    changedKeys(t: number): readonly string[] | undefined {
      if (!(t >= 1 && t < periods) || (drewLeaves !== undefined && (drewLeaves[t] === 1 || drewLeaves[t - 1] === 1))) return undefined;
      return scheduled.keys[t];
    },
  };
}
