import { describe, expect, it } from 'vitest';
import { discoverTopics, documentTerms, topicTerms } from './topic-discovery.js';

/** Korean inquiries on four themes, each written in varied words (and some noise). */
function corpus(): { id: string; text: string; createdAt: Date; theme: string }[] {
  const themes: Record<string, string[]> = {
    login: ['로그인이 안 돼요', '로그인 오류가 계속 나요', '앱 로그인하면 오류 메시지가 떠요', '로그인 화면에서 멈춰요', '비밀번호 맞는데 로그인 오류', '로그인이 자꾸 풀리고 오류가 나요'],
    delivery: ['배송이 너무 늦어요', '배송 지연 언제 풀리나요', '주문한 상품 배송이 일주일째 안 와요', '배송 조회가 안 되고 배송이 늦어요', '배송 지연 보상 있나요', '택배 배송이 늦어지고 있어요'],
    refund: ['환불 계좌 등록했어요', '환불 언제 입금되나요', '환불 요청했는데 환불 계좌 확인 부탁해요', '취소했는데 환불이 안 들어왔어요', '환불 처리 기간 알려주세요', '환불 금액이 달라요'],
    coupon: ['쿠폰 적용이 안 돼요', '쿠폰 사용 기간이 궁금해요', '할인 쿠폰 어디서 받나요', '쿠폰 코드 입력 오류', '생일 쿠폰이 안 보여요', '쿠폰 할인 금액이 이상해요'],
  };
  const out: { id: string; text: string; createdAt: Date; theme: string }[] = [];
  const now = Date.parse('2026-11-20T00:00:00Z');
  let n = 0;
  for (const [theme, texts] of Object.entries(themes)) {
    for (let rep = 0; rep < 4; rep++) {
      for (const text of texts) {
        // Logins grow: most of them in the last week.
        const daysAgo = theme === 'login' ? (rep < 3 ? 2 : 10) : 3 + ((n * 7) % 11);
        out.push({ id: String(++n), text: rep % 2 ? `안녕하세요 ${text}` : text, createdAt: new Date(now - daysAgo * 86_400_000), theme });
      }
    }
  }
  return out;
}

describe('topic discovery', () => {
  it('keeps nouns and drops particles, endings and courtesy', () => {
    expect(topicTerms('안녕하세요 배송이 너무 늦어요 확인 부탁드립니다')).toEqual(['배송']);
    expect(topicTerms('로그인이 안 돼요')).toEqual(['로그인']);
  });

  it('finds the themes, names them in words a person recognises, with growth and examples', () => {
    const items = corpus();
    const clusters = discoverTopics(items, { k: 4, now: new Date('2026-11-20T00:00:00Z') });
    expect(clusters.length).toBe(4);
    const themeOf = new Map(items.map((i) => [i.id, i.theme]));
    const names: Record<string, string> = {};
    for (const c of clusters) {
      const counts = new Map<string, number>();
      for (const id of c.memberIds) counts.set(themeOf.get(id)!, (counts.get(themeOf.get(id)!) ?? 0) + 1);
      const [theme, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      expect(n / c.size).toBeGreaterThanOrEqual(0.7);
      names[theme] = c.keywords.join(' ');
      expect(c.exampleIds.length).toBeGreaterThan(0);
      expect(c.exampleIds.every((id) => c.memberIds.includes(id))).toBe(true);
    }
    expect(names.login).toContain('로그인');
    expect(names.delivery).toContain('배송');
    expect(names.refund).toContain('환불');
    expect(names.coupon).toContain('쿠폰');
    const login = clusters.find((c) => c.keywords.join(' ').includes('로그인'))!;
    expect(login.recent).toBeGreaterThan(login.previous);
    for (const c of clusters) expect(c.keywords.join(' ')).not.toMatch(/안녕하세요|돼요|부탁/);
  });

  it('is deterministic and returns nothing for too little text', () => {
    const items = corpus();
    expect(discoverTopics(items, { k: 4 }).map((c) => c.memberIds)).toEqual(discoverTopics(items, { k: 4 }).map((c) => c.memberIds));
    expect(discoverTopics(items.slice(0, 3))).toEqual([]);
  });

  it('does not report greetings, sign-offs or signatures as topics', () => {
    const items = corpus().map((item, i) => {
      // A quarter open and close with a courtesy macro in the same line; English mails carry a signature.
      if (i % 4 === 0) return { ...item, text: `안녕하세요 고객센터 담당자님, 항상 잘 이용하고 있습니다. ${item.text} 빠른 답변 부탁드립니다. 좋은 하루 되세요!` };
      if (i % 4 === 1) return { ...item, text: `${item.text}\n\nBest regards,\nJohn Kim\nACME Trading Co.` };
      return item;
    });
    const clusters = discoverTopics(items, { k: 6, now: new Date('2026-11-20T00:00:00Z') });
    expect(clusters.length).toBeGreaterThanOrEqual(3);
    for (const c of clusters) expect(c.keywords.join(' ')).not.toMatch(/담당자|항상|이용|하루|regards|best|acme|john/);
    expect(topicTerms('안녕하세요 고객센터 담당자님, 항상 잘 이용하고 있습니다. 배송이 늦어요 좋은 하루 되세요!')).toEqual(['배송']);
  });

  it('reads a compound written apart as the joined word when the texts use it', () => {
    expect(documentTerms(['새벽배송이 안 왔어요', '새벽 배송이 늦어요', '새벽 일찍 연락 주세요'])).toEqual([['새벽배송'], ['새벽배송'], ['새벽', '일찍']]);
    const texts = ['새벽배송이 안 왔어요', '새벽 배송이 안 왔어요', '새벽배송 시간이 늦어요', '새벽 배송 시간이 늦어요', '새벽배송 누락됐어요', '새벽 배송 누락됐어요'];
    const items = [...corpus(), ...Array.from({ length: 24 }, (_, i) => ({ id: `d${i}`, text: texts[i % texts.length]!, createdAt: new Date('2026-11-18T00:00:00Z'), theme: 'dawn' }))];
    const clusters = discoverTopics(items, { k: 5, now: new Date('2026-11-20T00:00:00Z') });
    const dawn = clusters.filter((c) => c.memberIds.some((id) => id.startsWith('d')));
    expect(dawn.length).toBeGreaterThan(0);
    for (const c of dawn) {
      // Spacing is not what splits them: every such cluster holds both spellings, under one name.
      const spellings = new Set(c.memberIds.filter((id) => id.startsWith('d')).map((id) => Number(id.slice(1)) % 2));
      expect(spellings.size).toBe(2);
      expect(c.keywords.join(' ')).toContain('새벽배송');
      expect(c.keywords).not.toContain('새벽');
    }
  });
});
