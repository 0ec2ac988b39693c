import { describe, expect, it } from 'vitest';
import type { ItemType, Topic } from '../api';
import { translate, type Translate } from '../i18n';
import { describeMoves, duplicateCountLabel, keywordOverlaps, growthOf, parseFiredRule, rulesFromLines, rulesToLines, topicOptions, topicTree, typeName } from './labels';

const topic = (id: string, parent_id: string | null, position = 0, name = `t${id}`): Topic => ({
  id, parent_id, name, description: null, rules: [], position, archived: false,
});

describe('labels', () => {
  it('groups a duplicate group’s size in the user’s language', () => {
    expect(duplicateCountLabel(1234, 'ko-KR', (key, vars) => translate('ko', key, vars))).toBe('중복 1,234');
    expect(duplicateCountLabel(1234, 'en-US', (key, vars) => translate('en', key, vars))).toBe('1,234 duplicates');
  });

  it('names types from the taxonomy in the user language, and "uncertain" from the UI strings', () => {
    const types: ItemType[] = [{ key: 'bug', name_ko: '버그·오류', name_en: 'Bug / error', position: 0, archived: false }];
    const t = (locale: 'ko' | 'en') => (key: Parameters<typeof translate>[1]) => translate(locale, key);
    expect(typeName('bug', types, 'ko', t('ko'))).toBe('버그·오류');
    expect(typeName('bug', types, 'en', t('en'))).toBe('Bug / error');
    expect(typeName('uncertain', types, 'ko', t('ko'))).toBe('불확실');
    expect(typeName('uncertain', types, 'en', t('en'))).toBe('Uncertain');
    expect(typeName('new_key', types, 'ko', t('ko'))).toBe('new_key');
  });

  it('says what a re-classification moved, largest first, type names in the user’s language', () => {
    const types: ItemType[] = [
      { key: 'delivery', name_ko: '배송·주문', name_en: 'Delivery', position: 0, archived: false },
      { key: 'praise', name_ko: '칭찬', name_en: 'Praise', position: 1, archived: false },
    ];
    const tk: Translate = (key, vars) => translate('ko', key, vars);
    expect(describeMoves({ 'delivery>praise': 18, 'none>delivery': 1200 }, types, 'ko', tk, 'ko-KR')).toBe('유형 없음 → 배송·주문 1,200, 배송·주문 → 칭찬 18');
    const many = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k, i) => [`${k}>praise`, 10 - i]));
    expect(describeMoves(many, types, 'en', (key, vars) => translate('en', key, vars), 'en-US')).toBe('a → Praise 10, b → Praise 9, c → Praise 8, d → Praise 7, e → Praise 6 and 2 more');
  });

  it('builds the two-level tree by position; orphans go to the top', () => {
    const topics = [topic('3', '1', 1), topic('1', null, 1), topic('2', '1', 0), topic('4', null, 0), topic('5', '99')];
    expect(topicTree(topics).map((n) => [n.topic.id, n.children.map((c) => c.id)])).toEqual([
      ['4', []],
      ['5', []],
      ['1', ['2', '3']],
    ]);
    expect(topicOptions(topics).map((o) => `${o.depth}:${o.topic.id}`)).toEqual(['0:4', '0:5', '0:1', '1:2', '1:3']);
  });

  it('turns one-per-line rules into rule objects and back', () => {
    const rules = rulesFromLines(' 배송 \n\n택배\n배송\r\n', '환불\\s*요청\n');
    expect(rules).toEqual([
      { kind: 'keyword', pattern: '배송' },
      { kind: 'keyword', pattern: '택배' },
      { kind: 'regex', pattern: '환불\\s*요청' },
    ]);
    expect(rulesToLines(rules)).toEqual({ keywords: '배송\n택배', regexes: '환불\\s*요청' });
    expect(parseFiredRule('keyword:배송 지연')).toEqual({ kind: 'keyword', pattern: '배송 지연' });
    expect(parseFiredRule('regex:a:b')).toEqual({ kind: 'regex', pattern: 'a:b' });
    expect(parseFiredRule('something')).toBeNull();
  });

  it('measures growth week over week', () => {
    expect(growthOf(15, 10)).toEqual({ direction: 'up', change: 0.5 });
    expect(growthOf(5, 10)).toEqual({ direction: 'down', change: -0.5 });
    expect(growthOf(4, 4)).toEqual({ direction: 'flat', change: 0 });
    expect(growthOf(7, 0)).toEqual({ direction: 'new', change: null });
    expect(growthOf(0, 0)).toEqual({ direction: 'flat', change: null });
  });
});

describe('keywordOverlaps', () => {
  const named = (id: string, name: string, keywords: string[], extra: Partial<Topic> = {}): Topic => ({
    id,
    parent_id: null,
    name,
    description: null,
    rules: keywords.map((pattern) => ({ kind: 'keyword' as const, pattern })),
    position: 0,
    archived: false,
    ...extra,
  });
  const topics = [
    named('1', '배송', []),
    named('2', '교환·반품', ['교환', '반품 요청'], { parent_id: '1' }),
    named('3', '환불', ['환불']),
    named('4', '옛 쿠폰', ['쿠폰'], { archived: true }),
  ];

  it('says a new top-level topic’s keyword is shadowed by a subtopic’s, however spaced', () => {
    expect(keywordOverlaps(['교환', '반품요청 문의', '쿠폰'], { id: null, parentId: null, position: 0 }, topics)).toEqual([
      { keyword: '교환', topicName: '배송 › 교환·반품', otherKeyword: '교환', kind: 'shadowed' },
      { keyword: '반품요청 문의', topicName: '배송 › 교환·반품', otherKeyword: '반품 요청', kind: 'shadowed' },
    ]);
  });

  it('says when the other keyword is narrower, and when this topic is read first', () => {
    // 부분 환불 holds 환불, the keyword of an older topic on the same level: never fires.
    expect(keywordOverlaps(['부분 환불'], { id: null, parentId: null, position: 0 }, topics)[0]!.kind).toBe('shadowed');
    // A shorter keyword than the other's: only the texts with both go there.
    expect(keywordOverlaps(['반품'], { id: null, parentId: null, position: 0 }, topics)).toEqual([
      { keyword: '반품', topicName: '배송 › 교환·반품', otherKeyword: '반품 요청', kind: 'partly' },
    ]);
    // A new subtopic is read before the top-level 환불: it takes some of its items.
    expect(keywordOverlaps(['환불 지연'], { id: null, parentId: '1', position: 0 }, topics)).toEqual([
      { keyword: '환불 지연', topicName: '환불', otherKeyword: '환불', kind: 'takes' },
    ]);
    // Editing a topic never warns about its own keywords.
    expect(keywordOverlaps(['환불'], { id: '3', parentId: null, position: 0 }, topics)).toEqual([]);
  });
});
