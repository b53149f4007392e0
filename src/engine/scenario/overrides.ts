/**
 * Overrides (MODEL.md section 1): a list of `{path, value}` applied to a document, e.g. to clone
 * a scenario with changes or to make a sweep's variant. The result is validated again; a path
 * that does not exist is reported under the override's own path.
 */
import { getPath, parsePath, setPath } from './path.js';
import type { ScenarioDoc } from './types.js';
import { labelPath } from './validate-events.js';
import { validateScenario, type ValidationResult } from './validate-scenario.js';

export interface Override {
  path: string;
  value: unknown;
}

/** Applies overrides in order to a copy of `doc` and validates the result (MODEL.md section 1). */
export function applyOverrides(doc: ScenarioDoc | unknown, overrides: readonly Override[]): ValidationResult {
  let state: unknown = doc;
  const created = new Set<string>();
  const errors: { path: string; message: string }[] = [];
  for (const o of overrides) {
    const path = typeof o.path === 'string' ? o.path : String(o.path);
    const parsed = parsePath(path);
    if (!parsed.ok) {
      errors.push({ path, message: `not a valid path: ${parsed.message}` });
      continue;
    }
    const target = getPath(state, parsed.segments);
    if (!target.ok) {
      errors.push({ path, message: `no such field: ${target.message}` });
      continue;
    }
    const next = setPath(state, parsed.segments, o.value);
    if (!next.ok) {
      errors.push({ path, message: `no such field: ${next.message}` });
      continue;
    }
    if (!target.exists) created.add(labelPath(state, parsed.segments));
    state = next.doc;
  }
  if (errors.length > 0) return { ok: false, errors };
  const result = validateScenario(state);
  if (result.ok) return result;
  // A key the override created that the schema does not know is a path that does not exist.
  return {
    ok: false,
    errors: result.errors.map((e) =>
      created.has(e.path) && e.message.startsWith('unknown field') ? { path: e.path, message: `no such field (${e.message})` } : e,
    ),
  };
}
