import { translate, type Locale, type MessageKey } from '../i18n';

/** The policies Sori ships (src/domain/sla-settings.ts DEFAULT_SLA_SETTINGS), by id: their names in each language. */
const DEFAULT_POLICY_NAMES: Readonly<Record<string, MessageKey>> = {
  incident: 'sla.defaultPolicy.incident',
  chat: 'sla.defaultPolicy.chat',
  phone: 'sla.defaultPolicy.phone',
  written: 'sla.defaultPolicy.written',
};

/**
 * The name a default policy is stored under: both languages, "장애 공식 답변 24시간 / Incident answer in 24 h"
 * (the API, exports and the CLI have no language); null for an id Sori does not ship.
 */
export function defaultPolicyStoredName(id: string): string | null {
  const key = DEFAULT_POLICY_NAMES[id];
  return key ? `${translate('ko', key)} / ${translate('en', key)}` : null;
}

/**
 * A policy's name in the UI's language: a shipped policy still under its two-language name shows the
 * half in `locale`; a name an admin gave (any other) is shown as it is.
 */
export function policyDisplayName(policy: { id: string; name: string }, locale: Locale): string {
  const key = DEFAULT_POLICY_NAMES[policy.id];
  return key && policy.name === defaultPolicyStoredName(policy.id) ? translate(locale, key) : policy.name;
}
