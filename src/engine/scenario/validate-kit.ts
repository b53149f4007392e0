/**
 * The small toolkit the scenario validator is built from: an error collector with typed checks
 * that report in the document's path syntax (MODEL.md section 1). Numeric leaves may be
 * distributions (section 8); a distribution is accepted only when its whole support lies inside
 * the leaf's bounds, so no draw can produce a value the model would refuse.
 */
import type { Distribution, FieldError } from './types.js';
import { supportOf } from '../random/distributions.js';

/** Bounds of a numeric leaf; `gt`/`lt` are strict. */
export interface Bounds {
  ge?: number;
  gt?: number;
  le?: number;
  lt?: number;
  /** The leaf counts something (GPUs, months): numbers must be whole; draws are rounded. */
  integer?: boolean;
}

export const POSITIVE: Bounds = { gt: 0 };
export const NON_NEGATIVE: Bounds = { ge: 0 };
export const FRACTION: Bounds = { ge: 0, le: 1 };
export const OPEN_FRACTION: Bounds = { gt: 0, le: 1 };
export const ANY: Bounds = {};

/** Longest name, tag, or date string accepted; a description may be longer. */
export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 10_000;
/** Stop collecting after this many errors: the first ones say what is wrong. */
export const MAX_ERRORS = 200;

export type Json = unknown;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeBounds(b: Bounds): string {
  const parts: string[] = [];
  if (b.gt !== undefined) parts.push(`> ${b.gt}`);
  if (b.ge !== undefined) parts.push(`>= ${b.ge}`);
  if (b.lt !== undefined) parts.push(`< ${b.lt}`);
  if (b.le !== undefined) parts.push(`<= ${b.le}`);
  return parts.join(' and ');
}

/** The bound a number violates, as a message; undefined when it is inside. */
export function boundViolation(x: number, b: Bounds): string | undefined {
  if (b.gt !== undefined && !(x > b.gt)) return `must be > ${b.gt}`;
  if (b.ge !== undefined && !(x >= b.ge)) return `must be >= ${b.ge}`;
  if (b.lt !== undefined && !(x < b.lt)) return `must be < ${b.lt}`;
  if (b.le !== undefined && !(x <= b.le)) return `must be <= ${b.le}`;
  if (b.integer && !Number.isInteger(x)) return 'must be a whole number';
  return undefined;
}

const DIST_KEYS: Record<Distribution['dist'], readonly string[]> = {
  normal: ['dist', 'mean', 'sd', 'min', 'max', 'perPeriod'],
  lognormal: ['dist', 'median', 'sigma', 'perPeriod'],
  uniform: ['dist', 'min', 'max', 'perPeriod'],
  triangular: ['dist', 'min', 'mode', 'max', 'perPeriod'],
};

/** Edit distance, for "did you mean" hints on misspelt keys. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export function suggestion(key: string, allowed: readonly string[]): string {
  let best = '';
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? `; did you mean "${best}"?` : '';
}

/** Collects field errors; every check returns whether the value passed. */
export class Checker {
  readonly errors: FieldError[] = [];

