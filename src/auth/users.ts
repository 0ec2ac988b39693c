import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { forgetResolvedTokens } from './api-tokens.js';
import { writeAudit } from './audit.js';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from './password.js';
import { generateSecret, hashSecret, type Role, ROLES } from './tokens.js';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
}

const USER_COLUMNS = 'id, email, name, role, disabled';

/** The form an e-mail is stored and looked up in: NFC (a Mac types Hangul as NFD), trimmed, lower-case. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** Creates a user; the password may be set later through a one-time link. */
export async function createUser(
  db: Db,
  input: { email: string; name?: string; role: Role; password?: string },
  actor = 'system',
): Promise<User> {
  if (!ROLES.includes(input.role)) throw new SoriError('validation_failed', `unknown role: ${input.role} / 알 수 없는 역할입니다 (${ROLES.join(', ')})`);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email.trim())) throw new SoriError('validation_failed', 'invalid e-mail / 이메일 주소가 올바르지 않습니다', { errors: [{ field: 'email', message: 'invalid e-mail / 이메일 주소가 올바르지 않습니다' }] });
  let hash: string | null = null;
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, { email: input.email });
    if (problem) throw new SoriError('validation_failed', problem, { errors: [{ field: 'password', message: problem }] });
    hash = await hashPassword(input.password);
  }
  const rows = await db.query<User>(
    `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [normalizeEmail(input.email), input.name ?? '', input.role, hash],
  );
  if (!rows[0]) throw new SoriError('conflict', `a user with e-mail ${normalizeEmail(input.email)} already exists / 이미 있는 사용자입니다`);
  await writeAudit(db, actor, 'user.create', rows[0].email, { role: input.role });
  return rows[0];
}

/** Lists users. */
export async function listUsers(db: Db): Promise<(User & { created_at: Date; last_login_at: Date | null })[]> {
  return db.query(`SELECT ${USER_COLUMNS}, created_at, last_login_at FROM users ORDER BY id`);
}

/**
 * Changes a user's role, disables/enables them, or sets a new password for them — all or nothing:
 * the password's policy is checked first, and the password is written in the same transaction as
 * the role, so a change the last-admin rule refuses leaves the password too. Sessions end after
 * the commit: all of a disabled user's; all but `keepSession` (the caller's own cookie, when they
 * change themselves) when the password changed.
 */
export async function updateUser(
  db: Db,
  email: string,
  change: { role?: Role; disabled?: boolean; password?: string },
  actor: string,
  opts: { keepSession?: string } = {},
): Promise<User> {
  if (change.role && !ROLES.includes(change.role)) throw new SoriError('validation_failed', `unknown role: ${change.role} / 알 수 없는 역할입니다 (${ROLES.join(', ')})`);
  if (change.password !== undefined) {
    const problem = passwordProblem(change.password, { email });
    if (problem) throw new SoriError('validation_failed', problem, { errors: [{ field: 'password', message: problem }] });
  }
  // Hashed before the transaction: the KDF takes a while and holds no lock.
  const passwordHash = change.password !== undefined ? await hashPassword(change.password) : null;
  const rows = await db.transaction(async (tx) => {
    // Sori must keep one admin who can sign in; the lock makes two concurrent demotions wait for each other.
    const guard = change.role !== undefined || change.disabled === true;
    if (guard) await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    const before = guard ? await tx.query<{ admin: boolean }>("SELECT role = 'admin' AND NOT disabled AS admin FROM users WHERE email = $1", [normalizeEmail(email)]) : [];
    const changed = await tx.query<User>(
      `UPDATE users SET role = COALESCE($2, role), disabled = COALESCE($3, disabled), password_hash = COALESCE($4, password_hash)
       WHERE email = $1 RETURNING ${USER_COLUMNS}`,
      [normalizeEmail(email), change.role ?? null, change.disabled ?? null, passwordHash],
    );
    if (before[0]?.admin && changed[0] && (changed[0].role !== 'admin' || changed[0].disabled)) {
      const [{ n }] = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled");
      if (n === 0) throw new SoriError('conflict', 'the last admin cannot be demoted or disabled / 마지막 관리자는 역할을 바꾸거나 비활성화할 수 없습니다');
    }
    return changed;
  });
  if (!rows[0]) throw new SoriError('not_found', `no user ${normalizeEmail(email)} / 없는 사용자입니다`);
  // The tokens they made follow their role and state (resolveApiToken); other processes see it within their token cache's few seconds.
  if (change.role !== undefined || change.disabled !== undefined) forgetResolvedTokens();
  if (change.disabled) await db.query('DELETE FROM sessions WHERE user_id = $1', [rows[0].id]);
  else if (passwordHash !== null) {
    await db.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [rows[0].id, opts.keepSession ? hashSecret(opts.keepSession) : '']);
  }
  const { password: _password, ...audited } = change;
  if (passwordHash !== null) await writeAudit(db, actor, 'user.password', rows[0].email);
  if (Object.keys(audited).length) await writeAudit(db, actor, 'user.update', rows[0].email, audited);
  return rows[0];
}

/**
 * Sets a user's password and ends their sessions, except `keepSession` (the cookie secret of the
 * session that changed it, when users change their own).
 */
export async function setPassword(db: Db, email: string, password: string, actor: string, opts: { keepSession?: string } = {}): Promise<void> {
  const problem = passwordProblem(password, { email });
  if (problem) throw new SoriError('validation_failed', problem, { errors: [{ field: 'password', message: problem }] });
  const rows = await db.query<{ id: number }>('UPDATE users SET password_hash = $2 WHERE email = $1 RETURNING id', [
    normalizeEmail(email),
    await hashPassword(password),
  ]);
  if (!rows[0]) throw new SoriError('not_found', `no user ${normalizeEmail(email)} / 없는 사용자입니다`);
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [rows[0].id, opts.keepSession ? hashSecret(opts.keepSession) : '']);
  await writeAudit(db, actor, 'user.password', normalizeEmail(email));
}

/**
 * A signed-in user changes their own password: false when the current one is wrong (nothing
 * changed); their other sessions end.
 */
export async function changeOwnPassword(
  db: Db,
  user: User,
  input: { currentPassword: string; newPassword: string; session: string },
  meta: { address?: string } = {},
): Promise<boolean> {
  const [row] = await db.query<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE id = $1', [user.id]);
  if (!(await verifyPassword(input.currentPassword, row?.password_hash))) {
    await writeAudit(db, user.email, 'user.password_failed', user.email, meta);
    return false;
  }
  await setPassword(db, user.email, input.newPassword, user.email, { keepSession: input.session });
  return true;
}

/**
 * How long a session lives: it ends `idleMs` after its last use (sliding), and never later than
 * `days` after the login, however often it is used.
 */
export interface SessionLifetime {
  days: number;
  idleMs: number;
}

/**
 * Checks credentials and opens a session; returns the cookie secret (shown once, stored hashed).
 * `replaces` is the cookie the browser still had: that session ends (a login never keeps an old id).
 * A password hashed with older KDF parameters is re-hashed with today's.
 */
export async function login(
  db: Db,
  email: string,
  password: string,
  lifetime: SessionLifetime,
  meta: { address?: string; replaces?: string } = {},
): Promise<{ user: User; secret: string; expiresAt: Date }> {
  const rows = await db.query<User & { password_hash: string | null }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE email = $1`,
    [normalizeEmail(email)],
  );
  const row = rows[0];
  const ok = await verifyPassword(password, row?.password_hash);
  const detail = meta.address ? { address: meta.address } : {};
  if (!row || !ok || row.disabled) {
    await writeAudit(db, normalizeEmail(email).slice(0, 200), 'auth.login_failed', undefined, detail);
    throw new SoriError('invalid_credentials', 'wrong e-mail or password / 이메일 또는 비밀번호가 올바르지 않습니다');
  }
  if (row.password_hash && needsRehash(row.password_hash)) {
    await db.query('UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3', [row.id, await hashPassword(password), row.password_hash]);
  }
  if (meta.replaces) await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashSecret(meta.replaces)]);
  // Expired sessions are not kept (a login is rare enough to pay for the sweep).
  await db.query('DELETE FROM sessions WHERE expires_at <= now()');
  const secret = generateSecret('ses');
  const [{ ends }] = await db.query<{ ends: Date }>(
    `INSERT INTO sessions (token_hash, user_id, expires_at)
     VALUES ($1, $2, now() + LEAST($3::bigint, $4::bigint) * interval '1 millisecond')
     RETURNING created_at + $4::bigint * interval '1 millisecond' AS ends`,
    [hashSecret(secret), row.id, lifetime.idleMs, lifetime.days * 86_400_000],
  );
  await db.query('UPDATE users SET last_login_at = now() WHERE id = $1', [row.id]);
  await writeAudit(db, row.email, 'auth.login', undefined, detail);
  const { password_hash: _, ...user } = row;
  return { user, secret, expiresAt: ends };
}

