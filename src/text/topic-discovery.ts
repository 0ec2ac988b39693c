import { BOILERPLATE_NOUNS, BOILERPLATE_PHRASES, boilerplateSegments, edgeSegments, stripBoilerplate, stripSegments } from './dedupe.js';
import { prng } from './linear-svm.js';
import { isHangulSyllable, stripKoreanSuffix, words } from './tokenize.js';

/**
 * Topic discovery: clusters texts no topic covers and names each cluster with the words that set
 * it apart (class-based TF-IDF, as BERTopic's c-TF-IDF), so an operator sees "로그인 · 오류 ·
 * 인증번호" with its size, growth and examples, and can promote it to a topic.
 *
 * Words are stems (particles and endings removed, see tokenize.ts), minus courtesy and function
 * words, so names are nouns a person recognises ("배송 지연"), not "배송이" or "문의드립니다".
 * Clustering is spherical k-means (k-means++ seeding, fixed seed: the same input gives the same
 * clusters) on TF-IDF vectors of stems and stem bigrams.
 *
 * Boilerplate is not a topic: before the words are taken, the phrases duplicate detection ignores
 * (dedupe.ts: greetings, sign-offs) are stripped, and so are lines and sentences that recur across
 * the texts next to other content (a form header, a signature: `boilerplateSegments`). Clusters
 * whose keywords are still mostly courtesy words, or whose members mostly share a learned
 * boilerplate first or last line, are dropped. A compound written apart ("새벽 배송") is read as
 * the joined word ("새벽배송") when the joined form occurs in the texts.
 */
export interface DiscoveryInput {
  id: string;
  text: string;
  /** When the customer said it (for growth). */
  createdAt?: Date;
}

export interface DiscoveredCluster {
  /** A short name from the top keywords, e.g. "로그인 오류". */
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
  /** Number of clusters; default grows with the data: √(n/2), between 2 and 40. */
  k?: number;
  /** Smallest cluster reported. */
  minSize: number;
  /** Clusters looser than this are dropped (a catch-all of unrelated texts). */
  minCoherence: number;
  iterations: number;
  growthDays: number;
  now?: Date;
  seed: number;
}

export const DEFAULT_DISCOVERY_OPTIONS: DiscoveryOptions = { minSize: 5, minCoherence: 0.2, iterations: 12, growthDays: 7, seed: 1 };

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

