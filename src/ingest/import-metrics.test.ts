import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { listMetrics } from '../store/queries/business-metrics.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { importMetricsFile, normalizeMetricName } from './import-metrics.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sori-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
/** Writes a CSV (UTF-8 unless bytes are given) and returns its path. */
function csv(lines: string[] | Buffer): string {
  const p = path.join(dir, `metrics-${++n}.csv`);
  writeFileSync(p, Array.isArray(lines) ? lines.join('\r\n') + '\r\n' : lines);
  return p;
}

describe('normalizeMetricName', () => {
  it('maps Korean headers as Excel writes them (spaces, units, decomposed Hangul) to the known names', () => {
    expect(normalizeMetricName('주문 수')).toBe('orders');
    expect(normalizeMetricName('결제 건수')).toBe('payments');
    expect(normalizeMetricName('매출(원)')).toBe('revenue');
    expect(normalizeMetricName('해지수'.normalize('NFD'))).toBe('cancellations');
    expect(normalizeMetricName('MAU')).toBe('mau');
  });

  it('takes a custom latin name, and refuses what cannot be stored as one', () => {
    expect(normalizeMetricName('App Installs')).toBe('app_installs');
    expect(normalizeMetricName('재구매수')).toBeNull();
    expect(normalizeMetricName('')).toBeNull();
    expect(normalizeMetricName('(초과 5)')).toBeNull();
    expect(normalizeMetricName('1일차')).toBeNull();
  });
});

describe(`business-metrics files as Korean operators export them (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'metrics', name: '지표' });
  });
  afterAll(() => close());
  beforeEach(async () => {
    await db.query('DELETE FROM business_metrics WHERE workspace_id = $1', [ws.id]);
  });

  const stored = async () => (await listMetrics(db, ws.id)).map((p) => `${p.day} ${p.name}=${p.value}`);

  it('lands every day of a CP949 sheet with a weekday and a notes column, which are skipped and named', async () => {
    const file = csv(
      iconv.encode(
        ['날짜,요일,주문수,결제수,해지수,MAU,비고', '2026-11-01,일,"1,234",1100,12,50000,', '2026-11-02,월,1300,1200,5,50100,11월 프로모션'].join('\r\n'),
        'cp949',
      ),
    );
    const r = await importMetricsFile(db, ws, file);
    expect(r).toMatchObject({ accepted: 8, rejected: 0, names: ['cancellations', 'mau', 'orders', 'payments'] });
    expect(r.skipped_columns.map((s) => s.column)).toEqual(['요일', '비고']);
    expect(await stored()).toContain('2026-11-01 orders=1234');
    expect(await stored()).toContain('2026-11-02 cancellations=5');
  });

  it('keeps the other numbers of a sheet with a custom Korean column, and says once why that column was not stored', async () => {
    const r = await importMetricsFile(db, ws, csv(['날짜,주문수,재구매수', '2026-11-01,100,30', '2026-11-02,110,31']));
    expect(r).toMatchObject({ accepted: 2, rejected: 0, names: ['orders'] });
    expect(r.skipped_columns).toEqual([{ column: '재구매수', reason: expect.stringMatching(/repurchases.*주문수.* \/ 지표 이름은/) }]);
    expect(await stored()).toEqual(['2026-11-01 orders=100', '2026-11-02 orders=110']);
  });

  it('rejects the row of a long sheet naming a metric that cannot be stored, keeping the others', async () => {
    const r = await importMetricsFile(db, ws, csv(['날짜,지표,값', '2026-11-01,주문수,100', '2026-11-01,재구매수,7']));
    expect(r).toMatchObject({ accepted: 1, rejected: 1 });
    expect(r.rejects).toEqual([{ row: 3, reason: expect.stringMatching(/^재구매수: .*repurchases/) }]);
  });

  it("reads a day written with a time (Excel's date-time cells saved as CSV) as that local day", async () => {
    const r = await importMetricsFile(
      db,
      ws,
      csv(['일자,주문수', '2026-11-02 0:00,1', '2026-11-03 오전 12:00:00,2', '2026년 11월 4일,3', '2026-11-04T20:00:00Z,4', '11/06/2026,5']),
    );
    // 20:00 UTC on the 4th is the 5th in Seoul; 11/06/2026 is day-first or month-first: refused, not guessed.
    expect(await stored()).toEqual(['2026-11-02 orders=1', '2026-11-03 orders=2', '2026-11-04 orders=3', '2026-11-05 orders=4']);
    expect(r.rejects).toEqual([{ row: 6, reason: expect.stringMatching(/11\/06\/2026.*날짜/) }]);
  });

  it('takes the long layout under Korean headers (날짜, 지표, 값)', async () => {
    const r = await importMetricsFile(db, ws, csv(['날짜,지표,값', '2026-11-01,주문수,100', '2026-11-01,MAU,"5,000"', '2026-11-01,Repurchases,7']));
    expect(r).toMatchObject({ accepted: 3, rejected: 0 });
    expect(await stored()).toEqual(['2026-11-01 mau=5000', '2026-11-01 orders=100', '2026-11-01 repurchases=7']);
  });

  it('reads won amounts and exponent notation; refuses negative counts, percentages and numbers past what the API takes, in both languages', async () => {
    const r = await importMetricsFile(
      db,
      ws,
      csv([
        '날짜,주문수,매출(원)',
        '2026-11-01,"₩1,000","1,000,000원"',
        '2026-11-02,1.5E+3,-',
        '2026-11-03,-5,10',
        '2026-11-04,12%,10',
        '2026-11-05,99999999999999999999,10',
      ]),
    );
    // '-' is how an accounting format shows nothing: no value that day, not a rejected row.
    expect(await stored()).toEqual(['2026-11-01 orders=1000', '2026-11-02 orders=1500', '2026-11-01 revenue=1000000']);
    expect(r.rejects.map((x) => x.row)).toEqual([4, 5, 6]);
    for (const reject of r.rejects) expect(reject.reason).toMatch(/^주문수: .+ \/ .*[가-힣]/);
  });

  it('updates a day sent again, never adds a second value for it', async () => {
    await importMetricsFile(db, ws, csv(['날짜,주문수', '2026-11-01,100']));
    await importMetricsFile(db, ws, csv(['날짜,주문수', '2026-11-01 00:00,120']));
    expect(await stored()).toEqual(['2026-11-01 orders=120']);
  });

  it('says which column is missing when a file has no day column', async () => {
    const r = await importMetricsFile(db, ws, csv(['월,주문수', '11월,100']));
    expect(r.rejects).toEqual([{ row: 2, reason: expect.stringMatching(/날짜.*일자.*day.*월, 주문수/) }]);
  });
});
