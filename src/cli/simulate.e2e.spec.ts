import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The simulate command as users run it: a child process through tsx, real engine, real files. */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'simulate-e2e-'));

function simulate(...args: string[]) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 120_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('simulate CLI (end to end)', () => {
  it('runs the deepseek preset: exit 0, a summary, and JSON and CSV files with the same rows', () => {
    const json = join(dir, 'run.json');
    const csv = join(dir, 'run.csv');
    const r = simulate('--scenario', 'deepseek-debates-2025', '--paths', '4', '--seed', '7', '--periods', '12', '--chunk', '3', '--json', json, '--csv', csv);
    expect(r.stderr).toContain('4/4 paths');
    expect(r.code).toBe(0);
    for (const text of ['OpenAI', 'DeepSeek', 'gpt4o-class', 'o1-class', 'Leader premium', 'GPU rental']) expect(r.stdout).toContain(text);

    const out = JSON.parse(readFileSync(json, 'utf8'));
    expect(out.meta).toMatchObject({ scenario: 'deepseek-debates-2025', seed: 7, paths: 4, periods: 12 });
    expect(out.rows.length).toBeGreaterThan(100);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('period,date,entityType,entity,metric,mean,p05,p25,p50,p75,p95');
    expect(lines).toHaveLength(out.rows.length + 1);
    // Every CSV number reads back to the JSON row's double (no entity here needs quoting).
    const first = out.rows[0];
    const cells = lines[1].split(',');
    expect(Number(cells[5])).toBe(first.mean);
    expect(cells[3]).toBe(first.entity);
    type Row = { period: number; p05: number; p50: number; p95: number };
    expect(out.rows.every((row: Row) => row.p05 <= row.p50 && row.p50 <= row.p95)).toBe(true);
    expect(Math.max(...out.rows.map((row: Row) => row.period))).toBe(11);
  });

  it('gives the same bytes for the same seed however the paths are chunked', () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    expect(simulate('--scenario', 'three-labs', '--paths', '5', '--periods', '6', '--csv', a).code).toBe(0);
    expect(simulate('--scenario', 'three-labs', '--paths', '5', '--periods', '6', '--chunk', '2', '--csv', b).code).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('refuses a bad scenario file with a non-zero exit and the field path, no stack trace', () => {
    const doc = JSON.parse(readFileSync(join(root, 'src/engine/presets/three-labs.json'), 'utf8'));
    doc.models[0].lab = 'Nobody';
    doc.segments[1].alpha = -2;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = simulate('--scenario', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('models[frontier-4o].lab');
    expect(r.stderr).toContain('segments[o1-class].alpha');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses bad flags with exit 2', () => {
    const r = simulate('--scenario', 'three-labs', '--paths', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--paths');
  });
});
