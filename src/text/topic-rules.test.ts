import { afterAll, describe, expect, it } from 'vitest';
import { TaskWorker } from '../worker/pool.js';
import { compileTopicRules, LINEAR_REGEX, matchTopicRule, ruleProblem, type TopicForRules } from './topic-rules.js';

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

  it('matches a Korean keyword however it is spaced, and a Latin one only as a whole word', () => {
    const spaced = compileTopicRules([
      { id: '1', parent_id: null, position: 0, rules: [{ kind: 'keyword', pattern: '배송지연' }] },
      { id: '2', parent_id: null, position: 1, rules: [{ kind: 'keyword', pattern: 'app' }] },
      { id: '3', parent_id: null, position: 2, rules: [{ kind: 'keyword', pattern: '환불 요청' }] },
      { id: '4', parent_id: null, position: 3, rules: [{ kind: 'keyword', pattern: 'log in' }] },
      { id: '5', parent_id: null, position: 4, rules: [{ kind: 'keyword', pattern: 'A/S 신청(급함)' }] },
    ]);
    const topicOf = (text: string) => matchTopicRule(spaced, text)?.topicId ?? null;
    // A keyword written without a space finds the spaced wording, as a spaced one finds the joined.
    expect(topicOf('배송지연 너무 심해요')).toBe('1');
    expect(topicOf('배송 지연 너무 심해요')).toBe('1');
    expect(topicOf('배송  지연\n보상 되나요')).toBe('1');
    expect(topicOf('환불요청 드립니다')).toBe('3');
    expect(topicOf('환불   요청 드립니다')).toBe('3');
    // A short keyword is not found across two of the text's words.
    const short = compileTopicRules([
      { id: '6', parent_id: null, position: 0, rules: [{ kind: 'keyword', pattern: '환불' }] },
      { id: '7', parent_id: null, position: 1, rules: [{ kind: 'keyword', pattern: '로그인' }] },
      { id: '8', parent_id: null, position: 2, rules: [{ kind: 'keyword', pattern: '정지' }] },
    ]);
    for (const text of ['교환 불가능한가요?', '블로그 인기글 보고 샀어요', '배송 일정 지연되나요?']) expect(matchTopicRule(short, text), text).toBeNull();
    expect(matchTopicRule(short, '환불해 주세요')?.topicId).toBe('6');
    // Inside Korean words as before ("로그인" in "로그인이"); a Latin keyword needs word boundaries.
    expect(topicOf('I am happy with it')).toBeNull();
    expect(topicOf('Happy 배송 감사합니다')).toBeNull();
    expect(topicOf('apps crash')).toBeNull();
    expect(topicOf('The APP keeps crashing')).toBe('2');
    expect(topicOf('app이 자꾸 꺼져요')).toBe('2');
    expect(topicOf('앱(app) 오류')).toBe('2');
    expect(topicOf('a pp')).toBeNull();
    expect(topicOf('cannot login')).toBe('4');
    expect(topicOf('cannot log in')).toBe('4');
    expect(topicOf('blog in korean')).toBeNull();
    // Characters that mean something in a regex are literal in a keyword.
    expect(topicOf('a/s 신청 (급함)')).toBe('5');
    expect(topicOf('as 신청 급함')).toBeNull();
  });

  it('finds a Korean keyword’s content words with what Korean puts between them — in order, in one sentence, at most 8 characters apart', () => {
    const rules = compileTopicRules([
      { id: '1', parent_id: null, position: 0, rules: [{ kind: 'keyword', pattern: '결제 오류' }] },
      { id: '2', parent_id: null, position: 1, rules: [{ kind: 'keyword', pattern: '배송지연' }] },
      { id: '3', parent_id: null, position: 2, rules: [{ kind: 'keyword', pattern: 'log in' }] },
      { id: '4', parent_id: null, position: 3, rules: [{ kind: 'keyword', pattern: '쿠폰 적용 오류' }] },
      { id: '5', parent_id: null, position: 4, rules: [{ kind: 'keyword', pattern: '아직 안 왔' }] },
    ]);
    const topicOf = (text: string) => matchTopicRule(rules, text)?.topicId ?? null;
    for (const text of ['결제 중 오류가 나요', '결제하다가 오류 떴어요', '결제오류', '카드 결제 시 계속 오류']) expect(topicOf(text), text).toBe('1');
    // Whitespace between the words is passed freely, line breaks included; a line break ends no sentence.
    for (const text of ['결제\n오류가 났어요', `결제${' '.repeat(13)}오류`, '결제\r\n\n  오류', `결제하다가${' '.repeat(40)}\n오류`]) expect(topicOf(text), JSON.stringify(text)).toBe('1');
    // Only non-space characters count toward the 8: nine of them between is too far, however spaced.
    expect(topicOf('결제 가 나 다 라 마 바 사 아 오류')).toBe('1');
    expect(topicOf('결제 가 나 다 라 마 바 사 아 자 오류')).toBeNull();
    expect(topicOf('결제 완료!\n오류는 없어요')).toBeNull();
    // Long whitespace runs after many occurrences of the first word stay linear.
    expect(topicOf(`${'결제'.padEnd(1000, ' ')}`.repeat(200))).toBeNull();
    // Another sentence, the other order, or too far apart: not this keyword.
    for (const text of ['결제 완료했어요. 오류는 없어요', '오류 때문에 결제를 못 했어요', '결제는 지난주에 잘 끝났는데 오늘 앱에서 오류']) expect(topicOf(text), text).toBeNull();
    // A long word with a particle where it would split (배송이 지연).
    expect(topicOf('배송이 지연되고 있어요')).toBe('2');
    expect(topicOf('배송 일정이 지연되나요')).toBeNull();
    // Three words, each gap on its own; a later occurrence of the first word is tried too.
    expect(topicOf('쿠폰 받았는데. 쿠폰을 적용하려니 오류가 나요')).toBe('4');
    // A one-syllable word keeps its place in the phrase: 안 and 왔 anywhere in a sentence would be everywhere.
    expect(topicOf('택배가 아직 안 왔어요')).toBe('5');
    expect(topicOf('아직 앱에서 안 보이는데 왔나요')).toBeNull();
    // Latin words are never set apart.
    expect(topicOf('log out in the app')).toBeNull();
    // A text that repeats the keyword's words without the last one is read once through (no search over gaps).
    const long = compileTopicRules([{ id: '9', parent_id: null, position: 0, rules: [{ kind: 'keyword', pattern: '가나 가나 가나 다' }] }]);
    expect(matchTopicRule(long, '가나 '.repeat(40_000))).toBeNull();
    expect(matchTopicRule(long, `${'가나 '.repeat(40_000)}다`)?.topicId).toBe('9');
  });

  it('refuses unusable rules: empty, too long, invalid or catastrophic regular expressions', () => {
    expect(ruleProblem({ kind: 'keyword', pattern: '  ' })).toMatch(/empty/);
    expect(ruleProblem({ kind: 'keyword', pattern: 'x'.repeat(201) })).toMatch(/longer/);
    expect(ruleProblem({ kind: 'regex', pattern: '(로그인' })).toMatch(/invalid/);
    expect(ruleProblem({ kind: 'regex', pattern: '로그인.{0,5}오류' })).toBeNull();
  });

  it('refuses, in both languages, what the linear-time engine cannot run', () => {
    expect(ruleProblem({ kind: 'regex', pattern: '(환불)\\1' })).toMatch(/backreferences.*역참조/);
    expect(ruleProblem({ kind: 'regex', pattern: '(?<w>환불)\\k<w>' })).toMatch(/backreferences/);
    for (const pattern of ['환불(?=요청)', '환불(?!불가)', '(?<=부분)환불', '(?<!전액)환불']) {
      expect(ruleProblem({ kind: 'regex', pattern }), pattern).toMatch(/lookahead and lookbehind.*전방/);
    }
    expect(ruleProblem({ kind: 'regex', pattern: '로그인.{0,30}오류' })).toMatch(/linear time.*선형 시간/);
    expect(ruleProblem({ kind: 'regex', pattern: '\\p{L}+' })).toMatch(/property escapes/);
    expect(ruleProblem({ kind: 'regex', pattern: '[😀😡]' })).toMatch(/emoji/);
  });
});

