import { createHash, randomBytes } from 'node:crypto';

/** A random secret with a readable prefix: `sori_<kind>_<43 chars>` (256 bits). */
export function generateSecret(kind: 'pat' | 'ses' | 'setup' | 'whk'): string {
  return `sori_${kind}_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 of a high-entropy secret; what the database keeps instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export const TOKEN_SCOPES = ['ingest', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
