import { describe, expect, it } from 'vitest';
import { defaultPolicyStoredName, policyDisplayName } from './policy-name';

// The server's defaults, read through Vite's glob import: a static import would pull the server
// module's node:crypto into the web app's type check.
const serverModules = import.meta.glob<{ DEFAULT_SLA_SETTINGS: { policies: { id: string; name: string }[] } }>('../../../src/domain/sla-settings.ts', { eager: true });
const DEFAULT_SLA_SETTINGS = Object.values(serverModules)[0]!.DEFAULT_SLA_SETTINGS;

describe('SLA policy names', () => {
  it('shows each shipped policy in the UI’s language, never both at once', () => {
    expect(DEFAULT_SLA_SETTINGS.policies.map((p) => p.id)).toEqual(['incident', 'chat', 'phone', 'written']);
    for (const p of DEFAULT_SLA_SETTINGS.policies) {
      // The web knows the server's two-language names exactly (a rename on either side fails here).
      expect(defaultPolicyStoredName(p.id)).toBe(p.name);
      const [ko, en] = p.name.split(' / ');
      expect(policyDisplayName(p, 'ko')).toBe(ko);
      expect(policyDisplayName(p, 'en')).toBe(en);
    }
    expect(policyDisplayName({ id: 'incident', name: '장애 공식 답변 24시간 / Incident answer in 24 h' }, 'en')).toBe('Incident answer in 24 h');
  });

  it('keeps a name an admin gave, whatever the id', () => {
    expect(policyDisplayName({ id: 'incident', name: '장애 대응 12시간' }, 'en')).toBe('장애 대응 12시간');
    expect(policyDisplayName({ id: 'vip', name: 'VIP / 긴급' }, 'ko')).toBe('VIP / 긴급');
    expect(defaultPolicyStoredName('vip')).toBeNull();
  });
});
