/**
 * Shallow copies of plain objects that give what `{ ...o }` gives (the same own keys in the same
 * order, the same values, a plain object) at a fraction of its cost for the objects a timeline
 * copies over and over. A timeline copies its scenario root and the GPU market once a period, each
 * copy from the copy before; on Node 20 a spread of an object with more than four properties takes
 * V8's generic route (~10 ns a key, whatever the spelling: Object.assign, for...in and
 * Object.fromEntries cost the same). An object literal naming the keys is built from a boilerplate
 * with monomorphic loads from the source instead, so each list of keys gets one copier function.
 *
 * Which copier fits is found from Object.keys for an object not seen before, and without any
 * lookup for an object the caller says it copied itself and has not changed since (see
 * `copyRecord`'s `recent`): those have exactly the copier's keys, as plain data properties.
 */

type Copier = (o: Record<string, unknown>) => Record<string, unknown>;

interface Shape {
  keys: readonly string[];
  copy: Copier;
}

/** Copiers made so far, by key list (a run meets a handful: root, GPU market, labs, segments...); past the limit a new one replaces the oldest. */
const shapes: Shape[] = [];
const SHAPE_LIMIT = 64;
let nextShape = 0;
/** Key lists longer than this are spread (a literal that large gains nothing here). */
const MAX_KEYS = 64;

/**
 * The last copies made with `recent`, with their shapes: a timeline copies the previous period's
 * root and GPU market, i.e. copies made one period before. Held strongly, so only a few.
 */
const RECENT = 8;
const recentObjects: (object | undefined)[] = new Array<object | undefined>(RECENT).fill(undefined);
const recentShapes: (Shape | undefined)[] = new Array<Shape | undefined>(RECENT).fill(undefined);
let nextRecent = 0;

/**
 * The shape found for an object copied with `recent` (null: it must be spread), by object. A
 * timeline copies the same parts of its document (root, segments, technology, GPU market) for its
 * draws in every path: Object.keys and the symbols check (getOwnPropertySymbols is a runtime call)
 * were most of a path's drawing. Such callers copy only documents, which are never mutated
 * (path.ts), and their own copies, forgotten before a key is added (forgetCopy).
 */
const knownShapes = new WeakMap<object, Shape | null>();

/** Keys a literal cannot copy as `{ ...o }` does: "__proto__" would set the prototype, and index keys are stored apart. */
function literalSafe(key: string): boolean {
  return key !== '__proto__' && !/^(0|[1-9][0-9]*)$/.test(key) && key.length <= 200;
}

function makeCopier(keys: readonly string[]): Copier {
  const fields = keys.map((k) => `${JSON.stringify(k)}: o[${JSON.stringify(k)}]`).join(', ');
  // Keys enter the source only as JSON.stringify literals, so a key is data, never code.
  return new Function('o', `return { ${fields} };`) as Copier;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The copier of `o`'s own enumerable keys, or undefined when `o` must be spread. */
function shapeOf(o: Record<string, unknown>): Shape | undefined {
  const keys = Object.keys(o);
  if (keys.length > MAX_KEYS || Object.getOwnPropertySymbols(o).length > 0) return undefined;
  for (let i = 0; i < shapes.length; i++) if (sameKeys(shapes[i]!.keys, keys)) return shapes[i];
  if (!keys.every(literalSafe)) return undefined;
  const shape = { keys, copy: makeCopier(keys) };
  if (shapes.length < SHAPE_LIMIT) shapes.push(shape);
  else {
    shapes[nextShape] = shape;
    nextShape = (nextShape + 1) % SHAPE_LIMIT;
  }
  return shape;
}

/**
 * `{ ...o }` for a non-array object. With `recent`, the copy is remembered as one whose keys are
 * known, so copying it again needs no Object.keys: the caller promises not to add or remove keys
 * of such a copy without calling `forgetCopy` first, and not to hand it to anyone who might; `o`'s
 * shape is remembered too, with the same promise for `o` (a document's part or such a copy).
 */
export function copyRecord(o: Record<string, unknown>, recent: boolean): Record<string, unknown> {
  let shape: Shape | undefined;
  for (let i = 0; i < RECENT; i++) {
    if (recentObjects[i] === o) {
      shape = recentShapes[i];
      break;
    }
  }
  if (shape === undefined) {
    let known = recent ? knownShapes.get(o) : undefined;
    if (known === undefined) {
      known = shapeOf(o) ?? null;
      if (recent) knownShapes.set(o, known);
    }
    if (known === null) return { ...o };
    shape = known;
  }
  const copy = shape.copy(o);
  if (recent) {
    const i = nextRecent;
    nextRecent = (i + 1) % RECENT;
    recentObjects[i] = copy;
    recentShapes[i] = shape;
  }
  return copy;
}

/** `o`'s own keys when an object literal naming them copies it as `{ ...o }` does, else undefined (it must be spread). */
export function literalKeysOf(o: Record<string, unknown>): readonly string[] | undefined {
  return shapeOf(o)?.keys;
}

/** Forgets a copy made with `recent`, or an object copied so (before a key is added to it). */
export function forgetCopy(o: object): void {
  knownShapes.delete(o);
  for (let i = 0; i < RECENT; i++) {
    if (recentObjects[i] === o) {
      recentObjects[i] = undefined;
      recentShapes[i] = undefined;
    }
  }
}
