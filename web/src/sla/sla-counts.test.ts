import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { slaCountsTitle, slaUnrecordedNote } from './sla-counts';

describe('slaCountsTitle', () => {
  it('groups the counts behind a share in the user’s language', () => {
    const count = { met: 12_345, breached: 1_200, pending: 7, met_pct: 91.1 };
    expect(slaCountsTitle(count, 'ko-KR', (key, vars) => translate('ko', key, vars))).toBe('달성 12,345 · 위반 1,200 · 진행 중 7');
    expect(slaCountsTitle(count, 'en-US', (key, vars) => translate('en', key, vars))).toBe('12,345 met · 1,200 breached · 7 pending');
  });

  it('says how many items are done without the target’s time, outside the share', () => {
    const ko = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('ko', key, vars);
    const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);
    // An imported sheet: 22 rows 완료 without 해결일시, 6 late, 2 open.
    const count = { met: 0, breached: 6, pending: 2, unrecorded: 22, met_pct: 0 };
    expect(slaCountsTitle(count, 'ko-KR', ko, 'resolution')).toBe('달성 0 · 위반 6 · 진행 중 2 · 해결 시각 없음 22');
    expect(slaCountsTitle(count, 'en-US', en, 'resolution')).toBe('0 met · 6 breached · 2 pending · 22 with no resolution time recorded');
    expect(slaCountsTitle(count, 'ko-KR', ko, 'firstResponse')).toBe('달성 0 · 위반 6 · 진행 중 2 · 답변 시각 없음 22');
    expect(slaUnrecordedNote(count, 'ko-KR', ko, 'resolution')).toContain('해결 시각이 없는 인입 22건');
    expect(slaUnrecordedNote({ ...count, unrecorded: 1 }, 'en-US', en, 'resolution')).toMatch(/^1 item is done by its status but has no resolution time/);
    // None, or an older server that does not send the count: the counts as before, no note.
    expect(slaCountsTitle({ ...count, unrecorded: 0 }, 'ko-KR', ko, 'resolution')).toBe('달성 0 · 위반 6 · 진행 중 2');
    const { unrecorded: _none, ...older } = count;
    expect(slaUnrecordedNote(older, 'ko-KR', ko, 'resolution')).toBeNull();
  });
});
