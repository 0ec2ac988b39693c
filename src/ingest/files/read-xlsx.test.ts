import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { cutColumn, decodeXlsxEscapes, readXlsxRecords } from './read-xlsx.js';

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
