import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PASSWORD } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { createApiToken } from '../auth/api-tokens.js';
import { hashPassword } from '../auth/password.js';
import { hashSecret } from '../auth/tokens.js';
import { createUser, ensureFirstAdmin } from '../auth/users.js';
import { loadConfig } from '../config/config.js';
import type { Db } from '../store/db.js';
import { createApp } from './app.js';
import { forgetWorkspace } from './route.js';

// Sessions, logins, passwords and tokens as an attacker and a demanding admin try them.
describe(`sign-in, sessions and tokens (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;

  const json = { 'Content-Type': 'application/json' };
  const send = (target: Hono, method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    target.request(path, { method, headers: { ...json, ...headers }, body: JSON.stringify(body) });
  const appWith = (env: Record<string, string>) =>
    createApp({ db, config: loadConfig({ SORI_DATA_DIR: '/nonexistent', SORI_LOG_LEVEL: 'silent', ...env }), version: 'test', log: () => undefined });
  const sessionHash = (cookie: string) => hashSecret(cookie.split('=')[1]!);
  /** Moves a session back in time, as if it was opened and last used `hours` earlier. */
  const age = (cookie: string, hours: number) =>
    db.query(`UPDATE sessions SET created_at = created_at - $2::float8 * interval '1 hour', expires_at = expires_at - $2::float8 * interval '1 hour' WHERE token_hash = $1`, [
      sessionHash(cookie),
      hours,
    ]);
  const me = (cookie: string, target = app) => target.request('/api/v1/auth/me', { headers: { Cookie: cookie } });

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
  });
  afterAll(() => close());

  it('sets the session cookie HttpOnly, SameSite=Lax, on Path=/, and stores only its hash', async () => {
    const res = await send(app, 'POST', '/api/v1/auth/login', { email: 'viewer@sori.test', password: PASSWORD });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/i);
    const secret = cookie.split(';')[0]!.split('=')[1]!;
    expect(await db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [secret])).toHaveLength(0);
    expect(await db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [hashSecret(secret)])).toHaveLength(1);
    // The answer says nothing secret and is not kept by a shared cache.
    expect(JSON.stringify(await res.json())).not.toMatch(/password|hash/i);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('ends a session left unused for the idle time, keeps one in use alive, and never past its absolute lifetime', async () => {
    const idle = await login('viewer');
    await age(idle, 13);
    expect((await me(idle)).status).toBe(401);

    const used = await login('viewer');
    await age(used, 11);
    expect((await me(used)).status).toBe(200);
    // Using it moved its end: another 11 hours later it still works.
    await age(used, 11);
    expect((await me(used)).status).toBe(200);

    // A session in use every few hours still ends SORI_SESSION_DAYS (14) after it was opened.
    const old = await login('viewer');
    await db.query("UPDATE sessions SET created_at = created_at - interval '14 days' + interval '2 hours' WHERE token_hash = $1", [sessionHash(old)]);
    expect((await me(old)).status).toBe(200);
    await age(old, 1);
    expect((await me(old)).status).toBe(200);
    await age(old, 1.5);
    expect((await me(old)).status).toBe(401);
  });

  it('ends the old session of the browser that logs in again, and a logout ends it on the server', async () => {
    const first = await login('operator');
    const again = await send(app, 'POST', '/api/v1/auth/login', { email: 'operator@sori.test', password: PASSWORD }, { Cookie: first });
    expect(again.status).toBe(200);
    expect((await me(first)).status).toBe(401);
    const second = again.headers.get('set-cookie')!.split(';')[0]!;
    expect((await send(app, 'POST', '/api/v1/auth/logout', {}, { Cookie: second })).status).toBe(204);
    expect(await db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [sessionHash(second)])).toHaveLength(0);
  });

  it('applies a role change at once, and disabling a user or changing their password ends their sessions', async () => {
    const admin = await login('admin');
    await createUser(db, { email: 'moved@sori.test', role: 'viewer', password: PASSWORD });
    const res = await send(app, 'POST', '/api/v1/auth/login', { email: 'moved@sori.test', password: PASSWORD });
    const moved = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await app.request('/api/v1/topics/discovered', { headers: { Cookie: moved } })).status).toBe(200);
    expect((await send(app, 'POST', '/api/v1/topics', { name: '권한 이동' }, { Cookie: moved })).status).toBe(403);
    expect((await send(app, 'PATCH', '/api/v1/users/moved@sori.test', { role: 'operator' }, { Cookie: admin })).status).toBe(200);
    expect((await send(app, 'POST', '/api/v1/topics', { name: '권한 이동' }, { Cookie: moved })).status).toBe(201);
    expect((await send(app, 'PATCH', '/api/v1/users/moved@sori.test', { disabled: true }, { Cookie: admin })).status).toBe(200);
    expect((await me(moved)).status).toBe(401);
    // Enabled again, the old cookie stays dead.
    expect((await send(app, 'PATCH', '/api/v1/users/moved@sori.test', { disabled: false }, { Cookie: admin })).status).toBe(200);
    expect((await me(moved)).status).toBe(401);
  });

  it('lets a signed-in user change their own password with the current one; their other sessions end', async () => {
    await createUser(db, { email: 'self@sori.test', role: 'viewer', password: PASSWORD });
    const signIn = async (password: string) => send(app, 'POST', '/api/v1/auth/login', { email: 'self@sori.test', password });
    const here = (await signIn(PASSWORD)).headers.get('set-cookie')!.split(';')[0]!;
    const elsewhere = (await signIn(PASSWORD)).headers.get('set-cookie')!.split(';')[0]!;
    const wrong = await send(app, 'POST', '/api/v1/auth/password', { current_password: 'not-the-password', new_password: '새-비밀번호-바꿈-5678' }, { Cookie: here });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors).toEqual([expect.objectContaining({ field: 'current_password' })]);
    const weak = await send(app, 'POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: '1234567890' }, { Cookie: here });
    expect(weak.status).toBe(400);
    const ok = await send(app, 'POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: '새-비밀번호-바꿈-5678' }, { Cookie: here });
    expect(ok.status).toBe(204);
    expect((await me(here)).status).toBe(200);
    expect((await me(elsewhere)).status).toBe(401);
    expect((await signIn(PASSWORD)).status).toBe(401);
    expect((await signIn('새-비밀번호-바꿈-5678')).status).toBe(200);
    // A token cannot (it is nobody's password).
    expect((await send(app, 'POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'x' }, { Authorization: `Bearer ${tokens.admin}` })).status).toBe(403);
  });

  it("lets a signed-in admin set another user's password (the server keeps running); the user's sessions end", async () => {
    const admin = await login('admin');
    await createUser(db, { email: 'forgot@sori.test', role: 'operator', password: PASSWORD });
    const old = (await send(app, 'POST', '/api/v1/auth/login', { email: 'forgot@sori.test', password: PASSWORD })).headers.get('set-cookie')!.split(';')[0]!;
    const weak = await send(app, 'PATCH', '/api/v1/users/forgot@sori.test', { password: 'password123' }, { Cookie: admin });
    expect(weak.status).toBe(400);
    const set = await send(app, 'PATCH', '/api/v1/users/forgot@sori.test', { password: '임시-비밀번호-2026-12' }, { Cookie: admin });
    expect(set.status).toBe(200);
    expect(JSON.stringify(await set.json())).not.toMatch(/임시|hash/);
    expect((await me(old)).status).toBe(401);
    expect((await send(app, 'POST', '/api/v1/auth/login', { email: 'forgot@sori.test', password: '임시-비밀번호-2026-12' })).status).toBe(200);
    const [entry] = await db.query<{ actor: string; detail: object }>("SELECT actor, detail FROM audit_log WHERE action = 'user.password' AND target = 'forgot@sori.test'");
    expect(entry).toMatchObject({ actor: 'admin@sori.test' });
    expect(JSON.stringify(entry)).not.toContain('임시');
  });

  it('refuses a login posted from another site (login CSRF), takes one from its own origin', async () => {
    const body = { email: 'viewer@sori.test', password: PASSWORD };
    const cross = await send(app, 'POST', 'http://localhost/api/v1/auth/login', body, { Origin: 'https://evil.example', Host: 'localhost' });
    expect(cross.status).toBe(403);
    expect((await cross.json()).code).toBe('csrf_rejected');
    expect(cross.headers.get('set-cookie')).toBeNull();
    expect((await send(app, 'POST', 'http://localhost/api/v1/auth/login', body, { Origin: 'http://localhost', Host: 'localhost' })).status).toBe(200);
    // Scripts and the CLI send no Origin.
    expect((await send(app, 'POST', '/api/v1/auth/login', body)).status).toBe(200);
  });

  it('stops a password spray on one account from many addresses, but not its owner at an address that signed in before', async () => {
    const proxied = appWith({ SORI_TRUST_PROXY: 'true' });
    await createUser(db, { email: 'sprayed@sori.test', role: 'admin', password: PASSWORD });
    const attempt = (address: string, password: string, email = 'sprayed@sori.test') =>
      send(proxied, 'POST', '/api/v1/auth/login', { email, password }, { 'X-Forwarded-For': address });
    expect((await attempt('198.51.100.1', PASSWORD)).status).toBe(200); // the owner's usual address
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await attempt(`203.0.113.${i}`, `guess-${i}-password`)).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(4).fill(429));
    // The right password from a new address waits too…
    expect((await attempt('203.0.113.200', PASSWORD)).status).toBe(429);
    // …but the owner's address still gets in, and other accounts are not touched.
    expect((await attempt('198.51.100.1', PASSWORD)).status).toBe(200);
    expect((await attempt('203.0.113.201', PASSWORD, 'viewer@sori.test')).status).toBe(200);
    // The audit log says from where, and records the lock once, not once per refused attempt.
    const failed = await db.query<{ detail: { address?: string } }>("SELECT detail FROM audit_log WHERE action = 'auth.login_failed' AND actor = 'sprayed@sori.test'");
    expect(failed.map((f) => f.detail.address)).toContain('203.0.113.7');
    const locks = await db.query("SELECT 1 FROM audit_log WHERE action = 'auth.login_locked' AND actor = 'sprayed@sori.test'");
    expect(locks).toHaveLength(1);
  });

  it('counts guesses sent all at once: a burst cannot slip past the limit while the first ones are being checked', async () => {
    const burstApp = appWith({});
    await createUser(db, { email: 'burst@sori.test', role: 'viewer', password: PASSWORD });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(burstApp, 'POST', '/api/v1/auth/login', { email: 'burst@sori.test', password: `burst-guess-${i}` })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    expect(answers.find((r) => r.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('normalises Korean passwords (NFC) for the policy and the check, and bounds their length', async () => {
    const nfc = '한글비밀번호입니다요';
    await createUser(db, { email: 'hangul@sori.test', role: 'viewer', password: nfc.normalize('NFD') });
    expect((await send(app, 'POST', '/api/v1/auth/login', { email: 'hangul@sori.test', password: nfc })).status).toBe(200);
    // A Korean e-mail typed on a Mac (NFD) is the same account as one typed on Windows (NFC).
    await createUser(db, { email: '상담팀@소리.kr'.normalize('NFD'), role: 'viewer', password: nfc });
    expect((await send(app, 'POST', '/api/v1/auth/login', { email: '상담팀@소리.kr', password: nfc })).status).toBe(200);
    // Five syllables typed as 15 jamo are still five characters: too short.
    await expect(createUser(db, { email: 'short@sori.test', role: 'viewer', password: '가나다라마'.normalize('NFD') })).rejects.toThrow(/10/);
    // Common and guessable passwords are refused, and so is one holding the e-mail.
    for (const password of ['1234567890', 'password123', 'qwertyuiop', '0987654321', 'abcdefghij', 'guessable@sori.test1']) {
      await expect(createUser(db, { email: 'guessable@sori.test', role: 'viewer', password }), password).rejects.toThrow(/password|비밀번호/);
    }
    // Too long to be a password (a hashing DoS through the CLI or API): refused with a clear message, on creation and at login.
    await expect(createUser(db, { email: 'long@sori.test', role: 'viewer', password: '가'.repeat(300) })).rejects.toThrow(/256/);
    const long = await send(app, 'POST', '/api/v1/auth/login', { email: 'viewer@sori.test', password: 'x'.repeat(2_000) });
    expect(long.status).toBe(400);
    // Longer than a sign-in body may be (16 KB): refused unread.
    const huge = await send(app, 'POST', '/api/v1/auth/login', { email: 'viewer@sori.test', password: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
  });

  it('re-hashes a password stored with older KDF parameters at the next login', async () => {
    await createUser(db, { email: 'legacy@sori.test', role: 'viewer', password: PASSWORD });
    const legacy = await hashPassword(PASSWORD, { N: 1 << 14, r: 8, p: 1 });
    await db.query("UPDATE users SET password_hash = $1 WHERE email = 'legacy@sori.test'", [legacy]);
    expect((await send(app, 'POST', '/api/v1/auth/login', { email: 'legacy@sori.test', password: PASSWORD })).status).toBe(200);
    const [{ password_hash }] = await db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE email = 'legacy@sori.test'");
    expect(password_hash).not.toBe(legacy);
    expect(password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect((await send(app, 'POST', '/api/v1/auth/login', { email: 'legacy@sori.test', password: PASSWORD })).status).toBe(200);
    // A stored value that is not a hash we know refuses the login instead of failing with a 500.
    await db.query("UPDATE users SET password_hash = 'scrypt$3$8$1$AAAA$BBBB' WHERE email = 'legacy@sori.test'");
    expect((await send(app, 'POST', '/api/v1/auth/login', { email: 'legacy@sori.test', password: PASSWORD })).status).toBe(401);
  });

  it('refuses a revoked token at once, stores tokens hashed, and reads them from the Authorization header only', async () => {
    const ws = (await db.query<{ id: number }>("SELECT id FROM workspaces WHERE slug = 'default'"))[0]!;
    const { token, secret } = await createApiToken(db, { workspaceId: ws.id, name: '폐기 테스트', scopes: ['read'] }, 'test');
    const stored = await db.query<{ token_hash: string; token_prefix: string }>('SELECT token_hash, token_prefix FROM api_tokens WHERE id = $1', [token.id]);
    expect(stored[0]!.token_hash).toBe(hashSecret(secret));
    expect(secret.startsWith(stored[0]!.token_prefix)).toBe(true);
    expect(secret.length - stored[0]!.token_prefix.length).toBeGreaterThanOrEqual(36); // > 200 unseen bits
    const read = () => app.request('/api/v1/items', { headers: { Authorization: `Bearer ${secret}` } });
    expect((await read()).status).toBe(200);
    const [{ last_used_at }] = await db.query<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_tokens WHERE id = $1', [token.id]);
    expect(last_used_at).not.toBeNull();
    const admin = await login('admin');
    expect((await app.request(`/api/v1/tokens/${token.id}`, { method: 'DELETE', headers: { Cookie: admin } })).status).toBe(204);
    expect((await read()).status).toBe(401);
    for (const q of [`access_token=${secret}`, `token=${secret}`]) expect((await app.request(`/api/v1/items?${q}`)).status).toBe(401);
  });

  it("stops the tokens a disabled user made (and the tokens those made), narrows a demoted admin's to their new role, and names their maker", async () => {
    const admin = await login('admin');
    const signIn = async (email: string) => {
      await createUser(db, { email, role: 'admin', password: PASSWORD });
      return (await send(app, 'POST', '/api/v1/auth/login', { email, password: PASSWORD })).headers.get('set-cookie')!.split(';')[0]!;
    };
    const make = async (headers: Record<string, string>, name: string, scopes: string[]) => {
      const res = await send(app, 'POST', '/api/v1/tokens', { name, scopes }, headers);
      expect(res.status).toBe(200);
      return ((await res.json()) as { token: { id: number }; secret: string }).secret;
    };
    const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
    const leaver = await signIn('leaver@sori.test');
    const leaversToken = await make({ Cookie: leaver }, 'my laptop', ['admin']);
    // Made by the token, answerable to the same person: no way around it by minting another.
    const minted = await make(bearer(leaversToken), 'persist', ['admin']);
    const mover = await signIn('mover@sori.test');
    const moversToken = await make({ Cookie: mover }, 'sync', ['ingest', 'admin']);
    const moversAdminOnly = await make({ Cookie: mover }, 'settings bot', ['admin']);

    const list = await app.request('/api/v1/tokens', { headers: bearer(tokens.admin) });
    const byName = Object.fromEntries(((await list.json()).tokens as { name: string; created_by_email: string | null }[]).map((t) => [t.name, t.created_by_email]));
    expect(byName).toMatchObject({ 'my laptop': 'leaver@sori.test', persist: 'leaver@sori.test', sync: 'mover@sori.test', admin: null });

    const backup = (secret: string) => app.request('/api/v1/backup', { headers: bearer(secret) });
    for (const secret of [leaversToken, minted, moversToken]) expect((await backup(secret)).status).toBe(200); // cached now
    expect((await send(app, 'PATCH', '/api/v1/users/leaver@sori.test', { disabled: true }, { Cookie: admin })).status).toBe(200);
    for (const secret of [leaversToken, minted]) {
      const res = await backup(secret);
      expect([res.status, (await res.json()).code]).toEqual([401, 'invalid_token']);
    }
    expect((await send(app, 'POST', '/api/v1/tokens', { name: 'again', scopes: ['admin'] }, bearer(minted))).status).toBe(401);

    // Demoted to operator: what an operator may do (send items) stays, the admin scope goes.
    expect((await send(app, 'PATCH', '/api/v1/users/mover@sori.test', { role: 'operator' }, { Cookie: admin })).status).toBe(200);
    expect((await backup(moversToken)).status).toBe(403);
    expect((await send(app, 'POST', '/api/v1/tokens', { name: 'again', scopes: ['admin'] }, bearer(moversToken))).status).toBe(403);
    const item = { external_id: 'demoted-1', created_at: '2026-11-03T10:00:00+09:00', text: '배송 문의', channel: 'chat', source: 'sync' };
    expect((await send(app, 'POST', '/api/v1/items', item, bearer(moversToken))).status).toBe(200);
    expect((await backup(moversAdminOnly)).status).toBe(401); // nothing left of it

    // Enabled again, or an admin again: their tokens follow. Tokens made with the CLI belong to no one and keep working.
    expect((await send(app, 'PATCH', '/api/v1/users/leaver@sori.test', { disabled: false }, { Cookie: admin })).status).toBe(200);
    expect((await send(app, 'PATCH', '/api/v1/users/mover@sori.test', { role: 'admin' }, { Cookie: admin })).status).toBe(200);
    for (const secret of [leaversToken, moversAdminOnly, tokens.admin]) expect((await backup(secret)).status).toBe(200);
  });

  it("answers a token whose workspace was just deleted 401, not a 500", async () => {
    const admin = await login('admin');
    await send(app, 'POST', '/api/v1/workspaces', { slug: 'short-lived', name: '잠깐' }, { Cookie: admin });
    const ws = (await db.query<{ id: number }>("SELECT id FROM workspaces WHERE slug = 'short-lived'"))[0]!;
    const { secret } = await createApiToken(db, { workspaceId: ws.id, name: '곧 사라질 토큰', scopes: ['read'] }, 'test');
    const read = () => app.request('/api/v1/items', { headers: { Authorization: `Bearer ${secret}` } });
    expect((await read()).status).toBe(200); // the token and its workspace are now cached
    // Deleted by another process (`sori demo --delete`): this one's caches learn it when they expire.
    await db.query('DELETE FROM workspaces WHERE id = $1', [ws.id]);
    forgetWorkspace(ws.id);
    const gone = await read();
    expect(gone.status).toBe(401);
    expect((await gone.json()).code).toBe('invalid_token');
  });

  it('keeps the first-run setup link one-time: a second admin cannot be made with it, at once or later', async () => {
    // Step the test admins aside, as on a database without an admin.
    const admins = await db.query<{ id: number }>("UPDATE users SET role = 'operator' WHERE role = 'admin' RETURNING id");
    try {
      const a = (await ensureFirstAdmin(db, {}))!.setupSecret!;
      const b = (await ensureFirstAdmin(db, {}))!.setupSecret!;
      const setup = (secret: string, email: string) => send(app, 'POST', '/api/v1/auth/setup', { secret, email, password: '첫-관리자-비밀번호-1' });
      const answers = await Promise.all([setup(a, 'race-a@sori.test'), setup(b, 'race-b@sori.test')]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      // Either link may win the race. The winner's is used up; the loser's was never redeemed (its
      // transaction rolled back) and is refused because an admin now exists.
      const [winner, loser] = answers[0]!.status === 200 ? [a, b] : [b, a];
      expect((await setup(winner, 'again@sori.test')).status).toBe(401);
      expect((await setup(loser, 'again@sori.test')).status).toBe(409);
      const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE role = 'admin'");
      expect(n).toBe(1);
    } finally {
      await db.query("UPDATE users SET role = 'admin' WHERE id = ANY($1::int[])", [admins.map((a) => a.id)]);
    }
  });

  it('lets a signed-in admin read the audit log: logins, failures, role changes, tokens, backups', async () => {
    const admin = await login('admin');
    await send(app, 'POST', '/api/v1/auth/login', { email: 'nobody@sori.test', password: 'wrong-password' });
    await send(app, 'POST', '/api/v1/tokens', { name: '감사 로그', scopes: ['read'] }, { Cookie: admin });
    await app.request('/api/v1/backup', { headers: { Cookie: admin } });
    await send(app, 'POST', '/api/v1/tokens', { name: '토큰이 만든 토큰', scopes: ['read'] }, { Authorization: `Bearer ${tokens.admin}` });
    const res = await app.request('/api/v1/audit?limit=200', { headers: { Cookie: admin } });
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: { actor: string; actor_name: string | null; action: string; at: string; target: string }[] };
    // A token is named to the reader by its name and workspace, not only by its number.
    const byToken = entries.find((e) => e.action === 'token.create' && e.actor.startsWith('token:'))!;
    expect(byToken.actor).toMatch(/^token:\d+$/);
    expect(byToken.actor_name).toBe('admin · default');
    expect(entries.find((e) => e.action === 'auth.login_failed' && e.actor === 'nobody@sori.test')!.actor_name).toBeNull();
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ['auth.login', 'auth.login_failed', 'token.create', 'workspace.backup', 'user.update']) expect(actions, action).toContain(action);
    expect(entries.find((e) => e.action === 'auth.login_failed' && e.actor === 'nobody@sori.test')).toBeTruthy();
    // Newest first, and pages back with `before`.
    const older = await app.request(`/api/v1/audit?limit=1&before=${(entries[0] as unknown as { id: number }).id}`, { headers: { Cookie: admin } });
    expect((await older.json()).entries[0].id).toBe((entries[1] as unknown as { id: number }).id);
    expect((await app.request('/api/v1/audit', { headers: { Cookie: await login('operator') } })).status).toBe(403);
    expect((await app.request('/api/v1/audit', { headers: { Authorization: `Bearer ${tokens.admin}` } })).status).toBe(403);
  });

  it('answers a path that is not valid percent-encoding with 400 or 404, never a 500', async () => {
    for (const path of ['/%E0%A4%A', '/assets/%ZZ.js', '/%']) {
      const res = await app.request(path);
      expect([400, 404], path).toContain(res.status);
    }
  });
});
