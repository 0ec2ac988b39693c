import { describe, expect, it } from 'vitest';
import type { SlaSettings } from '../api';
import { draftToSettings, errorsFor, newPolicyId, settingsToDraft, targetFromDraft, targetToDraft } from './sla-draft';

const SETTINGS: SlaSettings = {
  businessHours: {
    timeZone: 'Asia/Seoul',
    twentyFourSeven: false,
    blocks: [{ days: ['mon', 'tue'], start: '09:00', end: '18:00' }],
    koreanPublicHolidays: true,
    extraHolidays: [{ date: '2026-12-31', name: '종무식' }],
    workedHolidays: [],
  },
  policies: [
    { id: 'chat', name: '채팅', match: { channels: ['chat'] }, firstResponseTargetMs: 180_000, resolutionTargetMs: 28_800_000, calendar: 'business' },
    { id: 'bug', name: '장애', match: { types: ['bug'], priorities: ['high'] }, resolutionTargetMs: 86_400_000, calendar: 'calendar' },
  ],
  is_default: true,
};

describe('SLA settings draft', () => {
  it('shows whole hours in hours and the rest in minutes', () => {
    expect(targetToDraft(28_800_000)).toEqual({ value: '8', unit: 'h' });
    expect(targetToDraft(180_000)).toEqual({ value: '3', unit: 'min' });
    expect(targetToDraft(undefined)).toEqual({ value: '', unit: 'min' });
    expect(targetFromDraft({ value: '1.5', unit: 'h' })).toBe(5_400_000);
    expect(targetFromDraft({ value: ' ', unit: 'h' })).toBeUndefined();
    expect(targetFromDraft({ value: 'abc', unit: 'min' })).toBeNaN();
  });

  it('round-trips the settings, keeping what the form does not edit', () => {
    const back = draftToSettings(settingsToDraft(SETTINGS), SETTINGS);
    const { is_default: _ignored, ...want } = SETTINGS;
    expect(back).toEqual(want);
  });

  it('reads comma lists and drops empty targets', () => {
    const draft = settingsToDraft(SETTINGS);
    draft.policies[0] = { ...draft.policies[0], channels: 'chat,  email ,', firstResponse: { value: '', unit: 'min' } };
    const policy = draftToSettings(draft, SETTINGS).policies[0];
    expect(policy.match).toEqual({ channels: ['chat', 'email'] });
    expect(policy.firstResponseTargetMs).toBeUndefined();
    expect(policy.resolutionTargetMs).toBe(28_800_000);
  });

  it('names new policies uniquely', () => {
    expect(newPolicyId([{ id: 'policy-2' }, { id: 'x' }])).toBe('policy-3');
    expect(newPolicyId([{ id: 'policy-1' }])).toBe('policy-2');
  });

  it('hands each part of the form its own API errors', () => {
    const errors = [
      { field: 'businessHours.blocks.0.end', message: 'a block must end after it starts' },
      { field: 'businessHours.blocks.10', message: 'other' },
      { field: 'policies.1', message: 'needs a target' },
      { field: null, message: 'general' },
    ];
    expect(errorsFor(errors, 'businessHours.blocks.0').map((e) => e.message)).toEqual(['a block must end after it starts']);
    expect(errorsFor(errors, 'policies.1').map((e) => e.message)).toEqual(['needs a target']);
    expect(errorsFor(errors, '', ['businessHours.blocks.0', 'businessHours.blocks.10', 'policies.1']).map((e) => e.message)).toEqual(['general']);
  });
});
