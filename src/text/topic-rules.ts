import { setFlagsFromString } from 'node:v8';
import { isHangulSyllable, normalizedLower } from './tokenize.js';

/**
 * Topic rules: keywords and regular expressions an operator attaches to a topic. A rule that
 * matches wins over the topic model, and the item records which rule fired. Child topics are
 * tried before their parents (the more specific match wins), then by position.
 */
export interface TopicRule {
  kind: 'keyword' | 'regex';
  pattern: string;
}

export interface TopicForRules {
  id: string;
  parent_id: string | null;
  position: number;
  rules: TopicRule[];
}

export interface CompiledRule {
  topicId: string;
  description: string;
  test: (lowerText: string) => boolean;
}

export const MAX_RULE_PATTERN = 200;

// Regex rules run on every ingested item and on every stored one in a re-classification, and an
// operator's pattern such as (x|x)*y backtracks exponentially in V8's usual engine: one short
// message would stall the event loop (and the embedded database with it) for hours. V8 also has
// a linear-time engine (automata, no backtracking) for regexes with the `l` flag, behind a flag
// that Node 20 does not set. V8 flags are process-wide and read when a RegExp is parsed, so setting
// it here, when the module that makes these RegExps loads, covers the CLI, the server, the worker
// thread (src/worker/) and the tests alike, whichever entry point ran first.
setFlagsFromString('--enable-experimental-regexp-engine');

/** Whether this runtime compiles `l` (linear-time) regexes; without it regex rules are refused, never run backtracking. */
export const LINEAR_REGEX = ((): boolean => {
  try {
    new RegExp('a', 'l');
    return true;
  } catch {
    return false;
  }
})();

/** A regex rule as the linear engine runs it: the source to compile with the `l` flag, or why it cannot. */
type LinearSource = { source: string } | { problem: string };

/**
 * Rewrites a rule's pattern for the linear engine, which takes neither the `i` nor the `u` flag
 * (Node 20): literal letters are lower-cased (texts are matched lower-cased, see
 * `matchTopicRule`), an astral character outside a class becomes a group (so a quantifier takes
 * the whole character), and what would mean something else without `u` is refused. The pattern
 * has been checked as valid with `u` before.
 */
function linearSource(pattern: string): LinearSource {
  let out = '';
  let inClass = false;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\') {
      const next = chars[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return { problem: BACKREFERENCE };
      if (next === 'p' || next === 'P') return { problem: 'Unicode property escapes (\\p{…}) are not supported / 유니코드 속성(\\p{…})은 쓸 수 없습니다' };
      if (next === 'u' && chars[i + 2] === '{') return { problem: 'write \\u{…} escapes as the character itself / \\u{…} 대신 문자를 그대로 쓰세요' };
      out += ch + next;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      else if (ch.length > 1) return { problem: 'characters outside the BMP (emoji) cannot be in a [class] / 이모지 같은 문자는 [ ] 안에 쓸 수 없습니다' };
      out += ch.toLowerCase();
      continue;
    }
    if (ch === '[') inClass = true;
    if (ch === '(' && chars[i + 1] === '?') {
      const kind = chars.slice(i + 2, i + 4).join('');
      if (/^[=!]/.test(kind) || kind === '<=' || kind === '<!') return { problem: LOOKAROUND };
      if (kind[0] === '<') {
        // A named group: its name is kept as written.
        const close = chars.indexOf('>', i);
        out += chars.slice(i, close + 1).join('');
        i = close;
        continue;
      }
    }
    out += ch.length > 1 ? `(?:${ch})` : ch.toLowerCase();
  }
  try {
    new RegExp(out, 'l');
  } catch {
    return {
      problem:
        'this pattern cannot run in linear time: keep counted repeats small ({m,n} up to 16 in all, or use * and +) / ' +
        '선형 시간에 실행할 수 없는 정규식입니다: 반복 횟수 {m,n}을 모두 합해 16 이하로 줄이거나 *, +를 쓰세요',
    };
  }
  return { source: out };
}

const BACKREFERENCE = 'backreferences (\\1, \\k<name>) are not supported / 역참조(\\1, \\k<name>)는 쓸 수 없습니다';
const LOOKAROUND = 'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported / 전방·후방 탐색((?=…) 등)은 쓸 수 없습니다';

