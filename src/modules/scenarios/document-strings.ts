import type { FieldError } from '../../engine/scenario/types.js';

const MAX_DEPTH = 64;

/**
 * Strings PostgreSQL's JSONB cannot store: the NUL character (U+0000) in a value or a key. Found
 * here so the client hears which field, rather than a database error.
 */
export function findNulStrings(value: unknown, path = '', out: FieldError[] = [], depth = 0): FieldError[] {
  // A valid document is shallow; the bound keeps a hostile nesting from exhausting the stack.
  if (out.length >= 20 || depth > MAX_DEPTH) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ path, message: 'must not contain the NUL character (U+0000)' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findNulStrings(v, `${path}[${i}]`, out, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) out.push({ path: at.replace(/\u0000/g, '\\u0000'), message: 'a key must not contain the NUL character (U+0000)' });
      else findNulStrings(v, at, out, depth + 1);
    }
  }
  return out;
}
