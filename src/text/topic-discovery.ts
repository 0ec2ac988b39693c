import { BOILERPLATE_NOUNS, BOILERPLATE_PHRASES, boilerplateSegments, edgeSegments, stripBoilerplate, stripSegments } from './dedupe.js';
import { prng } from './linear-svm.js';
import { PII_PLACEHOLDERS } from './pii.js';
import { withCommonSpellings } from './topic-discovery-spelling.js';
import { isHangulSyllable, stripKoreanSuffix, words } from './tokenize.js';

/**
 * Topic discovery: clusters texts no topic covers and names each cluster with the words that set
 * it apart (class-based TF-IDF, as BERTopic's c-TF-IDF), so an operator sees "로그인 · 오류 ·
 * 인증번호" with its size, growth and examples, and can promote it to a topic.
 *
 * Words are stems (particles and endings removed, see tokenize.ts), minus courtesy and function
 * words, adverbs and verb fragments ("바로", "보여", "하셨"), so names are nouns a person recognises
 * ("배송 지연"), not "배송이" or "문의드립니다". Redaction placeholders ("[전화번호]") and the words
 * that frame them ("연락은 [전화번호]로 주세요") are no words; a count of times ("두 번", "2번",
 * "이중", "중복") is the one word "중복", so a double charge has a handle.
 * Clustering is spherical k-means (k-means++ seeding, fixed seeds: the same input gives the same
 * clusters, best of a few runs) on TF-IDF vectors of stems and (weighted down) stem bigrams. Clusters
 * whose centres nearly coincide are merged and ones whose halves are far apart split; texts far
 * from every centre stay out (an outlier share, not forced members), and a cluster that is a mix
 * (loose, or whose lead word most members lack) is not reported.
 *
 * Boilerplate is not a topic: before the words are taken, the phrases duplicate detection ignores
 * (dedupe.ts: greetings, sign-offs) are stripped, and so are lines and sentences that recur across
 * the texts next to other content (a form header, a signature: `boilerplateSegments`). Clusters
 * whose keywords are still mostly courtesy words, or whose members mostly share a learned
 * boilerplate first or last line, are dropped. A compound written apart ("새벽 배송") is read as
 * the joined word ("새벽배송") when the texts write it joined at least as often; one they mostly
 * write apart ("배송지변경" vs "배송지 변경") as its parts. Words one channel's texts nearly all carry,
 * the other channels' rarely, beside every kind of content (an agent's call memo: "안내 후 종료",
 * "부재중 콜백") are left out of that channel's texts (`channelBoilerplateTerms`), so the memos
 * cluster by what was asked. A cluster is named by two of its keywords' words, the most distinctive
 * first, none inside the other, without an adnominal ending or particle, Korean first (`clusterName`).
 */
export interface DiscoveryInput {
  id: string;
  text: string;
  /** When the customer said it (for growth). */
  createdAt?: Date;
  /**
   * Where it came from (the item's channel, e.g. "phone"): words nearly every text of one channel
   * carries and the other channels' texts rarely do are that channel's boilerplate (an agent's call
   * memo: "안내 후 종료", "회신 예정"), not a topic (`channelBoilerplate`).
   */
  channel?: string;
}

export interface DiscoveredCluster {
  /** A short name from the top keywords, e.g. "로그인 오류", "배송지연 · 택배사" (clusterName). */
  name: string;
  keywords: string[];
  size: number;
  memberIds: string[];
  /** The members closest to the cluster centre, best first. */
  exampleIds: string[];
  /** Mean cosine similarity of members to the centre (0–1): how tight the cluster is. */
  coherence: number;
  /** Members in the last `growthDays` days and in the days before that. */
  recent: number;
  previous: number;
}

export interface DiscoveryOptions {
  /**
   * Number of clusters k-means starts from; default grows with the data: √n, between 2 and 60.
   * Clusters that turn out to be one topic are merged afterwards, so this is an upper bound.
   */
  k?: number;
  /** Smallest cluster reported. */
  minSize: number;
  /** Clusters looser than this (mean member–centre cosine) are dropped: a catch-all of unrelated texts. */
  minCoherence: number;
  /**
   * A text less similar than this (cosine) to every cluster centre is an outlier: it stays out of
   * every cluster instead of being forced into the nearest one.
   */
  outlierSimilarity: number;
  /** Two clusters whose centres are at least this similar (cosine) are one topic and merged. */
  mergeSimilarity: number;
  /**
   * Share of a cluster's members that must contain its lead keyword (or a word of it): below it the
   * keywords describe a minority and the cluster is a mix, not shown.
   */
  minSupport: number;
  /** Seeded k-means runs; the tightest is kept. */
  restarts: number;
  iterations: number;
  growthDays: number;
  now?: Date;
  seed: number;
  /** A rare misspelling of a common word is read as the word (topic-discovery-spelling.ts): clusters and names use the common spelling. */
  commonSpellings: boolean;
  /** Words of one channel's boilerplate (see `channelBoilerplateTerms`) are left out of that channel's texts. */
  channelBoilerplate: boolean;
}

export const DEFAULT_DISCOVERY_OPTIONS: DiscoveryOptions = {
  minSize: 5,
  minCoherence: 0.3,
  outlierSimilarity: 0.2,
  mergeSimilarity: 0.5,
  minSupport: 0.6,
  restarts: 3,
  iterations: 15,
  growthDays: 7,
  seed: 1,
  commonSpellings: true,
  channelBoilerplate: true,
};

/**
 * Last syllables of conjugated verbs and adjectives ("샀는데", "돼요", "알겠", "좋네"): a stem
 * ending in one is a predicate, not the noun a topic is named by.
 */
const PREDICATE_ENDINGS = new Set([...'요데고서면게지니까죠네해돼되했됐려는은을를던든야어아와워져쳐봐줘나냐래랑겠았었였며다습대합춰됨함']);

/** Words that carry no topic: courtesy, function words, generic verbs and adverbs. */
const STOPWORDS = new Set([
  '안녕하세요', '안녕', '감사합니다', '감사', '문의', '문의드립니다', '문의드려요', '부탁드립니다', '부탁', '확인', '고객', '고객님', '답변', '수고',
  '그리고', '그런데', '근데', '하지만', '그래서', '혹시', '정말', '너무', '진짜', '계속', '다시', '아직', '지금', '오늘', '어제', '내일', '이번',
  '저번', '제가', '저는', '저희', '우리', '이거', '그거', '저거', '여기', '거기', '이렇게', '그렇게', '어떻게', '언제', '어디', '무엇', '뭔가',
  '하는', '하고', '해서', '했는데', '합니다', '해요', '있는', '있어요', '있나요', '없어요', '없는', '되나요', '됩니다', '같아요', '같은', '싶어요',
  '입니다', '있습니다', '없습니다', '주세요', '해주세요', '드립니다', '좀', '더', '잘', '안', '못', '또', '왜', '이', '그', '저', '것', '수', '때',
  'the', 'and', 'for', 'you', 'your', 'with', 'this', 'that', 'have', 'has', 'was', 'are', 'not', 'but', 'can', 'please', 'hello', 'thanks',
  'thank', 'would', 'could', 'there', 'what', 'when', 'how', 'why', 'my', 'me', 'it', 'is', 'to', 'of', 'in', 'on', 'a', 'an', 'i',
]);

