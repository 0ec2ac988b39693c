import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';

function tokenize(text: string, chunkSizes: number[] = [text.length || 1], delimiter = ',', maxRecordChars?: number): CsvRecord[] {
  const t = new CsvTokenizer(delimiter, maxRecordChars);
  const out: CsvRecord[] = [];
  let pos = 0;
  let k = 0;
  while (pos < text.length) {
    const size = Math.max(1, chunkSizes[k++ % chunkSizes.length]);
    t.push(text.slice(pos, pos + size), out);
    pos += size;
  }
  t.end(out);
  return out;
}

/** Like tokenize, feeding the text again each time a record asks to resume after an unclosed quote. */
function tokenizeResuming(text: string, chunkSizes: number[], maxRecordChars: number): CsvRecord[] {
  const out: CsvRecord[] = [];
  let t = new CsvTokenizer(',', maxRecordChars);
  for (;;) {
    for (let pos = 0, k = 0; pos < text.length; ) {
      const size = Math.max(1, chunkSizes[k++ % chunkSizes.length]);
      t.push(text.slice(pos, pos + size), out);
      pos += size;
    }
    t.end(out);
    const resume = out.at(-1)?.resumeAt;
    if (!resume) return out;
    t = CsvTokenizer.resuming(',', resume, maxRecordChars);
  }
}