// Catastrophic-backtracking patterns: each takes 2^n steps on n characters in a backtracking engine.
const EVIL: TopicForRules[] = [
  { id: '1', parent_id: null, position: 0, rules: [{ kind: 'regex', pattern: '(x|x)*y' }] },
  { id: '2', parent_id: null, position: 1, rules: [{ kind: 'regex', pattern: '(a+)+$|(x+x+)+y' }] },
  { id: '3', parent_id: null, position: 2, rules: [{ kind: 'regex', pattern: '^X+$' }] },
];

describe('regex rules run in linear time', () => {
  it('has the linear engine in this process', () => {
    expect(LINEAR_REGEX).toBe(true);
  });

  it('accepts patterns that backtrack exponentially elsewhere, and matches 5,000 characters against them', () => {
    for (const topic of EVIL) expect(ruleProblem(topic.rules[0]!), topic.rules[0]!.pattern).toBeNull();
    const rules = compileTopicRules(EVIL);
    expect(rules).toHaveLength(3);
    // Minutes would not do: 2^5000 steps. The first two cannot match; the third (upper case in the pattern, as with the old `i` flag) does.
    expect(rules[0]!.test('x'.repeat(5_000))).toBe(false);
    expect(rules[1]!.test('x'.repeat(5_000))).toBe(false);
    expect(matchTopicRule(rules, 'x'.repeat(5_000))?.topicId).toBe('3');
    expect(matchTopicRule(rules, `${'x'.repeat(5_000)}y`)?.topicId).toBe('1');
  });

  it('keeps the meaning of ordinary patterns: case-insensitive, classes, Korean, emoji as one character', () => {
    const rules = compileTopicRules([
      { id: '1', parent_id: null, position: 0, rules: [{ kind: 'regex', pattern: '[A-Z]{3}-\\d{2,4}' }] },
      { id: '2', parent_id: null, position: 1, rules: [{ kind: 'regex', pattern: '(?<what>배송|택배)\\s*(지연|안\\s*와)' }] },
      { id: '3', parent_id: null, position: 2, rules: [{ kind: 'regex', pattern: '😡{2,}' }] },
      { id: '4', parent_id: null, position: 3, rules: [{ kind: 'regex', pattern: '\\bREFUND\\b' }] },
    ]);
    expect(matchTopicRule(rules, '주문번호 ABC-123 확인')?.topicId).toBe('1');
    expect(matchTopicRule(rules, '택배 안 와요')?.topicId).toBe('2');
    expect(matchTopicRule(rules, '화나요 😡😡')?.topicId).toBe('3');
    expect(matchTopicRule(rules, '화나요 😡')).toBeNull();
    expect(matchTopicRule(rules, 'I want a Refund now')?.topicId).toBe('4');
    expect(matchTopicRule(rules, 'refunded')).toBeNull();
  });

  // The labels of large batches are computed on the worker thread (src/worker/): the rules run there too.
  const worker = new TaskWorker();
  afterAll(() => worker.close());

  it('runs in linear time on the worker thread', async () => {
    const out = await worker.run('label', {
      key: 'evil-rules',
      spec: { typeModel: null, topicModel: null, topics: EVIL, typeThreshold: 0.5, topicThreshold: 0.5 },
      texts: ['x'.repeat(5_000), 'x'.repeat(5_000) + 'y', 'x'.repeat(4_999) + '!'],
      metadata: [null, null, null],
      languages: [null, null, null],
    });
    expect(out.map((labels) => labels.topic_id)).toEqual(['3', '1', null]);
  });
});