/**
 * Why a rule cannot be used, or null. Regular expressions are attacker-adjacent (an operator
 * types them, VOC text is matched against them), so they run on V8's linear-time engine, which
 * has no backtracking: no pattern can take more than linear time, and the constructs that engine
 * lacks (backreferences, lookarounds, large counted repeats) are refused here, as are invalid ones.
 */
export function ruleProblem(rule: TopicRule): string | null {
  if (rule.kind !== 'keyword' && rule.kind !== 'regex') return 'kind must be keyword or regex / 규칙 종류는 keyword 또는 regex';
  if (typeof rule.pattern !== 'string' || !rule.pattern.trim()) return 'pattern is empty / 패턴이 비어 있습니다';
  if (rule.pattern.length > MAX_RULE_PATTERN) return `pattern longer than ${MAX_RULE_PATTERN} characters / 패턴이 ${MAX_RULE_PATTERN}자를 넘습니다`;
  if (rule.kind === 'regex') {
    try {
      new RegExp(rule.pattern, 'u');
    } catch (error) {
      return `invalid regular expression / 잘못된 정규식: ${(error as Error).message}`;
    }
    if (!LINEAR_REGEX) return 'regex rules need V8\'s linear-time engine, which this runtime lacks; use keywords / 이 런타임에서는 정규식 규칙을 쓸 수 없습니다. 키워드를 쓰세요';
    const linear = linearSource(rule.pattern);
    if ('problem' in linear) return linear.problem;
  }
  return null;
}

/** Compiles the rules of active topics, most specific first; unusable rules are skipped. */
export function compileTopicRules(topics: TopicForRules[]): CompiledRule[] {
  const ordered = [...topics].sort((a, b) => Number(a.parent_id === null) - Number(b.parent_id === null) || a.position - b.position || Number(a.id) - Number(b.id));
  const compiled: CompiledRule[] = [];
  for (const topic of ordered) {
    for (const rule of topic.rules) {
      if (ruleProblem(rule)) continue;
      if (rule.kind === 'keyword') {
        compiled.push({ topicId: topic.id, description: `keyword:${rule.pattern}`, test: keywordTest(rule.pattern) });
      } else {
        const linear = linearSource(rule.pattern);
        if (!('source' in linear)) continue;
        const re = new RegExp(linear.source, 'l');
        compiled.push({ topicId: topic.id, description: `regex:${rule.pattern}`, test: (text) => re.test(text) });
      }
    }
  }
  return compiled;
}

const isHangul = (ch: string) => isHangulSyllable(ch.charCodeAt(0));

/** Inside a long Korean keyword word: spaces, or one particle and spaces. */
const KOREAN_PARTICLE_GAP = '(?:[이가은는을를의에도와과]?\\s*)';
/**
 * Most characters between two Korean content words of a keyword ("결제 오류" ~ "결제하다가 오류"),
 * not counting whitespace: spaces and line breaks between them are passed freely ("결제\n오류").
 */
export const KOREAN_WORD_GAP = 8;
/** What ends a sentence: a keyword's words are found in one (a line break is no sentence end). */
const SENTENCE_END = /[.!?。]/;
const WHITESPACE = /\s/;

/** Latin letters and digits (lower-cased): a keyword edge made of one needs a word boundary there. */
const LATIN_WORD = 'a-z0-9\\u00c0-\\u024f';
const LATIN_WORD_CHAR = new RegExp(`^[${LATIN_WORD}]$`);

/**
 * A keyword as the test that finds it, case-insensitively (the text is lower-cased):
 * - Korean matches inside words ("로그인" in "로그인이"), and however it is spaced: customers
 *   write "배송지연" and "배송 지연" alike, so a keyword's own spaces may be missing in the text
 *   ("환불 요청" ~ "환불요청"), and a word of four syllables or more may be spaced, with one particle
 *   ("배송지연" ~ "배송 지연", "배송이 지연"); a shorter one may not ("환불" is not in "교환 불가능");
 * - between two Korean content words of the keyword (two syllables or more each), Korean puts
 *   particles, endings and words: they are found in order in one sentence (a line break does not
 *   end one) with up to 8 characters between, spaces and line breaks not counted ("결제 오류" ~
 *   "결제 중 오류", "결제하다가 오류", "결제\n오류"; "배송 지연" ~ "배송이 지연되고"); a
 *   one-syllable word keeps its place in the phrase ("아직 안 왔" is not "아직 … 안 … 왔");
 * - a Latin word matches only as a word ("app" in "app이 꺼져요", not in "happy"), its letters
 *   not split ("app" ≠ "ap p"); its words may still be joined ("log in" ~ "login"), never set apart.
 * Each part between Korean words is one regex of literal characters, each `\s*` (or particle) followed
 * by a literal: it cannot backtrack more than the spaces it passes, so it needs neither the linear
 * engine nor its limits (it takes `u` and a lookbehind, which that engine lacks). The parts are
 * chained by a scan that tries each gap once per occurrence of the first part (greedy, no search
 * over gap combinations): linear in the text whatever the keyword or the text repeats.
 */
