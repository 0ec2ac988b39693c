import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { writeAudit } from './audit.js';
import { generateSecret, hashSecret, TOKEN_SCOPES, type Role, type TokenScope } from './tokens.js';

export interface ApiToken {
  id: number;
  workspace_id: number;
  name: string;
  token_prefix: string;
  scopes: TokenScope[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  /** The user who made it in the dashboard (or made the token that made it); null: made with `sori tokens`. */
  created_by: number | null;
}

const COLUMNS = 'id, workspace_id, name, token_prefix, scopes, created_at, last_used_at, revoked_at, created_by';
/** The same columns of `api_tokens t`, for queries that join the maker (users u). */
const T_COLUMNS = COLUMNS.split(', ').map((c) => `t.${c}`).join(', ');

/**
 * The scopes a token keeps while its creator has this role: what the creator could still do
 * themselves (an admin everything; an operator sends and reads items; a viewer reads). A token
 * never outlives its creator's rights: demoting an admin takes `admin` from the tokens they made,
 * disabling them stops those tokens. Tokens made with `sori tokens` (no creator; whoever runs the
 * CLI holds the data folder or database) are not tied to any user.
 */
export const SCOPES_OF_ROLE: Record<Role, readonly TokenScope[]> = {
  admin: ['ingest', 'read', 'admin'],
  operator: ['ingest', 'read'],
  viewer: ['read'],
};

/** Creates an API token for a workspace; the secret is returned once and stored only as a hash. */
export async function createApiToken(
  db: Db,
  input: { workspaceId: number; name: string; scopes: string[]; createdBy?: number | null },
  actor: string,
): Promise<{ token: ApiToken; secret: string }> {
  const name = input.name.trim();
  if (!name || name.length > 100) {
    throw new SoriError('validation_failed', 'a token name is 1–100 characters / 토큰 이름은 1–100자입니다', { field: 'name' });
  }
  const scopes = [...new Set(input.scopes)];
  const bad = scopes.filter((s) => !TOKEN_SCOPES.includes(s as TokenScope));
  if (!scopes.length || bad.length) {
    throw new SoriError(
      'validation_failed',
      `scopes must be some of ${TOKEN_SCOPES.join(', ')}${bad.length ? ` (unknown: ${bad.join(', ')})` : ''} / ` +
        `범위는 ${TOKEN_SCOPES.join(', ')} 중에서 고르세요${bad.length ? ` (알 수 없음: ${bad.join(', ')})` : ''}`,
    );
  }
  const secret = generateSecret('pat');
  const rows = await db.query<ApiToken>(
    `INSERT INTO api_tokens (workspace_id, name, token_prefix, token_hash, scopes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [input.workspaceId, name, secret.slice(0, 14), hashSecret(secret), scopes, input.createdBy ?? null],
  );
  await writeAudit(db, actor, 'token.create', String(rows[0].id), { name, scopes, workspace_id: input.workspaceId });
  return { token: rows[0], secret };
}

// Tokens resolved in the last few seconds, by hash: the single-item ingest path must not pay a
// query per request. Revocation clears this process's entry at once; other processes (several
// servers on one PostgreSQL) see it within TOKEN_CACHE_MS.
const TOKEN_CACHE_MS = 10_000;
const tokenCache = new Map<string, { token: ApiToken; until: number }>();

/**
 * The live token behind a secret, or null, with the scopes it may use now: those its creator's
 * current role still allows (SCOPES_OF_ROLE); null when its creator is disabled or none is left.
 * Touches last_used_at at most once a minute.
 */
export async function resolveApiToken(db: Db, secret: string): Promise<ApiToken | null> {
  const hash = hashSecret(secret);
  const cached = tokenCache.get(hash);
  if (cached && cached.until > Date.now()) return cached.token;
  const rows = await db.query<ApiToken & { creator_role: Role | null; creator_disabled: boolean | null }>(
    `SELECT ${T_COLUMNS}, u.role AS creator_role, u.disabled AS creator_disabled
     FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
    [hash],
  );
  let token: ApiToken | undefined;
  if (rows[0]) {
    const { creator_role: role, creator_disabled: disabled, ...stored } = rows[0];
    const scopes = stored.created_by === null ? stored.scopes : disabled || !role ? [] : stored.scopes.filter((s) => SCOPES_OF_ROLE[role].includes(s));
    if (scopes.length) token = { ...stored, scopes };
  }
  if (tokenCache.size > 10_000) tokenCache.clear();
  if (token) tokenCache.set(hash, { token, until: Date.now() + TOKEN_CACHE_MS });
  else tokenCache.delete(hash);
  if (token && (!token.last_used_at || Date.now() - token.last_used_at.getTime() > 60_000)) {
    await db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [token.id]);
  }
  return token ?? null;
}

/** Forgets every token this process resolved lately: a user's role or state changed, so their tokens' scopes may have. */
export function forgetResolvedTokens(): void {
  tokenCache.clear();
}

/** Lists a workspace's tokens (never their secrets), with their creator's e-mail (null: made with `sori tokens`). */
export async function listApiTokens(db: Db, workspaceId: number): Promise<(ApiToken & { created_by_email: string | null })[]> {
  return db.query(
    `SELECT ${T_COLUMNS}, u.email AS created_by_email
     FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by WHERE t.workspace_id = $1 ORDER BY t.id`,
    [workspaceId],
  );
}

/** Revokes a token. */
export async function revokeApiToken(db: Db, workspaceId: number, id: number, actor: string): Promise<void> {
  const rows = await db.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL RETURNING id', [id, workspaceId]);
  if (!rows.length) throw new SoriError('not_found', `no live token ${id} (unknown, revoked already, or another workspace's) / 폐기할 수 있는 토큰 ${id}이(가) 없습니다`);
  for (const [hash, entry] of tokenCache) if (entry.token.id === id && entry.token.workspace_id === workspaceId) tokenCache.delete(hash);
  await writeAudit(db, actor, 'token.revoke', String(id), { workspace_id: workspaceId });
}
