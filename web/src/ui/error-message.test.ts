import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { translate } from '../i18n';
import { describeError, fieldReasonLine, isNotFound, localizeDetail, localizeReason } from './error-message';

describe('error messages', () => {
  it('keeps the half of a bilingual detail in the user language', () => {
    const detail = 'too many login attempts; wait a minute / 로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요';
    expect(localizeDetail(detail, 'ko')).toBe('로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요');
    expect(localizeDetail(detail, 'en')).toBe('too many login attempts; wait a minute');
    expect(localizeDetail('invalid query: from: not a date', 'ko')).toBe('invalid query: from: not a date');
    expect(localizeDetail('a / b', 'ko')).toBe('a / b');
    // The English half may quote the customer's Korean words; other Hangul there means no pair.
    expect(localizeDetail('not a number (많음) / 숫자가 아닙니다 (많음)', 'en')).toBe('not a number (많음)');
    expect(localizeDetail('unknown topic "배송" / 알 수 없는 토픽 "배송"', 'ko')).toBe('알 수 없는 토픽 "배송"');
    expect(localizeDetail('배송 문의 / 배송 지연', 'en')).toBe('배송 문의 / 배송 지연');
  });

  it('localizes each part of an import reject reason and names the fields', () => {
    const reason =
      'channel: not one of chat, phone / 허용되지 않는 값입니다(chat, phone 중 하나); text: text is empty / 본문이 비어 있습니다; created_at: not a date/time / 날짜·시간 형식이 아닙니다: 2024-02-31 10:00';
    const names: Record<string, string> = { channel: '채널', text: '본문', created_at: '접수 일시' };
    expect(localizeReason(reason, 'ko', (key) => names[key] ?? null)).toBe(
      '채널: 허용되지 않는 값입니다(chat, phone 중 하나); 본문: 본문이 비어 있습니다; 접수 일시: 날짜·시간 형식이 아닙니다: 2024-02-31 10:00',
    );
    // The refused value the Korean half quotes is said in English too (as the CLI says it).
    expect(localizeReason(reason, 'en', () => null)).toBe('channel: not one of chat, phone; text: text is empty; created_at: not a date/time: 2024-02-31 10:00');
    // A reader's reason (no field) and an unknown field keep their words; a "; " inside a half is not a part.
    expect(localizeReason('file ends inside this element; was it cut? / 파일이 잘렸나요?', 'ko', () => null)).toBe('파일이 잘렸나요?');
    expect(localizeReason('row: item must be a JSON object', 'ko', () => '행')).toBe('row: item must be a JSON object');
    expect(localizeReason('상담유형: 알 수 없는 값', 'en', () => null)).toBe('상담유형: 알 수 없는 값');
    // The one problem's field is already in the column beside it: not repeated; with more problems, every field is named.
    expect(localizeReason('text: text is empty / 본문이 비어 있습니다', 'ko', (key) => names[key] ?? null, { shownField: 'text' })).toBe('본문이 비어 있습니다');
    expect(localizeReason(reason, 'ko', (key) => names[key] ?? null, { shownField: 'channel' })).toMatch(/^채널: /);
    // A metrics sheet's columns are any name.
    const metrics = 'MAU: not a number (abc) / 숫자가 아닙니다 (abc); 재구매: not a metric name / 지표 이름이 아닙니다';
    expect(localizeReason(metrics, 'ko', () => null, { anyField: true })).toBe('MAU: 숫자가 아닙니다 (abc); 재구매: 지표 이름이 아닙니다');
    expect(localizeReason(metrics, 'en', () => null, { anyField: true })).toBe('MAU: not a number (abc); 재구매: not a metric name');
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

describe('the server reason of a refused form', () => {
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('ko', key, vars);
  it('keeps the detail and the field reasons it does not already say, in the user language', () => {
    const weak = 'password must not contain the e-mail address / 비밀번호에 이메일 주소를 넣을 수 없습니다';
    const same = describeError(t, 'ko', new ApiError(400, 'validation_failed', weak, null, [{ field: 'password', message: weak }]));
    expect(same.message).toBe(translate('ko', 'error.code.validation_failed'));
    expect(same.detail).toBe('비밀번호에 이메일 주소를 넣을 수 없습니다');
    expect(same.fields).toEqual([]);
    const many = describeError(t, 'en', new ApiError(400, 'validation_failed', 'invalid body', null, [
      { field: 'email', message: 'invalid e-mail / 이메일 주소가 올바르지 않습니다' },
      { field: null, message: 'too short / 너무 짧습니다' },
    ]));
    expect(many.fields).toEqual(['email: invalid e-mail', 'too short']);
  });
});

describe('engine and validation text in the Korean UI', () => {
  const tr = (locale: 'ko' | 'en') => (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars);
  const regexMessage = 'invalid regular expression / 잘못된 정규식: Invalid regular expression: /[abc/u: Unterminated character class';
  const regexError = () =>
    new ApiError(400, 'validation_failed', `invalid body: rules.1: ${regexMessage}`, null, [{ field: 'rules.1', message: regexMessage }]);

  it('says in Korean that a regex rule is not a valid regular expression and keeps the engine text apart', () => {
    const ko = describeError(tr('ko'), 'ko', regexError());
    expect(ko.message).toBe(translate('ko', 'error.code.validation_failed'));
    expect(ko.detail).toBeNull();
    expect(ko.fields).toEqual([`2번째 규칙: ${translate('ko', 'error.regexInvalid')}`]);
    expect(ko.fields.join(' ')).not.toMatch(/Unterminated/);
    expect(ko.engine).toBe('Invalid regular expression: /[abc/u: Unterminated character class');
    const en = describeError(tr('en'), 'en', regexError());
    expect(en.fields).toEqual([`Rule 2: ${translate('en', 'error.regexInvalid')}`]);
    expect(en.engine).toMatch(/Unterminated character class$/);
    // One line per refused rule (the topic form's list).
    expect(fieldReasonLine(tr('ko'), 'ko', regexMessage)).toBe(
      `${translate('ko', 'error.regexInvalid')} (서버 원문: Invalid regular expression: /[abc/u: Unterminated character class)`,
    );
    expect(fieldReasonLine(tr('ko'), 'ko', 'pattern is empty / 패턴이 비어 있습니다')).toBe('패턴이 비어 있습니다');
  });

  it('names a refused query parameter by its filter and says zod’s English reason in Korean', () => {
    const zod = 'Invalid option: expected one of "breached"|"breached_first_response"|"breached_resolution"|"open_overdue"';
    const error = new ApiError(400, 'validation_failed', `invalid query: sla: ${zod}`, null, [{ field: 'sla', message: zod }]);
    const ko = describeError(tr('ko'), 'ko', error, (key) => (key === 'sla' ? 'SLA 조건' : null));
    expect(ko.detail).toBeNull();
    expect(ko.fields).toEqual(['SLA 조건: 허용되지 않는 값입니다 (허용: breached, breached_first_response, breached_resolution, open_overdue)']);
    expect(ko.engine).toBe(zod);
    // English keeps the server's words as the reason.
    expect(describeError(tr('en'), 'en', error).fields).toEqual([`sla: ${zod}`]);
    // An English-only detail in the Korean UI is the engine's text, not the reason.
    const plain = describeError(tr('ko'), 'ko', new ApiError(400, 'bad_request', 'invalid cursor'));
    expect(plain.detail).toBeNull();
    expect(plain.engine).toBe('invalid cursor');
  });

  it('tells a 404 apart (no retry can help)', () => {
    expect(isNotFound(new ApiError(404, 'not_found', 'item not found'))).toBe(true);
    expect(isNotFound(new ApiError(500, null, null))).toBe(false);
    expect(isNotFound(new Error('x'))).toBe(false);
  });
});

describe('reject reasons and places (review s23)', () => {
  it('says the refused value the Korean half quotes in English too; other details keep their halves', async () => {
    const { localizeReason, localizeDetail, localizePlace } = await import('./error-message');
    const none = () => null;
    expect(localizeReason('not a date/time / 날짜·시간 형식이 아닙니다: 어제 오후', 'en', none)).toBe('not a date/time: 어제 오후');
    expect(localizeReason('not a date/time / 날짜·시간 형식이 아닙니다: 어제 오후', 'ko', none)).toBe('날짜·시간 형식이 아닙니다: 어제 오후');
    expect(localizeDetail('missing columns text, created_at / 다음 열이 없습니다: 본문, 접수 일시', 'en')).toBe('missing columns text, created_at');
    expect(localizePlace('row 4 / 4행', 'ko')).toBe('4행');
    expect(localizePlace('row 4 (UserChat data) / UserChat data 시트 4행', 'en')).toBe('row 4 (UserChat data)');
    expect(localizePlace('Message data row 9 / Message data 시트 9행', 'ko')).toBe('Message data 시트 9행');
    expect(localizePlace('ticket 7 / 티켓 7', 'en')).toBe('ticket 7');
    // A record's own id is not a place: shown whole in both languages.
    expect(localizePlace('A-1 / 환불건', 'en')).toBe('A-1 / 환불건');
    expect(localizePlace('A-1 / 환불건', 'ko')).toBe('A-1 / 환불건');
  });
});
