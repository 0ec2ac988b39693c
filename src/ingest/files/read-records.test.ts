import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, detectFormat, readRecords, type FileInfo, type ReadOptions, type ReadResult } from './read-records.js';
import { createRecordWriter } from './write-records.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-read-records-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, `${++fileCount}-${name}`);
  fs.writeFileSync(p, content);
  return p;
}

async function readAll(p: string, opts: ReadOptions = {}): Promise<ReadResult[]> {
  const all: ReadResult[] = [];
  for await (const r of readRecords(p, opts)) all.push(r);
  return all;
}

const KOREAN_CSV = '티켓번호,접수일시,문의내용\r\nT-1,2024-05-01 13:02,배송이 늦어요\r\nT-2,2024-05-02 09:00,"환불, 요청합니다"\r\n';
const KOREAN_ROWS = [
  { rowNumber: 2, values: { 티켓번호: 'T-1', 접수일시: '2024-05-01 13:02', 문의내용: '배송이 늦어요' } },
  { rowNumber: 3, values: { 티켓번호: 'T-2', 접수일시: '2024-05-02 09:00', 문의내용: '환불, 요청합니다' } },
];

describe('detectFormat', () => {
  it('knows the extensions, case-insensitively', () => {
    expect(detectFormat('문의.CSV')).toBe('csv');
    expect(detectFormat('a.tsv')).toBe('tsv');
    expect(detectFormat('a.jsonl')).toBe('jsonl');
    expect(detectFormat('a.ndjson')).toBe('jsonl');
    expect(detectFormat('/x/y.json')).toBe('json');
    expect(detectFormat('export.xlsx')).toBe('xlsx');
    expect(detectFormat('old.xls')).toBeNull();
    // Excel's "텍스트 (탭으로 분리)" and "유니코드 텍스트" save .txt: delimited text, delimiter detected.
    expect(detectFormat('notes.TXT')).toBe('csv');
    expect(detectFormat('notes.doc')).toBeNull();
  });
});

describe('detectEncoding', () => {
  it('trusts a BOM', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toBe('utf-16be');
  });

  it('takes valid UTF-8, even with a character cut off at the end of the sample', () => {
    const utf8 = Buffer.from('문의내용,상태\n배송 문의,접수\n', 'utf8');
    expect(detectEncoding(utf8)).toBe('utf-8');
    expect(detectEncoding(utf8.subarray(0, 4))).toBe('utf-8'); // '문' (3 bytes) + 1 byte of '의'
    expect(detectEncoding(utf8.subarray(0, 5))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('plain ascii'))).toBe('utf-8');
  });

  it('recognises CP949 from Korean Excel, also cut in the middle of a character', () => {
    const cp949 = iconv.encode('문의내용,상태\n배송 문의,접수\n똠방각하 뷁\n', 'cp949');
    expect(detectEncoding(cp949)).toBe('cp949');
    expect(detectEncoding(cp949.subarray(0, 3))).toBe('cp949');
  });

  it('recognises a small CP949 file with English headers, whose Korean bytes happen to form 2-byte UTF-8 sequences', () => {
    // 카드 in CP949 is C4AB B5E5: C4 AB reads as UTF-8 "ī". Only decoded Hangul syllables count for UTF-8.
    expect(detectEncoding(iconv.encode('external_id,channel,created_at,text\n1,chat,2024-11-03 15:12,카드\n', 'cp949'))).toBe('cp949');
    const texts = ['주문 취소', '환불 문의', '배송 지연', '결제 오류', '로그인 안됨', '쿠폰 적용', '교환 요청', '앱 오류', '회원 탈퇴', '카톡', '채팅', '전화', '후기', '만족'];
    for (const text of texts) {
      const csv = `external_id,channel,created_at,text\n1,chat,2024-11-03 15:12,${text}\n`;
      expect(detectEncoding(iconv.encode(csv, 'cp949')), text).toBe('cp949');
      expect(detectEncoding(Buffer.from(csv, 'utf8')), text).toBe('utf-8');
      // UTF-8 Korean with one stray CP949 byte is still UTF-8.
      expect(detectEncoding(Buffer.concat([Buffer.from(`${csv}2,chat,2024-11-03 15:13,${text} 다시 문의\n`, 'utf8'), Buffer.from([0xb0, 0x0a])])), text).toBe('utf-8');
    }
  });

  it('falls back to UTF-8 for bytes that are neither', () => {
    expect(detectEncoding(Buffer.from([0x61, 0xff, 0xff, 0xff, 0x80, 0x62]))).toBe('utf-8');
  });
});

