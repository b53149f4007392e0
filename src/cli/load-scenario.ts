/**
 * Resolves the CLI's --scenario: a built-in preset by name, else a JSON file. File reading lives
 * here, outside the pure engine. Every document, preset or file, goes through the one validator.
 */
import { readFile, stat } from 'node:fs/promises';
import { listPresets, loadPreset } from '../engine/presets/presets.js';
import { LIMITS, type FieldError, type ScenarioDoc } from '../engine/scenario/types.js';
import { validateScenario } from '../engine/scenario/validate-scenario.js';

/** The validator's contract (E2's validateScenario). */
export type Validate = (input: unknown) => { ok: true; doc: ScenarioDoc } | { ok: false; errors: FieldError[] };

export type LoadResult =
  | { ok: true; doc: ScenarioDoc; source: string }
  | { ok: false; errors: string[] };

/** `path: message` lines, as users see them. */
export function fieldErrorLines(errors: readonly FieldError[]): string[] {
  return errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`));
}

/** A preset by name, or a scenario JSON file by path, validated. */
export async function loadScenario(nameOrPath: string, validate: Validate = validateScenario): Promise<LoadResult> {
  const preset = loadPreset(nameOrPath);
  let input: unknown;
  let source: string;
  if (preset !== undefined) {
    input = preset;
    source = `preset ${nameOrPath}`;
  } else {
    const names = listPresets().map((p) => p.name).join(', ');
    let size: number;
    try {
      const info = await stat(nameOrPath);
      if (!info.isFile()) return { ok: false, errors: [`--scenario: "${nameOrPath}" is not a file`] };
      size = info.size;
    } catch {
      return { ok: false, errors: [`--scenario: "${nameOrPath}" is neither a preset (${names}) nor a readable file`] };
    }
    if (size > LIMITS.maxDocumentBytes) {
      return { ok: false, errors: [`--scenario: ${nameOrPath} is ${size} bytes; a scenario may be at most ${LIMITS.maxDocumentBytes}`] };
    }
    try {
      input = JSON.parse(await readFile(nameOrPath, 'utf8'));
    } catch (err) {
      return { ok: false, errors: [`--scenario: ${nameOrPath} is not valid JSON (${(err as Error).message})`] };
    }
    source = `file ${nameOrPath}`;
  }
  const checked = validate(input);
  if (!checked.ok) return { ok: false, errors: fieldErrorLines(checked.errors) };
  return { ok: true, doc: checked.doc, source };
}
