/**
 * Validation of dated events (MODEL.md section 0): each names a path that exists and a value of
 * the right type. Values are checked by applying the events, in the order the Timeline applies
 * them (date, then document order), to the document and validating the result after each one,
 * so a strategy switch or a new serving spec gets exactly the checks the document itself gets.
 */
import { centralValue, isDistribution } from '../random/distributions.js';
import { formatPath, getPath, parsePath, setPath, type PathSegment } from './path.js';
import { checkDocument, LIST_LIMITS } from './validate-document.js';
import { ANY, Checker, elementPaths, isRecord, join, type Json } from './validate-kit.js';

/** Top-level fields an event may not change: identity, calendar and the events themselves. */
const FIXED_FIELDS = new Set(['name', 'description', 'tags', 'startDate', 'periods', 'periodMonths', 'events']);
const LISTS = new Set(['tiers', 'segments', 'gpuTypes', 'labs', 'models']);

interface ParsedEvent {
  index: number;
  date: string;
  op: 'set' | 'add';
  segments: PathSegment[];
  value: unknown;
  /** The target existed before any event (false: a set creates an optional field). */
  existed: boolean;
}

/** Why a path may not be the target of an event, or undefined when it may. */
function forbiddenTarget(segs: readonly PathSegment[]): string | undefined {
  const first = segs[0];
  if (first?.kind !== 'key') return 'a path starts with a field name';
  if (FIXED_FIELDS.has(first.key)) return `${first.key} cannot be changed by an event`;
  if (segs.length === 1 && LISTS.has(first.key)) return `an event cannot replace the whole ${first.key} list; change fields of its elements`;
  if (segs.length === 2 && segs[1]!.kind !== 'key' && LISTS.has(first.key)) return 'an event cannot replace a whole element; change its fields';
  const last = segs[segs.length - 1]!;
  if (segs.length === 3 && LISTS.has(first.key) && last.kind === 'key' && (last.key === 'name' || (first.key === 'segments' && last.key === 'tier'))) {
    return 'an event cannot rename an element (paths and results refer to it by name)';
  }
  return undefined;
}

/** Structure of each event; returns those that parsed, for the application pass. */
function parseEvents(c: Checker, doc: Record<string, unknown>, list: unknown[]): ParsedEvent[] {
  const parsed: ParsedEvent[] = [];
  list.forEach((event, i) => {
    const ep = `events[${i}]`;
    if (!isRecord(event)) return c.fail(ep, 'must be an object {date, set | add}');
    c.object(event, ep, ['date', 'set', 'add'], ['date']);
    const dateOk = event['date'] !== undefined && c.date(event['date'], join(ep, 'date'));
    const hasSet = event['set'] !== undefined;
    const hasAdd = event['add'] !== undefined;
    if (hasSet === hasAdd) return c.fail(ep, 'needs exactly one of set or add');
    const op = hasSet ? 'set' : 'add';
    const opPath = join(ep, op);
    const body = event[op];
    if (!c.object(body, opPath, ['path', 'value'], ['path', 'value'])) return;
    const rawPath = body['path'];
    if (!c.string(rawPath, join(opPath, 'path'))) return;
    const segs = parsePath(rawPath);
    if (!segs.ok) return c.fail(join(opPath, 'path'), segs.message);
    const forbidden = forbiddenTarget(segs.segments);
    if (forbidden) return c.fail(join(opPath, 'path'), forbidden);
    const target = getPath(doc, segs.segments);
    if (!target.ok) return c.fail(join(opPath, 'path'), target.message);
    for (let k = 1; k < segs.segments.length; k++) {
      const prefix = getPath(doc, segs.segments.slice(0, k));
      if (prefix.ok && isDistribution(prefix.value)) {
        return c.fail(join(opPath, 'path'), `${formatPath(segs.segments.slice(0, k))} is a distribution; an event replaces the whole leaf`);
      }
    }
    const value = body['value'];
    if (op === 'add') {
      if (!target.exists) return c.fail(join(opPath, 'path'), `${rawPath} does not exist; add needs an existing numeric field`);
      const current = target.value;
      if (typeof current !== 'number' && !isDistribution(current)) return c.fail(join(opPath, 'path'), `${rawPath} is not numeric`);
      if (isDistribution(current) && current.perPeriod) {
        return c.fail(join(opPath, 'path'), `${rawPath} is drawn every period; set it instead of adding to it`);
      }
      // A one-off change: a value drawn every period would not be a single dated change.
      if (!c.num(value, join(opPath, 'value'), ANY, { perPeriod: false })) return;
    } else if (value === null) {
      return c.fail(join(opPath, 'value'), 'must not be null');
    }
    if (dateOk) parsed.push({ index: i, date: event['date'] as string, op, segments: segs.segments, value, existed: target.exists });
  });
  return parsed;
}

