import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TextClassifier } from './classifier.js';
import { detectLanguage } from './language.js';
import { loadClassifier } from './model-files.js';
import { CONTRASTS, EN_LEXICON, INTENSIFIERS, KO_LEXICON } from './sentiment-lexicon.js';
import { normalizedLower, wordSpans, type WordSpans } from './tokenize.js';
import { WordTable } from './word-table.js';

/**
 * Sentiment of customer text: negative / neutral / positive with a score in [-1, 1].
 *
 * Two parts, because neither alone reads customer-service text well:
 * - a lexicon of opinion words with explicit negation ("안 좋아요", "좋지 않아요", "not good"),
 *   intensifiers ("너무", "정말", "very") and contrast ("…근데 배송이 느려요"): it is what makes
 *   "안 좋아요" negative, which a bag-of-n-grams model trained on reviews gets wrong (the review
 *   corpus has too few such phrases to learn the flip);
 * - for Korean, a linear model trained on 35k NSMC movie reviews (CC0, rating 1–4 vs 9–10), which
 *   knows the long tail of opinion words and slang the lexicon lacks.
 * Text with no lexicon word relies on the model at half weight, so a plain inquiry ("배송 언제
 * 오나요?") lands in neutral instead of inheriting a review model's guess.
 */
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export interface SentimentResult {
  label: SentimentLabel;
  /** -1 (most negative) … 1 (most positive). */
  score: number;
}

export interface SentimentOptions {
  /** |score| below this is neutral. */
  neutralBand: number;
  /** Weight of the review model's log-odds for a question or request, and for other text. */
  inquiryModelWeight: number;
  opinionModelWeight: number;
}

export const DEFAULT_SENTIMENT_OPTIONS: SentimentOptions = { neutralBand: 0.25, inquiryModelWeight: 0.15, opinionModelWeight: 0.8 };

/** Korean and English pre-negators (the next word is negated). */
const NEGATORS = new Set(['안', '못', 'not', 'no', 'never', 'nothing', 'hardly', 'dont', 'cant', 'wont', 'didnt', 'isnt', 'doesnt', 'wasnt', 'arent', 'without']);
const CONTRACTIONS = new Set(['don', 'doesn', 'didn', 'can', 'won', 'isn', 'wasn', 'aren', 'couldn', 'shouldn', 'wouldn', 'haven', 'hasn', 'weren', 'ain']);
const POST_NEGATORS = ['않', '못', '말', '마'];
/** Courtesy that carries no opinion in an inquiry; removed before the review model reads it. */
const COURTESY = /안녕하세요|감사합니다|감사드립니다|수고하세요|수고하십시오|부탁드립니다|부탁드려요|부탁드릴게요|문의드립니다|문의드려요|문의 드립니다|문의 드려요/g;
const MAX_KO_PREFIX = 5;
/** A Korean word ending in a contrastive connective: "좋은데", "늦었지만". */
const CONTRAST_ENDING = /(는데|은데|던데|지만)$/;
/** An inquiry phrased as a question or request, with no opinion word: the review model's guess counts little. */
const INQUIRY = /\?\s*$|(나요|까요|가요|은지|는지|습니까|을까|할까|인가|한가|되나|하나|주세요|바랍니다|드립니다|드려요|싶어요|싶습니다|궁금합니다|궁금해요)[?.!\s]*$/;
const SENTENCE = /[^.!?\n]+[.!?\n]*/g;

/** Drops sentences that are only courtesy ("감사합니다.", "확인 부탁드립니다.") — politeness, not opinion. */
export function withoutCourtesy(text: string): string {
  if (!HAS_COURTESY.test(text)) return text;
  const sentences = text.match(SENTENCE);
  if (!sentences) return text;
  return sentences.filter((s) => s.replace(COURTESY, '').replace(/(확인|답변|처리|빠른|연락)\s*/g, '').replace(/[\s.!?~^]+/g, '') !== '').join(' ');
}

/** Any courtesy word at all (most texts have none, and skip the sentence split). */
const HAS_COURTESY = /안녕|감사|수고|부탁|문의/;

