import { describe, expect, it } from '@jest/globals';
import { bearerToken, displayPrefix, generateApiKeySecret, hashApiKeySecret, sameDigest } from './api-key-secret.js';

describe('API key secrets', () => {
  it('hashes with sha256 (known vector)', () => {
    expect(hashApiKeySecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('generates distinct 256-bit secrets with the fms_ prefix', () => {
    const secrets = new Set(Array.from({ length: 100 }, generateApiKeySecret));
    expect(secrets.size).toBe(100);
    for (const s of secrets) expect(Buffer.from(s.slice(4), 'base64url')).toHaveLength(32);
  });

  it('shows 12 characters of a generated key and 4 of a hand-made one', () => {
    expect(displayPrefix('fms_abcdefghijklmnop')).toBe('fms_abcdefgh');
    expect(displayPrefix('my-own-admin-key-of-32-characters')).toBe('my-o');
  });

  it('compares digests exactly', () => {
    const h = hashApiKeySecret('x');
    expect(sameDigest(h, h)).toBe(true);
    expect(sameDigest(h, hashApiKeySecret('y'))).toBe(false);
    expect(sameDigest(h, h.slice(0, 10))).toBe(false);
  });

  it('reads Bearer tokens and flags any other Authorization shape', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('')).toBeNull();
    expect(bearerToken('Bearer fms_abc')).toBe('fms_abc');
    expect(bearerToken('bearer  fms_abc ')).toBe('fms_abc');
    expect(bearerToken('Basic dXNlcg==')).toBe('malformed');
    expect(bearerToken('Bearer')).toBe('malformed');
    expect(bearerToken('Bearer two words')).toBe('malformed');
  });
});
