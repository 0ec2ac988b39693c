// A tiny template language for demo texts, compiled once into closures so rendering is just
// string concatenation:
//   {slot}        a value from the slot table (product, orderNo, …)
//   {slot:을}     the value followed by the right particle: 을/를, 이/가, 은/는, 과/와, 으로/로, 이랑/랑, 이에요/예요
//   [a|b|c]       one alternative, uniformly; alternatives may nest and may be empty: [|요]

import type { Rng } from './rng.js';

/** What a template needs while rendering: the random source and per-text memory of slot values. */
export interface RenderContext {
  rng: Rng;
}

export type Render<C extends RenderContext> = (c: C) => string;
export type SlotTable<C extends RenderContext> = Readonly<Record<string, Render<C>>>;

const JOSA: Record<string, readonly [withBatchim: string, without: string]> = {
  이: ['이', '가'],
  가: ['이', '가'],
  을: ['을', '를'],
  를: ['을', '를'],
  은: ['은', '는'],
  는: ['은', '는'],
  과: ['과', '와'],
  와: ['과', '와'],
  으로: ['으로', '로'],
  로: ['으로', '로'],
  이랑: ['이랑', '랑'],
  랑: ['이랑', '랑'],
  이에요: ['이에요', '예요'],
  예요: ['이에요', '예요'],
};

// How the last character of a word is read: 0 = open syllable, 1 = final consonant, 2 = final ㄹ.
// Digits and Latin letters as Koreans read them (일, 칠, 팔 end in ㄹ; 엠, 엔 in a consonant).
const DIGIT_FINAL = [1, 2, 0, 1, 0, 0, 1, 2, 2, 0];

function finalConsonant(word: string): number {
  for (let i = word.length - 1; i >= 0; i--) {
    const c = word.charCodeAt(i);
    if (c >= 0xac00 && c <= 0xd7a3) {
      const jong = (c - 0xac00) % 28;
      return jong === 0 ? 0 : jong === 8 ? 2 : 1;
    }
    if (c >= 0x30 && c <= 0x39) return DIGIT_FINAL[c - 0x30];
    if (c === 0x4c || c === 0x6c) return 2; // L: 엘
    if (c === 0x4d || c === 0x6d || c === 0x4e || c === 0x6e) return 1; // M, N: 엠, 엔
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 0;
    // Skip closing brackets, quotes and the like.
  }
  return 0;
}

/** `word` followed by the particle `form` in the shape its last sound needs (을/를, 으로/로 …). */
export function withJosa(word: string, form: string): string {
  const pair = JOSA[form];
  if (!pair) throw new Error(`unknown particle: ${form}`);
  const final = finalConsonant(word);
  // 으로 after ㄹ is 로 (서울로, 칠로).
  if (pair[0] === '으로') return word + (final === 1 ? '으로' : '로');
  return word + (final === 0 ? pair[1] : pair[0]);
}

/** Compiles a template; throws at load time on an unknown slot or an unbalanced bracket. */
export function compile<C extends RenderContext>(source: string, slots: SlotTable<C>): Render<C> {
  let pos = 0;

  const parseSequence = (inAlternatives: boolean): Render<C> => {
    const parts: Render<C>[] = [];
    let literal = '';
    const flush = () => {
      if (literal) {
        const text = literal;
        parts.push(() => text);
        literal = '';
      }
    };
    while (pos < source.length) {
      const ch = source[pos];
      if (inAlternatives && (ch === '|' || ch === ']')) break;
      if (ch === '{') {
        const close = source.indexOf('}', pos);
        if (close < 0) throw new Error(`unclosed { in template: ${source}`);
        const [name, josa] = source.slice(pos + 1, close).split(':');
        const slot = slots[name];
        if (!slot) throw new Error(`unknown slot {${name}} in template: ${source}`);
        flush();
        if (josa) {
          if (!JOSA[josa]) throw new Error(`unknown particle ${josa} in template: ${source}`);
          parts.push((c) => withJosa(slot(c), josa));
        } else {
          parts.push(slot);
        }
        pos = close + 1;
      } else if (ch === '[') {
        pos++;
        const options: Render<C>[] = [];
        for (;;) {
          options.push(parseSequence(true));
          if (source[pos] === '|') pos++;
          else if (source[pos] === ']') {
            pos++;
            break;
          } else throw new Error(`unclosed [ in template: ${source}`);
        }
        flush();
        const n = options.length;
        parts.push((c) => options[(c.rng() * n) | 0](c));
      } else if (ch === ']' || ch === '|' || ch === '}') {
        throw new Error(`stray ${ch} in template: ${source}`);
      } else {
        literal += ch;
        pos++;
      }
    }
    flush();
    if (parts.length === 0) return () => '';
    if (parts.length === 1) return parts[0];
    if (parts.length === 2) {
      const [a, b] = parts;
      return (c) => a(c) + b(c);
    }
    return (c) => {
      let out = '';
      for (let i = 0; i < parts.length; i++) out += parts[i](c);
      return out;
    };
  };

  const render = parseSequence(false);
  if (pos !== source.length) throw new Error(`unbalanced template: ${source}`);
  return render;
}

/** Compiles a list of templates into one renderer that picks one of them uniformly. */
export function compileAll<C extends RenderContext>(sources: readonly string[], slots: SlotTable<C>): Render<C> {
  if (sources.length === 0) throw new Error('compileAll(): no templates');
  const renders = sources.map((s) => compile(s, slots));
  const n = renders.length;
  return n === 1 ? renders[0] : (c) => renders[(c.rng() * n) | 0](c);
}