describe('readRecords: encodings', () => {
  it('reads CP949 (EUC-KR) written by Korean Excel, Korean intact', async () => {
    const p = file('cp949.csv', iconv.encode(KOREAN_CSV, 'cp949'));
    expect(await readAll(p)).toEqual(KOREAN_ROWS);
  });

  it('reads UTF-8 with a BOM, and the BOM does not stick to the first header', async () => {
    const p = file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(KOREAN_CSV)]));
    const rows = await readAll(p);
    expect(rows).toEqual(KOREAN_ROWS);
    expect(Object.keys((rows[0] as { values: object }).values)[0]).toBe('티켓번호');
  });

  it('reads UTF-16 LE and BE with a BOM (Excel "Unicode text" is UTF-16 LE, tab-separated)', async () => {
    const le = file('le.csv', iconv.encode(KOREAN_CSV, 'utf-16le', { addBOM: true }));
    expect(await readAll(le)).toEqual(KOREAN_ROWS);
    const tsv = KOREAN_CSV.replace(/,(?=[^ ])/g, '\t').replace('"환불\t 요청합니다"', '"환불, 요청합니다"');
    const be = file('be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(tsv, 'utf-16be')]));
    expect(await readAll(be, { format: 'tsv' })).toEqual(KOREAN_ROWS);
    const unicodeText = file('유니코드 텍스트.txt', iconv.encode(tsv, 'utf-16le', { addBOM: true }));
    expect(await readAll(unicodeText)).toEqual(KOREAN_ROWS); // format from .txt, TAB found in the header
  });

  it('uses --encoding when given, and rejects an unknown one', async () => {
    const p = file('euckr.csv', iconv.encode(KOREAN_CSV, 'euc-kr'));
    expect(await readAll(p, { encoding: 'euc-kr' })).toEqual(KOREAN_ROWS);
    await expect(readAll(p, { encoding: 'klingon' })).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('decodes a CP949 character split across read chunks', async () => {
    // 256 KB read chunks: put multi-byte characters across the boundary.
    const line = '가나다라마바사,아자차카타파하\r\n';
    const content = '제목,내용\r\n' + line.repeat(20_000);
    const rows = await readAll(file('big-cp949.csv', iconv.encode(content, 'cp949')));
    expect(rows).toHaveLength(20_000);
    expect(rows.every((r) => !('error' in r) && r.values['내용'] === '아자차카타파하')).toBe(true);
  });

  it('reads UTF-16 without a byte-order mark, little- and big-endian', async () => {
    const le = iconv.encode(KOREAN_CSV, 'utf-16le');
    const be = iconv.encode(KOREAN_CSV, 'utf-16be');
    expect([le[0], le[1]]).not.toEqual([0xff, 0xfe]); // iconv writes no BOM here
    expect(detectEncoding(le)).toBe('utf-16le');
    expect(detectEncoding(be)).toBe('utf-16be');
    expect(await readAll(file('utf16le-nobom.csv', le))).toEqual(KOREAN_ROWS);
    expect(await readAll(file('utf16be-nobom.csv', be))).toEqual(KOREAN_ROWS);
    // Korean text with no ASCII at all has no zero bytes: still UTF-8.
    expect(detectEncoding(Buffer.from('배송문의환불요청', 'utf8'))).toBe('utf-8');
  });

  it('tells CP949 from UTF-8 by the first non-ASCII bytes when the first 64 KB are plain ASCII', async () => {
    const english = 'id,text\r\n' + Array.from({ length: 3_000 }, (_, i) => `E-${i},order status please\r\n`).join('');
    const korean = 'K-1,배송이 늦어요 똠방각하\r\n';
    expect(Buffer.byteLength(english)).toBeGreaterThan(64 * 1024);
    for (const encoding of ['cp949', 'utf-8']) {
      const rows = await readAll(file(`late-${encoding}.csv`, iconv.encode(english + korean, encoding)));
      expect(rows).toHaveLength(3_001);
      expect(rows.at(-1), encoding).toMatchObject({ values: { id: 'K-1', text: '배송이 늦어요 똠방각하' } });
    }
    expect(await readAll(file('all-ascii.csv', english))).toHaveLength(3_000);
  });
});

describe('readRecords: CSV', () => {
  it('calls an empty file empty (no bytes, a BOM alone, blank lines), not headerless', async () => {
    for (const [name, content] of [['empty.csv', ''], ['bom.csv', Buffer.from([0xef, 0xbb, 0xbf])], ['blank.csv', '\r\n\r\n  \r\n']] as const) {
      await expect(readAll(file(name, content)), name).rejects.toThrow('the file is empty / 빈 파일입니다');
    }
    // A header alone is a file with columns and no rows.
    expect(await readAll(file('header-only.csv', '티켓번호,내용\r\n'))).toEqual([]);
  });

  it('reports a bad row with its spreadsheet row number and keeps reading', async () => {
    const csv = [
      'id, 내용 ,상태', // header names are trimmed
      '1,"첫 줄',
      '둘째 줄",접수', // row 2 spans lines 2-3
      '2,too,many,cells',
      '3,정상,완료',
      '4,"따옴표 ""인용"" 포함",종료',
    ].join('\r\n');
    const rows = await readAll(file('bad-row.csv', csv));
    expect(rows).toEqual([
      { rowNumber: 2, values: { id: '1', 내용: '첫 줄\r\n둘째 줄', 상태: '접수' } },
      // What could be read stays with the refusal, for the rejects file: the extra cell by its position.
      { rowNumber: 3, error: true, reason: 'expected 3 columns, found 4 (the row starts on line 4 of the file) / 열이 3개여야 하는데 4개입니다 (파일의 4번째 줄에서 시작하는 행)', values: { id: '2', 내용: 'too', 상태: 'many', '(초과 4)': 'cells' } },
      { rowNumber: 4, values: { id: '3', 내용: '정상', 상태: '완료' } },
      { rowNumber: 5, values: { id: '4', 내용: '따옴표 "인용" 포함', 상태: '종료' } },
    ]);
  });

  it('reads short rows with the missing trailing cells empty (Excel leaves them out), refuses extra filled cells, and skips blank rows while counting them', async () => {
    const csv = 'a,b,c\n1,2,3,\n\n4,5\n,,\n6,7,8\n9,10,11,12\n13\n';
    expect(await readAll(file('shapes.csv', csv))).toEqual([
      { rowNumber: 2, values: { a: '1', b: '2', c: '3' } },
      { rowNumber: 4, values: { a: '4', b: '5', c: '' } },
      { rowNumber: 6, values: { a: '6', b: '7', c: '8' } },
      { rowNumber: 7, error: true, reason: 'expected 3 columns, found 4 / 열이 3개여야 하는데 4개입니다', values: { a: '9', b: '10', c: '11', '(초과 4)': '12' } },
      { rowNumber: 8, values: { a: '13', b: '', c: '' } },
    ]);
  });

  it('skips a report title line above the header (Excel saves it with empty cells), and keeps a one-column file whole', async () => {
    const titled = '1:1 문의 내역 (2024-11-01 ~ 2024-11-30),,\n번호,접수일시,내용\nK-1,2024-11-02 10:00,배송 문의\n';
    expect(await readAll(file('titled.csv', titled))).toEqual([{ rowNumber: 3, values: { 번호: 'K-1', 접수일시: '2024-11-02 10:00', 내용: '배송 문의' } }]);
    expect(await readAll(file('one-col.csv', '내용\n배송 문의\n환불 문의\n'))).toEqual([
      { rowNumber: 2, values: { 내용: '배송 문의' } },
      { rowNumber: 3, values: { 내용: '환불 문의' } },
    ]);
    const infos: unknown[] = [];
    expect(await readAll(file('header-only.csv', '번호,내용\n'), { onInfo: (i) => infos.push(i) })).toEqual([]);
    expect(infos).toContainEqual(expect.objectContaining({ headers: ['번호', '내용'] }));
  });

  it('skips a report’s title lines of one cell each (title, period, a blank line) above the header; a one-column file of any length stays whole', async () => {
    const report = '상담 내역 보고서\n기간: 2026-11-01 ~ 2026-11-30,,,\n\n티켓번호,접수일시,채널,문의내용\nT1,2026-11-01 10:00,채팅,배송이 늦어요\nT2,2026-11-02 11:00,전화,환불 문의\n';
    expect(await readAll(file('report.csv', report))).toEqual([
      { rowNumber: 5, values: { 티켓번호: 'T1', 접수일시: '2026-11-01 10:00', 채널: '채팅', 문의내용: '배송이 늦어요' } },
      { rowNumber: 6, values: { 티켓번호: 'T2', 접수일시: '2026-11-02 11:00', 채널: '전화', 문의내용: '환불 문의' } },
    ]);
    // One column: the held one-cell lines are its rows (fewer than the limit, and more).
    expect(await readAll(file('one-col-3.csv', '내용\n배송 문의\n환불 문의\n쿠폰 문의\n'))).toEqual([
      { rowNumber: 2, values: { 내용: '배송 문의' } },
      { rowNumber: 3, values: { 내용: '환불 문의' } },
      { rowNumber: 4, values: { 내용: '쿠폰 문의' } },
    ]);
    const many = Array.from({ length: 30 }, (_, i) => `문의 ${i + 1}`);
    const rows = await readAll(file('one-col-30.csv', `내용\n${many.join('\n')}\n`));
    expect(rows.map((r) => (r as { values: Record<string, string> }).values.내용)).toEqual(many);
    expect(rows.map((r) => r.rowNumber)).toEqual(many.map((_, i) => i + 2));
    // A one-column file whose rows are followed by a wider line: that line is a row, not a header found late.
    expect(await readAll(file('one-col-wide.csv', '내용\n배송 문의\n환불 문의\n"쉼표, 있는 문의",비고\n'))).toHaveLength(3);
    // A header that names no known column: its first rows are held a while, then given back in order.
    const own = await readAll(file('own-col.csv', `고객 의견\n${many.slice(0, 12).join('\n')}\n`));
    expect(own.map((r) => (r as { values: Record<string, string> }).values['고객 의견'])).toEqual(many.slice(0, 12));
    const ownWide = await readAll(file('own-wide.csv', '고객 의견\n좋아요\n별로예요\n"그냥, 보통",메모\n'));
    expect(ownWide.slice(0, 2)).toEqual([
      { rowNumber: 2, values: { '고객 의견': '좋아요' } },
      { rowNumber: 3, values: { '고객 의견': '별로예요' } },
    ]);
    expect(ownWide).toHaveLength(3);
  });

  it('reports an unclosed quote and reads the lines after it', async () => {
    const rows = await readAll(file('unclosed.csv', 'a,b\n1,"oops\n2,x\n'));
    expect(rows).toEqual([
      { rowNumber: 2, error: true, reason: 'unclosed quote; skipped this line and continued on the next / 따옴표가 닫히지 않았습니다. 이 줄을 건너뛰고 다음 줄부터 읽었습니다' },
      { rowNumber: 3, values: { a: '2', b: 'x' } },
    ]);
  });

  it('detects ; and TAB from the header line, uses TAB for .tsv, and honours a sep= line', async () => {
    expect(detectDelimiter('a;b;"c,d"')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
    expect(await readAll(file('semi.csv', '이름;금액\n홍길동;1,5\n'))).toEqual([{ rowNumber: 2, values: { 이름: '홍길동', 금액: '1,5' } }]);
    // Blank lines above the header: the delimiter comes from the header, and rows keep Excel's numbers.
    expect(await readAll(file('late-header.csv', '\r\n\r\n이름;금액\r\n홍길동;1,5\r\n'))).toEqual([
      { rowNumber: 4, values: { 이름: '홍길동', 금액: '1,5' } },
    ]);
    expect(await readAll(file('tabs.tsv', 'a\tb\n1,2\t3\n'))).toEqual([{ rowNumber: 2, values: { a: '1,2', b: '3' } }]);
    // Excel hides the sep= line, so the header is row 1 and the row numbers do not move.
    expect(await readAll(file('sep.csv', 'sep=|\r\na|b\r\n1|2\r\n'))).toEqual([{ rowNumber: 2, values: { a: '1', b: '2' } }]);
  });

  it('names blank and repeated headers instead of losing columns', async () => {
    expect(await readAll(file('headers.csv', '내용,,내용\nx,y,z\n'))).toEqual([
      { rowNumber: 2, values: { 내용: 'x', column_2: 'y', 내용_2: 'z' } },
    ]);
  });

  it('refuses a file without a header, an .xls, and a workbook named .csv', async () => {
    await expect(readAll(file('empty.csv', ''))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(readAll(file('old.xls', 'x'))).rejects.toMatchObject({ code: 'unsupported_media_type' });
    await expect(readAll(file('zip.csv', Buffer.from('PK\x03\x04rest')))).rejects.toMatchObject({ code: 'unsupported_media_type' });
  });

  it('returns nothing for a header-only file', async () => {
    expect(await readAll(file('header-only.csv', 'a,b\r\n'))).toEqual([]);
  });
});

describe('readRecords: JSONL and JSON', () => {
  it('reports malformed line 3 and non-objects, skips blank lines, keeps going', async () => {
    const jsonl = ['{"text":"배송 문의","rating":5}', '', '{"text": "깨진 줄",', '[1,2]', '  {"text":"마지막","meta":{"a":1}}  ', ''].join('\r\n');
    const rows = await readAll(file('items.jsonl', jsonl));
    expect(rows[0]).toEqual({ rowNumber: 1, values: { text: '배송 문의', rating: 5 } });
    expect(rows[1]).toMatchObject({ rowNumber: 3, error: true, reason: expect.stringMatching(/^malformed JSON/) });
    expect(rows[2]).toEqual({ rowNumber: 4, error: true, reason: 'expected a JSON object, found an array / JSON 객체({…})가 와야 하는데 배열입니다' });
    expect(rows[3]).toEqual({ rowNumber: 5, values: { text: '마지막', meta: { a: 1 } } });
    expect(rows).toHaveLength(4);
  });

  it('reads a last line without a newline', async () => {
    expect(await readAll(file('no-eol.jsonl', '{"a":1}\n{"a":2}'))).toEqual([
      { rowNumber: 1, values: { a: 1 } },
      { rowNumber: 2, values: { a: 2 } },
    ]);
  });

  it('streams a JSON array element by element (rowNumber = position)', async () => {
    const json = '\uFEFF[\n {"text":"하나, \\"둘\\" ]}"},\n 3,\n {"text":"셋","tags":["a","b"]}\n]\n';
    expect(await readAll(file('items.json', json))).toEqual([
      { rowNumber: 1, values: { text: '하나, "둘" ]}' } },
      { rowNumber: 2, error: true, reason: 'expected a JSON object, found a number / JSON 객체({…})가 와야 하는데 숫자입니다' },
      { rowNumber: 3, values: { text: '셋', tags: ['a', 'b'] } },
    ]);
    expect(await readAll(file('empty.json', '[]'))).toEqual([]);
  });

  it('reports a cut-off JSON array and refuses a top-level object', async () => {
    expect(await readAll(file('cut.json', '[{"a":1},{"a":'))).toEqual([
      { rowNumber: 1, values: { a: 1 } },
      { rowNumber: 2, error: true, reason: 'file ends inside this element (missing "]"; was the file cut off?) / 이 요소 안에서 파일이 끝납니다("]"가 없습니다. 파일이 잘렸나요?)' },
    ]);
    await expect(readAll(file('object.json', '{"tickets":[]}'))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('reads arrays written one after another as more rows, and reports anything else after the array instead of dropping it', async () => {
    expect(await readAll(file('two.json', '[{"text":"첫째"},{"text":"둘째"}]\n[{"text":"셋째"}]\n'))).toEqual([
      { rowNumber: 1, values: { text: '첫째' } },
      { rowNumber: 2, values: { text: '둘째' } },
      { rowNumber: 3, values: { text: '셋째' } },
    ]);
    const trailing = await readAll(file('trailing.json', '[{"text":"첫째"}] {"text":"둘째"}\n{"text":"셋째"}\n'));
    expect(trailing).toEqual([
      { rowNumber: 1, values: { text: '첫째' } },
      { rowNumber: 2, error: true, reason: expect.stringMatching(/^text after the array's closing "\]" .* \/ 배열을 닫는 "\]" 뒤의 내용은 읽지 않았습니다/) },
    ]);
    // Whitespace after the array is nothing.
    expect(await readAll(file('spaces.json', '[{"text":"첫째"}]\n\n  \n'))).toEqual([{ rowNumber: 1, values: { text: '첫째' } }]);
  });
});

describe('readRecords: XLSX', () => {
  it('keeps Korean text whole where the unzipped parts are cut into chunks', async () => {
    // Distinct texts so the shared-strings part runs to several 16 KB chunks of inflated XML, and
    // characters of three UTF-8 bytes sit on chunk boundaries.
    const syllables = '가나다라마바사아자차카타파하로그인환불배송쿠폰결제';
    const texts = Array.from({ length: 3_000 }, (_, i) =>
      Array.from({ length: 12 + (i % 7) }, (_, k) => syllables[(i * 7 + k * 3) % syllables.length]).join('') + ` ${i}`,
    );
    const p = await workbook('chunks.xlsx', (wb) => {
      const ws = wb.addWorksheet('문의');
      ws.addRow(['번호', '내용']);
      texts.forEach((text, i) => ws.addRow([`K-${i}`, text]));
    });
    const rows = await readAll(p);
    expect(rows).toHaveLength(texts.length);
    const read = rows.map((r) => (!('error' in r) ? r.values.내용 : r.reason));
    expect(read.filter((t) => String(t).includes('\uFFFD'))).toEqual([]);
    expect(read).toEqual(texts);
  });

  it('reads back what the export writer wrote: Korean text, a date, a number', async () => {
    const p = path.join(dir, 'export.xlsx');
    const writer = createRecordWriter('xlsx', p, ['external_id', 'created_at', 'text', 'rating']);
    await writer.write({ external_id: 'T-1', created_at: new Date('2024-05-01T04:02:00Z'), text: '배송이 늦어요 😢', rating: 4 });
    await writer.write({ external_id: 'T-2', created_at: new Date('2024-12-31T15:00:00Z'), text: '=1+1', rating: null });
    await writer.close();
    expect(await readAll(p)).toEqual([
      { rowNumber: 2, values: { external_id: 'T-1', created_at: new Date('2024-05-01T04:02:00Z'), text: '배송이 늦어요 😢', rating: 4 } },
      { rowNumber: 3, values: { external_id: 'T-2', created_at: new Date('2024-12-31T15:00:00Z'), text: "'=1+1", rating: null } },
    ]);
  });

  it('reads Excel dates as wall-clock time in the zone given (default Seoul), daylight saving included', async () => {
    const p = await workbook('dates.xlsx', (wb) => {
      const ws = wb.addWorksheet('문의');
      ws.addRow(['접수일시']);
      ws.addRow([new Date(Date.UTC(2024, 4, 1, 13, 2))]).getCell(1).numFmt = 'yyyy-mm-dd hh:mm';
    });
    expect(await readAll(p)).toEqual([{ rowNumber: 2, values: { 접수일시: new Date('2024-05-01T04:02:00Z') } }]);
    expect(await readAll(p, { timeZone: 'UTC' })).toEqual([{ rowNumber: 2, values: { 접수일시: new Date('2024-05-01T13:02:00Z') } }]);
    expect(await readAll(p, { timeZone: 'America/New_York' })).toEqual([{ rowNumber: 2, values: { 접수일시: new Date('2024-05-01T17:02:00Z') } }]); // EDT
  });

  it('normalises rich text, formulas, hyperlinks and errors; skips empty rows; picks the sheet', async () => {
    const p = await workbook('cells.xlsx', (wb) => {
      const first = wb.addWorksheet('요약');
      first.addRow(['요약 시트']);
      const ws = wb.addWorksheet('문의 목록');
      ws.addRow([]); // leading empty row: the header is the first row with content
      ws.addRow(['내용', '합계', '링크', '오류', '날짜식']);
      ws.addRow([
        { richText: [{ text: '굵은 ', font: { bold: true } }, { text: '글씨' }] },
        { formula: 'SUM(1,2)', result: 3 },
        { text: '주문 페이지', hyperlink: 'https://example.com/o/1' },
        { error: '#N/A' },
        { formula: 'DATE(2024,5,1)', result: 45413 },
      ]);
      ws.getCell('E3').numFmt = 'yyyy-mm-dd';
      ws.addRow([]);
      ws.addRow(['둘째', { formula: '"a"&"b"', result: 'ab' }]);
    });
    expect(await readAll(p, { sheet: '문의 목록' })).toEqual([
      { rowNumber: 3, values: { 내용: '굵은 글씨', 합계: 3, 링크: '주문 페이지', 오류: null, 날짜식: new Date('2024-04-30T15:00:00Z') } },
      { rowNumber: 5, values: { 내용: '둘째', 합계: 'ab', 링크: null, 오류: null, 날짜식: null } },
    ]);
    expect(await readAll(p, { sheet: '2' })).toHaveLength(2);
    expect(await readAll(p)).toHaveLength(2); // the first sheet has no data row: the next one is read
    await expect(readAll(p, { sheet: '없는 시트' })).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('passes over first sheets without a data row unless a sheet is named, and says which sheet it read', async () => {
    const p = await workbook('cover.xlsx', (wb) => {
      wb.addWorksheet('표지'); // blank cover sheet
      wb.addWorksheet('숨김', { state: 'hidden' }).addRow(['비밀', '값']).worksheet.addRow(['a', 'b']);
      const summary = wb.addWorksheet('요약');
      summary.addRow(['11월 문의 요약']);
      const ws = wb.addWorksheet('문의');
      ws.addRow(['티켓번호', '문의내용']);
      ws.addRow(['T-1', '배송이 늦어요']);
    });
    const info: FileInfo = {};
    const rows = await readAll(p, { onInfo: (found) => Object.assign(info, found) });
    expect(rows).toEqual([{ rowNumber: 2, values: { 티켓번호: 'T-1', 문의내용: '배송이 늦어요' } }]);
    expect(info).toMatchObject({ sheet: '문의', sheets: ['표지', '숨김', '요약', '문의'], headers: ['티켓번호', '문의내용'] });
    // A named sheet is read even when it has no data row.
    const named: FileInfo = {};
    expect(await readAll(p, { sheet: '요약', onInfo: (found) => Object.assign(named, found) })).toEqual([]);
    expect(named).toMatchObject({ sheet: '요약', headers: ['11월 문의 요약'] });

    // No sheet has a data row: the first with a header is reported, with that header, and nothing is read.
    const empty = await workbook('no-data.xlsx', (wb) => {
      wb.addWorksheet('표지');
      wb.addWorksheet('문의').addRow(['티켓번호', '문의내용']);
    });
    const told: FileInfo[] = [];
    expect(await readAll(empty, { onInfo: (found) => told.push(found) })).toEqual([]);
    expect(Object.assign({}, ...told)).toMatchObject({ sheet: '문의', headers: ['티켓번호', '문의내용'] });
    expect(told.filter((t) => t.headers)).toHaveLength(1); // told once: a consumer that takes the first header gets the right one
  });

  it('skips a report title above the header, keeping Excel row numbers; a one-column sheet keeps its header', async () => {
    const p = await workbook('titled.xlsx', (wb) => {
      const ws = wb.addWorksheet('문의');
      ws.addRow(['1:1 문의 내역 (2024-11-01 ~ 2024-11-30)']);
      ws.addRow([]);
      ws.addRow(['번호', '내용']);
      ws.addRow(['K-1', '배송 문의']);
    });
    expect(await readAll(p)).toEqual([{ rowNumber: 4, values: { 번호: 'K-1', 내용: '배송 문의' } }]);
    const single = await workbook('single.xlsx', (wb) => {
      const ws = wb.addWorksheet('문의');
      ws.addRow(['내용']);
      ws.addRow(['배송 문의']);
    });
    expect(await readAll(single)).toEqual([{ rowNumber: 2, values: { 내용: '배송 문의' } }]);
  });

  it('skips a report’s several one-cell title rows in a sheet; a one-column sheet under a name of its own keeps every row, dates included', async () => {
    const report = await workbook('report.xlsx', (wb) => {
      const ws = wb.addWorksheet('상담');
      ws.addRow(['상담 내역 보고서']);
      ws.addRow(['기간: 2026-11-01 ~ 2026-11-30']);
      ws.addRow([]);
      ws.addRow(['티켓번호', '접수일시', '문의내용']);
      ws.addRow(['T1', '2026-11-01 10:00', '배송이 늦어요']);
    });
    expect(await readAll(report)).toEqual([{ rowNumber: 5, values: { 티켓번호: 'T1', 접수일시: '2026-11-01 10:00', 문의내용: '배송이 늦어요' } }]);
    const own = await workbook('own.xlsx', (wb) => {
      const ws = wb.addWorksheet('의견');
      ws.addRow(['고객 의견']);
      for (let i = 1; i <= 12; i++) ws.addRow([i === 3 ? new Date(Date.UTC(2026, 10, 3)) : `의견 ${i}`]);
    });
    const rows = (await readAll(own)) as { rowNumber: number; values: Record<string, unknown> }[];
    expect(rows.map((r) => r.rowNumber)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    expect(rows[0]!.values['고객 의견']).toBe('의견 1');
    expect(rows[1]!.values['고객 의견']).toBe('의견 2');
    expect(rows[2]!.values['고객 의견']).toBeInstanceOf(Date);
    expect(rows[11]!.values['고객 의견']).toBe('의견 12');
  });

  it('refuses a non-zip file named .xlsx', async () => {
    await expect(readAll(file('fake.xlsx', 'a,b\n'))).rejects.toMatchObject({ code: 'unsupported_media_type' });
  });
});

async function workbook(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const p = path.join(dir, name);
  await wb.xlsx.writeFile(p);
  return p;
}

describe('readRecords: streaming', () => {
  it('reads a 200k-row CSV with bounded memory', async () => {
    const p = path.join(dir, 'big.csv');
    const out = fs.createWriteStream(p);
    out.write('\uFEFF티켓번호,접수일시,채널,상태,문의내용\r\n');
    const body = '배송이 너무 늦어요. 주문한 지 일주일이 넘었는데 아직도 안 왔습니다. 언제 받을 수 있는지 확인 부탁드립니다. 연락처로 회신 주세요';
    for (let i = 0; i < 200_000; i++) {
      const text = i % 7 === 0 ? `"여러 줄\n${body}, ${i}"` : `${body} ${i}`;
      if (!out.write(`T${i},2024-05-01 13:02,채팅,접수,${text}\r\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
    expect(fs.statSync(p).size).toBeGreaterThan(40_000_000);

    // heapUsed also counts garbage not yet collected, so sample what survives a full GC too.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let retained = baseline;
    let count = 0;
    let lastRow = 0;
    for await (const r of readRecords(p, {})) {
      if ('error' in r) throw new Error(r.reason);
      count += 1;
      lastRow = r.rowNumber;
      if (count % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (count % 40_000 === 0) {
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed);
      }
    }
    expect(count).toBe(200_000);
    expect(lastRow).toBe(200_001);
    expect(peak).toBeLessThan(200 * 1024 * 1024);
    // Streaming keeps a few MB alive; keeping the rows would retain ~120 MB.
    expect(retained - baseline).toBeLessThan(32 * 1024 * 1024);
  });

  it('stops reading and closes the file when the caller stops early', async () => {
    const p = file('early.csv', 'a\n' + '1\n'.repeat(100_000));
    const openOnIt = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`) === p;
        } catch {
          return false;
        }
      }).length;
    for await (const r of readRecords(p, {})) {
      expect(r).toEqual({ rowNumber: 2, values: { a: '1' } });
      expect(openOnIt()).toBe(1);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openOnIt()).toBe(0);
  });
});

describe('readRecords: audit findings (big integers, long records, mixed encodings, short rows, binary files)', () => {
  it('keeps JSON/JSONL integers beyond 2^53 exactly, as their digits, so two tickets stay two', async () => {
    const lines = [
      '{"external_id": 9007199254740993, "text": "첫 번째", "metadata": {"order": 12345678901234567890, "price": 1.5e300, "n": 42}}',
      '{"external_id": 9007199254740992, "text": "두 번째 \\"9007199254740993\\"", "customer_id": -98765432109876543210}',
    ];
    const rows = await readAll(file('bigid.jsonl', lines.join('\n')));
    expect(rows).toEqual([
      { rowNumber: 1, values: { external_id: '9007199254740993', text: '첫 번째', metadata: { order: '12345678901234567890', price: 1.5e300, n: 42 } } },
      { rowNumber: 2, values: { external_id: '9007199254740992', text: '두 번째 "9007199254740993"', customer_id: '-98765432109876543210' } },
    ]);
    // A safe integer stays a number, in a .json array too.
    expect(await readAll(file('bigid.json', `[${lines[0]}, {"external_id": 9007199254740991}]`))).toEqual([
      rows[0],
      { rowNumber: 2, values: { external_id: 9007199254740991 } },
    ]);
  });

  it('skips a quoted cell over 1,000,000 characters as one row, without reading the lines inside it as rows', async () => {
    const header = 'external_id,created_at,channel,text\r\n';
    const big = ['긴 상담 기록 '.repeat(150_000), 'X9,2024-11-02 10:00,chat,상담 기록 속 인용된 줄', '""인용""으로 시작', '끝'].join('\r\n');
    const csv = `${header}L1,2024-11-01 10:00,chat,정상1\r\nL2,2024-11-01 10:00,chat,"${big}"\r\nL3,2024-11-01 10:00,chat,정상3\r\n`;
    const rows = await readAll(file('long3.csv', csv));
    expect(rows.map((r) => ('error' in r ? [r.rowNumber, r.reason.slice(0, 40)] : [r.rowNumber, r.values.external_id]))).toEqual([
      [2, 'L1'],
      [3, 'record is longer than 1,000,000 characte'],
      [4, 'L3'],
    ]);
    expect((rows[1] as { reason: string }).reason).toMatch(/ \/ 행이 1,000,000자보다 깁니다/);
  });

  it('decides the encoding by evidence: a CP949 file with one bad byte is CP949, and that row is refused', async () => {
    const h = 'external_id,created_at,channel,text\r\n';
    const bytes = Buffer.concat([
      iconv.encode(`${h}Q1,2024-11-01 10:00,chat,배송 문의입니다\r\n`, 'cp949'),
      Buffer.from('Q2,2024-11-01 10:00,chat,\xc9\x20broken\r\n', 'latin1'),
      iconv.encode('Q3,2024-11-01 10:00,chat,환불 요청\r\n', 'cp949'),
    ]);
    expect(detectEncoding(bytes)).toBe('cp949');
    const infos: { encoding?: string }[] = [];
    const rows = await readAll(file('cp949bad.csv', bytes), { onInfo: (i) => infos.push(i) });
    expect(infos[0].encoding).toBe('cp949');
    expect(rows[0]).toMatchObject({ rowNumber: 2, values: { text: '배송 문의입니다' } });
    expect(rows[1]).toMatchObject({ rowNumber: 3, error: true, reason: expect.stringMatching(/not valid cp949 .* \/ 이 행의 일부 바이트가 cp949 문자가 아니어서/) });
    expect(rows[2]).toMatchObject({ rowNumber: 4, values: { text: '환불 요청' } });
  });

  it('reads a UTF-8 file with one CP949 line as UTF-8 and refuses that line instead of storing "���"', async () => {
    const h = 'id,text\r\n';
    const good = Array.from({ length: 20 }, (_, i) => `U${i},배송이 늦어요 ${i}\r\n`).join('');
    const bytes = Buffer.concat([Buffer.from(h + good, 'utf8'), iconv.encode('H2,강남구 역삼동\r\n', 'cp949'), Buffer.from('U99,마지막 줄\r\n', 'utf8')]);
    expect(detectEncoding(bytes)).toBe('utf-8');
    // The audit's two-row file: one UTF-8 row, one CP949 row, little evidence either way.
    const small = Buffer.concat([Buffer.from('id,text\r\nH1,유티에프\r\n', 'utf8'), iconv.encode('H2,강남구 역삼동\r\n', 'cp949')]);
    expect(detectEncoding(small)).toBe('utf-8');
    const rows = await readAll(file('mixed.csv', bytes));
    expect(rows).toHaveLength(22);
    expect(rows[20]).toMatchObject({ rowNumber: 22, error: true, reason: expect.stringMatching(/not valid utf-8/) });
    expect(rows[21]).toMatchObject({ rowNumber: 23, values: { id: 'U99', text: '마지막 줄' } });
    // A U+FFFD the file itself holds is the customer's text, not a decoding error.
    expect(await readAll(file('literal-fffd.csv', 'id,text\n1,깨진 글자 \uFFFD 그대로\n'))).toEqual([{ rowNumber: 2, values: { id: '1', text: '깨진 글자 \uFFFD 그대로' } }]);
  });

  it('refuses a binary file with one bilingual error instead of junk column names', async () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    await expect(readAll(file('garbage.csv', junk))).rejects.toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringMatching(/does not look like a text file .* \/ 텍스트 파일\(CSV, TSV, JSON\)이 아닌 것 같습니다/),
    });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR')]);
    await expect(readAll(file('image.csv', png))).rejects.toMatchObject({ code: 'unsupported_media_type' });
  });

  it('words file-level reader errors in English and Korean', async () => {
    await expect(readAll(file('empty2.csv', ''))).rejects.toThrow(/the file is empty \/ 빈 파일입니다/);
    await expect(readAll(file('no-header.csv', '"unclosed\n'))).rejects.toThrow(/no header row.* \/ 머리글 행이 없습니다/);
    await expect(readAll(file('fake.xlsx', 'a,b\n'))).rejects.toThrow(/not an \.xlsx workbook \/ 엑셀/);
    await expect(readAll(file('enc.csv', 'a\n1\n'), { encoding: 'nope' })).rejects.toThrow(/unknown encoding .* \/ 알 수 없는 인코딩/);
    await expect(readAll(file('object2.json', '{"a":1}'))).rejects.toThrow(/ \/ \.json 파일은 객체의 배열/);
    const malformed = await readAll(file('bad.jsonl', '{"a":\n'));
    expect(malformed[0]).toMatchObject({ error: true, reason: expect.stringMatching(/^malformed JSON: .* \/ JSON 형식이 올바르지 않습니다$/) });
  });
});

describe('readRecords: review findings (stray quotes in long files, NUL bytes, title lines)', () => {
  const header = 'external_id,text,created_at,channel\r\n';
  const rowsFrom = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `U${from + i},문의 내용 번호 ${from + i} 배송 관련 질문이 있습니다 확인 부탁드립니다,2024-03-05 14:30,chat\r\n`).join('');
  const summary = (rows: ReadResult[]) => ({
    read: rows.filter((r) => !('error' in r)).length,
    errors: rows.filter((r) => 'error' in r).map((r) => [r.rowNumber, (r as { reason: string }).reason]),
  });

  it('reads every row after a stray opening quote with over 1,000,000 characters after it', async () => {
    // 20,000 rows of about 80 characters after the quote: the tokenizer cannot hold them, so the file is read again.
    const csv = `${header}${rowsFrom(1, 5)}U6,"열린 따옴표만 있는 행,2024-03-05 14:30,chat\r\n${rowsFrom(7, 20_006)}`;
    const rows = await readAll(file('stray-long.csv', csv));
    expect(summary(rows)).toEqual({
      read: 20_005,
      errors: [[7, 'unclosed quote; skipped this line and continued on the next / 따옴표가 닫히지 않았습니다. 이 줄을 건너뛰고 다음 줄부터 읽었습니다']],
    });
    const last = rows.at(-1) as { rowNumber: number; values: Record<string, unknown> };
    expect([last.rowNumber, last.values.external_id]).toEqual([20_007, 'U20006']);
    // In the first data row (the header still undecided), behind Excel's sep= line, in CP949.
    const early = `sep=,\r\n${header}U1,"열린 따옴표,2024-03-05 14:30,chat\r\n${rowsFrom(2, 20_001)}`;
    for (const [name, bytes] of [['stray-first.csv', Buffer.from(early)], ['stray-cp949.csv', iconv.encode(early, 'cp949')]] as const) {
      const headers: string[][] = [];
      const got = await readAll(file(name, bytes), { onInfo: (i) => i.headers && headers.push(i.headers) });
      expect(headers, name).toEqual([['external_id', 'text', 'created_at', 'channel']]);
      expect(summary(got).read, name).toBe(20_000);
      expect(got[0], name).toMatchObject({ rowNumber: 2, error: true });
      expect(got[1], name).toMatchObject({ rowNumber: 3, values: { external_id: 'U2' } });
    }
  });

  it('reads a file with a stray NUL byte near its start, and one with NULs when the encoding is given', async () => {
    const csv = Buffer.concat([Buffer.from(`${header}N1,배송`), Buffer.from([0]), Buffer.from(`문의,2024-03-05 14:30,chat\r\n${rowsFrom(2, 3)}`)]);
    const rows = await readAll(file('one-nul.csv', csv));
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    expect(rows[0]).toMatchObject({ values: { text: '배송\u0000문의' } });
    // Many NULs (a binary file) are still refused when detected, never when the caller names the encoding.
    const nuls = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.alloc(200), Buffer.from('\n')]);
    await expect(readAll(file('nuls.csv', nuls))).rejects.toMatchObject({ code: 'unsupported_media_type' });
    expect(await readAll(file('nuls-enc.csv', nuls), { encoding: 'utf-8' })).toHaveLength(1);
  });

  it('skips a title line of several cells above a header of known columns', async () => {
    const csv = '\uFEFF1:1 문의 내역,2024년 3월\r\n\r\n번호,문의내용,작성일,작성자\r\n1,배송 문의,2024-03-05 14:30,홍길동\r\n';
    expect(await readAll(file('title2.csv', csv))).toEqual([{ rowNumber: 4, values: { 번호: '1', 문의내용: '배송 문의', 작성일: '2024-03-05 14:30', 작성자: '홍길동' } }]);
    // A header with blank names above fuller rows is still the header.
    expect(await readAll(file('blank-names.csv', '문의내용,작성일,,\r\n배송 문의,2024-03-05 14:30,a,b\r\n'))).toEqual([
      { rowNumber: 2, values: { 문의내용: '배송 문의', 작성일: '2024-03-05 14:30', column_3: 'a', column_4: 'b' } },
    ]);
  });
});
