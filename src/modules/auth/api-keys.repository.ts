import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Role } from './roles.decorator.js';

/** A stored key as the rest of the code sees it: never the secret, never its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const PUBLIC_COLUMNS = {
  id: true,
  name: true,
  role: true,
  keyPrefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** API keys in the `api_keys` table, looked up by the sha256 of their secret. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts a key; returns null when a key with the same hash already exists (bootstrap races). */
  async insert(row: { id: string; name: string; role: Role; keyHash: string; keyPrefix: string; createdAt: Date }): Promise<ApiKeyRecord | null> {
    try {
      return (await this.prisma.apiKey.create({ data: row, select: PUBLIC_COLUMNS })) as ApiKeyRecord;
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  /** The key with this hash, revoked or not, with its stored hash for the constant-time check. */
  async findByHash(keyHash: string): Promise<(ApiKeyRecord & { keyHash: string }) | null> {
    return (await this.prisma.apiKey.findUnique({
      where: { keyHash },
      select: { ...PUBLIC_COLUMNS, keyHash: true },
    })) as (ApiKeyRecord & { keyHash: string }) | null;
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    return (await this.prisma.apiKey.findUnique({ where: { id }, select: PUBLIC_COLUMNS })) as ApiKeyRecord | null;
  }

  /** Oldest first, so a listing reads like a history. */
  async list(includeRevoked: boolean): Promise<ApiKeyRecord[]> {
    return (await this.prisma.apiKey.findMany({
      where: includeRevoked ? {} : { revokedAt: null },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: PUBLIC_COLUMNS,
    })) as ApiKeyRecord[];
  }

  /** Marks a key revoked (first revocation time wins); null when no such key. */
  async revoke(id: string, at: Date): Promise<ApiKeyRecord | null> {
    await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return this.findById(id);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
