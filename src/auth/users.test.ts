import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
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
});
