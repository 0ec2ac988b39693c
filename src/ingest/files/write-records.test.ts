import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ITEM_INPUT_FIELDS, itemInputSchema, parseTimestamp } from '../../domain/item.js';
import { text as streamText } from 'node:stream/consumers';
import { EXPORT_COLUMNS } from '../export-items.js';
import { applyMapping, autoMapping } from './column-mapping.js';
import { readRecords, type ReadResult } from './read-records.js';
import { createRecordWriter, guardFormula, isoInZone } from './write-records.js';
import { ZipEntries } from './zip-entries.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-write-records-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(p: string): Promise<ReadResult[]> {
  const all: ReadResult[] = [];
  for await (const r of readRecords(p, {})) all.push(r);
  return all;
}

/** A writable that takes 1 KB at a time and answers slowly, to exercise backpressure. */
function slowSink(): { stream: Writable; text: () => Buffer } {
  const parts: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk);
      setImmediate(done);
    },
  });
  return { stream, text: () => Buffer.concat(parts) };
}

describe('guardFormula', () => {
  it('prefixes cells that a spreadsheet would run as a formula', () => {
    expect(guardFormula('=HYPERLINK("http://evil.example","클릭")')).toBe(`'=HYPERLINK("http://evil.example","클릭")`);
    expect(guardFormula('+1')).toBe("'+1");
    expect(guardFormula('-1+2')).toBe("'-1+2");
    expect(guardFormula('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(guardFormula('  =1')).toBe("'  =1");
    expect(guardFormula('\t=1')).toBe("'\t=1");
    expect(guardFormula('\rcmd')).toBe("'\rcmd");
  });

  it('guards full-width and small formula characters, and one after zero-width characters', () => {
    for (const s of ['＝1+1', '﹦1+1', '＋1', '－1', '＠SUM(A1)', '﹢1', '﹣1', '﹫x', '\u200b=1+1', '\u200c=1', '\u200d+1', '\u2060-1', '\ufeff=1', ' \u200b＝1']) {
      expect(guardFormula(s)).toBe(`'${s}`);
    }
  });

  it("guards a value that already starts with ' and a formula character, so importing takes exactly one off", () => {
    expect(guardFormula("'-' 표시가 이상해요")).toBe("''-' 표시가 이상해요");
    expect(guardFormula("'=x")).toBe("''=x");
  });

  it('leaves ordinary text alone, including - + = @ after the start', () => {
    for (const s of ['배송 - 지연', '1+1 이벤트', 'a=b', 'me@example.com', '', '  공백으로 시작', "'이미 따옴표"]) {
      expect(guardFormula(s)).toBe(s);
    }
  });
});

describe('isoInZone', () => {
  it('writes the wall-clock time and offset of the zone, daylight saving and half hours included, as the same instant', () => {
    const at = new Date('2026-07-01T14:00:00Z');
    for (const [zone, iso] of [
      ['Asia/Seoul', '2026-07-01T23:00:00.000+09:00'],
      ['America/New_York', '2026-07-01T10:00:00.000-04:00'],
      ['Asia/Kolkata', '2026-07-01T19:30:00.000+05:30'],
      ['UTC', '2026-07-01T14:00:00.000+00:00'],
    ] as const) {
      expect(isoInZone(at, zone)).toBe(iso);
      expect(new Date(iso).getTime()).toBe(at.getTime());
    }
  });
});

describe('createRecordWriter: CSV', () => {
  it('writes a BOM, CRLF, quoted cells, ISO dates in the zone with its offset, JSON objects and guarded text', async () => {
    const p = path.join(dir, 'out.csv');
    const w = createRecordWriter('csv', p, ['id', 'created_at', 'text', 'rating', 'metadata', 'note']);
    await w.write({ id: 'T-1', created_at: new Date('2024-05-01T04:02:00Z'), text: '환불, "빨리"\n부탁', rating: -1, metadata: { tags: ['배송'] }, note: '=1+1' });
    await w.write({ id: 'T-2', created_at: null, text: '-5% 할인?', rating: undefined, metadata: null, extra: 'ignored' });
    await w.close();
    const bytes = fs.readFileSync(p);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'id,created_at,text,rating,metadata,note\r\n' +
        'T-1,2024-05-01T13:02:00.000+09:00,"환불, ""빨리""\n부탁",-1,"{""tags"":[""배송""]}",\'=1+1\r\n' +
        "T-2,,'-5% 할인?,,,\r\n",
    );
    expect(await readAll(p)).toEqual([
      { rowNumber: 2, values: { id: 'T-1', created_at: '2024-05-01T13:02:00.000+09:00', text: '환불, "빨리"\n부탁', rating: '-1', metadata: '{"tags":["배송"]}', note: "'=1+1" } },
      { rowNumber: 3, values: { id: 'T-2', created_at: '', text: "'-5% 할인?", rating: '', metadata: '', note: '' } },
    ]);
  });

  it('round-trips an export through import: read, auto-map, validate', async () => {
    const p = path.join(dir, 'items.csv');
    const w = createRecordWriter('csv', p, ITEM_INPUT_FIELDS);
    await w.write({
      external_id: 'T-9',
      channel: 'chat',
      source: 'sori',
      kind: 'inquiry',
      created_at: new Date('2024-05-01T04:02:00Z'),
      text: '배송이 늦어요',
      rating: 2,
      metadata: { 문의유형: '배송' },
      status: 'resolved',
    });
    await w.close();
    const [record] = await readAll(p);
    if ('error' in record) throw new Error(record.reason);
    const item = itemInputSchema.parse(applyMapping(record.values, autoMapping(Object.keys(record.values)).mapping));
    expect(item).toMatchObject({
      external_id: 'T-9',
      channel: 'chat',
      created_at: new Date('2024-05-01T04:02:00Z'),
      text: '배송이 늦어요',
      rating: 2,
      metadata: { 문의유형: '배송' },
      status: 'resolved',
    });
  });

  it('respects backpressure of a slow stream and delivers every row', async () => {
    const sink = slowSink();
    const w = createRecordWriter('csv', sink.stream, ['n', 'text']);
    for (let i = 0; i < 5_000; i++) await w.write({ n: i, text: `문의 ${i}` });
    await w.close();
    const lines = sink.text().toString('utf8').split('\r\n');
    expect(lines).toHaveLength(5_002); // header, 5000 rows, '' after the last CRLF
    expect(lines[5_000]).toBe('4999,문의 4999');
    expect(sink.stream.writableFinished).toBe(true);
  });
});

describe('createRecordWriter: JSONL', () => {
  it('writes one object per line with the chosen columns and no formula guard', async () => {
    const sink = slowSink();
    const w = createRecordWriter('jsonl', sink.stream, ['text', 'created_at', 'metadata']);
    await w.write({ text: '=1+1 그대로', created_at: new Date('2024-05-01T04:02:00Z'), metadata: { a: [1] }, other: 1 });
    await w.write({ text: '둘째\n줄', created_at: undefined, metadata: null });
    await w.close();
    expect(sink.text().toString('utf8')).toBe(
      '{"text":"=1+1 그대로","created_at":"2024-05-01T04:02:00.000Z","metadata":{"a":[1]}}\n{"text":"둘째\\n줄","metadata":null}\n',
    );
  });
});

describe('createRecordWriter: XLSX', () => {
  it('writes a guarded header and cells, real dates in Seoul time, numbers as numbers', async () => {
    const p = path.join(dir, 'out.xlsx');
    const w = createRecordWriter('xlsx', p, ['=col', 'created_at', 'text', 'score', 'metadata']);
    await w.write({ '=col': '@x', created_at: new Date('2024-05-01T04:02:00Z'), text: '정상 텍스트', score: 9, metadata: { a: 1 } });
    await w.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('items');
    expect(ws.getRow(1).values).toEqual([undefined, "'=col", 'created_at', 'text', 'score', 'metadata']);
    const row = ws.getRow(2);
    expect(row.getCell(1).value).toBe("'@x");
    // Excel shows 13:02 (Seoul); exceljs reads the zone-less cell as if it were UTC.
    expect(row.getCell(2).value).toEqual(new Date('2024-05-01T13:02:00Z'));
    expect(row.getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(row.getCell(4).value).toBe(9);
    expect(row.getCell(5).value).toBe('{"a":1}');
  });

  it('gives the number cells of the columns named in numberFormats that format, and leaves other cells and CSV as they were', async () => {
    const columns = ['처리 시간 (시간)', '건수', '메모'];
    const rows = [
      { '처리 시간 (시간)': 24, 건수: 3, 메모: '=1+1' },
      { '처리 시간 (시간)': null, 건수: 4, 메모: '측정 없음' },
      { '처리 시간 (시간)': 0.1, 건수: 5, 메모: null },
    ];
    const p = path.join(dir, 'formats.xlsx');
    const w = createRecordWriter('xlsx', p, columns, { numberFormats: { '처리 시간 (시간)': '0.0', 없는열: '0.00' } });
    for (const row of rows) await w.write(row);
    await w.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBe(24);
    expect(sheet.getRow(2).getCell(1).numFmt).toBe('0.0');
    expect(sheet.getRow(4).getCell(1).value).toBe(0.1);
    expect(sheet.getRow(4).getCell(1).numFmt).toBe('0.0');
    // An empty cell stays empty (no 0.0 for "not measured"); other columns keep the general format.
    expect(sheet.getRow(3).getCell(1).value).toBeNull();
    expect(sheet.getRow(2).getCell(2).numFmt).toBeUndefined();
    expect(sheet.getRow(2).getCell(3).value).toBe("'=1+1");
    // CSV has no formats: the same bytes with and without the option.
    const csvOf = async (opts: { numberFormats?: Record<string, string> }) => {
      const sink = slowSink();
      const writer = createRecordWriter('csv', sink.stream, columns, opts);
      for (const row of rows) await writer.write(row);
      await writer.close();
      return sink.text();
    };
    expect((await csvOf({ numberFormats: { '처리 시간 (시간)': '0.0' } })).equals(await csvOf({}))).toBe(true);
  });

  it('writes extra sheets after the rows’ sheet, guarded, dates on the zone’s clock; a re-read takes the first sheet alone, CSV ignores them', async () => {
    const p = path.join(dir, 'about.xlsx');
    const extraSheets = [{ name: '정보', widths: [30, 60], rows: [['항목', '값'], ['표', '=HYPERLINK("x")'], ['만든 시각', new Date('2026-12-07T00:15:00Z')]] }];
    const w = createRecordWriter('xlsx', p, ['channel', 'text'], { timeZone: 'Asia/Seoul', extraSheets });
    await w.write({ channel: 'board', text: '환불 문의' });
    await w.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['items', '정보']);
    const about = wb.worksheets[1]!;
    expect(about.getRow(2).getCell(2).value).toBe('\'=HYPERLINK("x")');
    expect(about.getRow(2).getCell(2).type).not.toBe(ExcelJS.ValueType.Formula);
    expect(about.getRow(3).getCell(2).value).toEqual(new Date('2026-12-07T09:15:00Z'));
    expect(about.getRow(3).getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    const back = await readAll(p);
    expect(back.map((r) => (!('error' in r) ? r.values : r))).toEqual([{ channel: 'board', text: '환불 문의' }]);
    const csvOf = async (opts: { extraSheets?: typeof extraSheets }) => {
      const sink = slowSink();
      const writer = createRecordWriter('csv', sink.stream, ['channel'], opts);
      await writer.write({ channel: 'board' });
      await writer.close();
      return sink.text();
    };
    expect((await csvOf({ extraSheets })).equals(await csvOf({}))).toBe(true);
  });

  it("writes dates as the workspace zone's wall-clock time, and reads them back to the same instants", async () => {
    const p = path.join(dir, 'nyc.xlsx');
    const w = createRecordWriter('xlsx', p, ['created_at'], { timeZone: 'America/New_York' });
    const instants = [new Date('2026-07-01T14:00:00Z'), new Date('2026-12-01T15:00:00Z')]; // 10:00 EDT, 10:00 EST
    for (const created_at of instants) await w.write({ created_at });
    await w.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    expect([2, 3].map((r) => wb.worksheets[0].getRow(r).getCell(1).value)).toEqual([new Date('2026-07-01T10:00:00Z'), new Date('2026-12-01T10:00:00Z')]);
    const back: ReadResult[] = [];
    for await (const r of readRecords(p, { timeZone: 'America/New_York' })) back.push(r);
    expect(back.map((r) => (!('error' in r) ? r.values.created_at : r))).toEqual(instants);
  });

  it('writes a time a DST fall-back repeats as text with its offset, so both 01:30s read back as their own instants', async () => {
    const p = path.join(dir, 'fall-back.xlsx');
    const w = createRecordWriter('xlsx', p, ['created_at'], { timeZone: 'America/New_York' });
    // 2026-11-01: 01:30 EDT, then 01:30 EST an hour later.
    const instants = [new Date('2026-11-01T05:30:00Z'), new Date('2026-11-01T06:30:00Z')];
    for (const created_at of instants) await w.write({ created_at });
    await w.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    expect([2, 3].map((r) => wb.worksheets[0].getRow(r).getCell(1).value)).toEqual([new Date('2026-11-01T01:30:00Z'), '2026-11-01T01:30:00.000-05:00']);
    const back: ReadResult[] = [];
    for await (const r of readRecords(p, { timeZone: 'America/New_York' })) back.push(r);
    expect(back.map((r) => (!('error' in r) ? parseTimestamp(r.values.created_at as string | Date, 'America/New_York') : r))).toEqual(instants);
  });

  it("writes CR, control characters and a literal _x000D_ with Excel's escapes, so the text reads back exactly", async () => {
    const p = path.join(dir, 'escapes.xlsx');
    const texts = ['첫 줄\r\n둘째 줄', '줄바꿈만\r있어요', '글자 그대로 _x000D_ 와 _x005F_', '벨 \u0007 문자', '탭\t과 줄\n'];
    const w = createRecordWriter('xlsx', p, ['external_id', 'text']);
    for (const [i, text] of texts.entries()) await w.write({ external_id: `X-${i}`, text });
    await w.close();
    const back = await readAll(p);
    expect(back.map((r) => (!('error' in r) ? r.values.text : r))).toEqual(texts);
  });

  it('streams to a writable (stdout-like) with backpressure and produces a readable workbook', async () => {
    const sink = slowSink();
    const w = createRecordWriter('xlsx', sink.stream, ['n', 'text']);
    for (let i = 0; i < 3_000; i++) await w.write({ n: i, text: `한국어 문의 ${i}` });
    await w.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sink.text() as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(3_001);
    expect(ws.getRow(3_001).values).toEqual([undefined, 2_999, '한국어 문의 2999']);
  });

  it('does not end process.stdout', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const w = createRecordWriter('csv', process.stdout, ['a']);
      await w.write({ a: 1 });
      await w.close();
      expect(write).toHaveBeenCalledWith('\uFEFFa\r\n1\r\n');
      expect(process.stdout.writableEnded).toBe(false);
    } finally {
      write.mockRestore();
    }
  });
});

