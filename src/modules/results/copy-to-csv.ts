/**
 * Turns the COPY text stream of a run's rows (results.repository copyRowsOut) into the CLI's CSV,
 * chunk by chunk: each line is parsed back into a ResultRow and printed by the engine's one CSV
 * writer (src/engine/output/csv.ts), so the API and the CLI give the same bytes. Nothing holds more
 * than one incoming chunk plus a partial line.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { ResultRow } from '../../engine/monte-carlo/types.js';
import type { EntityType } from '../../engine/simulation/types.js';
import { csvHeader, csvRow } from '../../engine/output/csv.js';

/** COPY text format escapes (backslash sequences) undone. */
function unescapeCopy(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c === 'b' ? '\b' : c === 'f' ? '\f' : c === 'v' ? '\v' : c));
}

/**
 * float8 as PostgreSQL prints it (shortest round-trip since PG 12, or NaN / Infinity /
 * -Infinity) back to the same double.
 */
function float(text: string): number {
  return Number(text);
}

/** One COPY line (period, date, entity_type, entity, metric, mean, p05..p95) as a ResultRow. */
export function parseCopyLine(line: string): ResultRow {
  const f = line.split('\t');
  if (f.length !== 11) throw new Error(`expected 11 COPY fields, got ${f.length}`);
  return {
    period: Number(f[0]),
    date: f[1]!,
    entityType: unescapeCopy(f[2]!) as EntityType,
    entity: unescapeCopy(f[3]!),
    metric: unescapeCopy(f[4]!),
    mean: float(f[5]!),
    p05: float(f[6]!),
    p25: float(f[7]!),
    p50: float(f[8]!),
    p75: float(f[9]!),
    p95: float(f[10]!),
  };
}

/** A Transform from COPY text chunks to CSV text: the header first, then one line per row. */
export function copyToCsv(): Transform {
  let rest = '';
  let headerSent = false;
  const header = (t: Transform) => {
    if (!headerSent) {
      headerSent = true;
      t.push(csvHeader());
    }
  };
  return new Transform({
    readableObjectMode: false,
    transform(this: Transform, chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      header(this);
      // COPY text is UTF-8 and splits only at \n between lines; a chunk may end mid-line (and in
      // theory mid-character), so decode only whole lines.
      const text = rest + chunk.toString('latin1');
      const lines = text.split('\n');
      rest = lines.pop()!;
      let out = '';
      try {
        for (const line of lines) out += csvRow(parseCopyLine(Buffer.from(line, 'latin1').toString('utf8')));
      } catch (err) {
        done(err as Error);
        return;
      }
      done(null, out);
    },
    flush(this: Transform, done: TransformCallback) {
      header(this);
      if (rest.length > 0) {
        done(new Error('COPY stream ended mid-line'));
        return;
      }
      done();
    },
  });
}
