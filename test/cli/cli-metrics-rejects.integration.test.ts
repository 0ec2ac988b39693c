import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, makeSandbox, type Sandbox } from './run-sori.js';

const SLOW = 120_000;

let sb: Sandbox;
beforeAll(() => {
  sb = makeSandbox('metrics-rejects', 'ko');
});
afterAll(() => sb.remove());

describe('sori import --metrics: the rejects file', () => {
  it('names the refused cell’s column after row and reason, and leaves it empty for a whole row', { timeout: SLOW }, async () => {
    // A wide sheet: one bad cell (주문수 on 11-02), one row whose day cannot be read (its every number refused).
    const csv = ['날짜,주문수,MAU', '2026-11-01,120,5000', '2026-11-02,많음,5100', '11월 어느 날,130,5200', '2026-11-04,140,5300'].join('\n') + '\n';
    writeFileSync(sb.file('지표.csv'), csv);
    const r = await sb.run(['import', '지표.csv', '--metrics']);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('2건 거부 (행 1개, 칸 1개)');
    const text = readFileSync(sb.file('지표.csv.rejects.csv'), 'utf8');
    // row and reason first, as before, so scripts reading those two keep working.
    expect(text.split('\r\n')[0]).toBe('\uFEFFrow,reason,column');
    const rejects = parseCsv(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rejects).toEqual([
      { row: '3', reason: expect.stringMatching(/^주문수: /), column: '주문수' },
      { row: '4', reason: expect.stringContaining('11월 어느 날'), column: '' },
    ]);
  });
});