/** One part of a written workbook as its XML text (the project's own zip reader). */
async function zipPart(file: string, name: string): Promise<string> {
  return streamText(await (await ZipEntries.open(file)).stream(name));
}

const XML_ENTITIES: Record<string, string> = { '&apos;': "'", '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** The sheet XML's cells by reference: their attributes and the text of their <v>/<t>, entities read. */
function sheetCells(xml: string): Map<string, { attrs: string; inner: string; value: string }> {
  const cells = new Map<string, { attrs: string; inner: string; value: string }>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
    const inner = m[3] ?? '';
    const raw = /<(?:v|t)(?: [^>]*)?>(.*?)<\/(?:v|t)>/s.exec(inner)?.[1] ?? '';
    cells.set(m[1]!, { attrs: m[2]!, inner, value: raw.replace(/&(?:apos|quot|amp|lt|gt);/g, (e) => XML_ENTITIES[e]!) });
  }
  return cells;
}

describe('XLSX formula guard', () => {
  // Texts a spreadsheet would read as formulas, one already quoted, and look-alikes it would not.
  const TEXTS = ['=1+1', '+821012345678', '-_- 환불 언제요', '-_-', '@멘션', "'이미 따옴표", "'=이미 따옴표와 수식", '全角 ＝', '＝全角 수식', '\u200b=1', '보통 문의'];
  const row = (text: string, i: number) => ({
    external_id: `G-${i}`,
    channel: 'chat',
    source: '고객센터',
    kind: 'inquiry',
    created_at: new Date('2026-12-01T01:00:00Z'),
    title: text,
    text,
    pii_kinds: '',
  });

  it('writes a guarded cell as a plain string with its apostrophe: no <f> element, no formula type, no style flag', async () => {
    const p = path.join(dir, 'guard-raw.xlsx');
    const w = createRecordWriter('xlsx', p, EXPORT_COLUMNS);
    for (const [i, text] of TEXTS.entries()) await w.write(row(text, i));
    await w.close();
    const xml = await zipPart(p, 'xl/worksheets/sheet1.xml');
    expect(xml).not.toMatch(/<f[\s>\/]/);
    const cells = sheetCells(xml);
    const textColumn = String.fromCharCode(65 + EXPORT_COLUMNS.indexOf('text'));
    for (const [i, text] of TEXTS.entries()) {
      const cell = cells.get(`${textColumn}${i + 2}`)!;
      // t="str" is a string cell (inline text, as useSharedStrings: false writes it); Excel never evaluates it on opening.
      expect(cell.attrs, text).toMatch(/\bt="str"/);
      expect(cell.inner, text).not.toMatch(/<f/);
      expect(cell.value, text).toBe(guardFormula(text));
    }
    // The apostrophe stays visible in XLSX: exceljs 4.4.0 cannot write a cell style's quotePrefix (see the next test).
    const written = (text: string) => cells.get(`${textColumn}${TEXTS.indexOf(text) + 2}`)!.value;
    expect(written('=1+1')).toBe("'=1+1");
    expect(written('-_- 환불 언제요')).toBe("'-_- 환불 언제요");
    expect(written("'=이미 따옴표와 수식")).toBe("''=이미 따옴표와 수식");
    expect(written("'이미 따옴표")).toBe("'이미 따옴표");
    expect(written('全角 ＝')).toBe('全角 ＝');
    expect(await zipPart(p, 'xl/styles.xml')).not.toMatch(/quotePrefix/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  // Excel's own invisible guard is the cell style's quotePrefix; the exceljs in use drops it (its
  // StyleXform writes a fixed list of <xf> attributes; exceljs/exceljs PR #2809 would add it, open
  // and unreleased at 4.4.0). When this fails, an upgrade writes it: XLSX can then guard with
  // quotePrefix and no apostrophe (write-records.ts xlsxText) — the importer needs no change then,
  // since unguardCell finds no apostrophe to take off.
  it('exceljs writes no quotePrefix style, so the XLSX guard keeps the apostrophe', async () => {
    const p = path.join(dir, 'quote-prefix-probe.xlsx');
    const out = fs.createWriteStream(p);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('probe');
    const added = sheet.addRow(['=1+1']);
    added.getCell(1).style = { quotePrefix: true } as unknown as Partial<ExcelJS.Style>;
    added.commit();
    sheet.commit();
    await workbook.commit();
    const styles = await zipPart(p, 'xl/styles.xml');
    expect(styles).toMatch(/<cellXfs/);
    expect(styles).not.toMatch(/quotePrefix/);
  });

  it('round-trips every text exactly through an XLSX and a CSV export and their import, the CSV keeping its apostrophe', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const p = path.join(dir, `guard-round-trip.${format}`);
      const w = createRecordWriter(format, p, EXPORT_COLUMNS);
      for (const [i, text] of TEXTS.entries()) await w.write(row(text, i));
      await w.close();
      const records = await readAll(p);
      expect(records, format).toHaveLength(TEXTS.length);
      for (const [i, record] of records.entries()) {
        if ('error' in record) throw new Error(record.reason);
        // The file holds the guarded text; the import takes exactly the guard off (column-mapping.ts unguardCell).
        expect(record.values.text, format).toBe(guardFormula(TEXTS[i]!));
        const item = applyMapping(record.values, autoMapping(Object.keys(record.values)).mapping);
        expect([item.text, item.title], `${format}: ${TEXTS[i]}`).toEqual([TEXTS[i], TEXTS[i]]);
      }
    }
    const csv = fs.readFileSync(path.join(dir, 'guard-round-trip.csv'), 'utf8');
    expect(csv).toContain(",'=1+1,'=1+1,");
    expect(csv).toContain(",'-_- 환불 언제요,'-_- 환불 언제요,");
    expect(csv).toContain(",'이미 따옴표,'이미 따옴표,");
  });
});

describe('XLSX cell limit', () => {
  it('cuts a value over 32,767 characters with … at exactly the limit, and counts the cut cells', async () => {
    const p = path.join(dir, 'long.xlsx');
    const w = createRecordWriter('xlsx', p, ['text', 'metadata']);
    await w.write({ text: '긴 본문 '.repeat(10_000) + '끝', metadata: { memo: 'x'.repeat(40_000) } });
    await w.write({ text: '짧은 본문', metadata: null });
    await w.close();
    expect(w.truncatedCells).toBe(2);
    const rows = await readAll(p);
    // The importer refuses the cut row instead of storing its first 32,766 characters.
    expect(rows[0]).toMatchObject({ error: true, rowNumber: 2 });
    expect((rows[0] as { reason: string }).reason).toMatch(/text: cut at Excel's 32,767-character cell limit.*잘린 값/);
    expect(rows[1]).toMatchObject({ rowNumber: 3, values: { text: '짧은 본문' } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    const cell = String(wb.worksheets[0].getRow(2).getCell(1).value);
    expect(cell).toHaveLength(32_767);
    expect(cell.endsWith('…')).toBe(true);
  });

  it('counts nothing for CSV and JSONL, which keep full text', async () => {
    const w = createRecordWriter('csv', path.join(dir, 'long.csv'), ['text']);
    await w.write({ text: 'x'.repeat(40_000) });
    await w.close();
    expect(w.truncatedCells).toBe(0);
  });
});

describe('createRecordWriter: a file path is replaced only when complete', () => {
  const leftovers = (name: string) => fs.readdirSync(dir).filter((f) => f.startsWith(`${name}.tmp-`));

  it('leaves the earlier file whole while writing and after an abort, and replaces it on close', async () => {
    for (const format of ['csv', 'jsonl', 'xlsx'] as const) {
      const name = `replace.${format}`;
      const out = path.join(dir, name);
      fs.writeFileSync(out, 'earlier export');
      const stopped = createRecordWriter(format, out, ['id']);
      for (let i = 0; i < 2_000; i++) await stopped.write({ id: `row ${i} `.repeat(10) });
      expect(fs.readFileSync(out, 'utf8'), format).toBe('earlier export');
      expect(leftovers(name), format).toHaveLength(1);
      await stopped.abort();
      expect(fs.readFileSync(out, 'utf8'), format).toBe('earlier export');
      expect(leftovers(name), format).toEqual([]);

      const done = createRecordWriter(format, out, ['id']);
      await done.write({ id: 'new' });
      await done.close();
      expect(fs.readFileSync(out, 'utf8'), format).not.toBe('earlier export');
      expect(leftovers(name), format).toEqual([]);
      if (format !== 'xlsx') expect(fs.readFileSync(out, 'utf8')).toMatch(/new/);
    }
  });

  it('keeps the replaced file\'s permissions and writes through a symbolic link (review s19)', async () => {
    const real = path.join(dir, 'private.csv');
    fs.writeFileSync(real, 'old');
    fs.chmodSync(real, 0o600);
    const link = path.join(dir, 'link.csv');
    fs.symlinkSync(real, link);
    const writer = createRecordWriter('csv', link, ['id']);
    await writer.write({ id: 'new' });
    await writer.close();
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toMatch(/new/);
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
  });

  it("removes a temporary file a killed process left beside the target, and never a running process's", async () => {
    const out = path.join(dir, 'stale.csv');
    // A pid that runs no process: above Linux's pid_max.
    const dead = path.join(dir, 'stale.csv.tmp-99999999-0123abcd');
    const alive = path.join(dir, `stale.csv.tmp-${process.ppid}-89abcdef`);
    fs.writeFileSync(dead, 'half an export');
    fs.writeFileSync(alive, 'being written');
    const writer = createRecordWriter('csv', out, ['id']);
    await writer.close();
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(alive)).toBe(true);
  });

  it('writes a device path (/dev/null) directly, never renaming over it', async () => {
    const writer = createRecordWriter('csv', '/dev/null', ['id']);
    await writer.write({ id: 'x' });
    await writer.close();
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});