/** The path of a target written with the validator's element labels (names where usable). */
export function labelPath(doc: unknown, segs: readonly PathSegment[]): string {
  let out = '';
  let current: unknown = doc;
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k]!;
    if (seg.kind === 'key') {
      out = join(out, seg.key);
      current = isRecord(current) ? current[seg.key] : undefined;
      continue;
    }
    const list = Array.isArray(current) ? current : [];
    const r = getPath(doc, segs.slice(0, k + 1));
    const index = seg.kind === 'index' ? seg.index : list.findIndex((el) => r.ok && el === r.value);
    const nameKey = k === 1 && segs[0]!.kind === 'key' && segs[0]!.key === 'segments' ? 'tier' : 'name';
    out = elementPaths(list, out, nameKey)[index] ?? `${out}[${index}]`;
    current = list[index];
  }
  return out;
}

/**
 * The document to re-check after an event, minus the price histories of the models the event
 * does not touch: no event elsewhere can change their validity, and they are most of a large
 * document, so a long list of events stays cheap to check.
 */
function withoutUntouchedHistory(doc: unknown, segs: readonly PathSegment[]): Json {
  if (!isRecord(doc) || !Array.isArray(doc['models'])) return doc;
  const touched = segs[0]?.kind === 'key' && segs[0].key === 'models' ? getPath(doc, segs.slice(0, 2)) : undefined;
  const models = doc['models'].map((m) => {
    if (!isRecord(m) || m['priceHistory'] === undefined || (touched?.ok && touched.value === m)) return m;
    const { priceHistory: _dropped, ...rest } = m;
    return rest;
  });
  return { ...doc, models };
}

function numberOf(value: unknown): number {
  return isDistribution(value) ? centralValue(value) : (value as number);
}

/** Checks `events`; applies them to a valid base document to check their values in context. */
export function checkEvents(c: Checker, doc: Record<string, unknown>, baseValid: boolean): void {
  const events = doc['events'];
  if (events === undefined || !c.list(events, 'events', LIST_LIMITS.events)) return;
  const before = c.errors.length;
  const parsed = parseEvents(c, doc, events);
  if (!baseValid || c.errors.length > before) return;
  const order = [...parsed].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.index - b.index));
  let state: unknown = doc;
  for (const ev of order) {
    const opPath = `events[${ev.index}].${ev.op}`;
    const target = labelPath(state, ev.segments);
    let value = ev.value;
    if (ev.op === 'add') {
      // Validation stands one number for a drawn leaf or value; the Timeline adds the draws.
      const got = getPath(state, ev.segments);
      value = (got.ok ? numberOf(got.value) : 0) + numberOf(ev.value);
    }
    const next = setPath(state, ev.segments, value);
    if (!next.ok) return void c.fail(join(opPath, 'path'), next.message);
    const after = new Checker();
    checkDocument(after, withoutUntouchedHistory(next.doc, ev.segments));
    if (after.errors.length === 0) {
      state = next.doc;
      continue;
    }
    for (const e of after.errors) {
      if (e.path === target && !ev.existed) c.fail(join(opPath, 'path'), `${target}: ${e.message}`);
      else if (e.path === target || e.path.startsWith(`${target}.`) || e.path.startsWith(`${target}[`)) {
        c.fail(`${opPath}.value${e.path.slice(target.length)}`, e.message);
      } else c.fail(join(opPath, 'value'), `makes ${e.path} invalid: ${e.message}`);
    }
    return; // later events would only repeat the consequences of this one
  }
}
