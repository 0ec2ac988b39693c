import { describe, expect, it } from 'vitest';
import { channelBoilerplateTerms, clusterName, discoverTopics, documentTerms, topicTerms, type DiscoveredCluster } from './topic-discovery.js';

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

/**
 * Phone inquiries as agents store them: the call memo, in the agent's phrasing ("부재중 콜백.",
 * "안내 후 종료", "확인 후 회신 예정"), around what the customer asked. Customers write to chat.
 */
function withCallMemos(): { id: string; text: string; createdAt: Date; channel: string; theme: string }[] {
  const subjects: Record<string, string[]> = {
    login: ['로그인 불가 호소', '로그인 시 오류 발생', '로그인 안 됨'],
    delivery: ['배송 지연 문의', '택배 배송 늦어짐 항의', '배송 조회 안 됨'],
    address: ['배송지 주소 변경', '주소 오기재 변경', '수령 주소 변경 가능 여부'],
    points: ['포인트 적립 누락', '적립금 포인트 미반영', '포인트 소멸 문의'],
  };
  const prefixes = ['부재중 콜백. ', '재인입. ', '항의성 인입. ', ''];
  const actions = ['안내 후 종료', '확인 후 회신 예정, 담당 부서 이관', '처리 방법 재안내 후 종료'];
  const now = Date.parse('2026-11-20T00:00:00Z');
  const out = corpus().map((c) => ({ ...c, channel: 'chat' }));
  let n = 0;
  for (const [theme, lines] of Object.entries(subjects)) {
    for (let i = 0; i < 18; i++) {
      n++;
      const text = `${prefixes[n % prefixes.length]}${lines[i % lines.length]}. ${actions[(n + Math.floor(n / 4)) % actions.length]}`;
      out.push({ id: `m${n}`, text, createdAt: new Date(now - (n % 12) * 86_400_000), channel: 'phone', theme });
    }
  }
  return out;
}

const MEMO_WORDS = /^(?:안내|종료|회신|예정|콜백|부재중|재인입|인입|항의성|이관|담당|부서|재안내|방법)$/;

describe('call memos', () => {
  const now = new Date('2026-11-20T00:00:00Z');

  it('clusters the memos by what the customer asked, not by the agent\'s phrasing', () => {
    const items = withCallMemos();
    const themeOf = new Map(items.map((i) => [i.id, i.theme]));
    const memoWords = (clusters: DiscoveredCluster[]) => clusters.flatMap((c) => c.keywords.flatMap((k) => k.split(' '))).filter((w) => MEMO_WORDS.test(w));
    // Without the channel the memos' phrasing is what they share (the failure this guards against).
    const blind = discoverTopics(items.map(({ channel: _, ...i }) => i), { now });
    expect(memoWords(blind).length).toBeGreaterThan(0);
    const clusters = discoverTopics(items, { now });
    expect(memoWords(clusters)).toEqual([]);
    for (const c of clusters) for (const w of c.name.split(/ · | /)) expect(w).not.toMatch(MEMO_WORDS);
    // Each memo theme's memos sit mostly in a cluster named by its subject.
    for (const [theme, word] of [['login', '로그인'], ['delivery', '배송'], ['address', '주소'], ['points', '포인트']] as const) {
      const memos = items.filter((i) => i.channel === 'phone' && i.theme === theme).map((i) => i.id);
      const home = clusters.filter((c) => c.keywords.join(' ').includes(word)).flatMap((c) => c.memberIds);
      expect(memos.filter((id) => home.includes(id)).length, theme).toBeGreaterThanOrEqual(memos.length * 0.6);
    }
    // A cluster's memos are about one thing.
    for (const c of clusters) {
      const counts = new Map<string, number>();
      const memos = c.memberIds.filter((id) => id.startsWith('m'));
      for (const id of memos) counts.set(themeOf.get(id)!, (counts.get(themeOf.get(id)!) ?? 0) + 1);
      if (memos.length) expect(Math.max(...counts.values()) / memos.length, c.name).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('takes a channel\'s frequent words as its boilerplate only when the other channels lack them and they follow every topic', () => {
    const items = withCallMemos();
    const docs = documentTerms(items.map((i) => i.text));
    const boiler = channelBoilerplateTerms(docs, items.map((i) => i.channel));
    const phone = [...(boiler.get('phone\u0000ko') ?? [])];
    expect(phone).toEqual(expect.arrayContaining(['안내', '이관', '예정', '종료', '콜백']));
    // The memos' subjects are the customers' words too, and each follows one topic: not boilerplate.
    for (const w of ['로그인', '배송', '주소', '변경', '포인트']) expect(phone).not.toContain(w);
    expect(boiler.has('chat\u0000ko')).toBe(false);
    // A channel only in another script, or one channel alone, has nothing to be compared with.
    const english = ['The card payment failed twice', 'My card was declined at the shop', 'How do I top up my card?', 'Card top up is pending'];
    const mixed = [...items.map((i) => i.text), ...Array.from({ length: 40 }, (_, i) => english[i % english.length]!)];
    const mixedBoiler = channelBoilerplateTerms(documentTerms(mixed), [...items.map((i) => i.channel), ...mixed.slice(items.length).map(() => 'email')]);
    expect(mixedBoiler.has('email\u0000other')).toBe(false);
    expect(channelBoilerplateTerms(docs, items.map(() => 'phone')).size).toBe(0);
  });
});

describe('cluster names', () => {
  const known = new Set(['주문', '상품', '파손', '경비실', '택배함', '무료배송', '무제한', '배송', '배송지연', '택배사', '로그인', '오류']);

  it('shows two distinctive words, the more specific of two that contain each other, without particles', () => {
    expect(clusterName(['배송', '배송지연', '택배사'], { known })).toBe('배송지연 · 택배사');
    expect(clusterName(['주문한 상품', '주문한', '파손'], { known })).toBe('주문 상품');
    expect(clusterName(['경비실에', '택배함'], { known })).toBe('경비실 · 택배함');
    // A word whose shorter form the texts never use is left whole.
    expect(clusterName(['무료배송 무제한'], { known })).toBe('무료배송 무제한');
    expect(clusterName(['로그인', '로그인 오류'], { known })).toBe('로그인 오류');
  });

  it('puts Korean first and a word many clusters share last', () => {
    expect(clusterName(['app', '로그인 오류'], { known })).toBe('로그인 오류');
    expect(clusterName(['voc', '파손'], { known })).toBe('파손 · voc');
    expect(clusterName(['상품', '파손', '택배사'], { known, generic: new Set(['상품']) })).toBe('파손 · 택배사');
    expect(clusterName(['상품'], { known, generic: new Set(['상품']) })).toBe('상품');
    expect(clusterName(['card payment', 'declined'])).toBe('card payment');
  });

  it('names discovered clusters without a word inside another', () => {
    for (const c of discoverTopics(withCallMemos(), { now: new Date('2026-11-20T00:00:00Z') })) {
      const words = c.name.split(/ · | /);
      expect(words.length).toBeLessThanOrEqual(2);
      for (const a of words) for (const b of words) if (a !== b) expect(a.includes(b), c.name).toBe(false);
    }
  });
});