/**
 * The user behind a session cookie, or null when unknown, idle too long, past its lifetime or
 * disabled. Each use moves the idle end forward (written at most once a minute).
 */
export async function resolveSession(db: Db, secret: string, lifetime: SessionLifetime): Promise<User | null> {
  const hash = hashSecret(secret);
  const rows = await db.query<User & { refresh: boolean }>(
    `SELECT u.id, u.email, u.name, u.role, u.disabled,
            abs(extract(epoch FROM s.expires_at - LEAST(now() + $2::bigint * interval '1 millisecond', s.created_at + $3::bigint * interval '1 millisecond'))) > 60 AS refresh
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND s.created_at + $3::bigint * interval '1 millisecond' > now() AND NOT u.disabled`,
    [hash, lifetime.idleMs, lifetime.days * 86_400_000],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.refresh) {
    await db.query(
      `UPDATE sessions SET expires_at = LEAST(now() + $2::bigint * interval '1 millisecond', created_at + $3::bigint * interval '1 millisecond') WHERE token_hash = $1`,
      [hash, lifetime.idleMs, lifetime.days * 86_400_000],
    );
  }
  const { refresh: _, ...user } = row;
  return user;
}

/** Ends a session; returns whose it was (null when it was not a live one). */
export async function logout(db: Db, secret: string): Promise<string | null> {
  const rows = await db.query<{ email: string }>('DELETE FROM sessions s USING users u WHERE s.token_hash = $1 AND u.id = s.user_id RETURNING u.email', [
    hashSecret(secret),
  ]);
  return rows[0]?.email ?? null;
}