/**
 * Courtesy words: the words of the built-in boilerplate phrases (dedupe.ts) and a few more that
 * only frame a message. A cluster named mostly by these is about how people write, not a topic.
 */
const COURTESY = new Set<string>([
  ...[...BOILERPLATE_PHRASES, ...BOILERPLATE_NOUNS].flatMap((p) => words(p)).flatMap((w) => [w, stripKoreanSuffix(w)]),
  '항상', '늘', '이용', '이용하', '서비스', '빠른', '하루', '좋은', '주말', '되세요', '보내세요', '수고', '고생', '노고', '담당', '담당자님', '고객센터',
  'best', 'kind', 'warm', 'regards', 'sincerely', 'thanks', 'thank', 'team', 'dear', 'hello', 'hope', 'well', 'advance', 'appreciate', 'sent', 'iphone',
]);

/** Courtesy words that never name a topic, dropped from the words like stopwords. */
const COURTESY_STOPWORDS = new Set(
  [...COURTESY].filter((w) => !['확인', '처리', '연락', '질문', '문의', 'customer', 'service', 'support', 'help', 'urgent'].includes(w)).concat(['from', 'sent', 'android', 'galaxy', 'mobile']),
);
/** Both, for the per-word test. */
const DROPPED_WORDS = new Set([...STOPWORDS, ...COURTESY_STOPWORDS]);

/**
 * Redaction placeholders (pii.ts PII_PLACEHOLDERS in both languages) and the placeholder-like tags
 * other systems leave ("[주문번호]", "[URL]", "[Web발신]"), with a particle glued to them. A
 * placeholder says that the customer gave a detail, never what the message is about.
 */
const PLACEHOLDER_RE = new RegExp(
  `(?:${[...new Set(Object.values(PII_PLACEHOLDERS).flatMap((forms) => Object.values(forms)))]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[[\]\\^$.|?*+(){}]/g, '\\$&'))
    .join('|')}|\\[[가-힣A-Za-z]{0,10}(?:번호|주소|이름|성함|메일|발신|링크|코드|url|URL|ID|id)\\]|\\[[A-Z][A-Z_]{1,23}\\])` +
    '(?:으로는|으로도|으로요|으로|로는|로도|로요|로|에서|에게|한테|께서|까지|이라고|라고|이에요|예요|입니다|이고|이며|이나|이랑|이요|에|이|가|을|를|은|는|도|만|의|님|께|랑|와|과|나|요)?(?![가-힣])',
  'g',
);
/** The word a placeholder becomes while the words are read (then dropped, with its frame). */
const MASK = 'zzsorimaskzz';

/**
 * Words that only frame a contact detail ("연락은 [전화번호]로 주세요", "주문번호 [주문번호] 입니다",
 * "주문자: [이름] / 연락처: [전화번호]"): dropped when they stand next to a placeholder, kept elsewhere
 * ("주문번호 조회가 안 돼요").
 */
const FRAME_WORDS = new Set([
  '연락', '연락처', '연락번호', '전화', '전화번호', '번호', '휴대폰', '핸드폰', '휴대전화', '폰번호', '메일', '이메일', '메일주소', '주문자', '이름', '성함',
  '주문번호', '회원번호', '아이디', '계정', '계좌', '계좌번호', '카드번호', '예금주', '수령인', '받는분', '주문인', '고객명', '명의', '문자', '카톡',
  'phone', 'email', 'mail', 'name', 'contact', 'number', 'order', 'account',
]);

/**
 * Adverbs, demonstratives, interjections and verb forms the suffix rules leave as a stem ("실제로",
 * "바로", "보여", "누르", "그런가"): never what a topic is about.
 */
const FRAGMENTS = new Set([
  '실제로', '실제', '바로', '이미', '직접', '벌써', '갑자기', '자꾸', '그냥', '전에', '전이', '처음', '이런', '그런', '저런', '어떤', '무슨', '그런가', '이런가',
  '저기', '저기요', '여기요', '아무', '아무것', '아무것도', '하나도', '전혀', '아예', '완전', '되게', '엄청', '매우', '많이', '조금', '약간', '거의', '모두',
  '다들', '같이', '함께', '따로', '혹은', '또는', '만약', '대체', '도대체', '분명', '원래', '보통', '일단', '우선', '먼저', '나중', '요즘', '최근', '아직도',
  '여전히', '이제', '방금', '아까', '얼른', '빨리', '제발', '그럼', '그러면', '그래도', '근데요', '계속해서', '특히', '별로', '당연히', '확실히', '정확히',
  '적이', '일이', '때문', '때문에', '동안', '정도', '경우', '부분', '관련', '이후', '이후로', '다음', '하나', '두개', '나서', '보니', '그게', '이게', '저게',
  '뭔지', '뭐가', '어디서', '어디에', '언제쯤', '얼마나', '얼마', '어떻게든', '이렇', '그렇', '어떻', '다른', '이상하', '어렵', '몰라', '모르', '모르겠',
  '보여', '보이', '보임', '나오', '나와', '누르', '눌러', '눌렀', '들어가', '들어오', '나가', '바꿔', '알려', '받았', '받은', '받고', '했던', '하려', '하려는',
  '주셔', '해주', '해주실', '바꿔주', '바꿔주실', '알려주', '알려주실', '해줘', '해주시', '주시', '가능', '가능한가', '가능할', '싶은', '싶습니', '계신', '있던',
  '그런데도', '그런지', '여러', '개예', '거예', '게예', '안의', '안에', '고른', '이러', '그러', '저러', '때마', '빨라', '빠르', '느려', '느리', '괜찮', '간단한', '한참', '맨날', '매일', '매번', '달라', '다르', '두번째', '세번째', '첫번째', '번째', '이번주', '이번달', '저번주', '지난번', '며칠', '며칠째', '한번', '이거요', '그거요', '모르겠어', '거기요',
  '생각', '역시', '가끔', '앞으로', '얘기',
]);

/** Nouns of one syllable that name a topic ("앱", "폰", "돈"): kept, also with a particle ("앱이"). */
const ONE_SYLLABLE_NOUNS = new Set([...'앱폰돈집옷빵쌀방문값맛색책표차칸창팩캔병컵펜키']);
const GLUED_PARTICLES = new Set([...'이가은는을를에도만의로으과와랑']);
/** Syllables of a conjugated verb inside a word ("들어가버렸", "바꿔주", "하셨"): never inside a noun. */
const CONJUGATION_SYLLABLES = new Set([...'꿔줘봐쳐춰켜놔돼줬봤꿨셨렸했됐겠았었였왔졌갔겼웠쳤켰샀났렀싶않']);
/** Last syllables of a verb stem the suffix rules leave ("빠져있", "어렵", "들어왔"). */
const VERB_STEM_ENDINGS = new Set([...'셨렸왔졌갔겼있없렵웠쳤켰봤샀났렀싶않겠혀겨꿀볼갈올줄낼릴받꾸옵']);

