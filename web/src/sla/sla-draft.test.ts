import { describe, expect, it } from 'vitest';
import type { SlaSettings } from '../api';
import { policyDisplayName } from './policy-name';
import { draftToSettings, errorsFor, extraHolidaysFromDraft, newPolicyId, pickChoices, renamePolicies, settingsToDraft, targetFromDraft, targetToDraft, toggleKey } from './sla-draft';

const SETTINGS: SlaSettings = {
  businessHours: {
    timeZone: 'Asia/Seoul',
    twentyFourSeven: false,
    blocks: [{ days: ['mon', 'tue'], start: '09:00', end: '18:00' }],
    koreanPublicHolidays: true,
    extraHolidays: [{ date: '2026-12-31', nameKo: '종무식', nameEn: 'Year-end closing', kind: 'workspace' }],
    workedHolidays: ['2026-05-01'],
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

  it('shows a shipped policy’s name in the UI’s language and saves its stored name back unless renamed', () => {
    const shipped: SlaSettings = { ...SETTINGS, policies: [{ ...SETTINGS.policies[1]!, id: 'incident', name: '장애 공식 답변 24시간 / Incident answer in 24 h' }] };
    const draft = settingsToDraft(shipped, (p) => policyDisplayName(p, 'en'));
    expect(draft.policies[0]!.name).toBe('Incident answer in 24 h');
    expect(draftToSettings(draft, shipped).policies[0]!.name).toBe('장애 공식 답변 24시간 / Incident answer in 24 h');
    // A language switch: the untouched name follows it, and is still saved as stored.
    const korean = renamePolicies(draft, (p) => policyDisplayName(p, 'ko'));
    expect(korean.policies[0]!.name).toBe('장애 공식 답변 24시간');
    expect(draftToSettings(korean, shipped).policies[0]!.name).toBe('장애 공식 답변 24시간 / Incident answer in 24 h');
    draft.policies[0]!.name = ' 장애 12시간 ';
    expect(draftToSettings(draft, shipped).policies[0]!.name).toBe('장애 12시간');
    // An edited name stays as typed across a switch.
    expect(renamePolicies(draft, (p) => policyDisplayName(p, 'ko')).policies[0]!.name).toBe(' 장애 12시간 ');
  });

  it('edits the business hours’ time zone, an emptied one meaning the workspace’s', () => {
    const draft = settingsToDraft(SETTINGS);
    expect(draft.timeZone).toBe('Asia/Seoul');
    draft.timeZone = ' America/Los_Angeles ';
    expect(draftToSettings(draft, SETTINGS).businessHours.timeZone).toBe('America/Los_Angeles');
    // Passed on as typed otherwise: the API says what is wrong with it.
    draft.timeZone = 'KST';
    expect(draftToSettings(draft, SETTINGS).businessHours.timeZone).toBe('KST');
    draft.timeZone = '  ';
    expect(draftToSettings(draft, SETTINGS, 'Europe/Berlin').businessHours.timeZone).toBe('Europe/Berlin');
  });

  it('keeps picked channels and types as keys, an empty pick meaning any, and drops empty targets', () => {
    const draft = settingsToDraft(SETTINGS);
    draft.policies[0] = { ...draft.policies[0], channels: ['chat', 'email'], firstResponse: { value: '', unit: 'min' } };
    const policy = draftToSettings(draft, SETTINGS).policies[0];
    expect(policy.match).toEqual({ channels: ['chat', 'email'] });
    expect(policy.firstResponseTargetMs).toBeUndefined();
    expect(policy.resolutionTargetMs).toBe(28_800_000);
  });

  it('edits priorities as a comma list, days off one per line', () => {
    const draft = settingsToDraft(SETTINGS);
    expect(draft.policies[1].priorities).toBe('high');
    expect(draft.extraHolidays).toBe('2026-12-31 종무식');
    expect(draft.workedHolidays).toBe('2026-05-01');
    draft.policies[1] = { ...draft.policies[1], priorities: 'urgent, high' };
    draft.extraHolidays = '2026-12-31 종무식\n\n 2027-03-02   창립 기념일 \n2027-04-01';
    draft.workedHolidays = '';
    const back = draftToSettings(draft, SETTINGS);
    expect(back.policies[1].match).toEqual({ types: ['bug'], priorities: ['urgent', 'high'] });
    expect(back.businessHours.extraHolidays).toEqual([
      { date: '2026-12-31', nameKo: '종무식', nameEn: 'Year-end closing', kind: 'workspace' },
      { date: '2027-03-02', nameKo: '창립 기념일', nameEn: '창립 기념일', kind: 'workspace' },
      { date: '2027-04-01', nameKo: '휴무일', nameEn: 'Closed', kind: 'workspace' },
    ]);
    expect(back.businessHours.workedHolidays).toEqual([]);
    // A renamed day takes the new name in both languages; a temporary public holiday keeps its kind.
    const base = { ...SETTINGS, businessHours: { ...SETTINGS.businessHours, extraHolidays: [{ date: '2027-06-03', nameKo: '임시공휴일', nameEn: 'Temporary holiday', kind: 'temporary' as const }] } };
    expect(extraHolidaysFromDraft('2027-06-03 선거일\n2026-12-31 송년회', base.businessHours.extraHolidays)).toEqual([
      { date: '2027-06-03', nameKo: '선거일', nameEn: '선거일', kind: 'temporary' },
      { date: '2026-12-31', nameKo: '송년회', nameEn: '송년회', kind: 'workspace' },
    ]);
  });

  it('picks channels and types from lists, keeping keys the lists do not know visible', () => {
    const draft = settingsToDraft(SETTINGS);
    expect(draft.policies[1].types).toEqual(['bug']);
    expect(draft.policies[1].channels).toEqual([]);
    draft.policies[1] = { ...draft.policies[1], types: toggleKey(toggleKey(draft.policies[1].types, 'billing'), 'bug'), channels: toggleKey([], 'chat') };
    expect(draftToSettings(draft, SETTINGS).policies[1].match).toEqual({ types: ['billing'], channels: ['chat'], priorities: ['high'] });
    draft.policies[1] = { ...draft.policies[1], types: [], channels: [] };
    expect(draftToSettings(draft, SETTINGS).policies[1].match).toEqual({ priorities: ['high'] });
    expect(pickChoices(['bug', 'billing'], ['billing', '버그·오류'])).toEqual([
      { key: 'bug', known: true },
      { key: 'billing', known: true },
      { key: '버그·오류', known: false },
    ]);
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