/**
 * First start: creates the admin from SORI_ADMIN_EMAIL/SORI_ADMIN_PASSWORD when given, otherwise
 * returns a one-time setup secret (valid 24 h) for the caller to print as a link.
 * Does nothing when an admin exists.
 */
export async function ensureFirstAdmin(
  db: Db,
  env: { adminEmail?: string; adminPassword?: string },
): Promise<{ created?: User; setupSecret?: string } | null> {
  const [{ admins }] = await db.query<{ admins: number }>("SELECT count(*)::int AS admins FROM users WHERE role = 'admin'");
  if (admins > 0) return null;
  if (env.adminEmail && env.adminPassword) {
    return { created: await createUser(db, { email: env.adminEmail, name: 'Admin', role: 'admin', password: env.adminPassword }) };
  }
  const setupSecret = generateSecret('setup');
  // Links printed earlier stay valid until they expire (several servers may start at once on one
  // PostgreSQL database, each printing its own): the first one used creates the admin, and from then
  // on every link is refused (redeemSetup checks for an admin).
  await db.query("DELETE FROM setup_tokens WHERE purpose = 'first_admin' AND (used_at IS NOT NULL OR expires_at <= now())");
  await db.query("INSERT INTO setup_tokens (token_hash, purpose, expires_at) VALUES ($1, 'first_admin', now() + interval '24 hours')", [
    hashSecret(setupSecret),
  ]);
  return { setupSecret };
}

/** Redeems the first-run setup secret: creates the first admin. */
export async function redeemSetup(db: Db, secret: string, input: { email: string; name?: string; password: string }): Promise<User> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ token_hash: string }>(
      `UPDATE setup_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = 'first_admin'
       AND used_at IS NULL AND expires_at > now() RETURNING token_hash`,
      [hashSecret(secret)],
    );
    if (!rows[0]) throw new SoriError('invalid_token', 'setup link is invalid, used or expired / 설정 링크가 유효하지 않습니다');
    // Two links redeemed at once (several servers printed one each) must not make two admins.
    await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    const [{ admins }] = await tx.query<{ admins: number }>("SELECT count(*)::int AS admins FROM users WHERE role = 'admin'");
    if (admins > 0) throw new SoriError('conflict', 'an admin already exists; sign in instead / 관리자가 이미 있습니다. 로그인하세요');
    return createUser(tx, { ...input, role: 'admin' }, 'setup-link');
  });
}
