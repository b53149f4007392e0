/**
 * The one validation of a scenario document (MODEL.md section 1), shared by the GraphQL layer,
 * the CLI and the job producers: a parsed JSON value in, a typed document or every field error
 * (in path syntax, e.g. `labs[OpenLab].pricing.markup: must be >= 0`) out. Pure.
 */
import type { FieldError, ScenarioDoc } from './types.js';
import { LIMITS } from './types.js';
import { checkDocument } from './validate-document.js';
import { checkEvents } from './validate-events.js';
import { Checker, isRecord } from './validate-kit.js';

export type ValidationResult = { ok: true; doc: ScenarioDoc } | { ok: false; errors: FieldError[] };

/** UTF-8 bytes of the document serialized as JSON; undefined when it is not JSON at all. */
export function serializedBytes(input: unknown): number | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(input);
  } catch {
    return undefined;
  }
  // undefined (no document at all) is left for the shape check to report
  return text === undefined ? 0 : new TextEncoder().encode(text).length;
}

/** Validates a parsed JSON scenario document (MODEL.md sections 1, 0 and 8). */
export function validateScenario(input: unknown): ValidationResult {
  const c = new Checker();
  const bytes = serializedBytes(input);
  if (bytes === undefined) return { ok: false, errors: [{ path: '', message: 'the document is not serializable JSON' }] };
  if (bytes > LIMITS.maxDocumentBytes) {
    c.fail('', `the document is ${(bytes / 1e6).toFixed(1)} MB serialized; at most ${LIMITS.maxDocumentBytes / 1e6} MB is allowed`);
  }
  checkDocument(c, input);
  if (isRecord(input)) checkEvents(c, input, c.errors.length === 0);
  return c.errors.length === 0 ? { ok: true, doc: input as unknown as ScenarioDoc } : { ok: false, errors: c.errors };
}

/** `path: message` lines, for the CLI and logs. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}
