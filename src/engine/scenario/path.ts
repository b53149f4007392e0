/**
 * Paths into a scenario document (MODEL.md section 1): dot-separated keys, `[name]` selecting an
 * array element by its `name` (or `tier`, for segments) and `[3]` by index, e.g.
 * `labs[OpenLab].pricing.subsidy`, `segments[o1-class].elasticity`, `labs[OpenLab].fleet.H20`.
 * Documents are treated as immutable: setting returns a new document sharing unchanged parts.
 */

import { copyRecord, forgetCopy } from './record-copy.js';

export type PathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'name'; name: string };

export type PathParse = { ok: true; segments: PathSegment[] } | { ok: false; message: string };

/** Longest path accepted; paths are written by people, not generated. */
export const MAX_PATH_LENGTH = 500;

/** Parses a path; keys may hold any character but `.`, `[` and `]`; selectors any but `]`. */
export function parsePath(path: string): PathParse {
  if (typeof path !== 'string' || path.length === 0) return { ok: false, message: 'path is empty' };
  if (path.length > MAX_PATH_LENGTH) return { ok: false, message: `path is longer than ${MAX_PATH_LENGTH} characters` };
  const segments: PathSegment[] = [];
  let i = 0;
  let expectKey = true;
  while (i < path.length) {
    const ch = path[i]!;
    if (ch === '[') {
      if (segments.length === 0) return { ok: false, message: `"${path}": a path starts with a field name` };
      const close = path.indexOf(']', i + 1);
      if (close < 0) return { ok: false, message: `"${path}": unclosed "["` };
      const selector = path.slice(i + 1, close);
      if (selector.length === 0) return { ok: false, message: `"${path}": empty "[]"` };
      segments.push(/^\d+$/.test(selector) ? { kind: 'index', index: Number(selector) } : { kind: 'name', name: selector });
      i = close + 1;
      expectKey = false;
      continue;
    }
    if (ch === '.') {
      if (expectKey) return { ok: false, message: `"${path}": empty field name` };
      i++;
      expectKey = true;
      if (i === path.length) return { ok: false, message: `"${path}": ends with "."` };
      continue;
    }
    if (ch === ']') return { ok: false, message: `"${path}": unexpected "]"` };
    if (!expectKey) return { ok: false, message: `"${path}": expected "." or "[" after "]"` };
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[' && path[end] !== ']') end++;
    segments.push({ kind: 'key', key: path.slice(i, end) });
    i = end;
    expectKey = false;
  }
  return { ok: true, segments };
}

/** Writes segments back in path syntax. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (s.kind === 'key') out += out.length === 0 ? s.key : `.${s.key}`;
    else out += `[${s.kind === 'index' ? s.index : s.name}]`;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Index of the array element whose `name` (or else `tier`) equals the selector; -1 if none. */
export function findNamed(array: readonly unknown[], name: string): number {
  let byTier = -1;
  for (let i = 0; i < array.length; i++) {
    const el = array[i];
    if (!isRecord(el)) continue;
    if (el['name'] === name) return i;
    if (byTier < 0 && el['tier'] === name) byTier = i;
  }
  return byTier;
}

/** The slot `seg` selects in `current`, or undefined when `current` has no such slot to select. */
function slotOf(current: unknown, seg: PathSegment): string | number | undefined {
  if (seg.kind === 'key') return isRecord(current) ? seg.key : undefined;
  if (!Array.isArray(current)) return undefined;
  const index = seg.kind === 'index' ? seg.index : findNamed(current, seg.name);
  return index >= 0 && index < current.length ? index : undefined;
}

type Step = { ok: true; container: unknown[] | Record<string, unknown>; slot: number | string } | { ok: false; message: string };

/** One step down a path; `segs.slice(0, k)` is where we stand (formatted only for messages). */
function step(current: unknown, segs: readonly PathSegment[], k: number): Step {
  const seg = segs[k]!;
  const slot = slotOf(current, seg);
  if (slot !== undefined) return { ok: true, container: current as unknown[] | Record<string, unknown>, slot };
  if (seg.kind === 'key') return { ok: false, message: `${formatPath(segs.slice(0, k)) || 'the document'} is not an object, so it has no field "${seg.key}"` };
  if (!Array.isArray(current)) return { ok: false, message: `${formatPath(segs.slice(0, k))} is not a list` };
  if (seg.kind === 'index') return { ok: false, message: `${formatPath(segs.slice(0, k))} has ${current.length} elements, no index ${seg.index}` };
  return { ok: false, message: `${formatPath(segs.slice(0, k))} has no element named "${seg.name}"` };
}

function hasOwn(container: object, slot: string | number): boolean {
  return Object.prototype.hasOwnProperty.call(container, slot);
}

export type GetResult = { ok: true; value: unknown; exists: boolean } | { ok: false; message: string };

/**
 * Reads the value at a path. `exists` is false when only the last key is missing from an
 * existing object (a field that may be created by a set); anything else missing is an error.
 */