  fail(path: string, message: string): false {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ path, message });
    return false;
  }

  get full(): boolean {
    return this.errors.length >= MAX_ERRORS;
  }

  /** An object whose keys are all allowed and whose required keys are present. */
  object(value: Json, path: string, allowed: readonly string[], required: readonly string[] = []): value is Record<string, unknown> {
    if (!isRecord(value)) return this.fail(path, 'must be an object');
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      if (isPathKey(key)) this.fail(join(path, key), `unknown field${suggestion(key, allowed)}`);
      else this.fail(path, `unknown field ${JSON.stringify(key.slice(0, 60))}`);
    }
    let ok = true;
    for (const key of required) {
      if (value[key] === undefined) ok = this.fail(join(path, key), 'is required');
    }
    return ok;
  }

  list(value: Json, path: string, maxLength: number, minLength = 0): value is unknown[] {
    if (!Array.isArray(value)) return this.fail(path, 'must be a list');
    if (value.length > maxLength) return this.fail(path, `has ${value.length} elements; at most ${maxLength} are allowed`);
    if (value.length < minLength) return this.fail(path, `needs at least ${minLength} element${minLength === 1 ? '' : 's'}`);
    return true;
  }

  string(value: Json, path: string, maxLength = MAX_NAME_LENGTH): value is string {
    if (typeof value !== 'string') return this.fail(path, 'must be a string');
    if (value.length === 0) return this.fail(path, 'must not be empty');
    if (value.length > maxLength) return this.fail(path, `is ${value.length} characters long; at most ${maxLength} are allowed`);
    return true;
  }

  /** An element name usable in a path selector: no brackets, and not a bare index. */
  name(value: Json, path: string, extraForbidden = ''): value is string {
    if (!this.string(value, path)) return false;
    const forbidden = `[]${extraForbidden}`;
    for (const ch of forbidden) {
      if (value.includes(ch)) return this.fail(path, `must not contain "${ch}" (names are used in paths)`);
    }
    if (/^\d+$/.test(value)) return this.fail(path, 'must not be only digits (it would read as an index in paths)');
    return true;
  }

  boolean(value: Json, path: string): value is boolean {
    return typeof value === 'boolean' ? true : this.fail(path, 'must be true or false');
  }

  /** A calendar date `YYYY-MM-DD`. */
  date(value: Json, path: string): value is string {
    if (typeof value !== 'string') return this.fail(path, 'must be a date string YYYY-MM-DD');
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return this.fail(path, `must be a date YYYY-MM-DD, got "${value.slice(0, 40)}"`);
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const days = daysInMonth(year, month);
    if (month < 1 || month > 12 || day < 1 || day > days) return this.fail(path, `is not a calendar date: "${value}"`);
    return true;
  }

  /** A plain finite number within bounds (no distribution allowed). */
  number(value: Json, path: string, bounds: Bounds): value is number {
    if (typeof value !== 'number') return this.fail(path, 'must be a number');
    if (!Number.isFinite(value)) return this.fail(path, `must be a finite number, got ${value}`);
    const violation = boundViolation(value, bounds);
    return violation ? this.fail(path, violation) : true;
  }

  /** A numeric leaf: a number within bounds, or a distribution whose support is inside them. */
  num(value: Json, path: string, bounds: Bounds, options: { perPeriod?: boolean } = {}): boolean {
    if (isRecord(value) && 'dist' in value) return this.distribution(value, path, bounds, options.perPeriod ?? true);
    if (typeof value !== 'number') return this.fail(path, 'must be a number or a distribution {dist, ...}');
    return this.number(value, path, bounds);
  }

  distribution(value: Record<string, unknown>, path: string, bounds: Bounds, allowPerPeriod: boolean): boolean {
    const kind = value['dist'];
    if (kind !== 'normal' && kind !== 'lognormal' && kind !== 'uniform' && kind !== 'triangular') {
      return this.fail(join(path, 'dist'), `unknown distribution ${JSON.stringify(kind)}; expected normal, lognormal, uniform or triangular`);
    }
    const before = this.errors.length;
    const keys = DIST_KEYS[kind];
    const required = keys.filter((k) => k !== 'perPeriod' && !(kind === 'normal' && (k === 'min' || k === 'max')));
    if (!this.object(value, path, keys, required)) return false;
    if (value['perPeriod'] !== undefined && this.boolean(value['perPeriod'], join(path, 'perPeriod')) && value['perPeriod'] && !allowPerPeriod) {
      this.fail(join(path, 'perPeriod'), 'is not allowed here');
    }
    const finite = (k: string, b: Bounds = ANY) => value[k] === undefined || this.number(value[k], join(path, k), b);
    if (kind === 'normal') {
      finite('mean');
      finite('sd', NON_NEGATIVE);
      finite('min');
      finite('max');
      if (typeof value['min'] === 'number' && typeof value['max'] === 'number' && value['min'] > value['max']) {
        this.fail(join(path, 'max'), 'must be >= min');
      }
    } else if (kind === 'lognormal') {
      finite('median', POSITIVE);
      finite('sigma', NON_NEGATIVE);
    } else if (kind === 'uniform') {
      if (finite('min') && finite('max') && (value['min'] as number) > (value['max'] as number)) this.fail(join(path, 'max'), 'must be >= min');
    } else if (finite('min') && finite('mode') && finite('max')) {
      const [lo, mode, hi] = [value['min'] as number, value['mode'] as number, value['max'] as number];
      if (mode < lo) this.fail(join(path, 'mode'), 'must be >= min');
      if (hi < mode) this.fail(join(path, 'max'), 'must be >= mode');
    }
    if (this.errors.length > before) return false;
    return this.support(value as unknown as Distribution, path, bounds);
  }

  /** The support rule: every value the distribution can draw must satisfy the leaf's bounds. */
  private support(d: Distribution, path: string, b: Bounds): boolean {
    const { lo, hi, loOpen } = supportOf(d);
    const loOk =
      (b.ge === undefined || lo >= b.ge) && (b.gt === undefined || lo > b.gt || (loOpen && lo === b.gt));
    const hiOk = (b.le === undefined || hi <= b.le) && (b.lt === undefined || hi < b.lt);
    if (loOk && hiOk) return true;
    const shown = `[${fmt(lo)}, ${fmt(hi)}]`;
    const hint = d.dist === 'normal' ? '; bound it with min and max' : '';
    return this.fail(path, `a ${d.dist} distribution here can draw values in ${shown}, but the field must be ${describeBounds(b)}${hint}`);
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function fmt(x: number): string {
  return x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x);
}

/** True when a key can be written as a path part (so an error can name it). */
export function isPathKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_NAME_LENGTH && !/[.[\]]/.test(key);
}

/** `a.b`, or just `b` at the root. */
export function join(path: string, key: string): string {
  return path.length === 0 ? key : `${path}.${key}`;
}

/**
 * Path labels of a list's elements: `[name]` (by `nameKey`) when that name is a usable selector
 * and unique in the list, `[index]` otherwise (MODEL.md section 1).
 */
export function elementPaths(list: readonly unknown[], path: string, nameKey = 'name'): string[] {
  const counts = new Map<string, number>();
  for (const el of list) {
    const n = isRecord(el) ? el[nameKey] : undefined;
    if (typeof n === 'string') counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return list.map((el, i) => {
    const n = isRecord(el) ? el[nameKey] : undefined;
    const usable =
      typeof n === 'string' && n.length > 0 && n.length <= MAX_NAME_LENGTH && !/[[\]]/.test(n) && !/^\d+$/.test(n) && counts.get(n) === 1;
    return `${path}[${usable ? n : i}]`;
  });
}
