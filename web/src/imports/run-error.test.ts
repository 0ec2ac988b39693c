import { describe, expect, it } from 'vitest';
import { translate, type Locale, type MessageKey } from '../i18n';
import { runErrorText } from './run-error';

const CLI_MESSAGE =
  'no column gives created_at: name one with --map (e.g. --map "text=내용,created_at=등록일"); the file\'s columns: 응답자번호, 제출시각, 의견 / ' +
  '접수 일시(created_at)에 해당하는 열이 없습니다. --map으로 지정하세요. 파일의 열: 응답자번호, 제출시각, 의견';
const tr = (locale: Locale) => (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);

describe('runErrorText', () => {
  it("says a missing column as the page's own step (열 매핑), never the CLI's --map, in both languages", () => {
    const run = { error: CLI_MESSAGE, error_reason: { code: 'missing_columns', fields: ['created_at'], columns: '응답자번호, 제출시각, 의견', first_row_data: false } };
    const ko = runErrorText(run, tr('ko'), 'ko');
    expect(ko).toBe('접수 일시(created_at)에 해당하는 열이 없어 가져오지 못했습니다. 파일을 다시 올리고 열 매핑 단계에서 쓸 열을 고르세요. 파일의 열: 응답자번호, 제출시각, 의견');
    const en = runErrorText(run, tr('en'), 'en');
    expect(en).toContain('Created at (created_at)');
    expect(en).toContain('column mapping step');
    for (const text of [ko, en]) expect(text).not.toContain('--map');
    const headless = runErrorText({ ...run, error_reason: { ...run.error_reason, first_row_data: true, columns: null } }, tr('ko'), 'ko');
    expect(headless).toContain('첫 행이 열 이름이 아니라 데이터로 보입니다');
    // The page's own 채널 선택 gives a channel (the CLI's message says --channel).
    const channel = runErrorText({ ...run, error_reason: { ...run.error_reason, fields: ['created_at', 'channel'] } }, tr('ko'), 'ko');
    expect(channel).toContain('접수 일시(created_at), 채널(channel)에 해당하는 열이 없어');
    expect(channel).toContain('채널 선택');
    expect(channel).not.toContain('--channel');
  });

  it('gives any other error in the reader\'s half, and nothing for no error', () => {
    expect(runErrorText({ error: 'disk full / 디스크가 가득 찼습니다', error_reason: null }, tr('ko'), 'ko')).toBe('디스크가 가득 찼습니다');
    expect(runErrorText({ error: 'disk full / 디스크가 가득 찼습니다' }, tr('en'), 'en')).toBe('disk full');
    expect(runErrorText({ error: null }, tr('en'), 'en')).toBe('');
  });
});
