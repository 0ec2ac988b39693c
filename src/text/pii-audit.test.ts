import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeText } from './language.js';
import { redactPii } from './pii.js';

/**
 * The second blind audit's 365 messages (session 12, written by an engineer who had not read
 * pii.test.ts): realistic chat, board, e-mail and review texts with the spans that must be masked
 * and the near misses that must stay. Run as the ingest runs it (normalizeText first). Fixed after
 * the audit, so no longer blind: a regression table. The few still different are listed with why.
 */
interface AuditCase {
  input: string;
  expected: string;
  note: string;
  category: string;
}

const cases: AuditCase[] = JSON.parse(readFileSync(new URL('../../test/fixtures/pii-audit-2026-12.json', import.meta.url), 'utf8'));

const KNOWN: Record<string, string> = {
  'O1O-1234-5678 으로 연락 주세요': 'the letter O for zero: not handled (codes like O1O-… would be caught too)',
  '010-1234-56789 인가 그래요': 'an extra digit: not a phone number any more, left alone',
  '면허번호 서울 12-345678-90 입니다': 'decided: the region name stays, only the number is masked',
  '@김민수 님 확인 부탁드려요':
    'decided (session 28, names in free text): a full name before 님 is masked, an @mention too — the audit kept it only until names were handled',
};

describe('redactPii on the second blind audit', () => {
  it('holds 365 cases, and every known difference is one of them', () => {
    expect(cases.length).toBe(365);
    for (const input of Object.keys(KNOWN)) expect(cases.some((c) => c.input === input), input).toBe(true);
  });

  it.each(cases.filter((c) => !(c.input in KNOWN)))('$category: $input', ({ input, expected }) => {
    expect(redactPii(normalizeText(input)).text).toBe(expected);
  });

  it.each(Object.entries(KNOWN))('still differs (%s): %s', (input) => {
    const c = cases.find((x) => x.input === input)!;
    expect(redactPii(normalizeText(input)).text).not.toBe(c.expected);
  });
});
