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
 * 오나요?") lands in neutral instead of inheriting a review model's guess; a short statement about a
 * customer-service subject with nothing evaluative in it ("배송 왔어요", "결제했어요") is outside the
 * model's domain, and the model alone cannot label it. Emoji count as opinion words; praise that
 * opens a message about a failure, a long wait or a repeat is read as sarcasm.
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
  /**
   * Largest |contribution| of the review model (in log-odds; the lexicon adds valence / 1.2) once a
   * customer-service rule has fired, once only lexicon words were found, and otherwise.
   */
  modelCapWithRule: number;
  modelCapWithEvidence: number;
  modelCap: number;
  /**
   * The same with nothing evaluative found in a text about a customer-service subject (an order, a
   * delivery, a payment, an app): below the neutral band, so the review model alone cannot label it.
   */
  modelCapOffDomain: number;
}

export const DEFAULT_SENTIMENT_OPTIONS: SentimentOptions = { neutralBand: 0.25, inquiryModelWeight: 0.15, opinionModelWeight: 0.8, modelCapWithRule: 0.5, modelCapWithEvidence: 1.3, modelCap: 1.6, modelCapOffDomain: 0.2 };

/** Korean and English pre-negators (the next word is negated). */
const NEGATORS = new Set(['안', '못', 'not', 'no', 'never', 'nothing', 'hardly', 'dont', 'cant', 'wont', 'didnt', 'isnt', 'doesnt', 'wasnt', 'arent', 'without', 'nobody', 'noone']);
const CONTRACTIONS = new Set(['don', 'doesn', 'didn', 'can', 'won', 'isn', 'wasn', 'aren', 'couldn', 'shouldn', 'wouldn', 'haven', 'hasn', 'weren', 'ain']);
const POST_NEGATORS = ['않', '못', '말', '마'];
/** Courtesy that carries no opinion in an inquiry; removed before the review model reads it. */
const COURTESY = /안녕하세요|감사합니다|감사드립니다|수고하세요|수고하십시오|부탁드립니다|부탁드려요|부탁드릴게요|문의드립니다|문의드려요|문의 드립니다|문의 드려요/g;
const MAX_KO_PREFIX = 5;
/** A Korean word ending in a contrastive connective: "좋은데", "늦었지만". */
const CONTRAST_ENDING = /(는데|은데|던데|지만)$/;
/** An inquiry phrased as a question or request, with no opinion word: the review model's guess counts little. */
const INQUIRY = /\?\s*$|[가-힣](나요|까요|가요|은지|는지|습니까|을까|할까|인가|한가|되나|하나|좀요|는지요|은지요|맞죠|맞나|있나|없나|되죠|하죠|인지|할지|될지)[?.!\s]*$|(주세요|바랍니다|드립니다|드려요|싶어요|싶습니다|궁금합니다|궁금해요|는\s?법|방법)[?.!\s]*$/;
/** A request rather than a question ("확인해 주세요"): what it states before the request still counts. */
const REQUEST = /(주세요|바랍니다|드립니다|드려요|부탁해요|해줘요|해 줘요)[?.!\s]*$/;
/**
 * A Korean interrogative word ("어디", "어떻게", "언제", "왜", "뭐", "몇", "무슨", "얼마", "어느", "어떤",
 * "누구") before a final predicate: "설정은 어디 들어가야 돼요" is a question without "?".
 */
const KO_INTERROGATIVE = /(^|[\s,])(어디|어떻게|어떡|언제|왜|뭐|무엇|뭘|몇|무슨|얼마|어느|어떤|누구)/;
/** Syllables that end a Korean predicate ("돼요", "할까", "되나", "맞죠", "없음", "하는데"). */
const KO_FINAL_SYLLABLES = new Set('요까나니냐죠지가음함데'.split('').map((c) => c.charCodeAt(0)));
/** An English question that opens with a question word or an auxiliary. */
const EN_QUESTION_OPENING = /^(?!do not\b|does not\b)(how|what|where|when|which|who|can|could|do|does|is|are|will|would|should|may|am|is there|are there)\b/;
/** In a question, these mark a complaint rather than a question about a rule ("왜 안 되나요", "why can't I"). */
const COMPLAINT_MARKER = /왜|아직|도대체|자꾸|계속|여태|벌써|\bwhy\b|\bstill\b|\bagain\b/;

/** Whether a (courtesy-free) text is phrased as a question or a request. */
function isInquiry(text: string): boolean {
  return inquiryOf(text.trim(), normalizedLower(text).trim());
}

/** `isInquiry`, given the trimmed text and its trimmed lower-cased form. */
function inquiryOf(trimmed: string, lower: string): boolean {
  if (trimmed === '') return false;
  if (INQUIRY.test(trimmed)) return true;
  const c = lower.charCodeAt(0);
  if (c >= 0x61 && c <= 0x7a) return EN_QUESTION_OPENING.test(lower);
  // The last syllable before closing punctuation.
  let end = trimmed.length - 1;
  while (end > 0 && '?.!~ '.includes(trimmed.charAt(end))) end--;
  return KO_FINAL_SYLLABLES.has(trimmed.charCodeAt(end)) && KO_INTERROGATIVE.test(trimmed);
}
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
  // "안되게", "안되도록", "안되면": a purpose or a condition ("결제 안되게 해 주세요"), not a report
  // that something fails.
  if (NEG_PURPOSE_GLUED.test(token)) return null;
  // Attached negation: "안좋아요", "못믿겠" — only when the rest is an opinion word and the whole
  // is not one itself ("안되", "안심").
  if ((token.startsWith('안') || token.startsWith('못')) && token.length >= 2 && own(KO_LEXICON, token.slice(0, 2)) === undefined) {
    const rest = lookupKo(token.slice(1));
    if (rest !== null) return { valence: rest, negated: true };
  }
  let valence = lookupKo(token);
  // An intensifier written together with the word: "개짜증", "핵불편", "완전최악", "넘좋아요".
  if (valence === null) {
    for (const prefix of GLUED_INTENSIFIERS) {
      if (token.length > prefix.length + 1 && token.startsWith(prefix)) {
        const rest = lookupKo(token.slice(prefix.length));
        if (rest !== null) {
          valence = rest * INTENSIFIERS[prefix]!;
          lookedUpLength += prefix.length;
          break;
        }
      }
    }
    if (valence === null) return null;
  }
  // "좋지않아요", "만족스럽지못해" written together; "불만없어요", "불편함없이": the opinion noun is
  // absent (entries that contain 없 themselves, "어이없", "재미없", "문제없", matched whole).
  return { valence, negated: /지(않|못|말|마)/.test(token) || token.indexOf('없', lookedUpLength) >= 0 };
}

/** Intensifiers that are written glued to the opinion word they strengthen. */
const GLUED_INTENSIFIERS = ['개', '핵', '존나', '졸라', '완전', '넘', '너무', '진짜', '정말', '레알', '겁나'];

/** "안되게", "못하게", "안되도록", "안되면": negation inside a purpose or conditional clause. */
const NEG_PURPOSE_GLUED = /^(안|못)(되|돼|하|나가|빠져)(게|도록|면|려면|려고|기)/;

/** First syllables of lexicon entries: most words start with none of them and are skipped at once. */
const KO_FIRST = new Set(Object.keys(KO_LEXICON).map((k) => k.charAt(0)));
/** Length of the entry the last successful `lookupKo` matched. */
let lookedUpLength = 0;

