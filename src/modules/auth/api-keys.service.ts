import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { LruMap } from '../../core/lru-map.js';
import { displayPrefix, generateApiKeySecret, hashApiKeySecret, sameDigest } from './api-key-secret.js';
import { ApiKeysRepository, type ApiKeyRecord } from './api-keys.repository.js';
import type { Principal } from './principal.js';
import { Role } from './roles.decorator.js';

/** A refused request about keys; `field` names the input at fault. */
export class ApiKeyInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class ApiKeyNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no API key with id ${id}`);
  }
}

/** `lastUsedAt` is refreshed at most this often per key, so authentication stays a single read. */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * How long an instance trusts a key it has read without reading it again: a key revoked elsewhere
 * (another instance, the CLI) is refused here at most this long after; the instance that revokes
 * it forgets it at once. It saves a database read per request (docs/security.md).
 */
export const KEY_CACHE_TTL_MS = 5_000;
/** Keys remembered per instance; unknown and revoked keys are never remembered. */
const KEY_CACHE_MAX = 10_000;
const NAME_MAX = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const log = new Logger('ApiKeysService');

/** A valid key as last read from the database; times in ms since the epoch. */
interface TrustedKey {
  principal: Principal;
  readAt: number;
  lastUsedAt: number | null;
}

/** Creates, lists, revokes and checks API keys. The secret is returned once, at creation. */
@Injectable()
export class ApiKeysService {
  /** By the secret's hash (never the secret itself). */
  private readonly trusted = new LruMap<string, TrustedKey>(KEY_CACHE_MAX);

  constructor(private readonly keys: ApiKeysRepository) {}

  async create(name: string, role: Role, now: Date): Promise<{ key: ApiKeyRecord; secret: string }> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > NAME_MAX) {
      throw new ApiKeyInputError('name', `name must be 1-${NAME_MAX} characters`);
    }
    if (!Object.values(Role).includes(role)) throw new ApiKeyInputError('role', `role must be one of ${Object.values(Role).join(', ')}`);
    const secret = generateApiKeySecret();
    const key = await this.keys.insert({
      id: randomUUID(),
      name: trimmed,
      role,
      keyHash: hashApiKeySecret(secret),
      keyPrefix: displayPrefix(secret),
      createdAt: now,
    });
    // 256 random bits cannot collide in practice; a null here would mean a broken random source.
    if (key === null) throw new Error('generated API key collided with an existing one');
    return { key, secret };
  }

  list(includeRevoked = false): Promise<ApiKeyRecord[]> {
    return this.keys.list(includeRevoked);
  }

  /**
   * Revokes at once on this instance, and within KEY_CACHE_TTL_MS on every other one (each reads
   * the key again once its trust expires). Idempotent.
   */
  async revoke(id: string, now: Date): Promise<ApiKeyRecord> {
    if (!UUID.test(id)) throw new ApiKeyNotFoundError(id);
    const key = await this.keys.revoke(id, now);
    this.trusted.deleteWhere((_, k) => k.principal.keyId === id);
    if (key === null) throw new ApiKeyNotFoundError(id);
    return key;
  }

  /** The caller behind a secret, or null for an unknown or revoked key. */
  async authenticate(secret: string, now: Date): Promise<Principal | null> {
    const hash = hashApiKeySecret(secret);
    const at = now.getTime();
    let trusted = this.trusted.get(hash);
    if (trusted === undefined || at - trusted.readAt >= KEY_CACHE_TTL_MS || at < trusted.readAt) {
      const key = await this.keys.findByHash(hash);
      // The lookup is by hash, so a timing difference reveals nothing about the secret; the
      // constant-time comparison is a second line should the lookup ever change.
      if (key === null || key.revokedAt !== null || !sameDigest(key.keyHash, hash)) {
        this.trusted.delete(hash);
        return null;
      }
      trusted = { principal: { keyId: key.id, name: key.name, role: key.role }, readAt: at, lastUsedAt: key.lastUsedAt?.getTime() ?? null };
      this.trusted.set(hash, trusted);
    }
    if (trusted.lastUsedAt === null || at - trusted.lastUsedAt > TOUCH_INTERVAL_MS) {
      trusted.lastUsedAt = at;
      this.keys.touch(trusted.principal.keyId, now).catch((err: Error) => log.warn(`could not record key use: ${err.message}`));
    }
    return trusted.principal;
  }

  /**
   * Stores `secret` as an admin key named "bootstrap admin" unless a key with that secret exists
   * already (even revoked: a revoked bootstrap key stays revoked). Safe when instances race.
   */
  async bootstrapAdmin(secret: string, now: Date): Promise<'created' | 'exists'> {
    const inserted = await this.keys.insert({
      id: randomUUID(),
      name: 'bootstrap admin',
      role: Role.Admin,
      keyHash: hashApiKeySecret(secret),
      keyPrefix: displayPrefix(secret),
      createdAt: now,
    });
    return inserted === null ? 'exists' : 'created';
  }
}
