import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { hashSecret } from './tokens.js';
import { ensureFirstAdmin, redeemSetup } from './users.js';

describe(`first-run admin (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDb());
  });
  afterAll(() => close());

  it('every setup link printed (several servers starting at once) works until the first admin exists; then none does', async () => {
    const a = await ensureFirstAdmin(db, {});
    const b = await ensureFirstAdmin(db, {});
    expect(a?.setupSecret).toBeTruthy();
    expect(b?.setupSecret).toBeTruthy();
    const admin = await redeemSetup(db, a!.setupSecret!, { email: 'first@sori.test', password: '비밀번호-테스트-1234' });
    expect(admin.role).toBe('admin');
    await expect(redeemSetup(db, b!.setupSecret!, { email: 'second@sori.test', password: '비밀번호-테스트-5678' })).rejects.toThrow(/admin already exists/);
    expect(await ensureFirstAdmin(db, {})).toBeNull();
  });

  it('refuses an expired setup link, and never stores a link in the clear or in the audit log', async () => {
    await db.query("DELETE FROM users WHERE role = 'admin'");
    const { setupSecret } = (await ensureFirstAdmin(db, {}))!;
    expect(await db.query('SELECT 1 FROM setup_tokens WHERE token_hash = $1', [setupSecret])).toHaveLength(0);
    expect(await db.query('SELECT 1 FROM setup_tokens WHERE token_hash = $1', [hashSecret(setupSecret!)])).toHaveLength(1);
    await db.query("UPDATE setup_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [hashSecret(setupSecret!)]);
    await expect(redeemSetup(db, setupSecret!, { email: 'late@sori.test', password: '비밀번호-테스트-1234' })).rejects.toThrow(/expired/);
    const audit = await db.query<{ row: string }>('SELECT row_to_json(a)::text AS row FROM audit_log a');
    expect(audit.map((a) => a.row).join('\n')).not.toContain(setupSecret!.slice(11));
  });
});
