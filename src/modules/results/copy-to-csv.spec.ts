import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from '@jest/globals';
import type { ResultRow } from '../../engine/monte-carlo/types.js';
import { formatCsv } from '../../engine/output/csv.js';
import { copyToCsv, parseCopyLine } from './copy-to-csv.js';

/** COPY text as PostgreSQL writes it for these rows (backslash escapes, shortest floats). */
function copyText(rows: readonly ResultRow[]): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  const num = (x: number) => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : String(x));
  return rows
    .map((r) => [r.period, r.date, esc(r.entityType), esc(r.entity), esc(r.metric), num(r.mean), num(r.p05), num(r.p25), num(r.p50), num(r.p75), num(r.p95)].join('\t') + '\n')
    .join('');
}

const ROWS: ResultRow[] = [
  { period: 0, date: '2025-01-01', entityType: 'model', entity: 'plain', metric: 'price', mean: 0.1 + 0.2, p05: 1e-7, p25: 5e21, p50: -0, p75: 2.5, p95: 1 / 3 },
  { period: 1, date: '2025-02-01', entityType: 'model', entity: 'tab\there, "quoted", new\nline\\back', metric: 'segmentShare:o1-class', mean: 1, p05: 0, p25: 0, p50: 0.5, p75: 1, p95: 1 },
  { period: 2, date: '2025-03-01', entityType: 'lab', entity: 'Ünïcode 深度求索', metric: 'cash', mean: NaN, p05: Infinity, p25: -Infinity, p50: 0, p75: 0, p95: 0 },
  { period: 3, date: '2025-04-01', entityType: 'market', entity: 'market', metric: 'hhi', mean: 1234.5678901234567, p05: 1, p25: 2, p50: 3, p75: 4, p95: 5 },
];

async function convert(chunks: Buffer[]): Promise<string> {
  const out = copyToCsv();
  const [csv] = await Promise.all([text(out), pipeline(Readable.from(chunks), out)]);
  return csv;
}

describe('copy-to-csv', () => {
  it('parses a COPY line back to the same row, escapes and every double included', () => {
    const lines = copyText(ROWS).split('\n').slice(0, -1);
    lines.forEach((line, i) => expect(parseCopyLine(line)).toEqual(ROWS[i]));
  });

  it('gives the CLI\'s CSV bytes however the COPY stream is cut into chunks', async () => {
    const bytes = Buffer.from(copyText(ROWS), 'utf8');
    const expected = formatCsv(ROWS);
    expect(await convert([bytes])).toBe(expected);
    // Every cut point, including inside multi-byte characters and escape sequences.
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await convert([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(expected);
    }
    // One byte at a time.
    expect(await convert([...bytes].map((b) => Buffer.from([b])))).toBe(expected);
  });

  it('writes the header alone for a run without rows, and refuses a stream cut mid-line', async () => {
    expect(await convert([])).toBe(formatCsv([]));
    await expect(convert([Buffer.from('0\t2025-01-01\tmodel')])).rejects.toThrow(/mid-line/);
  });
});
