import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { slaCountsTitle } from './sla-counts';

describe('slaCountsTitle', () => {
  it('groups the counts behind a share in the user’s language', () => {
    const count = { met: 12_345, breached: 1_200, pending: 7, met_pct: 91.1 };
    expect(slaCountsTitle(count, 'ko-KR', (key, vars) => translate('ko', key, vars))).toBe('달성 12,345 · 위반 1,200 · 진행 중 7');
    expect(slaCountsTitle(count, 'en-US', (key, vars) => translate('en', key, vars))).toBe('12,345 met · 1,200 breached · 7 pending');
  });
});
