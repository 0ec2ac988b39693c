import { mix } from './int-map.js';

/**
 * Words numbered by their characters (0, 1, 2… in order of addition), found through the hash
 * `wordSpans` computed while scanning: an open-addressing table of (hash, id) and one arena of
 * characters to confirm a hit. Looking a word up cuts no string out of the text and hashes
 * nothing a second time, where a Map<string, …> does both for every word of every text.
 */
export class WordTable {
  /** (hash, id + 1) pairs; id + 1 = 0 is an empty slot. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  /** Word id's characters are chars[starts[id], starts[id + 1]). */
  private starts = new Int32Array(1025);
  private chars = new Uint16Array(1 << 14);
  size = 0;

  /** The id of the word text[start, end) whose hash is `hash`, or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const length = end - start;
    let slot = mix(hash) & mask;
    for (;;) {
      const stored = slots[slot * 2 + 1]!;
      if (stored === 0) return -1;
      if (slots[slot * 2] === hash) {
        const id = stored - 1;
        const from = this.starts[id]!;
        if (this.starts[id + 1]! - from === length) {
          const chars = this.chars;
          let k = 0;
          while (k < length && chars[from + k] === text.charCodeAt(start + k)) k++;
          if (k === length) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Adds the word text[start, end) (not in the table yet) and returns its id. */
  add(text: string, start: number, end: number, hash: number): number {
    const id = this.size++;
    if (this.size * 2 > this.mask) this.growSlots();
    if (id + 2 > this.starts.length) {
      const starts = new Int32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    const from = this.starts[id]!;
    const length = end - start;
    if (from + length > this.chars.length) {
      const chars = new Uint16Array(Math.max(from + length, this.chars.length * 2));
      chars.set(this.chars.subarray(0, from));
      this.chars = chars;
    }
    for (let k = 0; k < length; k++) this.chars[from + k] = text.charCodeAt(start + k);
    this.starts[id + 1] = from + length;
    this.insert(this.slots, this.mask, hash, id + 1);
    return id;
  }

  /** Forgets every word (ids start at 0 again). */
  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  private insert(slots: Int32Array, mask: number, hash: number, stored: number): void {
    let slot = mix(hash) & mask;
    while (slots[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
    slots[slot * 2] = hash;
    slots[slot * 2 + 1] = stored;
  }

  private growSlots(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.insert(slots, capacity - 1, old[i]!, old[i + 1]!);
    this.slots = slots;
    this.mask = capacity - 1;
  }
}
