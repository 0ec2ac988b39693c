import { describe, expect, it } from 'vitest';
import { HELP, localize } from './i18n.js';

describe('localize: core messages in the CLI language', () => {
  it('keeps the half of an "English / 한국어" message in the chosen language', () => {
    const message = 'backup file not found: /tmp/a b/백업.jsonl.gz / 백업 파일이 없습니다: /tmp/a b/백업.jsonl.gz';
    // The English half holds Hangul (a Korean file name): it cannot be told apart safely, so both stay.
    expect(localize(message, 'en')).toBe(message);
    expect(localize('workspace "shop" already has data / 워크스페이스 "shop"에 이미 데이터가 있습니다', 'ko')).toBe('워크스페이스 "shop"에 이미 데이터가 있습니다');
    expect(localize('workspace "shop" already has data / 워크스페이스 "shop"에 이미 데이터가 있습니다', 'en')).toBe('workspace "shop" already has data');
  });

  it('takes each part of a reject reason on its own', () => {
    const reason = 'created_at: not a date or time / 날짜·시각이 아닙니다; rating: must be 1–5 / 1–5 사이여야 합니다';
    expect(localize(reason, 'ko')).toBe('created_at: 날짜·시각이 아닙니다; rating: 1–5 사이여야 합니다');
    expect(localize(reason, 'en')).toBe('created_at: not a date or time; rating: must be 1–5');
    // A metrics sheet's columns are any names (anyField); by default only keys are fields.
    const metric = '재구매수: not a number / 숫자가 아닙니다; App Installs: negative / 음수입니다';
    expect(localize(metric, 'ko', { anyField: true })).toBe('재구매수: 숫자가 아닙니다; App Installs: 음수입니다');
    expect(localize(metric, 'en', { anyField: true })).toBe('재구매수: not a number; App Installs: negative');
  });

  it('keeps in English the value the Korean half quotes (review: "not a date/time" lost 2026-02-31 10:00)', () => {
    const reason = 'created_at: not a date/time / 날짜·시간 형식이 아닙니다: 2026-02-31 10:00';
    expect(localize(reason, 'en')).toBe('created_at: not a date/time: 2026-02-31 10:00');
    expect(localize(reason, 'ko')).toBe('created_at: 날짜·시간 형식이 아닙니다: 2026-02-31 10:00');
    expect(localize('created_at: not a date/time / 날짜·시간 형식이 아닙니다: 없음', 'en')).toBe('created_at: not a date/time: 없음');
    expect(localize('created_at: date out of range (1970–2199) / 날짜 범위(1970–2199)를 벗어났습니다: 2300-01-01', 'en')).toBe('created_at: date out of range (1970–2199): 2300-01-01');
  });

  it('a sentence with a colon is one message, not a field and its reason', () => {
    expect(localize('backup file not found: /tmp/b.gz / 백업 파일이 없습니다: /tmp/b.gz', 'ko')).toBe('백업 파일이 없습니다: /tmp/b.gz');
    expect(localize('backup file not found: /tmp/b.gz / 백업 파일이 없습니다: /tmp/b.gz', 'en')).toBe('backup file not found: /tmp/b.gz');
  });

  it('takes a two-line message (an English line, a Korean line) as its two halves', () => {
    const message = 'The data folder ./data is in use by "sori serve" (pid 42). Stop it first.\n데이터 폴더 ./data를 다른 Sori 프로세스("sori serve", pid 42)가 사용 중입니다.';
    expect(localize(message, 'ko')).toBe('데이터 폴더 ./data를 다른 Sori 프로세스("sori serve", pid 42)가 사용 중입니다.');
    expect(localize(message, 'en')).toBe('The data folder ./data is in use by "sori serve" (pid 42). Stop it first.');
    expect(localize('첫 줄\n둘째 줄', 'en')).toBe('첫 줄\n둘째 줄');
  });

  it('an English half may quote Korean words', () => {
    expect(localize('orders: not a number (많음) / 숫자가 아닙니다 (많음)', 'en', { anyField: true })).toBe('orders: not a number (많음)');
    expect(localize('unknown topic "배송" / 알 수 없는 토픽 "배송"', 'ko')).toBe('알 수 없는 토픽 "배송"');
  });

  it('prints messages in one language, or with a slash of their own, unchanged', () => {
    expect(localize('주문 취소 / 환불 문의', 'en')).toBe('주문 취소 / 환불 문의');
    expect(localize('read and/or write / both', 'ko')).toBe('read and/or write / both');
    expect(localize('unknown column 비고', 'en')).toBe('unknown column 비고');
  });
});

describe('the main help', () => {
  it('lists every webhooks subcommand, said in both languages', () => {
    const line = HELP.main.split('\n').find((l) => l.trimStart().startsWith('webhooks '))!;
    expect(line).toContain('(list|create|disable|enable|rotate)');
    // The command's own help names the same subcommands.
    for (const sub of ['list', 'create', 'disable', 'enable', 'rotate']) expect(HELP.webhooks).toMatch(new RegExp(`(sori webhooks|\\|) ${sub}\\b`));
    const [korean, english] = line.split(' / ');
    expect(korean).toMatch(/끄기·켜기·비밀값 교체/);
    expect(english).toMatch(/switch them off or on, rotate secrets/);
  });
});
