import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from './scenarios.service.js';

describe('scenario list cursors', () => {
  it('round-trip any name, including awkward ones', () => {
    for (const name of ['a', "Robert'); DROP TABLE scenarios;--", '🚀 名前', 'name:with:colons']) expect(decodeCursor(encodeCursor(name))).toBe(name);
  });

  it('reject a cursor this API did not make', () => {
    expect(decodeCursor(Buffer.from('id:42').toString('base64url'))).toBeUndefined();
  });
});
