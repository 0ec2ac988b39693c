import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cutColumn, readXlsxRecords } from './read-xlsx.js';

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
