import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every generated key starts with this, so a leaked one is easy to recognise (secret scanners). */
export const KEY_PREFIX = 'fms_';
/** How many leading characters of a key are kept in clear, to tell keys apart in listings. */
export const DISPLAY_PREFIX_LENGTH = 12;

/** A new secret: 32 random bytes (256 bits), base64url, behind KEY_PREFIX. */
export function generateApiKeySecret(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * sha256 hex of the secret. A fast hash is enough here: the secrets are 256 random bits, not
 * passwords, so there is nothing to brute-force.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * The part of a secret shown in listings (never enough to use it): 48 random bits of a generated
 * key; only 4 characters of a hand-made one (the bootstrap key), which may be shorter.
 */
export function displayPrefix(secret: string): string {
  return secret.slice(0, secret.startsWith(KEY_PREFIX) ? DISPLAY_PREFIX_LENGTH : 4);
}

/** Compares two hex digests in constant time (no early exit that could leak a matching prefix). */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The key in an `Authorization` header value: `Bearer <key>`. Returns null when no header is
 * sent, and 'malformed' when one is sent in another shape (which is refused, never ignored).
 */
export function bearerToken(header: string | undefined): string | null | 'malformed' {
  if (header === undefined || header === '') return null;
  const match = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i.exec(header);
  return match ? match[1]! : 'malformed';
}
