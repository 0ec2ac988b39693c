import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PII_PLACEHOLDERS } from './pii.js';
import { discoverTopics, topicTerms } from './topic-discovery.js';

/**
 * Topic discovery on test/fixtures/text/discovery-eval.jsonl: 338 hand-written-style Korean
 * inquiries over 55 days — 8 recurring problems (카드 승인 거절, 상품 파손, 오배송, 비밀번호 재설정
 * 메일, 회원 탈퇴, 알림 과다, 세금계산서·영수증, and an incident of the last 5 days: orders taken
 * twice, "두 번 / 2건 / 중복 / 이중") each in 11–13 wordings, plus one-off questions (noise),
 * greetings, sign-offs on the same line with masked contact details ("제 번호는 [전화번호]입니다",
 * "주문번호 [주문번호] 확인해주세요"), spacing slips and 요→여. The floors are what the clustering
 * measured (seed 1) less a margin.
 */
interface Row {
  id: string;
  daysAgo: number;
  problem: string;
  text: string;
}

const rows: Row[] = readFileSync(new URL('../../test/fixtures/text/discovery-eval.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Row);
const now = new Date('2026-12-06T00:00:00Z');
const items = rows.map((r) => ({ id: r.id, text: r.text, createdAt: new Date(now.getTime() - r.daysAgo * 86_400_000) }));
const problemOf = new Map(rows.map((r) => [r.id, r.problem]));
const problems = [...new Set(rows.map((r) => r.problem))].filter((p) => p !== 'noise');

/** Placeholder words and the fragments, adverbs and particle forms that must never name a topic. */
// (A placeholder's word counts when the texts use it only inside brackets: "이메일" is also a topic word here.)
const PLACEHOLDER_WORDS = new Set(
  Object.values(PII_PLACEHOLDERS)
    .flatMap((forms) => Object.values(forms))
    .concat(['[주문번호]'])
    .map((p) => p.slice(1, -1).toLowerCase())
    .filter((w) => !rows.some((r) => r.text.toLowerCase().replaceAll(`[${w}]`, '').includes(w))),
);
const FRAGMENTS = /^(?:실제로|바로|이미|직접|아무|저기|그런가|보여|하셨|누르|나오|들어가버렸|앱이|연락|연락처|주문자|그런지|여러|개예|안의)$/;

describe('topic discovery on a hand-written evaluation set', () => {
  const clusters = discoverTopics(items, { now });
  const composition = clusters.map((c) => {
    const counts = new Map<string, number>();
    for (const id of c.memberIds) counts.set(problemOf.get(id)!, (counts.get(problemOf.get(id)!) ?? 0) + 1);
    const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    return { cluster: c, counts, top, purity: n / c.size };
  });

  it('keeps clusters pure and leaves part of the texts out instead of forcing them in', () => {
    const clustered = clusters.reduce((a, c) => a + c.size, 0);
    const pure = composition.reduce((a, c) => a + c.purity * c.cluster.size, 0);
    expect(pure / clustered).toBeGreaterThanOrEqual(0.75);
    // Every text is in at most one cluster; some (the one-off questions above all) are in none.
    expect(new Set(clusters.flatMap((c) => c.memberIds)).size).toBe(clustered);
    expect(clustered / items.length).toBeGreaterThanOrEqual(0.55);
    expect(clustered / items.length).toBeLessThanOrEqual(0.95);
    const noise = rows.filter((r) => r.problem === 'noise').length;
    const noiseClustered = composition.reduce((a, c) => a + (c.counts.get('noise') ?? 0), 0);
    expect(noiseClustered / noise).toBeLessThanOrEqual(0.6);
  });

  it('finds most planted problems, each mostly in one cluster of its own', () => {
    const share = new Map<string, number>();
    for (const { cluster, counts, top, purity } of composition) {
      if (purity < 0.7 || top === 'noise') continue;
      const total = rows.filter((r) => r.problem === top).length;
      share.set(top, Math.max(share.get(top) ?? 0, counts.get(top)! / total));
      expect(cluster.size).toBeGreaterThanOrEqual(5);
    }
    const found = problems.filter((p) => (share.get(p) ?? 0) >= 0.3);
    expect(found.length).toBeGreaterThanOrEqual(5);
  });

  it('gives the new double-order incident a cluster of its own, named by the repeat, and growing', () => {
    const dup = composition.find((c) => c.top === 'duporder' && c.purity >= 0.7);
    expect(dup).toBeDefined();
    // Measured 8 of 16: the wordings with "두 건 / 2건" (cases, not times) and no other repeat word
    // share only "주문" with the wrong-item texts.
    const total = rows.filter((r) => r.problem === 'duporder').length;
    expect(dup!.counts.get('duporder')! / total).toBeGreaterThanOrEqual(0.45);
    expect(dup!.cluster.keywords.join(' ')).toContain('중복');
    expect(dup!.cluster.recent).toBeGreaterThan(dup!.cluster.previous);
  });

  it('names clusters without placeholders, fragments or a repeated word', () => {
    for (const c of clusters) {
      const nameWords = c.name.split(/ · | /);
      expect(new Set(nameWords).size).toBe(nameWords.length);
      // Two words at most, neither inside the other ("배송 · 배송지연" is one of them).
      expect(nameWords.length).toBeLessThanOrEqual(2);
      for (const a of nameWords) for (const b of nameWords) if (a !== b) expect(a.includes(b), c.name).toBe(false);
      for (const w of [...nameWords, ...c.keywords.flatMap((k) => k.split(' '))]) {
        expect(PLACEHOLDER_WORDS.has(w), `${w} in ${c.name} | ${c.keywords.join(' · ')}`).toBe(false);
        expect(w, `${c.name} | ${c.keywords.join(' · ')}`).not.toMatch(FRAGMENTS);
        if (w !== '2건') expect(w).not.toMatch(/^\d/);
      }
    }
  });

  it('reads counts of times as a repeat, and drops placeholders with the words that frame them', () => {
    for (const text of ['정기결제가 두 번 됐어요', '같은 날 2번 빠져나갔어요', '요금이 이중으로 결제됐습니다', '중복결제 같아요', '세 차례 청구됐어요']) {
      expect(topicTerms(text)).toContain('중복');
    }
    // An ordinal, and a count of cases (not of times), are no repeat.
    expect(topicTerms('새벽배송이 또 늦네요 벌써 이번주 두번째에요')).not.toContain('중복');
    expect(topicTerms('포인트 적립 안된 주문이 두건 있어요')).not.toContain('중복');
    expect(topicTerms('이미 결제했는데 배송 주소 바꿀 수 있나요 연락은 [전화번호]로 주세요')).toEqual(['결제', '배송', '주소']);
    expect(topicTerms('주문자: [이름] / 연락처: [전화번호]')).toEqual([]);
    expect(topicTerms('쿠폰 썼는데 할인금액이 0원으로 나와요 주문번호 [주문번호] 입니다.')).toEqual(['쿠폰', '할인금액']);
    expect(topicTerms('주문번호 조회가 안 돼요')).toContain('주문번호');
    expect(topicTerms('배송지 변경 버튼이 안 보여요 직접 바꿔주실 수 있나요')).toEqual(['배송지', '변경', '버튼']);
    expect(topicTerms('앱이 계속 꺼져요 앱에서 결제')).toEqual(['앱', '앱', '결제']);
    expect(topicTerms('인증번호 전송됐다고 나오는데 실제로는 문자가 안 와요')).toEqual(['인증번호', '전송', '문자']);
  });

  it('is deterministic', () => {
    expect(discoverTopics(items, { now }).map((c) => [c.name, c.memberIds])).toEqual(clusters.map((c) => [c.name, c.memberIds]));
  });
});
