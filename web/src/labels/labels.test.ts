import { describe, expect, it } from 'vitest';
import type { ItemType, Topic } from '../api';
import { translate } from '../i18n';
import { duplicateCountLabel, growthOf, parseFiredRule, rulesFromLines, rulesToLines, topicOptions, topicTree, typeName } from './labels';

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
