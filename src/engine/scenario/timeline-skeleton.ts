/**
 * A timeline built once per document and calendar with every per-path distribution left in place
 * (the skeleton), from which each path's timeline is made by putting its draws in (build-timeline.ts).
 *
 * When no event draws, brings a distribution or reaches a per-path leaf, the events do the same
 * thing on every path: they never read a drawn value, and a drawn value survives in a period
 * exactly where the skeleton still holds its distribution object. Which skeleton objects a path
 * must copy to hold its draws, and where each draw or copy goes, is then the same for every path,
 * so it is worked out once (the skeleton's copies); a path only runs them. Before, every path drew
 * into the document and applied every event to its copy again (a setPath down from the root per
 * event and period, most of a preset path's timeline). All other parts are the skeleton's own
 * objects, shared by every path.
 */
import type { Distribution } from './types.js';
import { literalKeysOf } from './record-copy.js';
import type { PathSegment } from './path.js';

/** A step of the drawn leaves' paths, merged into a tree from the document's root. */
interface Node {
  /** Where it sits in its parent: a key of a record or an index of a list. */
  slot: string | number;
  /** Whether `slot` is a list index. */
  index: boolean;
  /** The leaf's place in the draw order, or -1 for a step with children. */
  leaf: number;
  /** The leaf's distribution: where the skeleton holds this very object, the path's draw goes. */
  dist: Distribution | undefined;
  children: Node[];
}

/**
 * `source` with its i-th replaced slot set from `from[i]` (see Copy) as a new object: `made` holds
 * the path's copies made so far, `drawn` its draws.
 */
type Build = (source: Record<string | number, unknown>, from: readonly number[], made: readonly unknown[], drawn: readonly number[]) => Record<string | number, unknown>;

/** One copy a path makes: of a skeleton object, with some of its slots replaced. */
interface Copy {
  source: Record<string | number, unknown>;
  build: Build;
  /** Per replaced slot: the copy (index, made before this one) that goes there, or -1 - i for draw i. */
  from: number[];
}

export interface Skeleton {
  /** Per period, the scenario with distributions in place; one object for periods where nothing changed. */
  scenarios: object[];
  /** The copies of a path, each after those it puts in its slots. */
  copies: Copy[];
  /** Per period, the copy that is the path's scenario, or -1 when it is the skeleton's (nothing drawn in it). */
  scenarioCopy: Int32Array;
}

/** Leaves a skeleton covers: each leaf's path (keys and list indexes only) and distribution. */
export interface SkeletonLeaf {
  segments: readonly PathSegment[];
  dist: Distribution;
}

/** The skeleton of the scenarios of periods 0..T-1 (distributions in place), with `leaves` drawn per path in this order. */
export function skeletonOf(scenarios: object[], leaves: readonly SkeletonLeaf[]): Skeleton {
  const root = treeOf(leaves);
  const copies: Copy[] = [];
  // Per node, the skeleton object last met there and the copy made of it (-1: none needed).
  const met = new Map<Node, { object: unknown; copy: number }>();
  const visit = (node: Node, o: object): number => {
    const seen = met.get(node);
    if (seen !== undefined && seen.object === o) return seen.copy;
    const slots: (string | number)[] = [];
    const from: number[] = [];
    for (const child of node.children) {
      const slot = child.slot;
      const present = child.index ? Array.isArray(o) && (slot as number) < o.length : !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, slot);
      if (!present) continue;
      const value = (o as Record<string | number, unknown>)[slot];
      if (child.leaf >= 0) {
        if (value !== child.dist) continue;
        from.push(-1 - child.leaf);
      } else {
        const made = typeof value === 'object' && value !== null ? visit(child, value) : -1;
        if (made < 0) continue;
        from.push(made);
      }
      slots.push(slot);
    }
    let copy = -1;
    if (slots.length > 0) {
      copy = copies.length;
      const source = o as Record<string | number, unknown>;
      copies.push({ source, build: buildOf(source, slots), from });
    }
    met.set(node, { object: o, copy });
    return copy;
  };
  const scenarioCopy = new Int32Array(scenarios.length);
  for (let t = 0; t < scenarios.length; t++) scenarioCopy[t] = visit(root, scenarios[t]!);
  return { scenarios, copies, scenarioCopy };
}

