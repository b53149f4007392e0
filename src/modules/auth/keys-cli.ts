import { parseArgs } from 'node:util';
import { generateApiKeySecret } from './api-key-secret.js';
import { ApiKeyInputError, ApiKeyNotFoundError, type ApiKeysService } from './api-keys.service.js';
import { Role } from './roles.decorator.js';

export const KEYS_USAGE = `usage: npm run keys -- <command>
  create --name <name> --role viewer|editor|admin   store a new key; prints its secret once (stdout)
  list [--all]                                      keys without secrets (--all: revoked ones too)
  revoke <id>                                       revoke a key at once
  generate                                          print a fresh secret for ADMIN_API_KEY (not stored)`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const iso = (d: Date | null) => (d === null ? '-' : d.toISOString());

/** The key commands over an ApiKeysService; returns the exit code. `service` is made on demand. */
export async function runKeysCli(argv: string[], service: () => ApiKeysService, io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { name: { type: 'string' }, role: { type: 'string' }, all: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    io.err(`keys: ${(err as Error).message}\n${KEYS_USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  const { values } = parsed;
  if (values.help || command === undefined) {
    io.out(KEYS_USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  try {
    switch (command) {
      case 'generate':
        io.out(generateApiKeySecret());
        return 0;
      case 'create': {
        const role = values.role as Role | undefined;
        if (values.name === undefined) throw new ApiKeyInputError('name', '--name is required');
        if (role === undefined || !Object.values(Role).includes(role)) throw new ApiKeyInputError('role', `--role must be one of ${Object.values(Role).join(', ')}`);
        const { key, secret } = await service().create(values.name, role, new Date());
        io.err(`created ${key.role} key "${key.name}" (id ${key.id}); the secret below is shown only now:`);
        io.out(secret);
        return 0;
      }
      case 'list': {
        const keys = await service().list(values.all);
        io.out(['id', 'name', 'role', 'prefix', 'created', 'last used', 'revoked'].join('\t'));
        for (const k of keys) io.out([k.id, k.name, k.role, k.keyPrefix, iso(k.createdAt), iso(k.lastUsedAt), iso(k.revokedAt)].join('\t'));
        return 0;
      }
      case 'revoke': {
        const id = rest[0];
        if (id === undefined) throw new ApiKeyInputError('id', 'revoke needs the key id (see `list`)');
        const key = await service().revoke(id, new Date());
        io.err(`revoked key "${key.name}" (id ${key.id}) at ${iso(key.revokedAt)}`);
        return 0;
      }
      default:
        io.err(`keys: unknown command "${command}"\n${KEYS_USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ApiKeyInputError || err instanceof ApiKeyNotFoundError) {
      io.err(`keys: ${err.message}`);
      return 2;
    }
    io.err(`keys: ${(err as Error).message}`);
    return 1;
  }
}
