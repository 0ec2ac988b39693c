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
        expect.stringMatching(/^record is longer than 60 characters \(\d+\); the whole row was skipped \/ 행이 60자보다 깁니다/),
        ['L3', '2024-11-01', '정상3 "따옴표"'],
      ]);
      expect(records.map((r) => [r.row, r.line])).toEqual([[1, 1], [2, 2], [3, 3], [4, 7]]);
    }
    // An over-long line without quotes ends at its line end.
    const long = tokenize(`a\n${'y'.repeat(100)}\nz\n`, [7], ',', 20);
    expect(long.map((r) => r.error ?? r.fields)).toEqual([['a'], expect.stringMatching(/longer than/), ['z']]);
    expect(long.map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it('says so when an over-long quoted cell is never closed (the rest of the file is inside it)', () => {
    const records = tokenize(`a,b\n1,"${'x'.repeat(50)}\n2,ok\n`, [7], ',', 20);
    expect(records.map((r) => r.error ?? r.fields)).toEqual([['a', 'b'], expect.stringMatching(/^unclosed quote: .* \/ 따옴표가 닫히지 않았습니다/)]);
    expect(records[1].row).toBe(2);
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
