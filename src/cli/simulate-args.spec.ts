import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PATHS, DEFAULT_SEED, parseSimulateArgs } from './simulate-args.js';

describe(parseSimulateArgs.name, () => {
  it('reads every flag and applies defaults', () => {
    expect(parseSimulateArgs(['--scenario', 'x'])).toEqual({
      kind: 'run',
      options: { scenario: 'x', paths: DEFAULT_PATHS, seed: DEFAULT_SEED, periods: undefined, json: undefined, csv: undefined, chunk: undefined },
    });
    expect(
      parseSimulateArgs(['--scenario=a.json', '--paths', '7', '--seed', '0', '--periods', '12', '--json', 'o.json', '--csv', 'o.csv', '--chunk', '3']),
    ).toEqual({ kind: 'run', options: { scenario: 'a.json', paths: 7, seed: 0, periods: 12, json: 'o.json', csv: 'o.csv', chunk: 3 } });
  });

  it('reports every bad flag at once, each naming its flag', () => {
    const parsed = parseSimulateArgs(['--paths', '0', '--seed=-1', '--periods', '601', '--chunk', '1.5']);
    expect(parsed.kind).toBe('error');
    if (parsed.kind !== 'error') return;
    const text = parsed.errors.join('\n');
    for (const flag of ['--scenario', '--paths', '--seed', '--periods', '--chunk']) expect(text).toContain(flag);
    expect(parsed.errors).toHaveLength(5);
  });

  it('refuses paths above the limit and non-numbers', () => {
    for (const paths of ['100001', 'abc', '', '1e3x']) {
      const parsed = parseSimulateArgs(['--scenario', 'x', '--paths', paths]);
      expect(parsed.kind).toBe('error');
    }
  });

  it('refuses unknown flags and positionals with parseArgs messages', () => {
    const unknown = parseSimulateArgs(['--scenario', 'x', '--pths', '3']);
    expect(unknown.kind === 'error' && unknown.errors[0]).toContain('--pths');
    expect(parseSimulateArgs(['x']).kind).toBe('error');
  });

  it('recognises --help and --list', () => {
    expect(parseSimulateArgs(['--help']).kind).toBe('help');
    expect(parseSimulateArgs(['--list']).kind).toBe('list');
  });
});
