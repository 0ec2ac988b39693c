import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS, SoriError } from '../../domain/errors.js';
import { cutColumn, decodeXlsxEscapes, readXlsxRecords, XLSX_LIMITS } from './read-xlsx.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-read-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cutColumn', () => {
  it('finds a cell Sori cut at the XLSX limit (32,767 characters ending in …), and nothing else', () => {
    expect(cutColumn({ text: 'a'.repeat(32_766) + '…', id: 'x' })).toBe('text');
    expect(cutColumn({ text: 'a'.repeat(32_765) + '…' })).toBeNull(); // shorter: a real ellipsis
    expect(cutColumn({ text: 'a'.repeat(32_767) })).toBeNull(); // full length, not cut by Sori
    expect(cutColumn({ n: 5, d: null })).toBeNull();
  });
});

describe('readXlsxRecords errors', () => {
  it('says in English and Korean that a file is not a workbook', async () => {
    const p = path.join(dir, 'fake.xlsx');
    fs.writeFileSync(p, 'PK\u0003\u0004 not really a zip');
    const read = async () => {
      for await (const _ of readXlsxRecords(p, { timeZone: 'Asia/Seoul' })) void _;
    };
    await expect(read()).rejects.toThrow(/is not a readable \.xlsx workbook .* \/ fake\.xlsx은\(는\) 읽을 수 있는 \.xlsx 통합 문서가 아닙니다/);
  });
});

describe("Excel's _xHHHH_ escapes", () => {
  it('reads _x000D_ as a CR and _x005F_ as the underscore of a literal escape, in cells and headers', async () => {
    const p = path.join(dir, 'escapes.xlsx');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('문의');
    // As Excel saves them: the text of the cells holds the escapes.
    sheet.addRow(['external_id', '내용_x0026_메모', 'text']);
    sheet.addRow([1, '첫 줄_x000D_\n둘째 줄', '그대로 _x005F_x000D_ 쓴 글, 소문자 _x000d_ 도']);
    sheet.addRow([2, { richText: [{ text: '굵은_x000D_' }, { text: '\n글씨' }] }, '_x0041__x00410_ _x12_']);
    await wb.xlsx.writeFile(p);
    const rows = [];
    for await (const r of readXlsxRecords(p, { timeZone: 'Asia/Seoul' })) rows.push(r);
    expect(rows).toEqual([
      { rowNumber: 2, values: { external_id: 1, '내용&메모': '첫 줄\r\n둘째 줄', text: '그대로 _x000D_ 쓴 글, 소문자 \r 도' } },
      { rowNumber: 3, values: { external_id: 2, '내용&메모': '굵은\r\n글씨', text: 'A_x00410_ _x12_' } },
    ]);
    expect(decodeXlsxEscapes('no escapes here')).toBe('no escapes here');
  });
});

describe('readXlsxRecords limits', () => {
  const readAll = async (p: string, limits?: Parameters<typeof readXlsxRecords>[1]['limits']) => {
    const rows = [];
    for await (const r of readXlsxRecords(p, { timeZone: 'Asia/Seoul', limits })) rows.push(r);
    return rows;
  };

  /** A workbook whose shared strings unpack to ~600 KB and pack ~1,000:1 (a small decompression bomb). */
  const bombPath = path.join(dir, 'bomb.xlsx');
  const writeBomb = async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('문의');
    sheet.addRow(['external_id', 'text']);
    for (let i = 0; i < 20; i++) sheet.addRow([i, 'A'.repeat(30_000) + i]);
    await wb.xlsx.writeFile(bombPath);
  };

  it('refuses a workbook whose shared strings unpack past the limit, in English and Korean, as 413', async () => {
    await writeBomb();
    expect(fs.statSync(bombPath).size).toBeLessThan(50_000);
    const err = await readAll(bombPath, { sharedStringsBytes: 100_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SoriError);
    expect(err).toMatchObject({ code: 'payload_too_large', detail: { reason: 'xlsx_unpacked_too_large', part: 'xl/sharedStrings.xml', limit_bytes: 100_000 } });
    expect((err as Error).message).toMatch(/bomb\.xlsx: xl\/sharedStrings\.xml unpacks to more than 100000 bytes; .* \/ bomb\.xlsx: xl\/sharedStrings\.xml의 압축을 풀면 100000 bytes를 넘습니다/);
    expect(ERROR_STATUS[(err as SoriError).code]).toBe(413);
  });

  it('refuses a part packed past 100:1 once it has unpacked past the threshold, whatever its size limit', async () => {
    await writeBomb();
    const err = await readAll(bombPath, { ratioAfterBytes: 100_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'payload_too_large', detail: { reason: 'xlsx_unpacked_too_large', max_ratio: 100 } });
    expect((err as Error).message).toMatch(/100 times its compressed size .* \/ .*압축된 크기의 100배를 넘습니다/);
    // Under the server's limits the same file is read (it stays below the 8 MB where the ratio counts).
    expect(await readAll(bombPath)).toHaveLength(20);
    expect(XLSX_LIMITS).toMatchObject({ sharedStringsBytes: 256 * 1024 * 1024, maxRatio: 100 });
  });

  it('refuses a row whose cell is longer than Excel’s 32,767 characters, and keeps the others', async () => {
    const p = path.join(dir, 'overlong.xlsx');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('문의');
    sheet.addRow(['external_id', 'text']);
    sheet.addRow([1, '가'.repeat(32_767)]); // Excel's limit: read
    sheet.addRow([2, '나'.repeat(32_768)]); // past it: refused, not cut
    sheet.addRow([3, { richText: [{ text: '다'.repeat(20_000) }, { text: '라'.repeat(20_000) }] }]);
    sheet.addRow([4, '짧은 글']);
    await wb.xlsx.writeFile(p);
    const rows = await readAll(p);
    expect(rows.map((r) => [r.rowNumber, 'error' in r && r.error ? 'refused' : 'read'])).toEqual([
      [2, 'read'],
      [3, 'refused'],
      [4, 'refused'],
      [5, 'read'],
    ]);
    expect(rows[0]).toMatchObject({ values: { external_id: 1, text: '가'.repeat(32_767) } });
    expect(rows[1]).toMatchObject({ reason: expect.stringMatching(/^text: longer than Excel's 32,767-character cell limit .* \/ 엑셀 셀 한도\(32,767자\)보다 긴 값이라/) });
  });
});
