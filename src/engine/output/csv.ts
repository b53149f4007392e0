/**
 * Tidy result rows as CSV (MODEL.md section 7). Shared by the CLI and the API's CSV export so both
 * produce the same bytes for the same rows. Pure.
 *
 * Format: a header line, then one line per row, fields in MODEL.md order, lines ended by "\n"
 * (also after the last row). Text fields are quoted only when they hold a comma, a double quote,
 * CR or LF (RFC 4180, quotes doubled). Numbers are printed with String(x): the shortest text that
 * round-trips to the same double; a non-finite number (which finalized rows should never hold) is
 * an empty field rather than "NaN", so spreadsheets read it as missing.
 */
import type { ResultRow } from '../monte-carlo/types.js';

/** ResultRow fields in MODEL.md section 7 order: the CSV columns. */
export const RESULT_COLUMNS = [
  'period',
  'date',
  'entityType',
  'entity',
  'metric',
  'mean',
  'p05',
  'p25',
  'p50',
  'p75',
  'p95',
] as const satisfies readonly (keyof ResultRow)[];

/** One text field, quoted when it must be (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One number, shortest round-trip text; empty when not finite. */
export function csvNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

/** The header line, with its newline. */
export function csvHeader(): string {
  return `${RESULT_COLUMNS.join(',')}\n`;
}

/** One row's line, with its newline. */
export function csvRow(row: ResultRow): string {
  return (
    `${csvNumber(row.period)},${csvField(row.date)},${csvField(row.entityType)},${csvField(row.entity)},` +
    `${csvField(row.metric)},${csvNumber(row.mean)},${csvNumber(row.p05)},${csvNumber(row.p25)},` +
    `${csvNumber(row.p50)},${csvNumber(row.p75)},${csvNumber(row.p95)}\n`
  );
}

/** The whole CSV document for a list of rows (header included). */
export function formatCsv(rows: readonly ResultRow[]): string {
  const parts = [csvHeader()];
  for (const row of rows) parts.push(csvRow(row));
  return parts.join('');
}
