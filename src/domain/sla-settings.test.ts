import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_POLICY_LABELS } from './labels-ko-en.js';
import { DEFAULT_SLA_SETTINGS, defaultSlaSettings } from './sla-settings.js';

describe('the shipped SLA settings', () => {
  // Workspaces store these names; policyNameIn shows one language of a policy only while its name is
  // exactly this, so a changed word in the label table would turn every stored name into a custom one.
  it('names the shipped policies from the label table, exactly as workspaces have them stored', () => {
    expect(DEFAULT_SLA_SETTINGS.policies.map((p) => [p.id, p.name])).toEqual([
      ['incident', '장애 공식 답변 24시간 / Incident answer in 24 h'],
      ['chat', '채팅 첫 응답 3분 / Chat first response 3 min'],
      ['phone', '전화 응대 1분 / Phone answered in 1 min'],
      ['written', '이메일·1:1 문의 8업무시간 / E-mail and board in 8 business hours'],
    ]);
    expect(DEFAULT_SLA_SETTINGS.policies.map((p) => p.name)).toEqual(Object.values(DEFAULT_SLA_POLICY_LABELS).map(([ko, en]) => `${ko} / ${en}`));
  });

  it('keeps the policies and puts the business hours in the workspace’s zone', () => {
    const seoul = defaultSlaSettings('Asia/Seoul');
    expect(seoul.businessHours.timeZone).toBe('Asia/Seoul');
    expect(seoul.policies).toBe(DEFAULT_SLA_SETTINGS.policies);
  });
});
