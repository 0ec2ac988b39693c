/**
 * Korean spacing (띄어쓰기) in search. People write 배송지변경 and 배송지 변경, 로그인이 안돼요 and
 * 로그인이 안 돼요, and type either whatever the item says. So a search ignores a run of whitespace
 * that has a Hangul character on either side of it, in the query and in the items alike, and keeps
 * every other run: between Latin letters, digits and symbols a space counts ("a b" does not find
 * "ab", "ORD 12" does not find "ORD12"), as order numbers, ids and English words are typed as they
 * are. Matching (store/queries/list-items.ts) and the search index's pairs
 * (store/queries/search-index.ts) both follow this one rule.
 */

/** Hangul: syllables, conjoining jamo (an NFD text's) and compatibility jamo (ㅋㅋ, ㅠㅠ). */
const HANGUL = '\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3';
/**
 * The whitespace the rule folds: every character JavaScript's `\s` matches (a query's words are
 * split on them), listed one by one in code point order, so PostgreSQL's regex reads the same class
 * (its `\s` and a range's bounds need not agree with JavaScript's): tab to carriage return, space,
 * no-break space, ogham space mark, en quad to hair space (U+2000–U+200A), line and paragraph
 * separators, narrow no-break space, medium mathematical space, ideographic space, and U+FEFF.
 */
const SPACE = '\t\n\u000b\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const SOFT_SPACE = new RegExp(`(?<=[${HANGUL}])[${SPACE}]+|[${SPACE}]+(?=[${HANGUL}])`, 'gu');
const IS_HANGUL = new RegExp(`^[${HANGUL}]$`, 'u');

/** `text` with every whitespace run that touches Hangul removed ("환불 언제 되나요" → "환불언제되나요"). */
export function foldSpacing(text: string): string {
  return text.replace(SOFT_SPACE, '');
}

/**
 * How an item field must be read to hold a search term spacing aside, for a term whose characters
 * join Hangul somewhere (null otherwise: such a term occurs in the folded field only where it
 * occurs as typed, and a plain substring match finds it). `like` is a necessary condition, cheap
 * as a plain LIKE: the term's characters in order, anything allowed where a space may be; `regex`
 * is the exact test (a run of whitespace allowed only there), so PostgreSQL runs it only on the
 * few rows `like` lets through. Both are for the folded term (searchTerms gives it folded).
 */
export function spacingPatterns(term: string): { like: string; regex: string } | null {
  const chars = [...foldSpacing(term)];
  let like = '%';
  let regex = '';
  let soft = false;
  for (let i = 0; i < chars.length; i++) {
    like += chars[i]!.replace(/[\\%_]/g, '\\$&');
    regex += chars[i]!.replace(/[\\^$.[\]|()*+?{}]/g, '\\$&');
    if (i + 1 < chars.length && (IS_HANGUL.test(chars[i]!) || IS_HANGUL.test(chars[i + 1]!))) {
      like += '%';
      regex += `[${SPACE}]*`;
      soft = true;
    }
  }
  return soft ? { like: `${like}%`, regex } : null;
}