/** Counting words after 두/세/2/3 ("두 번", "2번", "두 건", "2회"): the same thing happened twice. */
const COUNT_UNIT = /^(?:번|회|차례)(?!째)/;
const COUNT_NUMBER = new Set(['두', '세', '2', '3', '두세']);
const COUNT_WORD = /^(?:두|세|2|3)(?:번|회|차례)(?!째)/;
/** The term a repeat (double charge, duplicate order) is read as, whatever the wording. */
export const REPEAT_TERM = '중복';
/**
 * "두 건", "2건": two cases — a duplicate order or two orders missing points — read as one term
 * ("2건") but not as the repeat.
 */
const TWO_CASES = '2건';
const CASE_WORD = /^(?:두|2)건(?!째)/;

/**
 * The stem a word is a topic word as, or '' (a function word, fragment, number or verb form). A
 * noun glued to 하다/되다 in a form the suffix rules do not know ("환불해준다고", "결제됐는데") is
 * read as the noun.
 */
function topicStem(w: string): string {
  const stem = wordStem(w);
  if (stem || w.length < 4 || !isHangulSyllable(w.charCodeAt(0))) return stem;
  const verb = /[하해했한할합함되돼됐된될됨]/g;
  verb.lastIndex = 2;
  const m = verb.exec(w);
  return m ? wordStem(w.slice(0, m.index)) : '';
}

function wordStem(w: string): string {
  if (COUNT_WORD.test(w)) return REPEAT_TERM;
  if (/번째/.test(w)) return '';
  // "안되네여", "되나여": the spoken spelling of 요.
  if (w.length >= 3 && w.endsWith('여') && /[네나세에어아해돼되까죠데구지]/.test(w.charAt(w.length - 2))) w = `${w.slice(0, -1)}요`;
  const last = w.charCodeAt(w.length - 1);
  let stem = isHangulSyllable(last) ? stripKoreanSuffix(w) : w;
  // Documents named by 서 ("계산서", "신청서"), which the suffix rules read as the particle 서.
  if (w.startsWith(`${stem}서`) && /(?:계산|신청|확인|명세|증명|주문|설명|보고|계약|견적|청구|진단|각|지침|소견)$/.test(stem)) stem = `${stem}서`;
  if (DROPPED_WORDS.has(stem) || DROPPED_WORDS.has(w) || FRAGMENTS.has(stem) || FRAGMENTS.has(w)) return '';
  // Amounts, dates, counts ("500원", "10%", "11월"): not a topic.
  if (/^\d/.test(stem)) return '';
  if (!isHangulSyllable(stem.charCodeAt(0))) return stem.length < 3 ? '' : stem;
  if (stem === '이중' || stem === '중복') return REPEAT_TERM;
  if (stem.length === 1) return ONE_SYLLABLE_NOUNS.has(stem) ? stem : '';
  if (stem.length === 2 && ONE_SYLLABLE_NOUNS.has(stem[0]!) && GLUED_PARTICLES.has(stem[1]!)) return stem[0]!;
  // A noun made a verb ("확인하", "처리되"): the noun.
  if (stem.length >= 3 && /[하되할될]$/.test(stem)) stem = stem.slice(0, -1);
  for (let i = 0; i < stem.length - 1; i++) if (CONJUGATION_SYLLABLES.has(stem[i]!)) return '';
  // "보내주", "알려주", "써주": a verb with the auxiliary 주다.
  if (/[내려워해꿔러쳐켜써줘]주$/.test(stem)) return '';
  const end = stem.charAt(stem.length - 1);
  // "배송지", "메시지", "이미지" are nouns; "하지", "그렇지" are not.
  const place = end === '지' && stem.length >= 3 && !/[렇찮싶않하되같있없겠좋많는은던인런을할될]지$/.test(stem);
  if (!place && (PREDICATE_ENDINGS.has(end) || VERB_STEM_ENDINGS.has(end))) return '';
  if (DROPPED_WORDS.has(stem) || FRAGMENTS.has(stem)) return '';
  return stem;
}

/** The topic words of a text with their word positions (for joining compounds written apart). */
function positionedTerms(text: string): { term: string; at: number }[] {
  const out: { term: string; at: number }[] = [];
  const masked = text.indexOf('[') >= 0 ? text.replace(PLACEHOLDER_RE, ` ${MASK} `) : text;
  // An identifier (an order or tracking number: 5+ digits) is a detail like a placeholder; trailing
  // jamo (ㅠㅠ, ㅎㅎ) are emoticons.
  const list = words(stripBoilerplate(masked)).map((w) => ((w.match(/\d/g)?.length ?? 0) >= 5 ? MASK : w.replace(/[\u3131-\u318e]+$/, '')));
  const nearMask = (at: number): boolean => {
    for (let d = -3; d <= 3; d++) if (list[at + d] === MASK) return true;
    return false;
  };
  for (let at = 0; at < list.length; at++) {
    const w = list[at]!;
    if (w === MASK || !w) continue;
    // "두 번", "2 번", "세 건": a repeat.
    if (COUNT_NUMBER.has(w) && at + 1 < list.length && COUNT_UNIT.test(list[at + 1]!)) {
      out.push({ term: REPEAT_TERM, at });
      at++;
      continue;
    }
    if ((w === '두' || w === '2') && at + 1 < list.length && /^건(?!째)/.test(list[at + 1]!)) {
      out.push({ term: TWO_CASES, at });
      at++;
      continue;
    }
    if (CASE_WORD.test(w)) {
      out.push({ term: TWO_CASES, at });
      continue;
    }
    // "중복결제", "이중결제": the repeat and what was repeated.
    const prefix = /^(?:중복|이중)(?=[가-힣]{2})/.test(w) && /^(?:중복|이중)[가-힣]{2}/.test(stripKoreanSuffix(w));
    if (prefix) {
      out.push({ term: REPEAT_TERM, at });
      const rest = topicStem(stripKoreanSuffix(w).slice(2));
      if (rest) out.push({ term: rest, at });
      continue;
    }
    const stem = topicStem(w);
    if (!stem) continue;
    if ((FRAME_WORDS.has(stem) || FRAME_WORDS.has(w)) && nearMask(at)) continue;
    out.push({ term: stem, at });
  }
  return out;
}

/**
 * The topic words of a text: stems of 2+ syllables (Hangul) or 3+ letters, boilerplate phrases
 * and stopwords removed.
 */