/**
 * Builders by key list and replaced slots: an object literal naming every key, the replaced ones
 * taken from `values`. Writing a draw into a copy instead (a keyed store) cost several times the
 * copy: the store is megamorphic, and a draw's number in a field that held a distribution object
 * changes the field's representation, so the literal's map is replaced and every later copy migrated.
 */
const builders = new Map<string, Build>();
const BUILDER_LIMIT = 256;

function buildOf(source: Record<string | number, unknown>, slots: readonly (string | number)[]): Build {
  if (Array.isArray(source)) return (o, from, made, drawn) => replaced((o as unknown as unknown[]).slice() as unknown as Record<number, unknown>, slots, from, made, drawn);
  const keys = literalKeysOf(source as Record<string, unknown>);
  if (keys === undefined) return (o, from, made, drawn) => replaced({ ...o }, slots, from, made, drawn);
  const id = JSON.stringify([keys, slots]);
  let build = builders.get(id);
  if (build === undefined) {
    if (builders.size >= BUILDER_LIMIT) builders.clear();
    const fields = keys.map((k) => {
      const i = slots.indexOf(k);
      return `${JSON.stringify(k)}: ${i >= 0 ? `f${i} >= 0 ? m[f${i}] : d[-1 - f${i}]` : `o[${JSON.stringify(k)}]`}`;
    });
    const reads = slots.map((_, i) => `const f${i} = f[${i}];`).join(' ');
    // Keys enter the source only as JSON.stringify literals, so a key is data, never code.
    build = new Function('o', 'f', 'm', 'd', `${reads} return { ${fields.join(', ')} };`) as Build;
    builders.set(id, build);
  }
  return build;
}

function replaced(
  copy: Record<string | number, unknown>,
  slots: readonly (string | number)[],
  from: readonly number[],
  made: readonly unknown[],
  drawn: readonly number[],
): Record<string | number, unknown> {
  for (let i = 0; i < slots.length; i++) copy[slots[i]!] = from[i]! >= 0 ? made[from[i]!] : drawn[-1 - from[i]!];
  return copy;
}

function treeOf(leaves: readonly SkeletonLeaf[]): Node {
  const root: Node = { slot: '', index: false, leaf: -1, dist: undefined, children: [] };
  leaves.forEach((leaf, i) => {
    let node = root;
    leaf.segments.forEach((s, k) => {
      const slot = s.kind === 'key' ? s.key : s.kind === 'index' ? s.index : undefined;
      if (slot === undefined) throw new Error('a leaf path selects by key and index only');
      let child = node.children.find((c) => c.slot === slot && c.index === (s.kind === 'index'));
      if (child === undefined) node.children.push((child = { slot, index: s.kind === 'index', leaf: -1, dist: undefined, children: [] }));
      if (k === leaf.segments.length - 1) {
        child.leaf = i;
        child.dist = leaf.dist;
      }
      node = child;
    });
  });
  return root;
}

/**
 * Whether an event on `path` could write at or below a per-path leaf (then the events do not act
 * the same on every path). A name selector may select any element.
 */
export function reachesLeaf(path: readonly PathSegment[], leaf: readonly PathSegment[]): boolean {
  if (path.length < leaf.length) return false;
  for (let k = 0; k < leaf.length; k++) {
    const e = path[k]!;
    const l = leaf[k]!;
    if (e.kind === 'name') {
      if (l.kind !== 'index') return false;
    } else if (e.kind === 'key' ? l.kind !== 'key' || l.key !== e.key : l.kind !== 'index' || l.index !== e.index) return false;
  }
  return true;
}

/**
 * One path's scenarios: the skeleton's with `drawn[i]` in place of leaf i's distribution wherever
 * the skeleton still holds it. Parts that did not change between periods are the same objects, as
 * the skeleton's are.
 */
export function realize(skeleton: Skeleton, drawn: readonly number[]): object[] {
  const { scenarios, copies, scenarioCopy } = skeleton;
  const made: Record<string | number, unknown>[] = new Array(copies.length);
  for (let c = 0; c < copies.length; c++) {
    const { source, build, from } = copies[c]!;
    made[c] = build(source, from, made, drawn);
  }
  const out: object[] = new Array(scenarios.length);
  for (let t = 0; t < scenarios.length; t++) {
    const c = scenarioCopy[t]!;
    out[t] = c >= 0 ? made[c]! : scenarios[t]!;
  }
  return out;
}