/** An own entry of a word list (a plain object would also answer "constructor" from its prototype). */
function own(record: Record<string, number>, key: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function koValence(token: string): { valence: number; negated: boolean } | null {
  // Attached negation: "안좋아요", "못믿겠" — only when the rest is an opinion word and the whole
  // is not one itself ("안되", "안심").
  if ((token.startsWith('안') || token.startsWith('못')) && token.length >= 2 && own(KO_LEXICON, token.slice(0, 2)) === undefined) {
    const rest = lookupKo(token.slice(1));
    if (rest !== null) return { valence: rest, negated: true };
  }
  const valence = lookupKo(token);
  if (valence === null) return null;
  // "좋지않아요", "만족스럽지못해" written together.
  return { valence, negated: /지(않|못|말|마)/.test(token) };
}

/** First syllables of lexicon entries: most words start with none of them and are skipped at once. */
const KO_FIRST = new Set(Object.keys(KO_LEXICON).map((k) => k.charAt(0)));

function lookupKo(token: string): number | null {
  if (!KO_FIRST.has(token.charAt(0))) return null;
  for (let n = Math.min(MAX_KO_PREFIX, token.length); n >= 1; n--) {
    const v = own(KO_LEXICON, token.slice(0, n));
    if (v !== undefined) return v;
  }
  return null;
}

function enValence(token: string): number | null {
  const direct = own(EN_LEXICON, token);
  if (direct !== undefined) return direct;
  for (const suffix of ['s', 'es', 'ed', 'd', 'ing', 'ly']) {
    if (token.length > suffix.length + 2 && token.endsWith(suffix)) {
      const v = own(EN_LEXICON, token.slice(0, -suffix.length));
      if (v !== undefined) return v;
    }
  }
  return null;
}

// What the lexicon pass needs to know of a word, as bits: everything but its neighbours.
const CONTRAST = 1;
const HANGUL = 2;
const FOUND = 4;
const NEGATED = 8;
const NEGATOR = 16;
const CONTRACTION = 32;
const LONE_T = 64;
const ENDS_JI = 128;
const ENDS_JI_LONG = 256;
const STARTS_NOT = 512;
const JI_NOT_INSIDE = 1024;
const STARTS_POST_NEGATOR = 2048;
const CONTRAST_ENDED = 4096;
const INTENSIFIER = 8192;

/** Words the lexicon has read, forgotten when full. */
const LEXICON_WORD_LIMIT = 100_000;

/**
 * Each distinct word's lexicon facts (flags, valence, intensity), worked out once: tokens repeat
 * heavily, and a word looked up through a WordTable costs no string and no Map lookup.
 */
class LexiconWords {
  private readonly table = new WordTable();
  private flags: Int32Array = new Int32Array(1024);
  private valences: Float64Array = new Float64Array(1024);
  private intensities: Float64Array = new Float64Array(1024);

  /** Fills the facts of word `w` of `spans` into the three arrays at index w. */
  read(lower: string, spans: WordSpans, w: number, flags: Int32Array, valences: Float64Array, intensities: Float64Array): void {
    const start = spans.starts[w]!;
    const end = spans.ends[w]!;
    const hash = spans.hashes[w]!;
    let id = this.table.find(lower, start, end, hash);
    if (id < 0) id = this.add(lower, start, end, hash);
    flags[w] = this.flags[id]!;
    valences[w] = this.valences[id]!;
    intensities[w] = this.intensities[id]!;
  }

  private add(lower: string, start: number, end: number, hash: number): number {
    if (this.table.size >= LEXICON_WORD_LIMIT) this.table.clear();
    const id = this.table.add(lower, start, end, hash);
    if (id >= this.flags.length) {
      const size = this.flags.length * 2;
      this.flags = growInt32(this.flags, size);
      this.valences = growFloat64(this.valences, size);
      this.intensities = growFloat64(this.intensities, size);
    }
    const token = lower.slice(start, end);
    const hangul = token.charCodeAt(0) >= 0x3131;
    let flags = hangul ? HANGUL : 0;
    let valence = 0;
    if (CONTRASTS.has(token)) flags |= CONTRAST;
    const ko = hangul ? koValence(token) : null;
    const en = hangul ? null : enValence(token);
    if (ko) {
      flags |= FOUND | (ko.negated ? NEGATED : 0);
      valence = ko.valence;
    } else if (en !== null) {
      flags |= FOUND;
      valence = en;
    }
    if (NEGATORS.has(token)) flags |= NEGATOR;
    if (CONTRACTIONS.has(token)) flags |= CONTRACTION;
    if (token === 't') flags |= LONE_T;
    if (token.endsWith('지')) flags |= token.length >= 2 ? ENDS_JI | ENDS_JI_LONG : ENDS_JI;
    if (/^(않|못)/.test(token)) flags |= STARTS_NOT;
    if (/.지(않|못)/.test(token)) flags |= JI_NOT_INSIDE;
    if (POST_NEGATORS.includes(token.charAt(0))) flags |= STARTS_POST_NEGATOR;
    if (CONTRAST_ENDING.test(token)) flags |= CONTRAST_ENDED;
    const intensity = own(INTENSIFIERS, token);
    if (intensity !== undefined) flags |= INTENSIFIER;
    this.flags[id] = flags;
    this.valences[id] = valence;
    this.intensities[id] = intensity ?? 1;
    return id;
  }
}

const lexiconWords = new LexiconWords();
// Per-text scratch: each word's facts, and the opinion parts found (value, clause weight).
let wordFlags = new Int32Array(256);
let wordValences = new Float64Array(256);
let wordIntensities = new Float64Array(256);
let partValues = new Float64Array(256);
let partWeights = new Float64Array(256);

function growInt32(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

function growFloat64(a: Float64Array, size: number): Float64Array {
  const b = new Float64Array(size);
  b.set(a);
  return b;
}

/** The lexicon score of a text: Σ valence × modifiers, and how many opinion words were found. */
export function lexiconScore(text: string): { sum: number; hits: number; negations: number } {
  return lexiconScoreOf(text, normalizedLower(text));
}

/** `lexiconScore(text)`, given `normalizedLower(text)`. */
function lexiconScoreOf(text: string, lower: string): { sum: number; hits: number; negations: number } {
  const spans = wordSpans(lower);
  const count = spans.count;
  if (wordFlags.length < count) {
    const size = Math.max(count, wordFlags.length * 2);
    wordFlags = new Int32Array(size);
    wordValences = new Float64Array(size);
    wordIntensities = new Float64Array(size);
    partValues = new Float64Array(size);
    partWeights = new Float64Array(size);
  }
  const flags = wordFlags;
  for (let w = 0; w < count; w++) lexiconWords.read(lower, spans, w, flags, wordValences, wordIntensities);
  let sum = 0;
  let hits = 0;
  let negations = 0;
  let clauseWeight = 1;
  let parts = 0;
  for (let i = 0; i < count; i++) {
    const f = flags[i]!;
    if (f & CONTRAST) {
      // What came before a contrast weighs less; what follows weighs more.
      for (let p = 0; p < parts; p++) partWeights[p]! *= 0.6;
      clauseWeight = 1.4;
      continue;
    }
    const hangul = (f & HANGUL) !== 0;
    const next = i + 1 < count ? flags[i + 1]! : 0;
    if (!(f & FOUND)) {
      // "메일이 오지 않아요", "지급되지 않았어요": in a support message, something that did not
      // happen is a (mild) complaint even when the verb itself carries no opinion.
      if (hangul && ((f & ENDS_JI_LONG && next & STARTS_NOT) || f & JI_NOT_INSIDE)) {
        partValues[parts] = -0.6;
        partWeights[parts++] = clauseWeight;
        hits++;
      }
      continue;
    }
    let value = wordValences[i]!;
    let negated = (f & NEGATED) !== 0;
    const prev = i >= 1 ? flags[i - 1]! : 0;
    const prev2 = i >= 2 ? flags[i - 2]! : 0;
    if (prev & NEGATOR || (prev & LONE_T && prev2 & CONTRACTION)) negated = !negated;
    else if (prev2 & NEGATOR && prev & INTENSIFIER) negated = !negated; // "not very good"
    if (hangul && f & ENDS_JI && next & STARTS_POST_NEGATOR) negated = !negated;
    // A negated negative is only mildly positive ("나쁘지 않아요"); a negated positive is negative.
    if (negated) {
      value = value > 0 ? -value : -value * 0.5;
      negations++;
    }
    if (prev & INTENSIFIER) value *= wordIntensities[i - 1]!;
    partValues[parts] = value;
    partWeights[parts++] = clauseWeight;
    hits++;
    if (hangul && f & CONTRAST_ENDED) {
      for (let p = 0; p < parts; p++) partWeights[p]! *= 0.6;
      clauseWeight = 1.4;
    }
  }
  for (let p = 0; p < parts; p++) sum += partValues[p]! * partWeights[p]!;
  // Crying and repeated question marks lean negative in an inquiry; laughter slightly positive.
  if (/[ㅠㅜ]{2,}/.test(text)) {
    sum -= 0.5;
    hits++;
  }
  if (/\?{2,}|!{3,}/.test(text)) sum -= 0.3;
  // "벌써 세 번째 요청입니다", "또 다시": asking again is frustration.
  if (/(벌써|또|다시|몇)\s?(\d+|한|두|세|네|다섯|여러)?\s?(번째|번이나|번을|번씩)/.test(text)) {
    sum -= 0.8;
    hits++;
  }
  if (/[ㅎ]{2,}|\^\^/.test(text)) {
    sum += 0.3;
    hits++;
  }
  return { sum, hits, negations };
}

/** Reads sentiment; construct once (the Korean model is loaded by `loadSentimentAnalyzer`). */
export class SentimentAnalyzer {
  readonly version: string;
  private readonly positive: number;
  private readonly negative: number;

  constructor(
    private readonly koModel: TextClassifier | null,
    private readonly options: SentimentOptions = DEFAULT_SENTIMENT_OPTIONS,
  ) {
    this.version = `sentiment@lex1+${koModel ? koModel.meta.version : 'none'}`;
    this.positive = koModel ? koModel.labels.indexOf('positive') : -1;
    this.negative = koModel ? koModel.labels.indexOf('negative') : -1;
  }

  analyze(text: string, language?: string | null): SentimentResult {
    const lang = language ?? detectLanguage(text);
    const body = withoutCourtesy(text);
    // The review model reads the same lower-cased words (tokenize.ts remembers them for the last text).
    const lex = lexiconScoreOf(body, normalizedLower(body));
    let model = 0;
    if (this.koModel && lang === 'ko') {
      // P(positive) − P(negative): near 0 when the model reads the text as neutral.
      const p = this.koModel.calibrated(HAS_COURTESY.test(body) ? body.replace(COURTESY, ' ') : body);
      const pos = p[this.positive]!;
      const neg = this.negative >= 0 ? p[this.negative]! : 1 - pos;
      model = pos - neg;
    }
    // Evidence adds up in log-odds space: the lexicon's sum, plus the review model's log-odds
    // weighted less for an inquiry (its training data has no inquiries) than for an opinion.
    const inquiry = INQUIRY.test(body.trim());
    // A negation the lexicon resolved ("안 좋아요") is exactly what a bag-of-n-grams model misreads.
    const modelWeight = Math.min(inquiry ? this.options.inquiryModelWeight : this.options.opinionModelWeight, lex.negations ? 0.25 : Infinity);
    const score = Math.tanh(lex.sum / 1.2 + modelWeight * Math.atanh(model * 0.98));
    const label: SentimentLabel = Math.abs(score) < this.options.neutralBand ? 'neutral' : score > 0 ? 'positive' : 'negative';
    return { label, score: Math.round(score * 1000) / 1000 };
  }
}

/** Where the shipped Korean review model lives (built by scripts/build-models.ts). */
export const SENTIMENT_MODEL_DIR = fileURLToPath(new URL('../../models/sentiment-ko/', import.meta.url));

let shared: Promise<SentimentAnalyzer> | null = null;

/** The default analyzer (lexicon + shipped Korean model), loaded once per process. */
export function loadSentimentAnalyzer(): Promise<SentimentAnalyzer> {
  shared ??= (async () => {
    if (!existsSync(SENTIMENT_MODEL_DIR)) throw new Error(`the shipped sentiment model is missing: ${SENTIMENT_MODEL_DIR} (run: node --import tsx scripts/build-models.ts)`);
    return new SentimentAnalyzer(await loadClassifier(SENTIMENT_MODEL_DIR));
  })();
  return shared;
}