const fieldsOf = (records: CsvRecord[]) => records.map((r) => r.fields);

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('CsvTokenizer', () => {
  it('splits plain rows with LF and CRLF line ends', () => {
    expect(fieldsOf(tokenize('a,b,c\n1,2,3\n'))).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(fieldsOf(tokenize('a,b\r\n1,2\r\n3,4'))).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const text = '제목,내용\r\n"환불, 요청","그는 ""빨리""라고\r\n말했다"\r\n다음,행\r\n';
    const records = tokenize(text);
    expect(fieldsOf(records)).toEqual([
      ['제목', '내용'],
      ['환불, 요청', '그는 "빨리"라고\r\n말했다'],
      ['다음', '행'],
    ]);
    // The multi-line record is spreadsheet row 2 and starts on line 2; the next record is row 3 on line 4.
    expect(records.map((r) => [r.row, r.line])).toEqual([[1, 1], [2, 2], [3, 4]]);
  });

  it('gives the same records however the text is chunked', () => {
    const text = 'a,"b ""q"" c",d\r\n"x\r\ny",,"",z\r\n"",\r\n\r\nlast,"row"';
    const whole = tokenize(text);
    for (let size = 1; size <= text.length; size++) {
      expect(tokenize(text, [size]), `chunk size ${size}`).toEqual(whole);
    }
    expect(tokenize(text, [1, 2, 3, 5, 8, 13])).toEqual(whole);
  });

  it('matches csv-parse on random well-formed CSV, in random chunks', () => {
    const random = rng(42);
    const pieces = ['가', '나다', 'abc', ',', '"', '\n', '\r\n', ' ', '', '1:1문의', ';'];
    for (let round = 0; round < 300; round++) {
      const rows: string[][] = [];
      const columns = 1 + Math.floor(random() * 4);
      for (let r = 0; r < 1 + Math.floor(random() * 6); r++) {
        const row: string[] = [];
        for (let c = 0; c < columns; c++) {
          let value = '';
          for (let p = Math.floor(random() * 4); p > 0; p--) value += pieces[Math.floor(random() * pieces.length)];
          row.push(value);
        }
        rows.push(row);
      }
      const lineEnd = random() < 0.5 ? '\n' : '\r\n';
      const text = rows
        .map((row) => row.map((v) => (/[",\r\n]/.test(v) || v.startsWith(' ') || (row.length === 1 && v === '') ? `"${v.replace(/"/g, '""')}"` : v)).join(','))
        .join(lineEnd);
      const expected = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
      const chunks = Array.from({ length: 5 }, () => 1 + Math.floor(random() * 20));
      expect(fieldsOf(tokenize(text, chunks)), JSON.stringify(text)).toEqual(expected);
    }
  });

  it('keeps a quote inside an unquoted field and text after a closing quote, like Excel', () => {
    expect(fieldsOf(tokenize('5" 화면,"ab"cd,e\n'))).toEqual([['5" 화면', 'abcd', 'e']]);
  });

  it('reports an unclosed quote and carries on with the next line', () => {
    const records = tokenize('a,b\n1,"oops\n2,x\n3,y\n', [4]);
    expect(records.map((r) => r.error ?? r.fields)).toEqual([
      ['a', 'b'],
      'unclosed quote; skipped this line and continued on the next / 따옴표가 닫히지 않았습니다. 이 줄을 건너뛰고 다음 줄부터 읽었습니다',
      ['2', 'x'],
      ['3', 'y'],
    ]);
    expect(records.map((r) => r.row)).toEqual([1, 2, 3, 4]);
  });

  it('skips a record longer than the limit as one row, through its quoted lines, and keeps later rows numbered right', () => {
    // The lines inside the over-long quoted cell look like rows ("X9,…") but are its text.
    const big = ['긴 상담 기록 '.repeat(10), 'X9,2024-11-02,인용된 줄', '""인용""으로 시작하는 줄', '끝'].join('\r\n');
    const text = `id,at,text\r\nL1,2024-11-01,정상1\r\nL2,2024-11-01,"${big}"\r\nL3,2024-11-01,"정상3 ""따옴표"""\r\n`;
    // Chunks shorter than the record, as read from a file (a record complete in one chunk is kept).
    for (const chunks of [[7], [1], [33, 5], [40]]) {
      const records = tokenize(text, chunks, ',', 60);
      expect(records.map((r) => r.error ?? r.fields), String(chunks)).toEqual([
        ['id', 'at', 'text'],
        ['L1', '2024-11-01', '정상1'],
        expect.stringMatching(/^record is longer than 60 characters \(\d+\); the whole row was skipped .* \/ 행이 60자보다 깁니다/),
        ['L3', '2024-11-01', '정상3 "따옴표"'],
      ]);
      expect(records.map((r) => [r.row, r.line])).toEqual([[1, 1], [2, 2], [3, 3], [4, 7]]);
      // Lines swallowed by it may be rows after a stray quote that a later one closed: it says how many.
      expect(records[2].error).toMatch(/\(it spans 4 lines; if they are rows, look for a stray quote at its start\) \/ .*\(4줄에 걸친 행입니다/);
    }
    // An over-long line without quotes ends at its line end.
    const long = tokenize(`a\n${'y'.repeat(100)}\nz\n`, [7], ',', 20);
    expect(long.map((r) => r.error ?? r.fields)).toEqual([['a'], expect.stringMatching(/longer than/), ['z']]);
    expect(long.map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it('reads on from the line after a stray quote that leaves an over-long cell open to the end of the file', () => {
    // 40 data rows after the quote: far more than the limit, so the tokenizer keeps none of them.
    const rows = Array.from({ length: 40 }, (_, i) => `${i + 3},ok ${i}`);
    const text = `a,b\r\n1,ok\r\n2,"stray\r\n${rows.join('\r\n')}\r\n`;
    for (const chunks of [[7], [1], [64]]) {
      const records = tokenizeResuming(text, chunks, 20);
      expect(records.map((r) => r.error ?? r.fields), String(chunks)).toEqual([
        ['a', 'b'],
        ['1', 'ok'],
        'unclosed quote; skipped this line and continued on the next / 따옴표가 닫히지 않았습니다. 이 줄을 건너뛰고 다음 줄부터 읽었습니다',
        ...rows.map((r) => r.split(',')),
      ]);
      expect(records.map((r) => r.row)).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
      expect(records.map((r) => r.line)).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
    }
  });

  it('accepts old Mac line ends (CR only)', () => {
    expect(fieldsOf(tokenize('a,b\r1,"x\ry"\r2,3', [3]))).toEqual([['a', 'b'], ['1', 'x\ry'], ['2', '3']]);
  });

  it('emits blank lines as one empty field so rows keep counting', () => {
    const records = tokenize('a\n\n\nb\n');
    expect(records.map((r) => [r.fields, r.row])).toEqual([[['a'], 1], [[''], 2], [[''], 3], [['b'], 4]]);
  });

  it('works with tab and semicolon delimiters', () => {
    expect(fieldsOf(tokenize('a\tb\n"1\t2"\t3\n', undefined, '\t'))).toEqual([['a', 'b'], ['1\t2', '3']]);
    expect(fieldsOf(tokenize('a;b\n1,5;2\n', undefined, ';'))).toEqual([['a', 'b'], ['1,5', '2']]);
  });
});
