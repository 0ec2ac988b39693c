/**
 * Search spacing benchmark: what matching a word whatever its Korean spacing (text/spacing.ts)
 * costs per row read, against the plain substring match it replaces. Loads N demo texts into a
 * table and counts the rows that hold a few words, by: LIKE as typed (the old match, which misses
 * other spacing), folding each row's spacing first (regexp_replace, the obvious way), and what
 * list-items.ts does (a LIKE of the word's characters in order, then the exact regular expression
 * on the rows it lets through). Prints the median of --runs for each, and the rows found.
 *
 *   node --import tsx bench/search-spacing.bench.ts [--count 100000] [--backend pglite|postgres] [--runs 7]
 */
import { parseArgs } from 'node:util';
import { generateItems } from '../src/ingest/demo/generate.js';
import { openDb } from '../src/store/db.js';
import { foldSpacing, spacingPatterns } from '../src/text/spacing.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    backend: { type: 'string', default: 'pglite' },
    runs: { type: 'string', default: '7' },
  },
});
const count = Number(values.count);
const runs = Number(values.runs);
const schema = `bench_spacing_${process.pid}`;
const db =
  values.backend === 'postgres'
    ? await openDb({ databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema })
    : await openDb({});
await db.exec('CREATE TABLE t (id serial PRIMARY KEY, text text NOT NULL)');
const texts: string[] = [];
for (const item of generateItems(count, 7, { endDate: new Date('2026-03-31T18:00:00+09:00') })) texts.push(item.text as string);
for (let i = 0; i < texts.length; i += 10_000) await db.query('INSERT INTO t (text) SELECT unnest($1::text[])', [texts.slice(i, i + 10_000)]);
await db.exec('ANALYZE t');

// The same fold as text/spacing.ts, in SQL (for the regexp_replace way only).
const HANGUL = '\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3';
const SPACE = ' \t\n\u000b\f\r\u00a0\u3000';
const softSpace = `(?<=[${HANGUL}])[${SPACE}]+|[${SPACE}]+(?=[${HANGUL}])`;

// The three ways take turns within each run, so a busy machine slows them alike.
const count1 = async (sql: string, params: unknown[]) => {
  const t = performance.now();
  // As list-items.ts runs a search on PostgreSQL: no parallel workers, no JIT.
  const rows =
    db.kind === 'postgres'
      ? await db.transaction(async (tx) => {
          await tx.exec('SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off');
          return tx.query<{ n: number }>(sql, params);
        })
      : await db.query<{ n: number }>(sql, params);
  return { n: rows[0]!.n, ms: performance.now() - t };
};
const med = (ms: number[]) => +[...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!.toFixed(1);

console.log(JSON.stringify({ backend: values.backend, rows: count, avg_chars: +(texts.reduce((s, t) => s + t.length, 0) / count).toFixed(1) }));
for (const word of ['펭귄', '환불', '군대', '배송지변경', '로그인이안돼요', '세금계산서']) {
  const term = foldSpacing(word);
  const spacing = spacingPatterns(term)!;
  const ways = {
    like_as_typed: ['SELECT count(*)::int AS n FROM t WHERE text LIKE $1', [`%${term}%`]],
    regexp_replace_fold: [`SELECT count(*)::int AS n FROM t WHERE regexp_replace(text, $2, '', 'g') LIKE $1`, [`%${term}%`, softSpace]],
    like_then_regex: ['SELECT count(*)::int AS n FROM t WHERE text LIKE $1 AND text ~ $2', [spacing.like, spacing.regex]],
  } as const;
  const out: Record<string, { n: number; ms: number[] }> = {};
  for (let i = 0; i < runs; i++) {
    for (const [name, [sql, params]] of Object.entries(ways)) {
      const r = await count1(sql, [...params]);
      (out[name] ??= { n: r.n, ms: [] }).ms.push(r.ms);
    }
  }
  console.log(JSON.stringify({ word, ...Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { found: v.n, median_ms: med(v.ms) }])) }));
}

if (values.backend === 'postgres') await db.exec(`DROP SCHEMA ${schema} CASCADE`);
await db.close();
