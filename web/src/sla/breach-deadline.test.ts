import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { breachDeadlineText } from './breach-deadline';

describe('a breach’s missed deadline', () => {
  // E-mail on 8 business hours: in Friday 10:00, due Friday 18:00, answered Saturday 00:24 —
  // "8시간 걸림 (목표 8시간)" on business time, late all the same.
  const breach = { target: 'firstResponse' as const, due_at: '2026-12-04T09:00:00Z', completed_at: '2026-12-04T15:24:00Z' };

  it('shows the deadline and the answer in the workspace’s zone and the user’s language', () => {
    expect(breachDeadlineText(breach, (k, v) => translate('ko', k, v), 'ko-KR', 'Asia/Seoul')).toBe('기한 12. 4. (금) 18:00 → 답변 12. 5. (토) 00:24');
    expect(breachDeadlineText(breach, (k, v) => translate('en', k, v), 'en-US', 'Asia/Seoul')).toBe('due Fri, Dec 4, 18:00 → answered Sat, Dec 5, 00:24');
    expect(breachDeadlineText({ ...breach, target: 'resolution' }, (k, v) => translate('ko', k, v), 'ko-KR', 'Asia/Seoul')).toBe('기한 12. 4. (금) 18:00 → 해결 12. 5. (토) 00:24');
    // Another zone's workspace reads its own wall clock.
    expect(breachDeadlineText(breach, (k, v) => translate('en', k, v), 'en-US', 'America/Los_Angeles')).toBe('due Fri, Dec 4, 01:00 → answered Fri, Dec 4, 07:24');
  });

  it('shows the deadline only while the item is still open', () => {
    expect(breachDeadlineText({ ...breach, completed_at: null }, (k, v) => translate('ko', k, v), 'ko-KR', 'Asia/Seoul')).toBe('기한 12. 4. (금) 18:00');
  });
});
