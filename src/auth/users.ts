import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { writeAudit } from './audit.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { generateSecret, hashSecret, type Role, ROLES } from './tokens.js';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
}

const USER_COLUMNS = 'id, email, name, role, disabled';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user; the password may be set later through a one-time link. */
export async function createUser(
  db: Db,
  input: { email: string; name?: string; role: Role; password?: string },
  actor = 'system',
): Promise<User> {
  if (!ROLES.includes(input.role)) throw new SoriError('validation_failed', `unknown role: ${input.role}`);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email.trim())) throw new SoriError('validation_failed', 'invalid e-mail');
  let hash: string | null = null;
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password);
    if (problem) throw new SoriError('validation_failed', problem);
    hash = await hashPassword(input.password);
  }
  const rows = await db.query<User>(
    `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [normalizeEmail(input.email), input.name ?? '', input.role, hash],
  );
  if (!rows[0]) throw new SoriError('conflict', `a user with e-mail ${input.email} already exists`);
  await writeAudit(db, actor, 'user.create', rows[0].email, { role: input.role });
  return rows[0];
}

/** Lists users. */
export async function listUsers(db: Db): Promise<(User & { created_at: Date; last_login_at: Date | null })[]> {
  return db.query(`SELECT ${USER_COLUMNS}, created_at, last_login_at FROM users ORDER BY id`);
}

/** Changes a user's role or disables/enables them. */
export async function updateUser(db: Db, email: string, change: { role?: Role; disabled?: boolean }, actor: string): Promise<User> {
  if (change.role && !ROLES.includes(change.role)) throw new SoriError('validation_failed', `unknown role: ${change.role}`);
  const rows = await db.transaction(async (tx) => {
    // Sori must keep one admin who can sign in; the lock makes two concurrent demotions wait for each other.
    const guard = change.role !== undefined || change.disabled === true;
    if (guard) await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    const before = guard ? await tx.query<{ admin: boolean }>("SELECT role = 'admin' AND NOT disabled AS admin FROM users WHERE email = $1", [normalizeEmail(email)]) : [];
    const changed = await tx.query<User>(
      `UPDATE users SET role = COALESCE($2, role), disabled = COALESCE($3, disabled) WHERE email = $1 RETURNING ${USER_COLUMNS}`,
      [normalizeEmail(email), change.role ?? null, change.disabled ?? null],
    );
    if (before[0]?.admin && changed[0] && (changed[0].role !== 'admin' || changed[0].disabled)) {
      const [{ n }] = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled");
      if (n === 0) throw new SoriError('conflict', 'the last admin cannot be demoted or disabled / 마지막 관리자는 역할을 바꾸거나 비활성화할 수 없습니다');
    }
    return changed;
  });
  if (!rows[0]) throw new SoriError('not_found', `no user ${email}`);
  if (change.disabled) await db.query('DELETE FROM sessions WHERE user_id = $1', [rows[0].id]);
  await writeAudit(db, actor, 'user.update', rows[0].email, change);
  return rows[0];
}

/** Sets a user's password (and ends their other sessions). */
export async function setPassword(db: Db, email: string, password: string, actor: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new SoriError('validation_failed', problem);
  const rows = await db.query<{ id: number }>('UPDATE users SET password_hash = $2 WHERE email = $1 RETURNING id', [
    normalizeEmail(email),
    await hashPassword(password),
  ]);
  if (!rows[0]) throw new SoriError('not_found', `no user ${email}`);
  await db.query('DELETE FROM sessions WHERE user_id = $1', [rows[0].id]);
  await writeAudit(db, actor, 'user.password', normalizeEmail(email));
}

/** Checks credentials and opens a session; returns the cookie secret (shown once, stored hashed). */
export async function login(db: Db, email: string, password: string, sessionDays: number): Promise<{ user: User; secret: string; expiresAt: Date }> {
  const rows = await db.query<User & { password_hash: string | null }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE email = $1`,
    [normalizeEmail(email)],
  );
  const row = rows[0];
  const ok = await verifyPassword(password, row?.password_hash);
  if (!row || !ok || row.disabled) {
    await writeAudit(db, normalizeEmail(email), 'auth.login_failed');
    throw new SoriError('invalid_credentials', 'wrong e-mail or password / 이메일 또는 비밀번호가 올바르지 않습니다');
  }
  const secret = generateSecret('ses');
  const expiresAt = new Date(Date.now() + sessionDays * 86_400_000);
  await db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [hashSecret(secret), row.id, expiresAt]);
  await db.query('UPDATE users SET last_login_at = now() WHERE id = $1', [row.id]);
  await writeAudit(db, row.email, 'auth.login');
  const { password_hash: _, ...user } = row;
  return { user, secret, expiresAt };
}

/** The user behind a session cookie, or null when unknown, expired or disabled. */
export async function resolveSession(db: Db, secret: string): Promise<User | null> {
  const rows = await db.query<User>(
    `SELECT u.id, u.email, u.name, u.role, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [hashSecret(secret)],
  );
  return rows[0] ?? null;
}

/** Ends a session. */
export async function logout(db: Db, secret: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashSecret(secret)]);
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
    const [{ admins }] = await tx.query<{ admins: number }>("SELECT count(*)::int AS admins FROM users WHERE role = 'admin'");
    if (admins > 0) throw new SoriError('conflict', 'an admin already exists');
    return createUser(tx, { ...input, role: 'admin' }, 'setup-link');
  });
}
