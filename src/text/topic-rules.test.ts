import { describe, expect, it } from 'vitest';
import { compileTopicRules, matchTopicRule, ruleProblem } from './topic-rules.js';

describe('topic rules', () => {
  const rules = compileTopicRules([
    { id: '1', parent_id: null, position: 0, rules: [{ kind: 'keyword', pattern: '배송' }] },
    { id: '2', parent_id: '1', position: 0, rules: [{ kind: 'keyword', pattern: '배송 지연' }] },
    { id: '3', parent_id: null, position: 1, rules: [{ kind: 'regex', pattern: '로그인.{0,5}(안|오류)' }] },
    { id: '4', parent_id: null, position: 2, rules: [{ kind: 'keyword', pattern: 'Refund' }] },
  ]);

  it.each([
    ['배송지 변경하고 싶어요', '1', 'keyword:배송'],
    ['배송 지연이 너무 심해요', '2', 'keyword:배송 지연'],
    ['배송지연 보상 되나요', '2', 'keyword:배송 지연'],
    ['로그인이 안 돼요', '3', 'regex:로그인.{0,5}(안|오류)'],
    ['I want a REFUND please', '4', 'keyword:Refund'],
  ])('%s → topic %s (%s)', (text, topic, fired) => {
    const m = matchTopicRule(rules, text);
    expect(m?.topicId).toBe(topic);
    expect(m?.description).toBe(fired);
  });

  it('matches nothing when no rule applies', () => {
    expect(matchTopicRule(rules, '비밀번호를 잊어버렸어요')).toBeNull();
  });

  it('refuses unusable rules: empty, too long, invalid or catastrophic regular expressions', () => {
    expect(ruleProblem({ kind: 'keyword', pattern: '  ' })).toMatch(/empty/);
    expect(ruleProblem({ kind: 'keyword', pattern: 'x'.repeat(201) })).toMatch(/longer/);
    expect(ruleProblem({ kind: 'regex', pattern: '(로그인' })).toMatch(/invalid/);
    expect(ruleProblem({ kind: 'regex', pattern: '(a+)+$' })).toMatch(/nested/);
    expect(ruleProblem({ kind: 'regex', pattern: '로그인.{0,5}오류' })).toBeNull();
  });
});