/** The topic words of a text with their word positions (for joining compounds written apart). */
function positionedTerms(text: string): { term: string; at: number }[] {
  const out: { term: string; at: number }[] = [];
  const list = words(stripBoilerplate(text));
  for (let at = 0; at < list.length; at++) {
    const w = list[at]!;
    const stem = isHangulSyllable(w.charCodeAt(w.length - 1)) ? stripKoreanSuffix(w) : w;
    if (DROPPED_WORDS.has(stem) || DROPPED_WORDS.has(w)) continue;
    if (/^\d+$/.test(stem)) continue;
    const hangul = isHangulSyllable(stem.charCodeAt(0));
    if (hangul ? stem.length < 2 || PREDICATE_ENDINGS.has(stem.charAt(stem.length - 1)) : stem.length < 3) continue;
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
  const vocabulary = new Set<string>();
  for (const terms of positioned) for (const t of terms) vocabulary.add(t.term);
  return positioned.map((terms) => {
    const out: string[] = [];
    for (let i = 0; i < terms.length; i++) {
      const a = terms[i]!;
      const b = terms[i + 1];
      if (b && b.at === a.at + 1 && isHangulWord(a.term) && isHangulWord(b.term) && vocabulary.has(a.term + b.term)) {
        out.push(a.term + b.term);
        i++;
      } else out.push(a.term);
    }
    return out;
  });
}

interface Vectors {
  terms: string[];
  rowStart: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** TF-IDF (sublinear, L2-normalised) over terms and adjacent-term bigrams. */
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
      const v = (1 + Math.log(c)) * idf[col]!;
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

/** Spherical k-means with k-means++ seeding; returns each row's cluster (−1 = empty row). */
function kmeans(v: Vectors, k: number, opts: DiscoveryOptions): { assign: Int32Array; centres: Float64Array[] } {
  const n = v.rowStart.length - 1;
  const dims = v.terms.length;
  const random = prng(opts.seed);
  const nonEmpty = [...Array(n).keys()].filter((r) => v.rowStart[r + 1]! > v.rowStart[r]!);
  const centres: Float64Array[] = [];
  const toCentre = (row: number): Float64Array => {
    const c = new Float64Array(dims);
    for (let p = v.rowStart[row]!; p < v.rowStart[row + 1]!; p++) c[v.cols[p]!] = v.vals[p]!;
    return c;
  };
  // k-means++: each next centre is drawn with probability ∝ (1 − best similarity).
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
  const assign = new Int32Array(n).fill(-1);
  for (let iter = 0; iter < opts.iterations; iter++) {
    let moved = 0;
    for (const r of nonEmpty) {
      let bestC = 0;
      let bestS = -Infinity;
      for (let c = 0; c < centres.length; c++) {
        const s = dot(v, r, centres[c]!);
        if (s > bestS) {
          bestS = s;
          bestC = c;
        }
      }
      if (assign[r] !== bestC) moved++;
      assign[r] = bestC;
    }
    for (const c of centres) c.fill(0);
    for (const r of nonEmpty) {
      const c = centres[assign[r]!]!;
      for (let p = v.rowStart[r]!; p < v.rowStart[r + 1]!; p++) c[v.cols[p]!]! += v.vals[p]!;
    }
    for (const c of centres) {
      let norm = 0;
      for (const x of c) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < c.length; i++) c[i]! /= norm;
    }
    if (moved === 0) break;
  }
  return { assign, centres };
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

/** Finds clusters among texts, named by keywords, largest first. */
export function discoverTopics(items: DiscoveryInput[], options: Partial<DiscoveryOptions> = {}): DiscoveredCluster[] {
  const opts = { ...DEFAULT_DISCOVERY_OPTIONS, ...options };
  if (items.length < opts.minSize * 2) return [];
  // The workspace's own boilerplate lines (form headers, signatures), then the topic words.
  const learned = boilerplateSegments(items.map((i) => i.text));
  const docs = documentTerms(
    items.map((i) => {
      const stripped = stripSegments(i.text, learned);
      return stripped.trim() ? stripped : i.text;
    }),
  );
  const edges = learned.size ? items.map((i) => edgeSegments(i.text)) : null;
  const vectors = vectorize(docs, 2);
  if (!vectors.terms.length) return [];
  const k = Math.max(2, Math.min(opts.k ?? Math.round(Math.sqrt(items.length / 2)), 40, Math.floor(items.length / opts.minSize)));
  const { assign, centres } = kmeans(vectors, k, opts);
  const keywords = clusterKeywords(docs, assign, centres.length, 5);
  const now = (opts.now ?? new Date()).getTime();
  const dayMs = 86_400_000;
  const clusters: DiscoveredCluster[] = [];
  for (let c = 0; c < centres.length; c++) {
    const members: { row: number; sim: number }[] = [];
    for (let r = 0; r < items.length; r++) if (assign[r] === c) members.push({ row: r, sim: dot(vectors, r, centres[c]!) });
    if (members.length < opts.minSize || !keywords[c]!.length) continue;
    const coherence = members.reduce((a, m) => a + m.sim, 0) / members.length;
    if (coherence < opts.minCoherence) continue;
    if (isBoilerplateCluster(keywords[c]!, members.map((m) => m.row), edges, learned)) continue;
    members.sort((a, b) => b.sim - a.sim);
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
      name: kw[0]!.includes(' ') ? kw[0]! : kw.slice(0, 2).join(' · '),
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
