import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { useTestContext } from '../helpers/test-context.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const ctx = useTestContext();

/** Runs `npm run keys -- ...args` against this file's database. */
function keys(...args: string[]) {
  const res = spawnSync(process.execPath, [`${ROOT}node_modules/tsx/dist/cli.mjs`, 'scripts/keys.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: ctx.database.url },
    encoding: 'utf8',
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('npm run keys', () => {
  it('creates a key (secret on stdout once, only its hash stored), lists it without the secret, revokes it', async () => {
    const created = keys('create', '--name', 'grafana', '--role', 'viewer');
    expect(created.code).toBe(0);
    const secret = created.out.trim();
    expect(secret).toMatch(/^fms_[A-Za-z0-9_-]{43}$/);

    const db = new pg.Client({ connectionString: ctx.database.url });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT id, role, key_hash FROM api_keys WHERE name = $1', ['grafana']);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ role: 'viewer', key_hash: createHash('sha256').update(secret).digest('hex') });
      const id = rows[0].id as string;

      const listed = keys('list');
      expect(listed.code).toBe(0);
      expect(listed.out).toContain(id);
      expect(listed.out).toContain(secret.slice(0, 12));
      expect(listed.out).not.toContain(secret);

      expect(keys('revoke', id).code).toBe(0);
      expect(keys('list').out).not.toContain(id);
      const all = keys('list', '--all').out.split('\n').find((l) => l.startsWith(id))!;
      expect(all.split('\t')[6]).toMatch(/^\d{4}-\d\d-\d\dT/);
    } finally {
      await db.end();
    }
  }, 240_000); // six tsx processes; each boots in seconds, tens of seconds on a loaded machine

  it('refuses a bad role or an unknown id with exit code 2 and a message naming it', () => {
    const badRole = keys('create', '--name', 'x', '--role', 'owner');
    expect(badRole).toMatchObject({ code: 2, out: '' });
    expect(badRole.err).toContain('--role must be one of viewer, editor, admin');
    const unknown = keys('revoke', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no API key with id 00000000-0000-4000-8000-000000000000');
  }, 120_000);
});
