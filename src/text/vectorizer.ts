import { bigramKey, emitWordFeatures, extractFeatures, prepareText, trigramKey, type FeatureOptions } from './features.js';
import { mix } from './int-map.js';
import { wordSpans } from './tokenize.js';
import { WordTable } from './word-table.js';

/**
 * A model's vocabulary as the vectorizer reads it: feature key → column and the column's idf,
 * signed by its feature group (negative = word group), side by side in one 16-byte slot. A word
 * n-gram lookup then costs one cache miss instead of three (key table, column table, idf table);
 * with the 160k-feature sentiment model those misses were a fifth of the time spent vectorizing.
 */
export class FeatureTable {
  /** Per slot: key (-1 = empty), column, signed idf (float32 bits), unused. */
  private readonly slots: Int32Array;
  private readonly floats: Float32Array;
  private readonly mask: number;

  constructor(keys: Int32Array, idf: Float32Array) {
    let capacity = 16;
    while (capacity * 0.7 < keys.length) capacity <<= 1; // at most 70 % full: 4 MB for 160k features
    this.slots = new Int32Array(capacity * 4).fill(-1);
    this.floats = new Float32Array(this.slots.buffer);
    this.mask = capacity - 1;
    for (let col = 0; col < keys.length; col++) {
      const key = keys[col]!;
      let slot = mix(key) & this.mask;
      while (this.slots[slot * 4] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot * 4] = key;
      this.slots[slot * 4 + 1] = col;
      this.floats[slot * 4 + 2] = (key & 1) === 0 ? idf[col]! : -idf[col]!;
    }
  }

  /** Where `key` is (pass it to `column` and `weight`), or -1 when it is not in the vocabulary. */
  find(key: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = mix(key) & mask;
    for (;;) {
      const k = slots[slot * 4]!;
      if (k === key) return slot * 4;
      if (k === -1) return -1;
      slot = (slot + 1) & mask;
    }
  }

  column(at: number): number {
    return this.slots[at + 1]!;
  }

  /** The column's idf, negative for the word group. */
  weight(at: number): number {
    return this.floats[at + 2]!;
  }
}

/** Words cached per model; forgotten when full (customer text repeats its words heavily). */
const WORD_CACHE_LIMIT = 100_000;

/**
 * Features of one text as sparse columns of a vocabulary, TF-IDF weighted and normalised, equal to
 * what `extractFeatures` gives (tested). Each word's character n-grams and stems are computed once
 * and cached with their columns and signed idf: words are numbered by a WordTable (no string is
 * cut out of the text, no Map is hashed), and word id's features are side by side in one
 * Int32Array arena — stem hash, count, then (column, idf) pairs — so a known word costs a cache
 * line or two instead of five scattered objects. A text's counts live in a small table that stays
 * in cache — with a 100k+ vocabulary, per-column arrays cost a cache miss per feature.
 */
export class Vectorizer {
  private slotKeys = new Int32Array(1024).fill(-1);
  private slotCounts = new Float64Array(1024);
  private slotWeights = new Float64Array(1024);
  private mask = 1023;
  private used: Int32Array = new Int32Array(1024);
  private usedCount = 0;
  private outCols: Int32Array = new Int32Array(1024);
  private outVals = new Float64Array(1024);
  private readonly words = new WordTable();
  /** Word id → where its features start in `arena`. */
  private entryAt = new Int32Array(1024);
  private arena = new Int32Array(1 << 14);
  private arenaFloats = new Float32Array(this.arena.buffer);
  private arenaUsed = 0;
  /** Per word of the current text: its arena entry, and where its bigram with the previous word is in the table. */
  private entries = new Int32Array(256);
  private ngramAt = new Int32Array(256);
  private readonly found: number[] = [];
  private readonly collect: (key: number) => void;

  constructor(
    readonly options: FeatureOptions,
    readonly table: FeatureTable,
  ) {
    this.collect = (key) => {
      const at = this.table.find(key);
      if (at >= 0) this.found.push(at);
    };
  }

