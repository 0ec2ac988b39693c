import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { translate } from '../i18n';
import { describeError, localizeDetail } from './error-message';

describe('error messages', () => {
  it('keeps the half of a bilingual detail in the user language', () => {
    const detail = 'too many login attempts; wait a minute / 로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요';
    expect(localizeDetail(detail, 'ko')).toBe('로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요');
    expect(localizeDetail(detail, 'en')).toBe('too many login attempts; wait a minute');
    expect(localizeDetail('invalid query: from: not a date', 'ko')).toBe('invalid query: from: not a date');
    expect(localizeDetail('a / b', 'ko')).toBe('a / b');
  });

  it('maps codes first, then status, then a generic message', () => {
    const t = (locale: 'ko' | 'en') => (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
      translate(locale, key, vars);
    expect(describeError(t('ko'), 'ko', new ApiError(401, 'invalid_credentials', null)).message).toBe(
      '이메일 또는 비밀번호가 올바르지 않습니다.',
    );
    expect(describeError(t('en'), 'en', new ApiError(403, 'something_new', 'x')).message).toBe(
      'You do not have permission to do this.',
    );
    expect(describeError(t('en'), 'en', new ApiError(502, null, null)).message).toMatch(/server/);
    expect(describeError(t('ko'), 'ko', new ApiError(0, 'network', null)).message).toMatch(/연결/);
  });
});