export function topicTerms(text: string): string[] {
  return positionedTerms(text).map((t) => t.term);
}

const isHangulWord = (w: string): boolean => w.length > 0 && isHangulSyllable(w.charCodeAt(0)) && isHangulSyllable(w.charCodeAt(w.length - 1));

/**
 * Topic words of each text, compounds joined: two adjacent Hangul words whose concatenation is
 * itself a word of the texts ("새벽 배송" where others write "새벽배송") become that word.
 */
export function documentTerms(texts: readonly string[]): string[][] {
  const positioned = texts.map(positionedTerms);
  const together = new Map<string, number>();
  const apart = new Map<string, number>();
  for (const terms of positioned) {
    for (const t of terms) together.set(t.term, (together.get(t.term) ?? 0) + 1);
    for (let i = 0; i + 1 < terms.length; i++) {
      const [x, y] = [terms[i]!, terms[i + 1]!];
      if (y.at === x.at + 1 && isHangulWord(x.term) && isHangulWord(y.term)) apart.set(x.term + y.term, (apart.get(x.term + y.term) ?? 0) + 1);
    }
  }
  // The spelling most texts use wins: joined when written together at least as often as apart.
  const joins = (w: string): boolean => (together.get(w) ?? 0) > 0 && (together.get(w) ?? 0) >= (apart.get(w) ?? 0);
  const joined = positioned.map((terms) => {
    const out: string[] = [];
    for (let i = 0; i < terms.length; i++) {
      const a = terms[i]!;
      const b = terms[i + 1];
      if (b && b.at === a.at + 1 && isHangulWord(a.term) && isHangulWord(b.term) && joins(a.term + b.term)) {
        out.push(a.term + b.term);
        i++;
      } else out.push(a.term);
    }
    return out;
  });
  return splitCompounds(joined, new Set([...apart.keys()].filter(joins)));
}

/**
 * The other way round: a word written together that the texts mostly write as two words
 * ("배송지변경", "환불처리완료" where others write "배송지 변경", "환불 처리 완료") becomes its parts,
 * when each part is a word of more texts than the compound is.
 */
function splitCompounds(docs: string[][], keep: ReadonlySet<string>): string[][] {
  const df = new Map<string, number>();
  for (const terms of docs) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const memo = new Map<string, string[]>();
  const split = (t: string, depth: number): string[] => {
    const known = memo.get(t);
    if (known) return known;
    let best: string[] = [t];
    if (depth < 3 && t.length >= 4 && isHangulWord(t) && !keep.has(t)) {
      const own = df.get(t) ?? 0;
      let bestScore = 0;
      for (let i = 2; i <= t.length - 2; i++) {
        const a = t.slice(0, i);
        const b = t.slice(i);
        const lo = Math.min(df.get(a) ?? 0, df.get(b) ?? 0);
        const score = lo + Math.max(df.get(a) ?? 0, df.get(b) ?? 0) / 1e6;
        if (lo >= 2 && Math.max(df.get(a)!, df.get(b)!) > own && score > bestScore) {
          bestScore = score;
          best = [...split(a, depth + 1), ...split(b, depth + 1)];
        }
      }
    }
    memo.set(t, best);
    return best;
  };
  return docs.map((terms) => terms.flatMap((t) => (t.length >= 4 ? split(t, 0) : [t])));
}

/** A channel's boilerplate word is in at least this share of the channel's texts, … */
const CHANNEL_SHARE = 0.1;
/** … at least this many times as common there as in the other channels' texts of the same script, … */
const CHANNEL_LIFT = 8;
/**
 * … and beside it stand the channel's words in general, not one topic's: the cosine of the document
 * frequencies of the other words in its texts and in all the channel's texts. A memo's "안내 후 종료"
 * follows every kind of call; a word one channel's customers use for their own topic ("재구매" in
 * reviews, a subject only callers raise) stands beside that topic's words. 0.55 against 0.6 on the
 * held-out demo seeds (bench/discovery-quality.eval.ts): ARI 0.321 / 0.314, memo-worded clusters 5 / 6.
 */
const CHANNEL_SPREAD = 0.55;
/** A channel, and the other channels' texts it is compared with, need this many texts to be judged. */
const CHANNEL_MIN_TEXTS = 20;

const scriptOf = (terms: readonly string[]): string => (terms.some((t) => isHangulSyllable(t.charCodeAt(0))) ? 'ko' : 'other');

/**
 * Each channel's boilerplate words: in ≥ CHANNEL_SHARE of its texts, ≥ CHANNEL_LIFT× as common as in
 * the other channels' texts of the same script (Korean texts against Korean texts: an English-only
 * channel's words are not boilerplate for being English), and spread over what the channel is about
 * (CHANNEL_SPREAD). Agents write call memos in their own phrasing ("… 안내함", "확인 후 회신 예정",
 * "부재중 콜백"); without this the memos cluster by it rather than by what the customer asked.
 * Keyed by channel and script; texts without a channel are compared with but not judged.
 */
export function channelBoilerplateTerms(docs: readonly (readonly string[])[], channels: readonly (string | undefined)[]): Map<string, Set<string>> {
  const groups = new Map<string, number[]>();
  const scriptRows = new Map<string, number[]>();
  docs.forEach((terms, d) => {
    if (!terms.length) return;
    const script = scriptOf(terms);
    const rows = scriptRows.get(script) ?? [];
    rows.push(d);
    scriptRows.set(script, rows);
    const channel = channels[d];
    if (channel === undefined) return;
    const key = `${channel}\u0000${script}`;
    const g = groups.get(key) ?? [];
    g.push(d);
    groups.set(key, g);
  });
  const out = new Map<string, Set<string>>();
  const scriptDf = new Map<string, Map<string, number>>();
  for (const [key, rows] of groups) {
    const script = key.slice(key.indexOf('\u0000') + 1);
    const reference = scriptRows.get(script)!.length - rows.length;
    if (rows.length < CHANNEL_MIN_TEXTS || reference < CHANNEL_MIN_TEXTS) continue;
    let all = scriptDf.get(script);
    if (!all) {
      all = new Map();
      for (const d of scriptRows.get(script)!) for (const t of new Set(docs[d])) all.set(t, (all.get(t) ?? 0) + 1);
      scriptDf.set(script, all);
    }
    const sets = rows.map((d) => new Set(docs[d]));
    const df = new Map<string, number>();
    for (const set of sets) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
    // Candidates: frequent in the channel, rare elsewhere. Whether one follows every topic is read
    // from the other words beside it: the candidates themselves (the boilerplate) stand beside everything.
    const candidates = new Set<string>();
    for (const [w, n] of df) {
      const share = n / rows.length;
      if (share >= CHANNEL_SHARE && share >= CHANNEL_LIFT * ((all.get(w)! - n + 1) / (reference + 1))) candidates.add(w);
    }
    const words = new Set<string>();
    for (const w of candidates) {
      const beside = new Map<string, number>();
      for (const set of sets) if (set.has(w)) for (const t of set) if (!candidates.has(t)) beside.set(t, (beside.get(t) ?? 0) + 1);
      let dotted = 0;
      let a = 0;
      let b = 0;
      for (const [t, m] of df) {
        if (candidates.has(t)) continue;
        const x = beside.get(t) ?? 0;
        dotted += x * m;
        a += x * x;
        b += m * m;
      }
      if (a && b && dotted / Math.sqrt(a * b) >= CHANNEL_SPREAD) words.add(w);
    }
    if (words.size) out.set(key, words);
  }
  return out;
}