function lookupKo(token: string): number | null {
  if (!KO_FIRST.has(token.charAt(0))) return null;
  for (let n = Math.min(MAX_KO_PREFIX, token.length); n >= 1; n--) {
    const v = own(KO_LEXICON, token.slice(0, n));
    if (v !== undefined) {
      lookedUpLength = n;
      // An entry of 0 is a word that is no opinion ("정확히"), and hides the shorter entry ("정확").
      return v === 0 ? null : v;
    }
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
/** "안" or "못" standing alone: the adverb that negates the verb after it ("안 와요", "못 받았어요"). */
const KO_NEG_ADVERB = 1 << 14;
/** A verb form that is a purpose or a condition ("나가게", "되도록", "되면", "하려고"): nothing failed. */
const KO_NONFINAL = 1 << 15;
/** A connective that states a fact before what follows ("안 되는데 …", "안 와서 …", "못 받았지만 …"). */
const KO_STATED = 1 << 16;
/** "없어요", "없이", "없었", "없네", "없음", "없다", "없는": the thing named before is absent (not "없나요"). */
const KO_ABSENT = 1 << 17;
/** Words that may stand between a noun and 없: "불만 하나 없어요", "문제가 전혀 없었어요", "불편한 거 없이". */
const KO_FILLER = 1 << 18;
/** A Latin-script word. */
const LATIN = 1 << 19;
/** English negators that negate a verb ("didnt", "never", "nobody", "no", …; "n't" is CONTRACTION + LONE_T). */
const EN_VERB_NEGATOR = 1 << 20;
/** Words after a negator that do not make a problem report ("don't know", "not sure", "no worries"). */
const EN_NOT_A_PROBLEM = 1 << 21;
/** "too", "way too": excess ("too small", "too slow"). */
const EN_TOO = 1 << 22;
/** Function words that cannot be the adjective after "too" ("me too", "that too please"). */
const EN_FUNCTION = 1 << 23;
/** "would", "'d", "wish", "hope", "if": the positive word after them is wished for, not felt. */
const EN_WISH_HEAD = 1 << 24;
/** "if", "to", "for", "it": what follows a wished-for positive ("would be great if …"). */
const EN_WISH_TAIL = 1 << 25;
/** A Korean conditional ("있으면", "주시면", "됐으면"): a positive word after it is a wish. */
const KO_CONDITIONAL = 1 << 26;
/** A final statement ("와요", "됐어요", "없네요", "없습니다", "안 됨"): a sentence ends here. */
const KO_FINAL_FORM = 1 << 27;
/** A form of 되다 ("돼요", "됐어요", "되네"): "해결이 안 돼요" negates 해결; "잘 돼요" is "it works". */
const KO_DOE = 1 << 28;
/** "수" of "-ㄹ 수 없다" (cannot): "찾을 수가 없네요". */
const KO_SU = 1 << 29;
/** "잘" (well): "잘 돼요", "잘 됐네요". */
const KO_JAL = 1 << 30;
/** A noun with a subject particle ("답변이", "반응이"): with a final "없어요" the expected thing is absent. */
const KO_SUBJECT = 1 << 31;

const KO_FILLERS = /^(하나|하나도|전혀|아무|아무런|별|별다른|딱히|특별히|크게|거|것|게|건|점|점은|점이|부분|부분은|부분이|사항|사항은|하등|일절|일체)$/;
const EN_NOT_PROBLEMS = new Set([
  'know', 'want', 'need', 'mind', 'think', 'worry', 'worries', 'care', 'plan', 'intend', 'wish', 'hesitate', 'sure', 'only', 'just', 'forget',
  'a', 'an', 'the', 'that', 'this', 'too', 'so', 'very', 'really', 'all', 'rush', 'hurry', 'pressure', 'doubt', 'matter', 'thanks', 'thank', 'longer',
]);
const EN_FUNCTIONS = new Set([
  'please', 'thanks', 'thank', 'and', 'or', 'but', 'so', 'i', 'we', 'you', 'it', 'the', 'a', 'an', 'that', 'this', 'as', 'if', 'when', 'because',
  'since', 'to', 'for', 'in', 'on', 'at', 'with', 'me', 'my', 'is', 'was', 'are', 'lol', 'haha',
]);

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
    // "열리지도 않고", "좋지는 않아요", "오지조차 않았어요": the same negation with a particle between.
    else if (token.length >= 3 && /지(도|는|조차)$/.test(token)) flags |= ENDS_JI | ENDS_JI_LONG;
    if (/^(않|못)/.test(token)) flags |= STARTS_NOT;
    if (/.지(않|못)/.test(token)) flags |= JI_NOT_INSIDE;
    if (POST_NEGATORS.includes(token.charAt(0))) flags |= STARTS_POST_NEGATOR;
    if (CONTRAST_ENDING.test(token)) flags |= CONTRAST_ENDED;
    const intensity = own(INTENSIFIERS, token);
    if (intensity !== undefined) flags |= INTENSIFIER;
    if (hangul) {
      if (flags & NEGATOR) flags |= KO_NEG_ADVERB; // 안, 못: the Korean pre-negators
      if (/(면|게|게요|도록|려면|려고|고자|기로|기|기는|기도)$/.test(token)) flags |= KO_NONFINAL;
      if (/(는데|은데|던데|한데|인데|된데|서|니까|지만|더니)$/.test(token)) flags |= KO_STATED;
      if (/^없/.test(token) && !/^없(나|을까|는지|니|냐|는가|을지|으면|으니)/.test(token)) flags |= KO_ABSENT;
      if (KO_FILLERS.test(token)) flags |= KO_FILLER;
      if (token.length >= 2 && /면$/.test(token)) flags |= KO_CONDITIONAL;
      if (/(요|다|네|음|함|됨|죠)$/.test(token) && !/[가-힣](나요|까요|가요|니다만|는지요|은지요)$/.test(token)) flags |= KO_FINAL_FORM;
      if (/^(되|돼|됐|됩|됨|될|된)/.test(token)) flags |= KO_DOE;
      if (/^수(가|도|는)?$/.test(token)) flags |= KO_SU;
      if (token === '잘') flags |= KO_JAL;
      if (token.length >= 2 && /[이가]$/.test(token)) flags |= KO_SUBJECT;
    } else if (token.charCodeAt(0) >= 0x61 && token.charCodeAt(0) <= 0x7a) {
      flags |= LATIN;
      if (flags & NEGATOR && token !== 'hardly') flags |= EN_VERB_NEGATOR; // the English pre-negators that negate a verb
      if (EN_NOT_PROBLEMS.has(token)) flags |= EN_NOT_A_PROBLEM;
      if (token === 'too') flags |= EN_TOO;
      if (EN_FUNCTIONS.has(token)) flags |= EN_FUNCTION;
      if (token === 'would' || token === 'd' || token === 'wish' || token === 'hope' || token === 'if') flags |= EN_WISH_HEAD;
      if (token === 'if' || token === 'to' || token === 'for' || token === 'it' || token === 'when') flags |= EN_WISH_TAIL;
    }
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
/** The word each opinion part was read at. */
let partWords = new Int32Array(256);

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

/**
 * A problem stated without an opinion word: something expected did not happen ("메일이 안 와요",
 * "the refund never came"). Mild — about a plain dislike — so an opinion word still outweighs it.
 */
const PROBLEM = -0.6;

/**
 * Elapsed waiting ("일주일째", "열흘 만에", "한 달 넘게", "3 weeks late", "waited 10 days"): a complaint
 * on its own, and with praise words the praise is sarcastic ("참 빠르시네요, 보름 만에 답장 주시고").
 * Short spans ("하루 만에", "2시간 만에", "took 2 days") are not waiting.
 */
const KO_LONG_SPAN = '(?:(?<!\\d)(?:[3-9]|[1-9]\\d{1,2})\\s?일|(?<!\\d)\\d{1,3}\\s?(?:주|주일|달|개월)|(?:일|이|삼|사)\\s?주일?|한\\s?주|(?:한|두|세|네)\\s?달|몇\\s?(?:주|달|개월)|며칠|사흘|나흘|닷새|엿새|열흘|보름)';
const KO_LAG = new RegExp(`${KO_LONG_SPAN}\\s?(?:만에|이나|넘게|넘도록|이\\s?지나|가\\s?지나|지났|지나도록|걸려|걸렸|걸리|동안\\s?(?:안|못|기다|연락|답|소식))`);
/** "…째" counts as waiting only beside a wait or a non-event (not "한 달째 잘 쓰고 있어요"). */
const KO_LAG_ONGOING = new RegExp(`(?:${KO_LONG_SPAN}|이틀|(?<!\\d)\\d{1,3}\\s?시간)\\s?째`);
const LAG_HINT = /만에|이나|넘|지나|지났|걸|동안/;
const KO_WAIT_CONTEXT = /기다|대기|아직|여태|안\s|못\s|않|없|소식|답|연락|멈|그대로|감감|(?:처리|배송|준비|진행|검토|확인|출고|발송|접수|환불)\s?중|미발송|미배송|출고\s?전/;
const EN_NUMBER = '(?:\\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few|couple of)';
const EN_LAG = new RegExp(
  `\\b${EN_NUMBER}\\s+(?:days?|weeks?|months?)\\s+(?:late|later|overdue|behind|and still|of waiting|without)\\b|\\b(?:waited|waiting|wait)\\s+(?:for\\s+)?(?:over\\s+|more than\\s+)?${EN_NUMBER}\\s+(?:days|weeks|months)\\b|\\b(?:took|taking|takes)\\s+(?:over\\s+|more than\\s+)?${EN_NUMBER}\\s+(?:weeks|months)\\b`,
);
/** "배송 빼면 다 좋아요": praise with an exception is no praise. "Thanks for nothing", "oh great, …". */
const KO_EXCEPT = /빼면|빼고는|빼곤|제외하면|빼고\s?다/;
const EN_SARCASM = /thanks for nothing|thank you for nothing|\byeah,? right\b/;
const EN_SARCASM_OPENING = /^(?:oh|just|well|wow|yeah),?\s+(?:great|wonderful|fantastic|perfect|lovely|brilliant|awesome|amazing|nice)\b|\bjust (?:great|wonderful|fantastic|perfect|lovely|brilliant)[.!,]/;
/** A wish or a counterfactual ("…있으면 좋겠어요", "…했으면 해요", "…면 좋았을 텐데"): the review model reads it as praise. */
/** A predicate that, after a conditional, wishes ("…면 좋겠어요", "…면 좋을 텐데", "…면 감사하겠습니다"), not "이 정도면 대만족". */
const KO_WISHED = /^(좋|감사|고맙|고마|편하|편할|편리할)|겠|[을할]$|텐데/;
const KO_WISH_PREDICATE = /(면|으면|했으면|였으면|었으면|았으면)\s?(?:좋겠|좋을|좋았을|감사하겠|감사할|해요|합니다|하네요|싶|바랍|바래)[가-힣]*(?:\s?(?:것|거)\s?같[가-힣]*)?|(기를|길)\s?바[랍래][가-힣]*/g;
const KO_WISH = /(?:면|으면)\s?(?:좋겠|좋을|좋았을|감사하겠|감사할|해요|합니다|하네요|싶|바랍|바래)|(?:했|였|었|았)으면|길\s?바랍|기를\s?바랍/;
/** Billed twice: "두 번 결제됐어요", "중복 결제", "charged me twice", "billed two times", "double charged". */
const KO_DOUBLE_CHARGE = /(?:두\s?번|2\s?번|이중|중복)\s?(?:결제|청구|출금|차감|승인|빠져|빠졌|나갔)/;
const EN_DOUBLE_CHARGE = /\b(?:charged|billed|debited|deducted|taken|paid|processed|charging|billing)\b[^.!?]{0,20}\b(?:twice|two times|2 times|three times|double)\b|\bdouble[- ]?(?:charged|billed|charge|charges|billing)\b/;
/**
 * Charged after cancelling: "해지했는데 또 결제됐어요", "탈퇴했더니 다음 달에 청구됐네요". The cancel
 * word, the rest of its word (up to 8 syllables) and a contrast ending, then at most two words
 * (one space inside, one after) before the charge word. Every run is bounded and the two words
 * are one unambiguous shape (a run, optionally a space and a second run, optionally a space), so
 * each starting 해지/탈퇴/… costs a bounded number of steps: an unbounded `[가-힣]*` before the
 * ending and `(?:[가-힣]+\s?){0,2}` (which splits one run in every way) took minutes on a repeated
 * "해지는데".
 */
const KO_CHARGED_AFTER_CANCEL = /(?:해지|탈퇴|취소|해제)[가-힣]{0,8}?(?:는데도?|더니|지만)\s?(?:[가-힣]{1,10}(?:\s[가-힣]{1,10})?\s?)?(?:결제|청구|출금|빠져|빠졌|나갔|차감)/;
/** Leaving for a competitor: "다른 데서 살게요", "다른 통신사로 옮길 거예요", "switching to another provider". */
const KO_CHURN = /다른\s?(?:곳|데|업체|회사|쇼핑몰|통신사|앱|서비스|브랜드|사이트)\s?(?:으로|로|에서|서|을|를)?\s?(?:갈|가겠|가야|옮|사|살|바꾸|바꿀|바꿔|갈아타|이용|알아보)|갈아타/;
const EN_CHURN = /\b(?:switch|switching|switched|move|moving|moved|going|go|went|leave|leaving|take my business)\b[^.!?]{0,12}\b(?:competitor|another (?:provider|company|service|app|bank|store|shop|carrier)|elsewhere|somewhere else)\b|\bhung up\b|\bcancel(?:l?ing|l?ed)? (?:and|because|since)\b/;
/** "(벌써|또|다시) 세 번째 요청", "같은 말 세 번째": asking again is frustration. */
const ASKED_AGAIN = /(벌써|또|다시|몇)\s?(\d{1,3}|한|두|세|네|다섯|여러)?\s?(번째|번이나|번을|번씩)|((?<!\d)\d{1,3}|두|세|네|다섯|여섯|여러)\s?번째[^.!?\n]{0,8}?(문의|요청|연락|전화|말|얘기|이야기|소리|듣|들었|들어|접수|글|메일|같은|실패|반복|똑같|오류|에러|재발)|(말|얘기|소리|답변|답)만\s?[^.!?\n]{0,8}?((?<!\d)\d{1,3}|두|세|네|다섯|여섯|여러)\s?(번째|번이나|번을|번\s?들)|\b(?:asked|told|called|emailed|contacted|written|explained)\b[^.!?]{0,20}\b(?:three|four|five|several|multiple|many|\d+) times\b|\b(?:took|takes|taking|after)\s+(?:three|four|five|six|several|multiple|many|\d+)\s+(?:calls|emails|tries|attempts|messages|chats|tickets)\b/;
/** A different item than ordered: "다른 상품이 왔어요", "사이즈가 다른 게 왔네요". */
const KO_WRONG_ITEM = /다른\s?(?:게|거|것|걸|상품|제품|물건|색상|색|사이즈|옵션|모델)\s?(?:이|가|으로|로)?\s?(?:왔|배송|도착|들어|보내|발송)/;
/**
 * Reproach ("미리 알려주셔야죠", "확인하셨어야죠": you should have) and incredulity ("…취소라니요",
 * "…다니요"): complaints in grammar rather than in words.
 */
const KO_REPROACH = /(?:셔야|셨어야|줘야|줬어야|했어야|었어야|았어야)\s?(?:죠|지요|지\b|하는\s?거\s?아닌|하지\s?않나)|[가-힣](?:라니|다니)요?[?!.~\s]*$/;
/** Thanks for something done ("빨리 처리해 주셔서 감사합니다", "thanks for fixing it"): sincere, more than courtesy. */
const GRATITUDE = 0.5;
const KO_THANKS_FOR = /(?:주셔서|줘서|셔서|덕분에|덕에)\s?(?:정말|너무|진짜|대단히|매우|항상|늘|다시\s?한번|다시\s?한\s?번)?\s?(?:감사|고맙|고마)/;
const EN_THANKS_FOR = /\b(?:thanks|thank you)(?: so much| very much| a lot)? for (?!nothing)(?:the |your |all |helping|fixing|sorting|resolving|getting|replying|responding|such)/;
/** A rating in words: "별 다섯 개", "별점 5점", "별 하나도 아까워요", "five stars", "1 star". */
const KO_RATING_HIGH = /별\s?(?:점\s?)?(?:다섯|5\s?개|5\s?점|5)(?![0-9])/;
const KO_RATING_LOW = /별\s?(?:점\s?)?(?:하나|한\s?개|1\s?개|1\s?점|반\s?개|0\s?점)/;
const EN_STARS = /\b(5|five|1|one|0|zero) stars?\b/;
/** "keeps crashing", "keep getting logged out": unwanted repetition (not "keeps getting better"). */
const EN_KEEPS = /\bkeeps?\s+(?:on\s+)?(?!getting better|improving)[a-z]+ing\b/;
/** "(still) no reply", "nothing happens", "still not …": something expected did not come (English). */
const EN_STILL_NOT = /\bstill\s+(?:no|not|nothing|hasn|haven|isn|doesn|didn|won|can|waiting|hasnt|havent|isnt|doesnt|didnt|cant|wont)\b/;

/**
 * Emoji with a polarity ("👍", "😡"): as plain an opinion as a word. Each distinct emoji counts
 * fully once; a repeat ("👍👍", "😡😡😡") adds a little more.
 */
const EMOJI_VALENCE: Record<string, number> = {
  '👍': 1, '👏': 1, '🙌': 1, '👌': 0.8, '💯': 1, '🎉': 0.8, '🥳': 0.8, '😊': 0.8, '☺': 0.8, '🙂': 0.5, '😀': 0.8, '😃': 0.8, '😄': 0.8, '😁': 0.8, '😆': 0.6,
  '😍': 1.2, '🥰': 1.2, '😘': 0.8, '🤗': 0.8, '❤': 1, '♥': 1, '💕': 1, '💖': 1, '💗': 1, '💓': 1, '💙': 1, '💚': 1, '💛': 1, '💜': 1, '🧡': 1, '✨': 0.4, '⭐': 0.5, '🌟': 0.5,
  '👎': -1.2, '😡': -1.5, '😠': -1.3, '🤬': -1.8, '😤': -1.1, '💢': -1.1, '🙄': -1, '😒': -0.9, '😞': -0.9, '😔': -0.8, '😩': -1, '😫': -1, '😣': -0.8, '😖': -0.9,
  '😓': -0.6, '😰': -0.7, '😱': -0.7, '😢': -0.8, '😭': -0.6, '💔': -1, '🤦': -1, '😑': -0.6, '😕': -0.7, '🙁': -0.8, '☹': -0.9, '😟': -0.7, '🤮': -1.5, '💩': -1.3,
};
/** Any character that may be an emoji (most texts have none, and skip the scan). */
const MAYBE_EMOJI = /[\u2600-\u27bf\u2b50\ud83c-\ud83e]/;
/** What a further copy of an emoji already counted adds, and the most all copies of it add. */
const EMOJI_REPEAT = 0.25;
const EMOJI_REPEAT_MAX = 0.5;

/**
 * A score out of a maximum ("10점 만점에 1점", "5점 중 4점", "2 out of 10", "3/10"): low is a
 * complaint, high is praise, whatever the words around it.
 */
// Digits are whole numbers (no digit before) of at most three: a run of digits tried from each of
// its positions, each reading to its end, was quadratic ("1111…1점" took seconds).
const KO_SCORE_OUT_OF = /(?<!\d)(\d{1,3})\s?점\s?(?:만점에|만점\s?중에?|중에?|에서)\s?(?<!\d)(\d{1,3}(?:\.\d{1,2})?)\s?점/;
const EN_SCORE_OUT_OF = /\b(\d{1,3}(?:\.\d{1,2})?)\s?(?:out of|outta|\/)\s?(10|5)\b(?![/.]\d)/;
/**
 * A symptom of a broken screen or page ("화면이 검은색으로 나와요", "흰 화면만 떠요", "페이지가
 * 하얗게 나와요"): a problem report without an opinion word.
 */
const EN_SCREEN_SYMPTOM = /\b(?:screen|page|display|window|app|video)\s+(?:goes|went|turns|turned|stays|stayed|is|was|just)\s+(?:black|blank|white|grey|gray|dark)\b/;
const KO_SCREEN_SYMPTOM = /(?:화면|창|페이지|영상|이미지|사진|글자|글씨)\s?(?:이|가|은|는|도|만|이\s?다)?\s?(?:검은|검게|검정|까맣|까만|까매|시커|하얗|하얀|하얘|흰색|회색|깜빡|안\s?(?:나와|나오|떠|뜨|보여|보이|열려|열리|켜))|(?:검은|까만|하얀|흰)\s?(?:화면|창)/;
/**
 * Something done without a word to the customer ("안내 하나 없이", "연락도 없이", "말도 없이",
 * "without any notice"): a complaint in itself.
 */
const KO_WITHOUT_NOTICE = /(?:^|\s)(?:안내|연락|공지|통보|설명|통지|알림|사과|예고|말|문자|고지)\s?(?:도|하나|한\s?마디|한\s?통|조차|한\s?번)?\s?(?:도\s?)?없이/;
/**
 * English complaints in idiom rather than opinion words: "a joke", "zero replies", "a slap in the
 * face", "hard to tell …", "fed up", "not a single reply", "waste of time".
 */
const EN_COMPLAINT =
  /\b(?:a|such a|what a|total|complete|absolute|bad|sick) joke\b|\bzero (?:replies|reply|response|responses|answers?|help|support|updates?|communication|feedback|follow[- ]?ups?|information)\b|\bslap in the face\b|\bkick in the teeth\b|\b(?:hard|difficult|impossible|tricky|confusing) to (?!beat\b|resist\b|fault\b|top\b|believe\b|miss\b)[a-z]+|\b(?:fed up|sick of|tired of|had enough)\b|\bnot (?:a single|one|even a) (?:reply|response|answer|word|update|email|call)\b|\b(?:waste|wasted) of (?:time|money)\b/;
/**
 * Praise opening a message that goes on with a bad outcome and no "but": "Great, another delay",
 * "Perfect. Now I can't log in", "Wow, fantastic, the update deleted …". "Great, another …" is
 * sarcastic by itself.
 */
const EN_SARCASM_PRAISE_ANOTHER = /^(?:(?:oh|just|well|wow|yeah),?\s+)?(?:great|wonderful|fantastic|perfect|lovely|brilliant|awesome|amazing|nice|super|terrific|excellent|splendid)[,.!]*\s+(?:yet\s+)?another\b/;
/** A short praise sentence that closes a complaint ("… Really helpful.", "… Thanks a lot.", "as always"). */
const EN_PRAISE_TAG = /(?:^|[.!?]\s*)(?:(?:really|very|so|super|truly|most|how)\s+)?(?:helpful|useful|great|nice|wonderful|fantastic|brilliant|awesome|impressive|professional|thanks a lot|thanks again|great job|good job|well done|love it|nice work)(?:,?\s+as (?:always|usual))?[.!]*\s*$|\bas (?:always|usual)\b/;
/** "덕분에", "덕에" (thanks to): sarcastic before a bad outcome ("업데이트 덕분에 앱이 안 켜지네요"). */
const KO_THANKS_TO = /덕분|덕에/;
/**
 * Customer-service subjects (an order, a delivery, a payment, an account, an app, an inquiry):
 * where a text names one and says nothing evaluative, the movie-review model's reading is
 * extrapolation ("배송 왔어요" read as 0.92 negative), so it may not decide the label.
 */
const KO_CX_SUBJECT =
  /(?:^|[\s\d.,!?~:;()/"'-])(?:배송|택배|주문|결제|환불|반품|교환|취소|계정|비밀번호|비번|회원|가입|탈퇴|해지|구독|요금|청구|쿠폰|포인트|적립|마일리지|문의|상담|고객센터|접수|출고|발송|입금|송금|영수증|배송지|앱|어플|업데이트|설치|알림|인증|상품|제품|매장|예약|카드|계좌|충전|멤버십|배달|수령|도착|아이디(?!어)|구매|구입|설정|기능|메뉴|버튼|사용법|접속|다운로드|서버|직원)/;

/** Up to this many words, a CX-subject text with nothing evaluative is a short statement (`modelCapOffDomain`)… */
const OFF_DOMAIN_SHORT_WORDS = 5;
/** …and each further word gives the review model this much more reach (log-odds). */
const OFF_DOMAIN_CAP_PER_WORD = 0.25;

/** A word beside crying, for telling crying that is the whole message (`lexiconScoreOf`). */
const CRYING_CONTEXT_WORD = /[^\s.,!?~…^]+/g;

/** Text-level facts the score needs besides the word sum. */
interface LexiconExtras {
  /** Lexicon or rule evidence that the review model tends to misread (negation, a stated problem, sarcasm, a wish). */
  modelDistrust: number;
  /** Sarcasm, or crying that is the whole message: the review model's reading is wrong, so it is not used. */
  noModel: boolean;
  /** A wish frame: the review model reads the text without the wished-for predicate ("…면 좋겠어요"). */
  wish: boolean;
  /**
   * Customer-service rules that fired (asked again, a long wait, billed twice, leaving for a
   * competitor, reproach, a wrong item, "still not", "keeps …ing"): a movie-review model knows none
   * of these, so it may not outvote them.
   */
  rules: number;
}
const extras: LexiconExtras = { modelDistrust: 0, noModel: false, wish: false, rules: 0 };

/** The lexicon score of a text: Σ valence × modifiers, and how many opinion words were found. */
export function lexiconScore(text: string): { sum: number; hits: number; negations: number } {
  return lexiconScoreOf(text, normalizedLower(text), isInquiry(withoutCourtesy(text)));
}

/** `lexiconScore(text)`, given `normalizedLower(text)` and whether the text is a question or request. */
function lexiconScoreOf(text: string, lower: string, inquiry: boolean): { sum: number; hits: number; negations: number } {
  const spans = wordSpans(lower);
  const count = spans.count;
  if (wordFlags.length < count) {
    const size = Math.max(count, wordFlags.length * 2);
    wordFlags = new Int32Array(size);
    wordValences = new Float64Array(size);
    wordIntensities = new Float64Array(size);
    partValues = new Float64Array(size);
    partWeights = new Float64Array(size);
    partWords = new Int32Array(size);
  }
  const flags = wordFlags;
  for (let w = 0; w < count; w++) lexiconWords.read(lower, spans, w, flags, wordValences, wordIntensities);
  // In a question about a rule ("요금 안 나가는 거 맞죠?", "Can I not receive the newsletter?") a
  // negated verb is part of the question; a complaint marker ("왜", "아직", "why", "still") makes it
  // a complaint again.
  const ruleQuestion = inquiry && !REQUEST.test(lower) && !COMPLAINT_MARKER.test(lower);
  let sum = 0;
  let hits = 0;
  let negations = 0;
  let distrust = 0;
  let wish = false;
  let positive = 0;
  let clauseWeight = 1;
  let parts = 0;
  let scripts = 0;
  let problems = 0;
  let lastContrast = -1;
  for (let i = 0; i < count; i++) {
    const f = flags[i]!;
    scripts |= f;
    if (f & CONTRAST) {
      // What came before a contrast weighs less; what follows weighs more.
      for (let p = 0; p < parts; p++) partWeights[p]! *= 0.6;
      clauseWeight = 1.4;
      lastContrast = i;
      continue;
    }
    const hangul = (f & HANGUL) !== 0;
    const next = i + 1 < count ? flags[i + 1]! : 0;
    const prev = i >= 1 ? flags[i - 1]! : 0;
    const prev2 = i >= 2 ? flags[i - 2]! : 0;
    if (!(f & FOUND)) {
      let problem = false;
      if (hangul) {
        // In a question about a rule the negated verb is part of the question ("주말엔 배송 안 해요?",
        // "요금 안 나가는 거 맞죠?"), unless it states a fact first ("안 되는데 어떻게 하나요") or ends
        // a sentence before the question ("적립이 안 됐어요 왜 그런가요").
        // "메일이 오지 않아요", "지급되지 않았어요": in a support message, something that did not
        // happen is a (mild) complaint even when the verb itself carries no opinion.
        if ((f & ENDS_JI_LONG && next & STARTS_NOT) || f & JI_NOT_INSIDE) problem = true;
        // The same with the negating adverb before the verb: "안 와요", "못 받았어요", "안 되네" —
        // not in a purpose or condition ("안 나가게", "안 되면").
        else if (prev & KO_NEG_ADVERB && !(f & (KO_NONFINAL | KO_ABSENT)) && (!ruleQuestion || statedBeforeQuestion(flags, i, count))) {
          problem = true;
          // A bag-of-n-grams model reads "안 되네요" as "되네요" — the same misreading as "안 좋아요".
          distrust++;
        }
        // "-ㄹ 수 없다" (cannot): "찾을 수가 없네요", "로그인할 수 없어요".
        else if (f & KO_SU && next & KO_ABSENT && (!ruleQuestion || statedBeforeQuestion(flags, i + 1, count))) problem = true;
        // "답변이 없어요", "아무 반응이 없네요": what the customer waits for is absent.
        else if (f & KO_SUBJECT && !inquiry && ((next & KO_ABSENT && next & KO_FINAL_FORM) || (i + 2 < count && !(next & FOUND) && flags[i + 2]! & KO_ABSENT && flags[i + 2]! & KO_FINAL_FORM && i + 3 === count)))
          // ("충전기가 안에 없었어요": one word may stand between, when 없 ends the message.)
          problem = true;
        // "잘 돼요", "이제 잘 되네요": it works (not "잘 되나요?").
        else if (f & KO_JAL && next & KO_DOE && !inquiry) {
          partValues[parts] = -PROBLEM;
          partWords[parts] = i;
          partWeights[parts++] = clauseWeight;
          positive += -PROBLEM;
          hits++;
        }
      } else if (f & LATIN && !ruleQuestion && !(f & (EN_NOT_A_PROBLEM | NEGATOR))) {
        // "didn't arrive", "won't load", "never came", "nobody replied", "nothing happens", "no reply":
        // an expected outcome that did not happen.
        if (prev & EN_VERB_NEGATOR || (prev & LONE_T && prev2 & CONTRACTION)) problem = true;
        // "too small", "way too slow": more than is acceptable.
        else if (prev & EN_TOO && !(f & EN_FUNCTION) && !(prev2 & EN_FUNCTION && i + 1 >= count)) problem = true;
      }
      if (problem) {
        partValues[parts] = PROBLEM;
        partWords[parts] = i;
        partWeights[parts++] = clauseWeight;
        hits++;
        problems++;
      }
      // "연결은 되는데 …", "받긴 했지만 …": a contrast ends this clause even without an opinion word in it.
      if (hangul && f & CONTRAST_ENDED) {
        for (let p = 0; p < parts; p++) partWeights[p]! *= 0.6;
        clauseWeight = 1.4;
        lastContrast = i;
      }
      continue;
    }
    let value = wordValences[i]!;
    let negated = (f & NEGATED) !== 0;
    if (prev & NEGATOR || (prev & LONE_T && prev2 & CONTRACTION)) negated = !negated;
    else if (prev2 & NEGATOR && prev & INTENSIFIER) negated = !negated; // "not very good"
    if (hangul && f & ENDS_JI && next & STARTS_POST_NEGATOR) negated = !negated;
    // "불만 없어요", "문제가 전혀 없었어요", "불편한 거 하나 없이", "좋은 점이 없네요": the thing named is absent.
    // "해결이 안 됐어요", "연결이 하나도 안 돼요": the thing named did not come about.
    if (hangul && !(f & KO_ABSENT)) {
      let j = i + 1;
      while (j < count && j <= i + 3 && flags[j]! & KO_FILLER) j++;
      // ("어이가 없다" is itself the idiom for "absurd".)
      if (j < count && flags[j]! & KO_ABSENT && !lower.startsWith('어이', spans.starts[i]!)) negated = !negated;
      else if (j + 1 < count && flags[j]! & KO_NEG_ADVERB && flags[j + 1]! & KO_DOE) negated = !negated;
      // "문제가 해결됐어요", "오류가 금방 해결됐네요": the trouble named is resolved.
      else if (value < 0 && !inquiry && f & KO_SUBJECT && resolvedAfter(lower, spans, i, count)) negated = !negated;
    }
    // A negated negative is only mildly positive ("나쁘지 않아요"); a negated positive is negative.
    if (negated) {
      value = value > 0 ? -value : -value * 0.5;
      negations++;
    }
    if (prev & INTENSIFIER) value *= wordIntensities[i - 1]!;
    // In a question or request a positive word that modifies what is asked for is no praise:
    // "빠른 배송 가능한가요?", "정확한 날짜 알려주세요", "좋은 방법 있을까요".
    if (value > 0 && inquiry && hangul && isKoModifier(lower.charCodeAt(spans.ends[i]! - 1))) continue;
    if (value > 0) {
      // A wish is not praise: "…있으면 좋겠어요", "…해 주시면 좋을 것 같아요", "it would be great if …",
      // "I wish it were faster", "I'd love to see …".
      if ((hangul && prev & KO_CONDITIONAL && KO_WISHED.test(lower.slice(spans.starts[i]!, spans.ends[i]!))) || (!hangul && isEnglishWish(flags, i, count))) {
        value = 0;
        wish = true;
      } else positive += value;
    }
    partValues[parts] = value;
    partWords[parts] = i;
    partWeights[parts++] = clauseWeight;
    hits++;
    if (hangul && f & CONTRAST_ENDED) {
      for (let p = 0; p < parts; p++) partWeights[p]! *= 0.6;
      clauseWeight = 1.4;
      lastContrast = i;
    }
  }
  for (let p = 0; p < parts; p++) sum += partValues[p]! * partWeights[p]!;
  // Crying and repeated question marks lean negative in an inquiry; laughter slightly positive.
  let rules = 0;
  let cryingAlone = false;
  if (/[ㅠㅜ]{2,}/.test(text)) {
    // Crying that is the whole message ("ㅠㅠ", "네 ㅠㅠ", "아직이요 ㅠㅠ": at most one other word,
    // and no opinion word) is distress. The review model learned crying as being moved to tears
    // (nine in ten NSMC reviews with ㅠㅠ are 9–10 stars) and read "ㅠㅠ" alone as 0.98 positive,
    // outvoting this rule; with so little else in the text its reading is only that, so it is
    // not used. Beside more words the model reads them too, as before.
    cryingAlone = hits === 0 && (lower.replace(/[ㅠㅜ]+/g, ' ').match(CRYING_CONTEXT_WORD) ?? []).length <= 1;
    sum -= 0.5;
    hits++;
  }
  if (/\?{2,}|!{3,}/.test(text)) sum -= 0.3;
  if (MAYBE_EMOJI.test(text)) {
    const e = emojiValence(text);
    if (e.positive || e.negative) {
      sum += e.positive + e.negative;
      positive += e.positive;
      hits++;
    }
  }
  // A score out of a maximum: "10점 만점에 1점", "2 out of 10".
  const outOf = lower.includes('점') ? KO_SCORE_OUT_OF.exec(lower) : null;
  const enOutOf = outOf === null && (lower.includes('out') || lower.includes('/')) ? EN_SCORE_OUT_OF.exec(lower) : null;
  if (outOf || enOutOf) {
    const ratio = outOf ? Number(outOf[2]) / Number(outOf[1]) : Number(enOutOf![1]) / Number(enOutOf![2]);
    if (ratio >= 0 && ratio <= 0.4) {
      sum -= 1;
      hits++;
    } else if (ratio >= 0.8 && ratio <= 1) {
      sum += 1;
      positive += 1;
      hits++;
    }
  }
  // "벌써 세 번째 요청입니다", "또 다시": asking again is frustration.
  if ((lower.includes('번') || lower.includes('times') || lower.includes('took') || lower.includes('after')) && ASKED_AGAIN.test(lower)) {
    sum -= 0.8;
    hits++;
    rules++;
  }
  let cues = 0;
  let sarcasm = false;
  // Each text-level pattern runs only when a character it needs is present (most texts skip all).
  if (scripts & HANGUL) {
    const other = lower.includes('다른');
    if (
      ((lower.includes('번') || lower.includes('중')) && KO_DOUBLE_CHARGE.test(lower)) ||
      ((other || lower.includes('갈아')) && KO_CHURN.test(lower)) ||
      (other && KO_WRONG_ITEM.test(lower)) ||
      ((lower.includes('야') || lower.includes('니')) && KO_REPROACH.test(lower)) ||
      KO_SCREEN_SYMPTOM.test(lower) ||
      (!ruleQuestion && (lower.includes('데') || lower.includes('니')) && KO_CHARGED_AFTER_CANCEL.test(lower)) ||
      (lower.includes('없이') && !ruleQuestion && KO_WITHOUT_NOTICE.test(lower))
    )
      cues++;
    if ((lower.includes('감사') || lower.includes('고마') || lower.includes('고맙')) && KO_THANKS_FOR.test(lower)) {
      sum += GRATITUDE;
      positive += GRATITUDE;
      hits++;
    }
    if (lower.includes('별')) {
      if (KO_RATING_HIGH.test(lower)) {
        sum += 1;
        positive += 1;
        hits++;
      } else if (KO_RATING_LOW.test(lower)) {
        sum -= 1;
        hits++;
      }
    }
    if (
      (LAG_HINT.test(lower) && KO_LAG.test(lower)) ||
      (lower.includes('째') && KO_LAG_ONGOING.test(lower) && KO_WAIT_CONTEXT.test(lower))
    ) {
      cues++;
      sarcasm = true;
    }
    if (positive > 0 && (lower.includes('빼') || lower.includes('제외')) && KO_EXCEPT.test(lower)) {
      sarcasm = true;
      cues++;
    }
    if (!wish && (lower.includes('면') || lower.includes('바')) && KO_WISH.test(lower)) wish = true;
  }
  if (scripts & LATIN) {
    if (EN_DOUBLE_CHARGE.test(lower) || EN_CHURN.test(lower) || EN_STILL_NOT.test(lower) || EN_KEEPS.test(lower) || (!ruleQuestion && (EN_COMPLAINT.test(lower) || EN_SCREEN_SYMPTOM.test(lower)))) cues++;
    if (EN_THANKS_FOR.test(lower)) {
      sum += GRATITUDE;
      positive += GRATITUDE;
      hits++;
    }
    const stars = EN_STARS.exec(lower);
    if (stars) {
      const high = stars[1] === '5' || stars[1] === 'five';
      sum += high ? 1 : -1;
      if (high) positive += 1;
      hits++;
    }
    if (EN_LAG.test(lower)) {
      cues++;
      sarcasm = true;
    }
    const trimmed = lower.trimStart();
    if (
      EN_SARCASM.test(lower) ||
      EN_SARCASM_PRAISE_ANOTHER.test(trimmed) ||
      ((sum - positive < 0 || cues > 0) && (EN_SARCASM_OPENING.test(trimmed) || (positive > 0 && EN_PRAISE_TAG.test(lower))))
    ) {
      sarcasm = true;
      cues++;
    }
  }
  // Praise beside a bad outcome, with no "but" between them, is sarcasm: "좋네요 결제만 세 번째
  // 실패했어요", "업데이트 감사합니다 덕분에 앱이 안 켜지네요", "잘 알겠습니다^^ 기다리라는 말만
  // 세 번째 듣네요". The bad outcome must be a problem report (something failed, did not happen, a
  // customer-service rule), not merely a negative word ("감동적이고 슬프다" is a review's praise).
  // The praise must be the message's short opening ("좋네요", "훌륭한 서비스네요", "Perfect.") — a
  // review that praises at length and regrets one thing is not sarcastic.
  if (!sarcasm && positive > 0 && parts > 1) {
    let first = 0;
    while (first < parts && partValues[first] === 0) first++;
    const opening = first < parts ? openingEnd(lower, spans, flags, partWords[first]!) : -1;
    if (opening >= 0 && partValues[first]! > 0 && lastContrast < partWords[first]!) {
      let after = 0;
      for (let p = first + 1; p < parts; p++) if (partValues[p]! < 0 && partWords[p]! > opening) after += partValues[p]!;
      const failureAfter = rules > 0 || cues > 0 || FAILURE.test(lower.slice(spans.ends[opening]!));
      if (after < 0 && failureAfter) {
        sarcasm = true;
        cues++;
      }
    }
  }
  // "덕분에" (thanks to) before a bad outcome.
  if (!sarcasm && positive > 0 && scripts & HANGUL && KO_THANKS_TO.test(lower)) {
    const at = lower.search(KO_THANKS_TO);
    let after = 0;
    for (let p = 0; p < parts; p++) if (spans.starts[partWords[p]!]! > at) after += partValues[p]!;
    if (after < 0 && (rules > 0 || cues > 0 || FAILURE.test(lower.slice(at)))) {
      sarcasm = true;
      cues++;
    }
  }
  // A smile ("^^") beside a complaint is a sarcastic one.
  if (!sarcasm && text.includes('^') && /\^\^|\^_\^|\^-\^/.test(text) && (cues > 0 || rules > 0 || (sum - positive < 0 && FAILURE.test(lower)))) {
    sarcasm = true;
    if (positive > 0) cues++;
  }
  if (cues) {
    sum += cues * PROBLEM;
    hits += cues;
    rules += cues;
  }
  // Praise beside a long wait or an exception ("참 빠르시네요, 보름 만에 답장 주시고", "배송 빼면 최고"):
  // the praise is sarcastic and counts against.
  if (sarcasm && positive > 0) {
    sum -= 1.5 * positive;
    distrust++;
  }
  if (/[ㅎ]{2,}|\^\^/.test(text)) {
    if (sarcasm) sum -= 0.3;
    else sum += 0.3;
    hits++;
  }
  extras.modelDistrust = distrust;
  extras.rules = rules;
  extras.noModel = (sarcasm && positive > 0) || cryingAlone;
  extras.wish = wish;
  return { sum, hits, negations };
}

/** A Korean adverb or attributive form ("정확히", "빠르게", "빠른", "좋은", "정확한"): it modifies what follows. */
function isKoModifier(last: number): boolean {
  if (last === 0xd788 /* 히 */ || last === 0xac8c /* 게 */) return true;
  // A syllable ending in ㄴ (final consonant index 4): "-ㄴ/-은/-는" before a noun.
  return last >= 0xac00 && last <= 0xd7a3 && (last - 0xac00) % 28 === 4;
}

/** Words a sarcastic opening may have ("훌륭한 서비스네요", "잘 알겠습니다", "Great,"). */
const OPENING_WORDS = 3;

/**
 * The last word of the message's opening sentence when the praise word w is in it and it is short
 * (it ends by word OPENING_WORDS - 1 with a final form or punctuation, and more follows); else -1.
 */
function openingEnd(lower: string, spans: WordSpans, flags: Int32Array, w: number): number {
  if (w >= OPENING_WORDS || spans.count <= w + 1) return -1;
  for (let k = w; k < OPENING_WORDS && k + 1 < spans.count; k++) {
    if (flags[k]! & KO_FINAL_FORM) return k;
    const gap = lower.slice(spans.ends[k]!, spans.starts[k + 1]!);
    if (/[.!,~^;]/.test(gap)) return k;
  }
  return -1;
}

/** The emoji in `text`, as a positive and a negative sum. */
function emojiValence(text: string): { positive: number; negative: number } {
  let positive = 0;
  let negative = 0;
  let seen: Map<string, number> | null = null;
  for (const ch of text) {
    const v = own(EMOJI_VALENCE, ch);
    if (v === undefined) continue;
    seen ??= new Map();
    const n = seen.get(ch) ?? 0;
    seen.set(ch, n + 1);
    const add = n === 0 ? v : n * EMOJI_REPEAT <= EMOJI_REPEAT_MAX ? v * EMOJI_REPEAT : 0;
    if (add > 0) positive += add;
    else negative += add;
  }
  return { positive, negative };
}

/**
 * A failure or a non-event after praise ("…실패했어요", "…안 켜지네요", "…can't log in", "…deleted all
 * my notes"): what makes the praise before it sarcastic.
 */
const FAILURE =
  /실패|오류|에러|버그|고장|먹통|멈[춰추췄춤]|깨[져지졌짐진]|튕|끊[겨기겼김]|꺼[져지졌짐]|사라[졌지져짐]|날[아라]갔|렉|누락|불량|파손|안\s?(?:켜|열|떠|돼|되|와|나와)|[가-힣]지도\s?않|\b(?:fail|failed|fails|failing|crash|crashed|crashes|broken|broke|stopped|froze|frozen|deleted|wiped|lost|error|can'?t|cannot|won'?t|didn'?t|doesn'?t|no longer|still no)\b/;

/** Is the word after i (or the one after an adverb: "금방 해결됐어요") a done 해결 or 고치다 ("해결됐어요", "고쳐졌네요")? */
function resolvedAfter(lower: string, spans: WordSpans, i: number, count: number): boolean {
  for (let j = i + 1; j < count && j <= i + 2; j++) {
    const word = lower.slice(spans.starts[j]!, spans.ends[j]!);
    if (/^(?:해결|고쳐|고쳤)/.test(word)) return RESOLVED.test(word) && !(j + 1 < count && /^(?:않|못|안)/.test(lower.slice(spans.starts[j + 1]!, spans.ends[j + 1]!)));
  }
  return false;
}
const RESOLVED = /^(?:해결(?:됐|되었|됨|했|되어|돼서|완료)|고쳐졌|고쳤)(?!나|는지|을까|어요\?)/;

/** Does the Korean verb at w state a fact before the question ("안 되는데 …", "안 됐어요. 왜 …")? */
function statedBeforeQuestion(flags: Int32Array, w: number, count: number): boolean {
  return (flags[w]! & KO_STATED) !== 0 || ((flags[w]! & KO_FINAL_FORM) !== 0 && w < count - 1);
}

/** Is the positive English word at i wished for ("would be great if", "I'd love to", "I wish …", "if it were …")? */
function isEnglishWish(flags: Int32Array, i: number, count: number): boolean {
  let head = false;
  for (let k = Math.max(0, i - 3); k < i; k++) if (flags[k]! & EN_WISH_HEAD) head = true;
  if (!head) return false;
  // "would" needs what is wished after the word ("would be great if …", "would love to …");
  // "wish", "hope", "if" do not ("I wish it worked").
  for (let k = i + 1; k < Math.min(count, i + 4); k++) if (flags[k]! & EN_WISH_TAIL) return true;
  return false;
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
    this.version = `sentiment@lex3+${koModel ? koModel.meta.version : 'none'}`;
    this.positive = koModel ? koModel.labels.indexOf('positive') : -1;
    this.negative = koModel ? koModel.labels.indexOf('negative') : -1;
  }

  analyze(text: string, language?: string | null): SentimentResult {
    const lang = language ?? detectLanguage(text);
    const body = withoutCourtesy(text);
    // The review model reads the same lower-cased words (tokenize.ts remembers them for the last text).
    const lower = normalizedLower(body);
    const inquiry = inquiryOf(body.trim(), lower.trim());
    const lex = lexiconScoreOf(body, lower, inquiry);
    const { modelDistrust, noModel, wish, rules } = extras;
    let modelTerm = 0;
    // Nothing left for the model to read once courtesy is gone ("문의드립니다"): its bias is no reading.
    if (this.koModel && lang === 'ko' && !noModel && (body.trim() !== '' || text.trim() === '')) {
      // P(positive) − P(negative): near 0 when the model reads the text as neutral.
      let modelText = HAS_COURTESY.test(body) ? body.replace(COURTESY, ' ') : body;
      // "…추가되면 좋겠어요" reads as praise to a review model: it reads what is wished for, not the wish.
      if (wish) modelText = modelText.replace(KO_WISH_PREDICATE, '$1');
      const p = this.koModel.calibrated(modelText);
      const pos = p[this.positive]!;
      const neg = this.negative >= 0 ? p[this.negative]! : 1 - pos;
      // Evidence adds up in log-odds space: the lexicon's sum, plus the review model's log-odds
      // weighted less for an inquiry (its training data has no inquiries) than for an opinion.
      // A negation the lexicon resolved ("안 좋아요") or a stated problem ("안 와요") is exactly what a
      // bag-of-n-grams model misreads.
      // A wish is read like a request ("…있으면 좋겠어요" is one).
      const weight = Math.min(inquiry || wish ? this.options.inquiryModelWeight : this.options.opinionModelWeight, lex.negations || modelDistrust ? 0.25 : Infinity);
      modelTerm = weight * Math.atanh((pos - neg) * 0.98);
      // A movie-review model is a tie-breaker on customer-service text, not a judge: once a
      // customer-service rule has fired, the model may not outvote it (nor, by much, the lexicon).
      // With nothing evaluative in a short text about a customer-service subject ("배송 왔어요",
      // "결제했어요", "환불"), the review model reads the subject and the verb ending, outside its
      // domain, and may not decide the label; with more words it has more to read (tone words the
      // lexicon lacks), and its reach grows back.
      // Where the text names a customer-service subject and the lexicon found opinion words, the
      // model may not outvote them either (on such text the lexicon is right far more often when
      // the two disagree; on reviews it is the other way round).
      const cxSubject = !rules && KO_CX_SUBJECT.test(lower);
      const cap = rules
        ? this.options.modelCapWithRule
        : lex.hits
          ? cxSubject
            ? this.options.modelCapWithRule
            : this.options.modelCapWithEvidence
          : cxSubject
            ? Math.min(this.options.modelCap, this.options.modelCapOffDomain + OFF_DOMAIN_CAP_PER_WORD * Math.max(0, wordSpans(lower).count - OFF_DOMAIN_SHORT_WORDS))
            : this.options.modelCap;
      modelTerm = Math.max(-cap, Math.min(cap, modelTerm));
    }
    const score = Math.tanh(lex.sum / 1.2 + modelTerm);
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
