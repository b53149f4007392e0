import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultRow } from '../engine/monte-carlo/types.js';
import { validateScenario } from '../engine/scenario/validate-scenario.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { main, type CliIo, type EngineDeps } from './simulate.js';

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

const row = (period: number, entityType: ResultRow['entityType'], entity: string, metric: string, mean: number): ResultRow => ({
  period,
  date: `2025-0${period + 1}-01`,
  entityType,
  entity,
  metric,
  mean,
  p05: mean,
  p25: mean,
  p50: mean,
  p75: mean,
  p95: mean,
});

/** A fake engine: the real validator, and a run that returns fixed rows and records its calls. */
function fakeDeps(): EngineDeps & { calls: { paths: number; seed: number; periods?: number; chunk: number }[] } {
  const calls: { paths: number; seed: number; periods?: number; chunk: number }[] = [];
  return {
    calls,
    validate: validateScenario,
    run(_doc, opts, chunk, onChunk) {
      calls.push({ ...opts, chunk });
      for (let done = chunk; done < opts.paths; done += chunk) onChunk(done);
      onChunk(opts.paths);
      return [
        row(0, 'lab', 'Frontier', 'revenue', 100),
        row(1, 'lab', 'Frontier', 'revenue', 200),
        row(0, 'model', 'a,"quoted" model', 'price', 0.1 + 0.2),
        row(0, 'market', 'market', 'gpuRentalPrice', 2),
        row(1, 'market', 'market', 'gpuRentalPrice', 3),
      ];
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));

describe(main.name, () => {
  it('runs a preset, prints a summary and writes JSON and CSV whose rows parse', async () => {
    const io = capture();
    const deps = fakeDeps();
    const json = join(dir, 'out.json');
    const csv = join(dir, 'out.csv');
    const code = await main(['--scenario', 'three-labs', '--paths', '5', '--seed', '9', '--chunk', '2', '--json', json, '--csv', csv], io, deps);
    expect(io.stderr).toContain('5/5 paths');
    expect(code).toBe(0);
    expect(deps.calls).toEqual([{ paths: 5, seed: 9, periods: 24, chunk: 2 }]);
    expect(io.stdout).toContain('three-labs');
    expect(io.stdout).toContain('Frontier');
    expect(io.stdout).toContain('$300'); // revenue summed over the two periods
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.meta).toMatchObject({ scenario: 'three-labs', seed: 9, paths: 5, periods: 24, engineVersion: ENGINE_VERSION });
    expect(written.rows).toHaveLength(5);
    expect(written.rows[2].mean).toBe(0.1 + 0.2);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('period,date,entityType,entity,metric,mean,p05,p25,p50,p75,p95');
    expect(lines[3]).toBe('0,2025-01-01,model,"a,""quoted"" model",price,0.30000000000000004,0.30000000000000004,0.30000000000000004,0.30000000000000004,0.30000000000000004,0.30000000000000004');
  });

  it('passes --periods through to the run', async () => {
    const deps = fakeDeps();
    expect(await main(['--scenario', 'three-labs', '--periods', '3'], capture(), deps)).toBe(0);
    expect(deps.calls[0].periods).toBe(3);
  });

  it('refuses a bad scenario file with exit 1, printing every field path and no stack', async () => {
    const doc = JSON.parse(readFileSync(new URL('../engine/presets/three-labs.json', import.meta.url), 'utf8'));
    doc.labs[2].pricing.then.markup = -1;
    doc.segments[0].elasticity = 'high';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(doc));
    const io = capture();
    const deps = fakeDeps();
    expect(await main(['--scenario', file], io, deps)).toBe(1);
    expect(io.stderr).toContain('labs[OpenLab].pricing.then.markup');
    expect(io.stderr).toContain('segments[gpt4o-class].elasticity');
    expect(io.stderr).not.toMatch(/\n\s+at /);
    expect(deps.calls).toHaveLength(0);
  });

  it('refuses a missing file and invalid JSON with exit 1', async () => {
    const io = capture();
    expect(await main(['--scenario', join(dir, 'nope.json')], io, fakeDeps())).toBe(1);
    expect(io.stderr).toContain('neither a preset');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"name": ');
    const io2 = capture();
    expect(await main(['--scenario', broken], io2, fakeDeps())).toBe(1);
    expect(io2.stderr).toContain('not valid JSON');
  });

  it('refuses bad flags with exit 2 and the usage text', async () => {
    const io = capture();
    expect(await main(['--scenario', 'three-labs', '--paths', 'many'], io, fakeDeps())).toBe(2);
    expect(io.stderr).toContain('--paths');
    expect(io.stderr).toContain('Usage:');
  });

  it('lists presets', async () => {
    const io = capture();
    expect(await main(['--list'], io, fakeDeps())).toBe(0);
    expect(io.stdout).toContain('deepseek-debates-2025');
    expect(io.stdout).toContain('three-labs');
  });
});