  private add(col: number, weight: number): void {
    const keys = this.slotKeys;
    let slot = (Math.imul(col, 0x9e3779b1) >>> 22) & this.mask;
    for (;;) {
      const k = keys[slot]!;
      if (k === col) {
        this.slotCounts[slot]! += 1;
        return;
      }
      if (k === -1) break;
      slot = (slot + 1) & this.mask;
    }
    keys[slot] = col;
    this.slotCounts[slot] = 1;
    this.slotWeights[slot] = weight;
    this.used[this.usedCount++] = slot;
    if (this.usedCount * 2 > this.mask) this.grow();
  }

  /** Doubles the count table (a long text) and re-inserts what it holds. */
  private grow(): void {
    const oldKeys = this.slotKeys;
    const oldCounts = this.slotCounts;
    const oldWeights = this.slotWeights;
    const oldUsed = this.used.subarray(0, this.usedCount);
    const size = oldKeys.length * 2;
    this.slotKeys = new Int32Array(size).fill(-1);
    this.slotCounts = new Float64Array(size);
    this.slotWeights = new Float64Array(size);
    this.mask = size - 1;
    const used = new Int32Array(size);
    let count = 0;
    for (const old of oldUsed) {
      const col = oldKeys[old]!;
      let slot = (Math.imul(col, 0x9e3779b1) >>> 22) & this.mask;
      while (this.slotKeys[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slotKeys[slot] = col;
      this.slotCounts[slot] = oldCounts[old]!;
      this.slotWeights[slot] = oldWeights[old]!;
      used[count++] = slot;
    }
    this.used = used;
    this.usedCount = count;
  }

  /** Where the features of the word lower[start, end) (character hash `hash`) start in the arena. */
  private word(lower: string, start: number, end: number, hash: number): number {
    const id = this.words.find(lower, start, end, hash);
    return id >= 0 ? this.entryAt[id]! : this.addWord(lower, start, end, hash);
  }

  private addWord(lower: string, start: number, end: number, hash: number): number {
    const found = this.found;
    found.length = 0;
    const stem = emitWordFeatures(lower, start, end, this.options, this.collect);
    const entry = this.arenaUsed;
    const size = 2 + 2 * found.length;
    if (entry + size > this.arena.length) {
      const bigger = new Int32Array(Math.max(entry + size, this.arena.length * 2));
      bigger.set(this.arena.subarray(0, entry));
      this.arena = bigger;
      this.arenaFloats = new Float32Array(bigger.buffer);
    }
    const arena = this.arena;
    arena[entry] = stem;
    arena[entry + 1] = found.length;
    let p = entry + 2;
    for (const at of found) {
      arena[p] = this.table.column(at);
      this.arenaFloats[p + 1] = this.table.weight(at);
      p += 2;
    }
    this.arenaUsed = entry + size;
    const id = this.words.add(lower, start, end, hash);
    if (id >= this.entryAt.length) {
      const bigger = new Int32Array(this.entryAt.length * 2);
      bigger.set(this.entryAt);
      this.entryAt = bigger;
    }
    this.entryAt[id] = entry;
    return entry;
  }

  /** Fills `cols`/`vals` (returned views are valid until the next call). */
  vectorize(text: string): { cols: Int32Array; vals: Float64Array; n: number } {
    return this.vectorizePrepared(prepareText(text, this.options));
  }

  /** `vectorize` of a text already passed through `prepareText` with this vectorizer's options. */
  private vectorizePrepared(lower: string): { cols: Int32Array; vals: Float64Array; n: number } {
    this.usedCount = 0;
    const ngrams = this.options.wordNgrams;
    const table = this.table;
    const spans = wordSpans(lower);
    const count = spans.count;
    if (this.entries.length < count) {
      this.entries = new Int32Array(Math.max(count, this.entries.length * 2));
      this.ngramAt = new Int32Array(this.entries.length);
    }
    // The cache is emptied between texts only: a text's entries must stay put while it is read.
    if (this.words.size + count > WORD_CACHE_LIMIT) {
      this.words.clear();
      this.arenaUsed = 0;
    }
    // Three passes, so that the lookups of each pass do not wait on one another: a word n-gram
    // lookup in a large vocabulary is a cache miss, and the processor overlaps independent misses.
    const entries = this.entries;
    for (let w = 0; w < count; w++) entries[w] = this.word(lower, spans.starts[w]!, spans.ends[w]!, spans.hashes[w]!);
    const arena = this.arena;
    const floats = this.arenaFloats;
    const ngramAt = this.ngramAt;
    if (ngrams >= 2) for (let w = 1; w < count; w++) ngramAt[w] = table.find(bigramKey(arena[entries[w - 1]!]!, arena[entries[w]!]!));
    for (let w = 0; w < count; w++) {
      const entry = entries[w]!;
      const last = entry + 2 + 2 * arena[entry + 1]!;
      for (let p = entry + 2; p < last; p += 2) this.add(arena[p]!, floats[p + 1]!);
      if (ngrams >= 2 && w >= 1) {
        const at = ngramAt[w]!;
        if (at >= 0) this.add(table.column(at), table.weight(at));
      }
      if (ngrams >= 3 && w >= 2) {
        const at = table.find(trigramKey(arena[entries[w - 2]!]!, arena[entries[w - 1]!]!, arena[entry]!));
        if (at >= 0) this.add(table.column(at), table.weight(at));
      }
    }
    const n = this.usedCount;
    if (this.outCols.length < n) {
      this.outCols = new Int32Array(Math.max(n, this.outCols.length * 2));
      this.outVals = new Float64Array(this.outCols.length);
    }
    const cols = this.outCols;
    const vals = this.outVals;
    let sq0 = 0;
    let sq1 = 0;
    for (let i = 0; i < n; i++) {
      const slot = this.used[i]!;
      const count = this.slotCounts[slot]!;
      const w = this.slotWeights[slot]!;
      const v = (count === 1 ? 1 : 1 + Math.log(count)) * Math.abs(w);
      cols[i] = this.slotKeys[slot]!;
      this.slotKeys[slot] = -1;
      vals[i] = w < 0 ? -v : v; // the sign marks the group until normalised
      if (w < 0) sq1 += v * v;
      else sq0 += v * v;
    }
    const inv0 = sq0 > 0 ? 1 / Math.sqrt(sq0) : 0;
    const inv1 = sq1 > 0 ? 1 / Math.sqrt(sq1) : 0;
    for (let i = 0; i < n; i++) {
      const v = vals[i]!;
      vals[i] = v < 0 ? -v * inv1 : v * inv0;
    }
    return { cols, vals, n };
  }

  /** The same vector computed without the word cache, from `extractFeatures` (for tests). */
  vectorizeUncached(text: string): Map<number, number> {
    const counts = new Map<number, number>();
    const slotOf = new Map<number, number>();
    extractFeatures(text, this.options, (key) => {
      const at = this.table.find(key);
      if (at < 0) return;
      const col = this.table.column(at);
      counts.set(col, (counts.get(col) ?? 0) + 1);
      slotOf.set(col, at);
    });
    const norms = [0, 0];
    const out = new Map<number, number>();
    const groupOf = (col: number): number => (this.table.weight(slotOf.get(col)!) < 0 ? 1 : 0);
    for (const [col, count] of counts) {
      const v = (1 + Math.log(count)) * Math.abs(this.table.weight(slotOf.get(col)!));
      out.set(col, v);
      norms[groupOf(col)]! += v * v;
    }
    for (const [col, v] of out) out.set(col, v / Math.sqrt(norms[groupOf(col)]!));
    return out;
  }
}