function keywordTest(pattern: string): (lowerText: string) => boolean {
  const words = pattern.normalize('NFC').toLowerCase().trim().split(/\s+/).map((word) => [...word]);
  const latin = (ch: string | undefined) => ch !== undefined && LATIN_WORD_CHAR.test(ch);
  const sign = (c: string) => !isHangul(c) && !latin(c);
  // The keyword's words, grouped into parts split between two Korean content words (two syllables
  // or more each: 결제 | 오류, 배송 | 지연). A one-syllable word stays next to its neighbour — "아직 안
  // 왔", "언제 와" and "배송이 늦" are phrases: 안 and 와 anywhere in a sentence would be everywhere.
  const content = (chars: string[]) => chars.length >= 2 && chars.every(isHangul);
  const parts: string[][][] = [];
  words.forEach((chars, w) => {
    if (w === 0 || !(content(words[w - 1]!) && content(chars))) {
      if (w === 0) parts.push([chars]);
      else parts[parts.length - 1]!.push(chars);
    } else parts.push([chars]);
  });
  const sources = parts.map((partWords) => {
    let source = '';
    partWords.forEach((chars, w) => {
      // Spaces inside a word only in a long Korean one (배송지연 ~ 배송 지연): a short word matched
      // across two of the text's (환불 in "교환 불가능", 로그인 in "블로그 인기글" — audit s18).
      const spaced = chars.filter(isHangul).length >= 4;
      chars.forEach((ch, i) => {
        const prev = chars[i - 1];
        if (i === 0 ? w > 0 : sign(prev!) || sign(ch)) source += '\\s*';
        else if (i > 0 && spaced && isHangul(prev!) && isHangul(ch)) source += KOREAN_PARTICLE_GAP;
        source += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
      });
    });
    const first = partWords[0]!;
    const last = partWords[partWords.length - 1]!;
    if (latin(first[0])) source = `(?<![${LATIN_WORD}])${source}`;
    if (latin(last[last.length - 1])) source += `(?![${LATIN_WORD}])`;
    return source;
  });
  if (sources.length === 1) {
    const re = new RegExp(sources[0]!, 'u');
    return (text) => re.test(text);
  }
  const head = new RegExp(sources[0]!, 'gu');
  const rest = sources.slice(1).map((source) => new RegExp(source, 'uy'));
  return (text) => {
    head.lastIndex = 0;
    for (let m = head.exec(text); m; m = head.exec(text)) {
      if (m[0] === '') head.lastIndex++;
      let end = m.index + m[0].length;
      let found = true;
      for (const part of rest) {
        // Each later part begins with a Hangul syllable: it is tried at each non-space character
        // after the previous part, up to KOREAN_WORD_GAP of them passed, whitespace skipped.
        let next = -1;
        let passed = 0;
        for (let at = end; at < text.length; at++) {
          const ch = text[at]!;
          if (WHITESPACE.test(ch)) continue;
          part.lastIndex = at;
          const hit = part.exec(text);
          if (hit) {
            next = at + hit[0].length;
            break;
          }
          if (SENTENCE_END.test(ch) || ++passed > KOREAN_WORD_GAP) break;
        }
        if (next < 0) {
          found = false;
          break;
        }
        end = next;
      }
      if (found) return true;
      // Try the next occurrence of the first part, from just after this one's start.
      head.lastIndex = m.index + 1;
    }
    return false;
  };
}

/** The first rule that matches the text, or null. */
export function matchTopicRule(rules: CompiledRule[], text: string): CompiledRule | null {
  if (!rules.length) return null;
  const lower = normalizedLower(text);
  for (const rule of rules) if (rule.test(lower)) return rule;
  return null;
}
