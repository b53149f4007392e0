import { describe, expect, it } from '@jest/globals';
import type { ResultRow } from '../monte-carlo/types.js';
import { csvField, csvNumber, formatCsv, RESULT_COLUMNS } from './csv.js';

/** A minimal RFC 4180 reader, written independently of the writer, to round-trip its output. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  return records;
}

const row = (entity: string, mean: number): ResultRow => ({
  period: 3,
  date: '2024-12-01',
  entityType: 'model',
  entity,
  metric: 'price',
  mean,
  p05: 0.1,
  p25: 0.2,
  p50: 0.3,
  p75: 0.4,
  p95: 0.5,
});

describe(formatCsv.name, () => {
  it('writes the header in MODEL.md section 7 order', () => {
    expect(formatCsv([]).split('\n')[0]).toBe('period,date,entityType,entity,metric,mean,p05,p25,p50,p75,p95');
    expect(RESULT_COLUMNS).toHaveLength(11);
  });

  it('escapes commas, quotes and newlines in entity names so a reader gets them back', () => {
    const names = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'm+1'];
    const parsed = parseCsv(formatCsv(names.map((n) => row(n, 1))));
    expect(parsed.slice(1).map((r) => r[3])).toEqual(names);
    for (const r of parsed) expect(r).toHaveLength(11);
  });

  it('prints numbers as their shortest round-trip text', () => {
    const values = [0.1 + 0.2, 1e-7, 123456789012345680000, -2.5, 0, 1 / 3];
    const parsed = parseCsv(formatCsv(values.map((v) => row('m', v))));
    expect(parsed.slice(1).map((r) => Number(r[5]))).toEqual(values);
    expect(parsed[1][5]).toBe('0.30000000000000004');
    expect(parsed[2][5]).toBe('1e-7');
  });

  it('leaves non-finite numbers empty and quotes only when needed', () => {
    expect(csvNumber(NaN)).toBe('');
    expect(csvNumber(Infinity)).toBe('');
    expect(csvField('gpt-4o')).toBe('gpt-4o');
    expect(csvField('a"b')).toBe('"a""b"');
  });
});
