/** The source text of one top-level array element, or why it could not be cut out. */
export type JsonElement = { index: number; text: string } | { index: number; error: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Cuts a top-level JSON array into element texts as chunks arrive, so a large `.json` export
 * streams like JSONL. It only tracks strings and nesting; each element is then checked by
 * JSON.parse. `index` is the 1-based position of the element in the array. Arrays written one
 * after another (`[…]\n[…]`, pages appended to one file) are read as one, their positions
 * counted on; anything else after the array is reported as one error, never dropped unseen.
 */
export class JsonArrayTokenizer {
  private buf = '';
  private scanPos = 0;
  /** `after`: an array has closed and another may follow; `done`: something else followed (reported). */
  private state: 'before' | 'inside' | 'after' | 'done' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private index = 0;
  private oversized = false;

  constructor(private readonly maxElementChars = 1_000_000) {}

  /** Adds text and appends every element completed by it to `out`; throws if the text is not an array. */
  push(chunk: string, out: JsonElement[]): void {
    if (this.state === 'done') return;
    this.buf += chunk;
    for (;;) {
      if (this.state !== 'inside') {
        const m = /^[\s\uFEFF]*/.exec(this.buf)!;
        if (m[0].length === this.buf.length) {
          this.buf = '';
          return;
        }
        if (this.buf.charCodeAt(m[0].length) !== OPEN_BRACKET) {
          if (this.state === 'before') throw new NotAJsonArray(this.buf[m[0].length]);
          this.index += 1;
          out.push({
            index: this.index,
            error: `text after the array's closing "]" (${JSON.stringify(this.buf.slice(m[0].length, m[0].length + 20))}) was not read; a .json file holds one array / 배열을 닫는 "]" 뒤의 내용은 읽지 않았습니다. .json 파일에는 배열 하나만 있어야 합니다`,
          });
          this.state = 'done';
          this.buf = '';
          return;
        }
        this.buf = this.buf.slice(m[0].length + 1);
        this.state = 'inside';
        this.depth = 1;
        this.scanPos = 0;
      }
      // Closed: what follows it is looked at from the top.
      if (!this.scan(out)) return;
    }
  }

  /** Reports a missing closing bracket (a cut-off file) as an error for the last element. */
  end(out: JsonElement[]): void {
    if (this.state !== 'inside') return;
    if (this.buf.trim() || this.oversized) {
      this.index += 1;
      out.push({ index: this.index, error: 'file ends inside this element (missing "]"; was the file cut off?) / 이 요소 안에서 파일이 끝납니다("]"가 없습니다. 파일이 잘렸나요?)' });
    }
    this.buf = '';
  }

  /** Cuts out the elements in the buffer; true when the array closed (the buffer then holds what follows it). */
  private scan(out: JsonElement[]): boolean {
    const b = this.buf;
    let start = 0;
    let i = this.scanPos;
    for (; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth += 1;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth -= 1;
        if (this.depth === 0) {
          this.emit(b.slice(start, i), true, out);
          this.state = 'after';
          this.buf = b.slice(i + 1);
          this.scanPos = 0;
          return true;
        }
      } else if (c === COMMA && this.depth === 1) {
        this.emit(b.slice(start, i), false, out);
        start = i + 1;
      }
    }
    if (i - start > this.maxElementChars) {
      // Keep tracking structure to find the element's end, but stop holding its text.
      this.oversized = true;
      start = i;
    }
    this.buf = b.slice(start);
    this.scanPos = i - start;
    return false;
  }

  private emit(raw: string, last: boolean, out: JsonElement[]): void {
    const text = raw.trim();
    if (this.oversized) {
      this.oversized = false;
      this.index += 1;
      out.push({ index: this.index, error: `element is longer than ${this.maxElementChars} characters / 요소가 ${this.maxElementChars}자보다 깁니다` });
      return;
    }
    if (!text) {
      // `[]` and a trailing comma before "]" are fine; an empty slot between commas is not.
      if (last) return;
      this.index += 1;
      out.push({ index: this.index, error: 'empty array element / 배열 요소가 비어 있습니다' });
      return;
    }
    this.index += 1;
    out.push({ index: this.index, text });
  }
}

/** The file's top level is not an array. */
export class NotAJsonArray extends Error {
  constructor(readonly found: string) {
    super(`expected a JSON array at the top level, found ${JSON.stringify(found)} / 최상위에 JSON 배열이 와야 하는데 ${JSON.stringify(found)}(으)로 시작합니다`);
  }
}
