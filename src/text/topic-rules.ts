import { normalizedLower } from './tokenize.js';

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

/**
 * Why a rule cannot be used, or null. Regular expressions are attacker-adjacent (an operator
 * types them, VOC text is matched against them): nested quantifiers that can backtrack
 * exponentially ("(a+)+") are refused, as are invalid ones.
 */
export function ruleProblem(rule: TopicRule): string | null {
  if (rule.kind !== 'keyword' && rule.kind !== 'regex') return 'kind must be keyword or regex / 규칙 종류는 keyword 또는 regex';
  if (typeof rule.pattern !== 'string' || !rule.pattern.trim()) return 'pattern is empty / 패턴이 비어 있습니다';
  if (rule.pattern.length > MAX_RULE_PATTERN) return `pattern longer than ${MAX_RULE_PATTERN} characters / 패턴이 ${MAX_RULE_PATTERN}자를 넘습니다`;
  if (rule.kind === 'regex') {
    if (/\([^)]*[+*][^)]*\)\s*[+*{]/.test(rule.pattern)) return 'nested quantifiers (catastrophic backtracking) are not allowed / 중첩 반복(과도한 역추적)은 허용하지 않습니다';
    try {
      new RegExp(rule.pattern, 'iu');
    } catch (error) {
      return `invalid regular expression / 잘못된 정규식: ${(error as Error).message}`;
    }
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
        // Keywords match inside words ("로그인" in "로그인이"), case-insensitively; spaces in a
        // keyword also match a missing space ("배송 지연" ~ "배송지연").
        const parts = rule.pattern.normalize('NFC').toLowerCase().trim().split(/\s+/);
        const needle = parts.join('');
        const test =
          parts.length === 1
            ? (text: string) => text.includes(needle)
            : (text: string) => text.includes(parts.join(' ')) || text.replace(/\s+/g, '').includes(needle);
        compiled.push({ topicId: topic.id, description: `keyword:${rule.pattern}`, test });
      } else {
        const re = new RegExp(rule.pattern, 'iu');
        compiled.push({ topicId: topic.id, description: `regex:${rule.pattern}`, test: (text) => re.test(text) });
      }
    }
  }
  return compiled;
}

/** The first rule that matches the text, or null. */
export function matchTopicRule(rules: CompiledRule[], text: string): CompiledRule | null {
  if (!rules.length) return null;
  const lower = normalizedLower(text);
  for (const rule of rules) if (rule.test(lower)) return rule;
  return null;
}
