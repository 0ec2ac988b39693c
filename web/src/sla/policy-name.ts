import { defaultPolicyStoredName as storedName, policyNameIn } from '../../../src/domain/labels-ko-en.js';
import type { Locale } from '../i18n';

/**
 * The name a default policy is stored under: both languages, "장애 공식 답변 24시간 / Incident answer in 24 h"
 * (the API, exports and the CLI have no language); null for an id Sori does not ship. The names are the
 * server's own table (src/domain/labels-ko-en.ts DEFAULT_SLA_POLICY_LABELS), not a copy.
 */
export function defaultPolicyStoredName(id: string): string | null {
  return storedName(id);
}

/**
 * A policy's name in the UI's language: a shipped policy still under its two-language name shows the
 * half in `locale`; a name an admin gave (any other) is shown as it is.
 */
export function policyDisplayName(policy: { id: string; name: string }, locale: Locale): string {
  return policyNameIn(policy, locale);
}