/** The texts without their channel's boilerplate words (channelBoilerplateTerms). */
function withoutChannelBoilerplate(docs: string[][], channels: readonly (string | undefined)[]): string[][] {
  if (!channels.some((c) => c !== undefined)) return docs;
  const boiler = channelBoilerplateTerms(docs, channels);
  if (!boiler.size) return docs;
  return docs.map((terms, d) => {
    const words = channels[d] === undefined || !terms.length ? undefined : boiler.get(`${channels[d]}\u0000${scriptOf(terms)}`);
    return words ? terms.filter((t) => !words.has(t)) : terms;
  });
}

interface Vectors {
  terms: string[];
  rowStart: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/**
 * Weight of a bigram against a word: bigrams tell phrasings apart ("배송 출발" / "주소 변경"), which
 * would split one problem into a cluster per wording if they counted as much as the words.
 */
const BIGRAM_WEIGHT = 0.5;

/** TF-IDF (sublinear, L2-normalised) over terms and adjacent-term bigrams (weighted down). */
function vectorize(docs: string[][], minDf: number): Vectors {
  const vocab = new Map<string, number>();
  const df: number[] = [];
  const docTerms = docs.map((terms) => {
    const all = [...terms];
    for (let i = 1; i < terms.length; i++) all.push(`${terms[i - 1]} ${terms[i]}`);
    return all;
  });
  for (const all of docTerms) {
    for (const t of new Set(all)) {
      let id = vocab.get(t);
      if (id === undefined) {
        id = df.length;
        vocab.set(t, id);
        df.push(0);
      }
      df[id]!++;
    }
  }
  const keep = new Int32Array(df.length).fill(-1);
  const terms: string[] = [];
  for (const [t, id] of vocab) {
    if (df[id]! >= minDf && df[id]! < docs.length * 0.5) {
      keep[id] = terms.length;
      terms.push(t);
    }
  }
  const idf = terms.map((t) => Math.log((1 + docs.length) / (1 + df[vocab.get(t)!]!)) + 1);
  const bigram = terms.map((t) => t.includes(' '));
  const rowStart = new Int32Array(docs.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  docTerms.forEach((all, d) => {
    const counts = new Map<number, number>();
    for (const t of all) {
      const col = keep[vocab.get(t)!]!;
      if (col >= 0) counts.set(col, (counts.get(col) ?? 0) + 1);
    }
    let norm = 0;
    const start = cols.length;
    for (const [col, c] of counts) {
      const v = (1 + Math.log(c)) * idf[col]! * (bigram[col] ? BIGRAM_WEIGHT : 1);
      cols.push(col);
      vals.push(v);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let p = start; p < cols.length; p++) vals[p]! /= norm;
    rowStart[d + 1] = cols.length;
  });
  return { terms, rowStart, cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}

function dot(v: Vectors, row: number, centre: Float64Array): number {
  let s = 0;
  for (let p = v.rowStart[row]!; p < v.rowStart[row + 1]!; p++) s += v.vals[p]! * centre[v.cols[p]!]!;
  return s;
}

/** The first centres: k-means++, each next centre drawn with probability ∝ (1 − best similarity). */
function seedCentres(v: Vectors, k: number, nonEmpty: number[], seed: number): Float64Array[] {
  const n = v.rowStart.length - 1;
  const dims = v.terms.length;
  const random = prng(seed);
  const centres: Float64Array[] = [];
  const toCentre = (row: number): Float64Array => {
    const c = new Float64Array(dims);
    for (let p = v.rowStart[row]!; p < v.rowStart[row + 1]!; p++) c[v.cols[p]!] = v.vals[p]!;
    return c;
  };
  centres.push(toCentre(nonEmpty[Math.floor(random() * nonEmpty.length)]!));
  const best = new Float64Array(n).fill(-1);
  while (centres.length < k) {
    const last = centres[centres.length - 1]!;
    let total = 0;
    for (const r of nonEmpty) {
      best[r] = Math.max(best[r]!, dot(v, r, last));
      total += Math.max(0, 1 - best[r]!);
    }
    if (total <= 1e-9) break;
    let pick = random() * total;
    let chosen = nonEmpty[nonEmpty.length - 1]!;
    for (const r of nonEmpty) {
      pick -= Math.max(0, 1 - best[r]!);
      if (pick <= 0) {
        chosen = r;
        break;
      }
    }
    centres.push(toCentre(chosen));
  }
  return centres;
}

/**
 * Trimmed spherical k-means from the given centres: each row goes to its most similar centre, and
 * a row less similar than `outlier` to every centre is left out (−1) and does not pull any centre.
 * Returns each row's cluster and its similarity to that centre; centres are updated in place.
 */
function kmeans(v: Vectors, centres: Float64Array[], nonEmpty: number[], iterations: number, outlier: number, buffer?: Float64Array): { assign: Int32Array; sim: Float64Array } {
  const n = v.rowStart.length - 1;
  const assign = new Int32Array(n).fill(-1);
  const sim = new Float64Array(n);
  const k = centres.length;
  const dims = v.terms.length;
  // Centres term-major (term × cluster), so a row's similarities to all centres read memory in order.
  const byTerm = buffer && buffer.length >= dims * k ? buffer : new Float64Array(dims * k);
  const scores = new Float64Array(k);
  for (let iter = 0; iter < iterations; iter++) {
    let moved = 0;
    for (let c = 0; c < k; c++) {
      const centre = centres[c]!;
      for (let t = 0; t < dims; t++) byTerm[t * k + c] = centre[t]!;
    }
    for (const r of nonEmpty) {
      scores.fill(0);
      for (let p = v.rowStart[r]!; p < v.rowStart[r + 1]!; p++) {
        const x = v.vals[p]!;
        const base = v.cols[p]! * k;
        for (let c = 0; c < k; c++) scores[c]! += x * byTerm[base + c]!;
      }
      let bestC = -1;
      let bestS = -Infinity;
      for (let c = 0; c < k; c++) {
        if (scores[c]! > bestS) {
          bestS = scores[c]!;
          bestC = c;
        }
      }
      if (bestS < outlier) bestC = -1;
      if (assign[r] !== bestC) moved++;
      assign[r] = bestC;
      sim[r] = bestS;
    }
    // Converged: (almost) no row changed cluster.
    if (iter > 0 && moved <= nonEmpty.length / 500) break;
    updateCentres(v, centres, assign, nonEmpty);
  }
  return { assign, sim };
}

/** Each centre as the normalised sum of its rows (a centre without rows stays where it was). */
function updateCentres(v: Vectors, centres: Float64Array[], assign: Int32Array, rows: number[]): void {
  const counts = new Int32Array(centres.length);
  for (const r of rows) if (assign[r]! >= 0) counts[assign[r]!]!++;
  centres.forEach((c, i) => {
    if (counts[i]) c.fill(0);
  });
  for (const r of rows) {
    if (assign[r]! < 0) continue;
    const c = centres[assign[r]!]!;
    for (let p = v.rowStart[r]!; p < v.rowStart[r + 1]!; p++) c[v.cols[p]!]! += v.vals[p]!;
  }
  centres.forEach((c, i) => {
    if (!counts[i]) return;
    let norm = 0;
    for (const x of c) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < c.length; j++) c[j]! /= norm;
  });
}

/** The non-zero entries of each centre (centres are sparse: the words of their members). */
function sparseCentres(centres: Float64Array[]): { idx: Int32Array; val: Float64Array }[] {
  return centres.map((c) => {
    const idx: number[] = [];
    for (let i = 0; i < c.length; i++) if (c[i] !== 0) idx.push(i);
    return { idx: Int32Array.from(idx), val: Float64Array.from(idx, (i) => c[i]!) };
  });
}

/**
 * Clusters that are one topic split in two (the same keywords, centres close): groups of centres
 * to merge, by single linkage over pairs whose centres are at least `threshold` similar, or at
 * least `threshold` × 0.7 similar and named by the same lead keyword.
 */
/** Clusters named by the same lead word merge from this share of `mergeSimilarity` on. */
const LEAD_FACTOR = 0.7;
function mergeGroups(centres: Float64Array[], lead: string[], threshold: number): number[] {
  const parent = centres.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const sparse = sparseCentres(centres);
  for (let a = 0; a < centres.length; a++) {
    for (let b = a + 1; b < centres.length; b++) {
      // Dot product over the sparser centre's entries.
      const [small, dense] = sparse[a]!.idx.length <= sparse[b]!.idx.length ? [sparse[a]!, centres[b]!] : [sparse[b]!, centres[a]!];
      let s = 0;
      for (let p = 0; p < small.idx.length; p++) s += small.val[p]! * dense[small.idx[p]!]!;
      const sameLead = lead[a] !== '' && lead[a] === lead[b];
      if (s >= threshold || (sameLead && s >= threshold * LEAD_FACTOR)) {
        const ra = find(a);
        const rb = find(b);
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  return centres.map((_, i) => find(i));
}

/**
 * Names clusters with c-TF-IDF: a term's frequency in the cluster × log(1 + average cluster
 * size in terms / the term's frequency over all clusters). Bigrams that score near their best
 * word are preferred as names ("배송 지연" over "배송", "지연").
 */
function clusterKeywords(docs: string[][], assign: Int32Array, k: number, top: number): string[][] {
  const perCluster: Map<string, number>[] = Array.from({ length: k }, () => new Map());
  const overall = new Map<string, number>();
  let totalTerms = 0;
  docs.forEach((terms, d) => {
    const c = assign[d]!;
    if (c < 0) return;
    const all = [...terms];
    for (let i = 1; i < terms.length; i++) all.push(`${terms[i - 1]} ${terms[i]}`);
    for (const t of new Set(all)) {
      perCluster[c]!.set(t, (perCluster[c]!.get(t) ?? 0) + 1);
      overall.set(t, (overall.get(t) ?? 0) + 1);
      totalTerms++;
    }
  });
  const avg = totalTerms / Math.max(1, k);
  return perCluster.map((counts) => {
    const scored = [...counts]
      .filter(([, n]) => n >= 2)
      .map(([t, n]) => ({ t, score: n * Math.log(1 + avg / overall.get(t)!) * (t.includes(' ') ? 1.2 : 1) }))
      .sort((a, b) => b.score - a.score || (a.t < b.t ? -1 : 1));
    const chosen: string[] = [];
    for (const { t } of scored) {
      // A bigram already shown covers its words; a word already shown makes its bigrams redundant only if lower.
      if (chosen.some((c) => c.split(' ').includes(t) || t.split(' ').every((w) => c.split(' ').includes(w)))) continue;
      chosen.push(t);
      if (chosen.length >= top) break;
    }
    return chosen;
  });
}

/**
 * A cluster about how people write rather than what about: most of its keywords are courtesy
 * words, or most members open or close with the same learned boilerplate segment.
 */
function isBoilerplateCluster(keywords: string[], rows: number[], edges: { first: string; last: string }[] | null, learned: ReadonlyMap<string, number>): boolean {
  const top = keywords.slice(0, 4);
  const courtesy = top.filter((k) => k.split(' ').every((w) => COURTESY.has(w))).length;
  if (courtesy * 2 > top.length) return true;
  if (!edges) return false;
  const counts = new Map<string, number>();
  for (const r of rows) {
    const { first, last } = edges[r]!;
    if (learned.has(first)) counts.set(first, (counts.get(first) ?? 0) + 1);
    if (last !== first && learned.has(last)) counts.set(last, (counts.get(last) ?? 0) + 1);
  }
  let most = 0;
  for (const n of counts.values()) most = Math.max(most, n);
  // Shared edges alone are not enough (a whole channel may use one form): the keywords must lean to courtesy too.
  return most * 2 > rows.length && courtesy > 0;
}

interface Partition {
  centres: Float64Array[];
  assign: Int32Array;
  sim: Float64Array;
  /** Sum of the members' similarities to their centres. */
  score: number;
}

/** One seeded clustering: trimmed k-means, then clusters that are one topic merged and refined. */
function partition(vectors: Vectors, docs: string[][], nonEmpty: number[], k: number, opts: DiscoveryOptions, seed: number): Partition {
  const random = prng(seed ^ 0x5eed);
  let centres = seedCentres(vectors, k, nonEmpty, seed);
  const buffer = new Float64Array(vectors.terms.length * centres.length);
  // Every row pulls its centre while the clusters form (so a topic no seed landed in still gets one).
  let { assign, sim } = kmeans(vectors, centres, nonEmpty, opts.iterations, -Infinity, buffer);
  // k-means splits a large topic by its secondary words: such clusters are merged, the centres
  // freed are seeded again among the rows no cluster serves well, and the clusters refined.
  for (let round = 0; round < 4 && centres.length > 1; round++) {
    const groups = mergeGroups(centres, leadWords(docs, assign, centres.length).map((l) => l.word), opts.mergeSimilarity);
    const roots = [...new Set(groups)];
    if (roots.length === centres.length) break;
    const index = new Map(roots.map((r, i) => [r, i]));
    for (const r of nonEmpty) if (assign[r]! >= 0) assign[r] = index.get(groups[assign[r]!]!)!;
    const freed = centres.length - roots.length;
    centres = roots.map((r) => centres[r]!);
    updateCentres(vectors, centres, assign, nonEmpty);
    if (round < 2) reseed(vectors, centres, freed, nonEmpty.filter((r) => sim[r]! < opts.outlierSimilarity), sim, random);
    ({ assign, sim } = kmeans(vectors, centres, nonEmpty, Math.min(opts.iterations, 6), -Infinity, buffer));
  }
  // Then the rows far from every centre are left out, and the centres refined without them.
  ({ assign, sim } = kmeans(vectors, centres, nonEmpty, 3, opts.outlierSimilarity, buffer));
  // A cluster that is two topics sharing a generic word ("주문": orders taken twice, wrong items
  // sent) is split when its two halves are far apart.
  splitMixed(vectors, centres, assign, sim, nonEmpty, opts);
  // Scored by what would be shown: the similarity of the members of clusters that pass the gates.
  const leads = leadWords(docs, assign, centres.length);
  const size = new Int32Array(centres.length);
  const total = new Float64Array(centres.length);
  for (const r of nonEmpty) {
    if (assign[r]! < 0) continue;
    size[assign[r]!]!++;
    total[assign[r]!]! += sim[r]!;
  }
  let score = 0;
  for (let c = 0; c < centres.length; c++) {
    if (size[c]! >= opts.minSize && total[c]! / size[c]! >= opts.minCoherence && leads[c]!.share >= opts.minSupport) score += total[c]!;
  }
  return { centres, assign, sim, score };
}

const SPLIT_FACTOR = 0.4;
/**
 * Bisects each cluster once (2-means from its two members least alike) and keeps the halves when
 * their centres are less similar than `mergeSimilarity` × SPLIT_FACTOR and each half is a cluster
 * (minSize): two topics k-means put together because they share a word.
 */
function splitMixed(v: Vectors, centres: Float64Array[], assign: Int32Array, sim: Float64Array, rows: number[], opts: DiscoveryOptions): void {
  const k = centres.length;
  for (let c = 0; c < k; c++) {
    const members = rows.filter((r) => assign[r] === c);
    if (members.length < opts.minSize * 2) continue;
    // Seeds: the member least like the centre, and the member least like that one.
    let a = members[0]!;
    for (const r of members) if (sim[r]! < sim[a]!) a = r;
    const ca = new Float64Array(v.terms.length);
    for (let p = v.rowStart[a]!; p < v.rowStart[a + 1]!; p++) ca[v.cols[p]!] = v.vals[p]!;
    let b = members[0]!;
    let low = Infinity;
    for (const r of members) {
      const s = dot(v, r, ca);
      if (s < low) [low, b] = [s, r];
    }
    const halves = [ca, new Float64Array(v.terms.length)];
    for (let p = v.rowStart[b]!; p < v.rowStart[b + 1]!; p++) halves[1]![v.cols[p]!] = v.vals[p]!;
    const side = new Int32Array(v.rowStart.length - 1).fill(-1);
    for (let iter = 0; iter < 6; iter++) {
      for (const r of members) side[r] = dot(v, r, halves[0]!) >= dot(v, r, halves[1]!) ? 0 : 1;
      updateCentres(v, halves, side, members);
    }
    const n1 = members.filter((r) => side[r] === 1).length;
    if (n1 < opts.minSize || members.length - n1 < opts.minSize) continue;
    let between = 0;
    for (let t = 0; t < v.terms.length; t++) between += halves[0]![t]! * halves[1]![t]!;
    if (between >= opts.mergeSimilarity * SPLIT_FACTOR) continue;
    centres[c] = halves[0]!;
    centres.push(halves[1]!);
    for (const r of members) {
      if (side[r] === 1) assign[r] = centres.length - 1;
      sim[r] = dot(v, r, side[r] === 1 ? halves[1]! : halves[0]!);
    }
  }
}

/** Adds up to `count` centres at rows drawn among `poor` with probability ∝ 1 − their best similarity. */
function reseed(v: Vectors, centres: Float64Array[], count: number, poor: number[], sim: Float64Array, random: () => number): void {
  const best = new Map(poor.map((r) => [r, sim[r]!]));
  for (let added = 0; added < count && poor.length; added++) {
    let total = 0;
    for (const r of poor) total += Math.max(0, 1 - best.get(r)!);
    if (total <= 1e-9) return;
    let pick = random() * total;
    let chosen = poor[poor.length - 1]!;
    for (const r of poor) {
      pick -= Math.max(0, 1 - best.get(r)!);
      if (pick <= 0) {
        chosen = r;
        break;
      }
    }
    const c = new Float64Array(v.terms.length);
    for (let p = v.rowStart[chosen]!; p < v.rowStart[chosen + 1]!; p++) c[v.cols[p]!] = v.vals[p]!;
    centres.push(c);
    for (const r of poor) best.set(r, Math.max(best.get(r)!, dot(v, r, c)));
  }
}

/** Each cluster's most common word (unigram) and the share of its members that contain it. */
function leadWords(docs: string[][], assign: Int32Array, k: number): { word: string; share: number }[] {
  const counts: Map<string, number>[] = Array.from({ length: k }, () => new Map());
  const sizes = new Int32Array(k);
  docs.forEach((terms, d) => {
    const c = assign[d]!;
    if (c < 0) return;
    sizes[c]!++;
    for (const t of new Set(terms)) counts[c]!.set(t, (counts[c]!.get(t) ?? 0) + 1);
  });
  return counts.map((m, c) => {
    let word = '';
    let best = 0;
    for (const [t, n] of m) if (n > best || (n === best && t < word)) [word, best] = [t, n];
    return { word, share: sizes[c] ? best / sizes[c]! : 0 };
  });
}

/** Endings of a noun made an adnominal ("주문한 상품", "결제된 금액"): the name shows the noun. */
const ADNOMINAL = /^([가-힣]{2,}?)(?:한|된|할|될|하던|되던)$/;

/**
 * A keyword's word as a name shows it: a noun made an adnominal ("주문한", "결제된"), or with a
 * particle glued on, as the noun, when the texts use that noun ("무제한" stays: no text says "무제").
 */
function nameWord(w: string, known: ReadonlySet<string>): string {
  const m = ADNOMINAL.exec(w);
  if (m && known.has(m[1]!)) return m[1]!;
  // A particle left on where words were written together ("경비실에택배함에" → "경비실에", "택배함").
  const stem = isHangulWord(w) ? stripKoreanSuffix(w) : w;
  return stem !== w && known.has(stem) ? stem : w;
}

export interface ClusterNaming {
  /** Words many clusters share ("상품", "주문"): named by only when a cluster has no other. */
  generic?: ReadonlySet<string>;
  /** The words of the texts: an adnominal is shown as its noun only when the noun is one of them. */
  known?: ReadonlySet<string>;
}

/**
 * A cluster's name: two words of its keywords, the most distinctive first (c-TF-IDF order), each as a
 * person writes the noun (no particle or ending: "주문한" → "주문"), none contained in another (of
 * "배송" and "배송지연" the more specific "배송지연"), a word many clusters share (`generic`: "상품",
 * "주문") only when the cluster has no other, Korean words before other scripts. Two words a keyword
 * holds side by side read as that phrase ("배송 지연"), others are joined by " · ".
 */
export function clusterName(keywords: readonly string[], naming: ClusterNaming = {}): string {
  const generic = naming.generic ?? new Set<string>();
  const known = naming.known ?? new Set<string>();
  const chosen: string[] = [];
  for (const k of keywords) {
    for (const raw of k.split(' ')) {
      const w = nameWord(raw, known);
      if (!w || chosen.some((c) => c.includes(w))) continue;
      // A more specific word takes the place of the one it contains.
      const inner = chosen.findIndex((c) => w.includes(c));
      if (inner >= 0) chosen.splice(inner, 1, w);
      else chosen.push(w);
      for (let i = chosen.length - 1; i > 0; i--) if (chosen.indexOf(chosen[i]!) !== i) chosen.splice(i, 1);
    }
  }
  const rank = (w: string) => (generic.has(w) ? 2 : 0) + (isHangulSyllable(w.charCodeAt(0)) ? 0 : 1);
  const two = chosen
    .map((w, i) => ({ w, i }))
    .sort((a, b) => rank(a.w) - rank(b.w) || a.i - b.i)
    .slice(0, 2)
    .map((x) => x.w);
  if (two.length < 2) return two[0] ?? '';
  const phrase = (a: string, b: string) => keywords.some((k) => k.split(' ').map((w) => nameWord(w, known)).join(' ') === `${a} ${b}`);
  if (phrase(two[0]!, two[1]!)) return `${two[0]} ${two[1]}`;
  if (phrase(two[1]!, two[0]!)) return `${two[1]} ${two[0]}`;
  return `${two[0]} · ${two[1]}`;
}

/** A word among the keywords of at least this many clusters (and this share of them) names none of them first. */
const GENERIC_CLUSTERS = 4;
const GENERIC_SHARE = 0.2;

/** Words the keywords of many clusters hold ("상품", "주문"): they tell no cluster apart. */
function genericWords(keywords: readonly (readonly string[])[], known: ReadonlySet<string>): Set<string> {
  const clusters = new Map<string, number>();
  for (const kw of keywords) for (const w of new Set(kw.flatMap((k) => k.split(' ').map((x) => nameWord(x, known))))) clusters.set(w, (clusters.get(w) ?? 0) + 1);
  const floor = Math.max(GENERIC_CLUSTERS, keywords.length * GENERIC_SHARE);
  return new Set([...clusters].filter(([, n]) => n >= floor).map(([w]) => w));
}

/**
 * Finds clusters among texts, named by keywords, largest first. Texts far from every cluster stay
 * unclustered (an outlier share, not a forced member), clusters that are one topic are merged, and
 * a cluster that is a mix (loose, or whose lead keyword most members lack) is not reported.
 */
export function discoverTopics(items: DiscoveryInput[], options: Partial<DiscoveryOptions> = {}): DiscoveredCluster[] {
  const opts = { ...DEFAULT_DISCOVERY_OPTIONS, ...options };
  if (items.length < opts.minSize * 2) return [];
  // The workspace's own boilerplate lines (form headers, signatures), then the topic words.
  const learned = boilerplateSegments(items.map((i) => i.text));
  const terms = documentTerms(
    items.map((i) => {
      const stripped = stripSegments(i.text, learned);
      return stripped.trim() ? stripped : i.text;
    }),
  );
  const spelled = opts.commonSpellings ? withCommonSpellings(terms) : terms;
  const docs = opts.channelBoilerplate ? withoutChannelBoilerplate(spelled, items.map((i) => i.channel)) : spelled;
  const edges = learned.size ? items.map((i) => edgeSegments(i.text)) : null;
  const vectors = vectorize(docs, 2);
  if (!vectors.terms.length) return [];
  const nonEmpty = [...Array(items.length).keys()].filter((r) => vectors.rowStart[r + 1]! > vectors.rowStart[r]!);
  if (!nonEmpty.length) return [];
  const k = Math.max(2, Math.min(opts.k ?? Math.round(Math.sqrt(items.length)), 60, Math.floor(items.length / opts.minSize)));
  // k-means depends on its seeds: a few seeded runs, the one whose members sit closest to their centres kept.
  let best: Partition | null = null;
  for (let run = 0; run < opts.restarts; run++) {
    const p = partition(vectors, docs, nonEmpty, k, opts, opts.seed + run * 7919);
    if (!best || p.score > best.score + 1e-9) best = p;
  }
  const { centres, assign, sim } = best!;
  const keywords = clusterKeywords(docs, assign, centres.length, 5);
  const sizes = new Int32Array(centres.length);
  for (const r of nonEmpty) if (assign[r]! >= 0) sizes[assign[r]!]!++;
  const known = new Set(docs.flat());
  const naming = { known, generic: genericWords(keywords.filter((_, c) => sizes[c]! >= opts.minSize), known) };
  const leads = leadWords(docs, assign, centres.length);
  const now = (opts.now ?? new Date()).getTime();
  const dayMs = 86_400_000;
  const clusters: DiscoveredCluster[] = [];
  const rowsOf: { row: number; sim: number }[][] = centres.map(() => []);
  for (const r of nonEmpty) if (assign[r]! >= 0) rowsOf[assign[r]!]!.push({ row: r, sim: sim[r]! });
  for (let c = 0; c < centres.length; c++) {
    const members = rowsOf[c]!;
    if (members.length < opts.minSize || !keywords[c]!.length) continue;
    const coherence = members.reduce((a, m) => a + m.sim, 0) / members.length;
    if (coherence < opts.minCoherence || leads[c]!.share < opts.minSupport) continue;
    if (isBoilerplateCluster(keywords[c]!, members.map((m) => m.row), edges, learned)) continue;
    members.sort((a, b) => b.sim - a.sim || a.row - b.row);
    let recent = 0;
    let previous = 0;
    for (const m of members) {
      const at = items[m.row]!.createdAt?.getTime();
      if (at === undefined) continue;
      const age = (now - at) / dayMs;
      if (age < opts.growthDays) recent++;
      else if (age < opts.growthDays * 2) previous++;
    }
    const kw = keywords[c]!;
    clusters.push({
      name: clusterName(kw, naming),
      keywords: kw,
      size: members.length,
      memberIds: members.map((m) => items[m.row]!.id),
      exampleIds: members.slice(0, 5).map((m) => items[m.row]!.id),
      coherence: Math.round(coherence * 1000) / 1000,
      recent,
      previous,
    });
  }
  return clusters.sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1));
}
