import { describe, expect, it } from '@jest/globals';
import { findNulStrings } from './document-strings.js';

describe(findNulStrings.name, () => {
  it('names every string value or key holding U+0000, in path syntax', () => {
    const doc = { name: 'a\u0000b', labs: [{ name: 'ok', fleet: { 'H\u0000': 1 } }], tags: ['x', '\u0000'] };
    expect(findNulStrings(doc)).toEqual([
      { path: 'name', message: expect.stringMatching(/NUL/) },
      { path: 'labs[0].fleet.H\\u0000', message: expect.stringMatching(/key/) },
      { path: 'tags[1]', message: expect.stringMatching(/NUL/) },
    ]);
  });

  it('accepts SQL, HTML and emoji', () => {
    expect(findNulStrings({ name: "'); DROP TABLE x;-- <b>🚀</b>" })).toEqual([]);
  });

  it('stops at a hostile depth instead of exhausting the stack', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNulStrings(deep)).toEqual([]);
  });
});
