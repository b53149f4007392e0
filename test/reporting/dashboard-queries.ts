import { readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

/** The dashboard queries of docs/bi-dashboards.sql by name, in file order. */
export function dashboardQueries(): { name: string; sql: string }[] {
  const text = readFileSync(new URL('docs/bi-dashboards.sql', ROOT), 'utf8');
  return text
    .split(/^-- name: /m)
    .slice(1)
    .map((part) => {
      const newline = part.indexOf('\n');
      return { name: part.slice(0, newline).trim(), sql: part.slice(newline + 1).trim() };
    });
}

export function readDoc(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}
