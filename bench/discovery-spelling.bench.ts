/**
 * Topic discovery's names where customers misspell (text/topic-discovery-spelling.ts): runs
 * discoverTopics with and without reading rare misspellings as their common word, on
 *   demo       a month of generated demo items (its channels' own slips: 배숑, 환뷸, 문이, …),
 *   demo+typos the same with one more one-jamo slip in a fifth of the texts (배송 → 배숑/배성, 환불 → 환뷸, …),
 *   nsmc       20,000 movie reviews (../shared/data, human-written: real slips and real near-words),
 *   qpairs     the question-pair set's questions (../shared/data),
 * and prints, per set, the names only one side has, the names holding a slip, and the spellings
 * merged (most texts first) to check for words that are not slips. Deterministic; never fails.
 *
 *   node --import tsx bench/discovery-spelling.bench.ts [--set demo,demo+typos,nsmc,qpairs]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemoDataset } from '../src/ingest/demo/generate.js';
import { prng } from '../src/text/linear-svm.js';
import { discoverTopics, documentTerms } from '../src/text/topic-discovery.js';
import { commonSpellings } from '../src/text/topic-discovery-spelling.js';

const { values } = parseArgs({ options: { set: { type: 'string', default: 'demo,demo+typos,nsmc,qpairs' } } });
const now = new Date('2026-11-30T12:00:00+09:00');
const DATA = new URL('../../shared/data/', import.meta.url);

/** One-jamo slips of words the demo's inquiries use (initial, medial or final changed). */
const SLIPS: Record<string, string[]> = {
  배송: ['배숑', '배성', '베송'], 환불: ['환뷸', '한불', '환볼'], 결제: ['결재', '걸제'], 쿠폰: ['쿠퐁', '큐폰'], 주문: ['주뮨', '조문'],
  교환: ['교한', '교횐'], 적립: ['적닙', '젹립'], 취소: ['취쇼', '치소'], 로그인: ['로그잉', '로그안'], 반품: ['반뭄', '반퓸'],
};
function withSlips(texts: string[]): string[] {
  const random = prng(27);
  return texts.map((t) => {
    if (random() >= 0.2) return t;
    const words = Object.keys(SLIPS).filter((w) => t.includes(w));
    if (!words.length) return t;
    const w = words[Math.floor(random() * words.length)]!;
    const slips = SLIPS[w]!;
    return t.replace(w, slips[Math.floor(random() * slips.length)]!);
  });
}

const jsonl = (file: string) => readFileSync(new URL(file, DATA), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
function texts(set: string): string[] {
  if (set.startsWith('demo')) {
    const demo = generateDemoDataset({ days: 30, itemsPerDay: 700, endDate: now }).items.map((i) => String(i.text ?? '')).filter(Boolean).slice(-20_000);
    return set === 'demo' ? demo : withSlips(demo);
  }
  if (set === 'nsmc') return jsonl('ko_nsmc_reviews_dev.jsonl').slice(0, 20_000).map((r) => String(r.text));
  if (set === 'qpairs') return jsonl('ko_question_pairs.jsonl').flatMap((r) => [String(r.question1), String(r.question2)]);
  throw new Error(`unknown set ${set}`);
}

const slipped = new Set(Object.values(SLIPS).flat().concat(['환뷸', '배숑', '문이', '로긴']));
for (const set of values.set.split(',')) {
  const list = texts(set);
  const items = list.map((text, i) => ({ id: String(i), text, createdAt: new Date(now.getTime() - (i % 30) * 86_400_000) }));
  const names = (on: boolean) => discoverTopics(items, { now, commonSpellings: on }).map((c) => `${c.name} (${c.size})`);
  const before = names(false);
  const after = names(true);
  const bare = (n: string) => n.replace(/ \(\d+\)$/, '');
  const merges = [...commonSpellings(documentTerms(list))];
  const df = new Map<string, number>();
  for (const terms of documentTerms(list)) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  console.log(
    JSON.stringify({
      set,
      texts: list.length,
      clusters: { before: before.length, after: after.length },
      names_with_a_slip: { before: before.filter((n) => bare(n).split(/[ ·]+/).some((w) => slipped.has(w))), after: after.filter((n) => bare(n).split(/[ ·]+/).some((w) => slipped.has(w))) },
      only_before: before.filter((n) => !after.map(bare).includes(bare(n))),
      only_after: after.filter((n) => !before.map(bare).includes(bare(n))),
      merged: merges.length,
      merges: merges.sort((a, b) => df.get(b[0])! - df.get(a[0])! || (a[0] < b[0] ? -1 : 1)).slice(0, 60).map(([r, w]) => `${r}→${w} ${df.get(r)}/${df.get(w)}`),
    }),
  );
}