export function getPath(doc: unknown, path: string | readonly PathSegment[]): GetResult {
  const segments = parsed(path);
  if (!segments.ok) return segments;
  let current: unknown = doc;
  for (let k = 0; k < segments.segments.length; k++) {
    const s = step(current, segments.segments, k);
    if (!s.ok) return s;
    const container = s.container as Record<string | number, unknown>;
    if (!hasOwn(container, s.slot)) {
      if (k === segments.segments.length - 1) return { ok: true, value: undefined, exists: false };
      return { ok: false, message: `${formatPath(segments.segments.slice(0, k + 1))} does not exist` };
    }
    current = container[s.slot];
  }
  return { ok: true, value: current, exists: true };
}

export type SetResult<T> = { ok: true; doc: T } | { ok: false; message: string };

/**
 * Containers a caller copied with setPath or addPath and has not handed out yet: edits write into
 * them in place instead of copying them again, and add the copies they make. A batch of edits
 * (e.g. the events of one period) thus copies each container once; the caller empties the list
 * before anyone else sees the document.
 */
export type OwnedCopies = object[];

/**
 * Returns a copy of `doc` with the value at `path` replaced, copying only the containers on the
 * path. A missing last key of an existing object is created when `create` is true.
 */
export function setPath<T>(doc: T, path: string | readonly PathSegment[], value: unknown, create = true, owned?: OwnedCopies): SetResult<T> {
  const segments = parsed(path);
  if (!segments.ok) return segments;
  const segs = segments.segments;
  if (segs.length === 0) return { ok: false, message: 'path is empty' };
  const rebuilt = setRec(doc, segs, 0, value, create, false, owned);
  return rebuilt !== FAILED ? { ok: true, doc: rebuilt as T } : { ok: false, message: whySetFails(doc, segs, create) };
}

/** What setRec returns when the path does not lead to a slot it may write. */
const FAILED: unique symbol = Symbol('path failed');

/**
 * Copies the containers along `segs` from `k` on (or writes into those in `owned`), putting `value`
 * at the end; with `add`, the number found at the end plus `value`. Checks everything before
 * writing anything, so a failure leaves every container as it was.
 */
function setRec(current: unknown, segs: readonly PathSegment[], k: number, value: unknown, create: boolean, add: boolean, owned: OwnedCopies | undefined): unknown {
  const slot = slotOf(current, segs[k]!);
  if (slot === undefined) return FAILED;
  const container = current as Record<string | number, unknown>;
  const present = hasOwn(container, slot);
  const last = k === segs.length - 1;
  if (!present && !(last && create)) return FAILED;
  let child: unknown = value;
  if (!last) {
    child = setRec(container[slot], segs, k + 1, value, create, add, owned);
    if (child === FAILED) return FAILED;
  } else if (add) {
    const found = present ? container[slot] : undefined;
    if (typeof found !== 'number') return FAILED;
    child = found + (value as number);
  }
  const out = owned !== undefined && owned.includes(container) ? container : copyOf(container, owned);
  // A new key is defined, not assigned: assigning "__proto__" would set the prototype.
  if (present) out[slot] = child;
  else {
    forgetCopy(out);
    Object.defineProperty(out, slot, { value: child, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

function copyOf(container: Record<string | number, unknown>, owned: OwnedCopies | undefined): Record<string | number, unknown> {
  // An owned copy's keys change only through setRec, which forgets it first (record-copy.ts).
  const copy = Array.isArray(container) ? (container.slice() as unknown as Record<number, unknown>) : copyRecord(container as Record<string, unknown>, owned !== undefined);
  owned?.push(copy);
  return copy;
}

/** The message of a set that setRec refused: the first step that fails, walking down the path. */
function whySetFails(doc: unknown, segs: readonly PathSegment[], create: boolean): string {
  let current = doc;
  for (let k = 0; k < segs.length; k++) {
    const s = step(current, segs, k);
    if (!s.ok) return s.message;
    if (!hasOwn(s.container, s.slot) && !(k === segs.length - 1 && create)) return `${formatPath(segs.slice(0, k + 1))} does not exist`;
    current = (s.container as Record<string | number, unknown>)[s.slot];
  }
  return 'path is empty';
}

/** Returns a copy of `doc` with `delta` added to the number at `path` (which must exist). */
export function addPath<T>(doc: T, path: string | readonly PathSegment[], delta: number, owned?: OwnedCopies): SetResult<T> {
  const segments = parsed(path);
  if (!segments.ok) return segments;
  // One pass down the path; only a failure takes the read-then-write route, for its message.
  if (segments.segments.length > 0) {
    const rebuilt = setRec(doc, segments.segments, 0, delta, false, true, owned);
    if (rebuilt !== FAILED) return { ok: true, doc: rebuilt as T };
  }
  const got = getPath(doc, segments.segments);
  if (!got.ok) return got;
  const where = typeof path === 'string' ? path : formatPath(path);
  if (!got.exists) return { ok: false, message: `${where} does not exist` };
  if (typeof got.value !== 'number') return { ok: false, message: `${where} is not a number` };
  return setPath(doc, segments.segments, got.value + delta, false);
}

/** A path as segments: parsed from a string, or as given (never modified). */
function parsed(path: string | readonly PathSegment[]): { ok: true; segments: readonly PathSegment[] } | { ok: false; message: string } {
  return typeof path === 'string' ? parsePath(path) : { ok: true, segments: path };
}
