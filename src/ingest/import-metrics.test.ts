import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { listMetrics } from '../store/queries/business-metrics.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { addDays } from '../domain/local-day.js';
import { importMetricsFile, lastMetricDay, normalizeMetricName } from './import-metrics.js';

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
    // 해지 (a subscription ended) and 취소 (an order cancelled) are two numbers: the churn rate and the order cancellation rate.
    expect(normalizeMetricName('해지수'.normalize('NFD'))).toBe('churned');
    expect(normalizeMetricName('해지 건수')).toBe('churned');
    expect(normalizeMetricName('취소수')).toBe('cancellations');
    expect(normalizeMetricName('주문 취소 건수')).toBe('cancellations');
    expect(normalizeMetricName('구독자 수')).toBe('subscribers');
    expect(normalizeMetricName('유료회원수(명)')).toBe('subscribers');
    expect(normalizeMetricName('MAU')).toBe('mau');
  });

  it('takes a custom name in Korean, latin or both: NFC, latin lower-cased, spaces and hyphens as _', () => {
    expect(normalizeMetricName('App Installs')).toBe('app_installs');
    expect(normalizeMetricName('재구매수')).toBe('재구매수');
    expect(normalizeMetricName('재구매수'.normalize('NFD'))).toBe('재구매수');
    expect(normalizeMetricName(' 재구매 수 ')).toBe('재구매_수');
    expect(normalizeMetricName('앱 설치 수')).toBe('앱_설치_수');
    expect(normalizeMetricName('앱설치수')).toBe('앱설치수');
    expect(normalizeMetricName('Day-7 재방문')).toBe('day_7_재방문');
    expect(normalizeMetricName('재구매수(건)')).toBe('재구매수');
    expect(normalizeMetricName('가'.repeat(63))).toBe('가'.repeat(63));
  });

  it('still reads the built-in names first, however the Korean one is spaced', () => {
    expect(normalizeMetricName('주문_수')).toBe('orders');
    expect(normalizeMetricName('일간 활성 사용자 수')).toBe('dau');
    expect(normalizeMetricName('DAU')).toBe('dau');
    // Not an alias because an object has such a key: a custom name like any other.
    expect(normalizeMetricName('constructor')).toBe('constructor');
    expect(normalizeMetricName('toString')).toBe('tostring');
  });

  it('refuses what cannot be stored as a name (emoji, punctuation, a digit first, jamo alone, past 63 characters), beside the name it is close to', () => {
    const pairs: [refused: string, taken: string][] = [
      ['재구매😀', '재구매'],
      ['bad name!', 'bad name'],
      ['재구매/수', '재구매 수'],
      ['재구매.수', '재구매수'],
      ['1일차', '일차'],
      ['2026', 'y2026'],
      ['재구매ㅅ', '재구매'],
      ['_재구매', '재구매_'],
      ['café', 'cafe'],
      ['가'.repeat(64), '가'.repeat(63)],
    ];
    for (const [refused, taken] of pairs) {
      expect([refused, normalizeMetricName(refused)]).toEqual([refused, null]);
      expect([taken, normalizeMetricName(taken)]).toEqual([taken, expect.any(String)]);
    }
    for (const raw of ['', '(초과 5)', '😀', 'ㅋㅋ']) expect([raw, normalizeMetricName(raw)]).toEqual([raw, null]);
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
        ['날짜,요일,주문수,결제수,취소수,MAU,비고', '2026-11-01,일,"1,234",1100,12,50000,', '2026-11-02,월,1300,1200,5,50100,11월 프로모션'].join('\r\n'),
        'cp949',
      ),
    );
    const r = await importMetricsFile(db, ws, file);
    expect(r).toMatchObject({ accepted: 8, rejected: 0, names: ['cancellations', 'mau', 'orders', 'payments'] });
    expect(r.skipped_columns.map((s) => s.column)).toEqual(['요일', '비고']);
    expect(await stored()).toContain('2026-11-01 orders=1234');
    expect(await stored()).toContain('2026-11-02 cancellations=5');
  });

  it('rejects a day after tomorrow (a wrong year) by its row, and keeps the days before it', async () => {
    const tomorrow = lastMetricDay(ws.timezone); // tomorrow in the workspace's zone: still taken
    const after = addDays(tomorrow, 1);
    const file = csv(['날짜,주문수', '2026-11-01,120', `${tomorrow},90`, `${after},80`, '2099-11-02,130']);
    const r = await importMetricsFile(db, ws, file);
    expect(r).toMatchObject({ accepted: 2, rejected: 2 });
    expect(r.rejects.map((x) => x.row)).toEqual([4, 5]);
    expect(r.rejects[1]!.reason).toContain('2099-11-02 is after tomorrow');
    expect(r.rejects[1]!.reason).toContain('내일보다 뒤의 날짜입니다');
    expect(await stored()).toEqual(expect.arrayContaining(['2026-11-01 orders=120', `${tomorrow} orders=90`]));
  });

  it('stores custom Korean columns of numbers, skips the columns of text, and refuses a mistyped number alone (its day\'s other numbers land)', async () => {
    const r = await importMetricsFile(
      db,
      ws,
      csv([
        '날짜,요일,주문수,재구매수,앱 설치 수,이벤트,담당자,비고',
        '2026-11-01,일,100,30,"1,200",블랙프라이데이,김민수,',
        '2026-11-02,월,110,"12,3a4",1250,,김민수,재고 부족',
        '2026-11-03,화,120,32,1300,,이서연,',
      ]),
    );
    expect(r).toMatchObject({ accepted: 8, rejected: 1, rejected_cells: 1, names: ['orders', '앱_설치_수', '재구매수'] });
    expect(r.rejects).toEqual([{ row: 3, column: '재구매수', reason: '재구매수: not a number (12,3a4) / 숫자가 아닙니다 (12,3a4)' }]);
    expect(r.skipped_columns).toEqual([
      { column: '요일', reason: expect.stringMatching(/날짜를 설명/) },
      { column: '이벤트', reason: expect.stringMatching(/text, not numbers.* \/ .*글자/) },
      { column: '담당자', reason: expect.stringMatching(/날짜를 설명/) },
      { column: '비고', reason: expect.stringMatching(/날짜를 설명/) },
    ]);
    expect(await stored()).toEqual([
      '2026-11-01 orders=100', '2026-11-02 orders=110', '2026-11-03 orders=120',
      '2026-11-01 앱_설치_수=1200', '2026-11-02 앱_설치_수=1250', '2026-11-03 앱_설치_수=1300',
      '2026-11-01 재구매수=30', '2026-11-03 재구매수=32',
    ]);
  });

  it('reads a custom column as text by most of its cells: one number among notes is no metric, one note among numbers is a refused cell', async () => {
    const r = await importMetricsFile(
      db,
      ws,
      csv(['날짜,주문수,캠페인,재방문수', '2026-11-01,100,봄 세일,40', '2026-11-02,110,2,없음', '2026-11-03,120,봄 세일 연장,41']),
    );
    expect(r.skipped_columns.map((c) => c.column)).toEqual(['캠페인']);
    expect(r.rejects).toEqual([{ row: 3, column: '재방문수', reason: '재방문수: not a number (없음) / 숫자가 아닙니다 (없음)' }]);
    expect(await stored()).toEqual(['2026-11-01 orders=100', '2026-11-02 orders=110', '2026-11-03 orders=120', '2026-11-01 재방문수=40', '2026-11-03 재방문수=41']);
  });

  it('skips a custom column of percentages (a rate) with why, where a built-in one refuses the cell', async () => {
    const r = await importMetricsFile(db, ws, csv(['날짜,주문수,전환율,재구매수', '2026-11-01,100,3.1%,30', '2026-11-02,12%,2.9%,31']));
    expect(r.skipped_columns).toEqual([{ column: '전환율', reason: expect.stringMatching(/percentages.* \/ .*비율\(%\)/) }]);
    expect(r.rejects).toEqual([{ row: 3, column: '주문수', reason: expect.stringMatching(/^주문수: a percentage/) }]);
    expect(await stored()).toEqual(['2026-11-01 orders=100', '2026-11-01 재구매수=30', '2026-11-02 재구매수=31']);
  });

  it('skips a column whose header still names no storable metric, and says once why in both languages', async () => {
    const r = await importMetricsFile(db, ws, csv(['날짜,주문수,재구매율 %', '2026-11-01,100,3', '2026-11-02,110,4']));
    expect(r).toMatchObject({ accepted: 2, rejected: 0, names: ['orders'] });
    expect(r.skipped_columns).toEqual([{ column: '재구매율 %', reason: expect.stringMatching(/Korean or latin letters.* \/ 지표 이름은 한글/) }]);
    // One " / " and no Hangul before it: the dashboard shows the reader's half alone.
    const [english, korean, ...more] = r.skipped_columns[0]!.reason.split(' / ');
    expect(more).toEqual([]);
    expect(english).not.toMatch(/[가-힣]/);
    expect(korean).toMatch(/재구매수/);
  });

  it('takes custom Korean names in the long layout, rejecting the rows of a name that cannot be stored or a value that is no number', async () => {
    const r = await importMetricsFile(
      db,
      ws,
      csv(['날짜,지표,값', '2026-11-01,주문수,100', '2026-11-01,재구매수,7', '2026-11-01,앱 설치 수,"1,500"', '2026-11-01,재구매!,3', '2026-11-02,재구매수,많음']),
    );
    // A long row is one value: refused, it is the row (no column), counted as no cell.
    expect(r).toMatchObject({ accepted: 3, rejected: 2, rejected_cells: 0, names: ['orders', '앱_설치_수', '재구매수'] });
    expect(r.rejects).toEqual([
      { row: 5, column: null, reason: expect.stringMatching(/^재구매!: not a metric name.* \/ 지표 이름은/) },
      { row: 6, column: null, reason: '재구매수: not a number (많음) / 숫자가 아닙니다 (많음)' },
    ]);
    expect(await stored()).toEqual(['2026-11-01 orders=100', '2026-11-01 앱_설치_수=1500', '2026-11-01 재구매수=7']);
  });

  it('skips the parts of the date beside the day (일, 월, 주차), numbers though they are', async () => {
    const r = await importMetricsFile(db, ws, csv(['날짜,월,일,주차,주문수,재구매수', '2026-11-01,11,1,44,100,30', '2026-11-02,11,2,45,110,31']));
    expect(r).toMatchObject({ accepted: 4, rejected: 0, names: ['orders', '재구매수'] });
    expect(r.skipped_columns).toEqual(['월', '일', '주차'].map((column) => ({ column, reason: expect.stringMatching(/describes the day.* \/ 날짜를 설명/) })));
  });

  it('reads 날짜, 구분, 값 as the long layout, and a lone 값 column as no metric named 값', async () => {
    const long = await importMetricsFile(db, ws, csv(['날짜,구분,값', '2026-11-01,재구매수,7']));
    expect(long).toMatchObject({ accepted: 1, rejected: 0, names: ['재구매수'] });
    const half = await importMetricsFile(db, ws, csv(['날짜,주문수,값', '2026-11-02,100,7']));
    expect(half).toMatchObject({ accepted: 1, names: ['orders'] });
    expect(half.skipped_columns).toEqual([{ column: '값', reason: expect.stringMatching(/long layout.* \/ 긴 형식/) }]);
  });

  it("reads a day written with a time (Excel's date-time cells saved as CSV) as that local day", async () => {
    const r = await importMetricsFile(
      db,
      ws,
      csv(['일자,주문수', '2026-11-02 0:00,1', '2026-11-03 오전 12:00:00,2', '2026년 11월 4일,3', '2026-11-04T20:00:00Z,4', '11/06/2026,5']),
    );
    // 20:00 UTC on the 4th is the 5th in Seoul; 11/06/2026 is day-first or month-first: refused, not guessed.
    expect(await stored()).toEqual(['2026-11-02 orders=1', '2026-11-03 orders=2', '2026-11-04 orders=3', '2026-11-05 orders=4']);
    expect(r.rejects).toEqual([{ row: 6, column: null, reason: expect.stringMatching(/11\/06\/2026.*날짜/) }]);
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
    // Each refused 주문수 leaves its day's 매출 stored.
    expect(await stored()).toEqual([
      '2026-11-01 orders=1000', '2026-11-02 orders=1500',
      '2026-11-01 revenue=1000000', '2026-11-03 revenue=10', '2026-11-04 revenue=10', '2026-11-05 revenue=10',
    ]);
    expect(r.rejects.map((x) => [x.row, x.column])).toEqual([[4, '주문수'], [5, '주문수'], [6, '주문수']]);
    for (const reject of r.rejects) expect(reject.reason).toMatch(/^주문수: .+ \/ .*[가-힣]/);
  });

  it('updates a day sent again, never adds a second value for it', async () => {
    await importMetricsFile(db, ws, csv(['날짜,주문수', '2026-11-01,100']));
    await importMetricsFile(db, ws, csv(['날짜,주문수', '2026-11-01 00:00,120']));
    expect(await stored()).toEqual(['2026-11-01 orders=120']);
  });

  it('refuses a day and metric given again with another number (that cell alone), naming the row it clashes with; the same number again is stored once', async () => {
    // Wide: a second row for 11/01 (web orders on their own line) with another count; MAU the same.
    const wide = await importMetricsFile(db, ws, csv(['날짜,주문수,MAU,비고', '2026-11-01,500,10000,', '2026-11-01,300,10000,웹 주문', '2026-11-02,400,10100,', '2026-11-02,400,10100,다시 붙여넣음']));
    // Row 3's MAU is the same 10000: a repeat, no longer lost with its row's clashing 주문수.
    expect(wide).toMatchObject({ accepted: 4, repeated: 3, rejected: 1, rejected_cells: 1 });
    expect(wide.rejects).toEqual([{ row: 3, column: '주문수', reason: expect.stringMatching(/^주문수: 2026-11-01 is already given on row 2 as 500, here 300: .+ \/ 2026-11-01 값이 2행에 500\(으\)로 이미 있는데 여기는 300입니다/) }]);
    // One " / ": the page shows the half in the reader's language; no Hangul in the English half.
    const [english, korean, ...more] = wide.rejects[0]!.reason.replace(/^주문수: /, '').split(' / ');
    expect([/[가-힣]/.test(english!), /[가-힣]/.test(korean!), more]).toEqual([false, true, []]);
    expect(await stored()).toEqual(['2026-11-01 mau=10000', '2026-11-02 mau=10100', '2026-11-01 orders=500', '2026-11-02 orders=400']);
    // Long, under a built-in name written two ways: the clash is found through the name.
    const long = await importMetricsFile(db, ws, csv(['day,name,value', '2026-11-04,orders,100', '2026-11-04,orders,100', '2026-11-05,주문수,150', '2026-11-05,orders,170']));
    expect(long).toMatchObject({ accepted: 2, repeated: 1, rejected: 1 });
    expect(long.rejects).toEqual([{ row: 5, column: null, reason: expect.stringContaining('orders: 2026-11-05 is already given on row 4 as 150, here 170') }]);
    expect(await stored()).toContain('2026-11-05 orders=150');
    // Two columns of one row read as the same metric (주문수, 주문 건수) with different numbers: the
    // first stands, as an earlier row's does, and the second cell is refused naming it.
    const twoColumns = await importMetricsFile(db, ws, csv(['날짜,주문수,주문 건수', '2026-11-06,10,12', '2026-11-07,20,20']));
    expect(twoColumns).toMatchObject({ accepted: 2, repeated: 1, rejected: 1, rejected_cells: 1 });
    expect(twoColumns.rejects[0]).toMatchObject({ row: 2, column: '주문 건수', reason: expect.stringContaining('주문 건수: 2026-11-06 is already given on row 2 as 10, here 12') });
    expect(await stored()).toEqual(expect.arrayContaining(['2026-11-06 orders=10', '2026-11-07 orders=20']));
  });

  it('says which column is missing when a file has no day column', async () => {
    const r = await importMetricsFile(db, ws, csv(['월,주문수', '11월,100']));
    expect(r.rejects).toEqual([{ row: 2, column: null, reason: expect.stringMatching(/날짜.*일자.*day.*월, 주문수/) }]);
  });

  it('refuses the one bad cell of a row and stores the day\'s two good ones, read back from the store; the same file again converges', async () => {
    // 11/02's 주문수 stored by an earlier file: the refused cell leaves it as it was.
    await importMetricsFile(db, ws, csv(['날짜,주문수', '2026-11-02,95']));
    const file = csv(['날짜,주문수,MAU,가입자수', '2026-11-01,100,50000,30', '2026-11-02,"12,3a4","51,000",31', '2026-11-03,120,52000,33']);
    const first = await importMetricsFile(db, ws, file);
    expect(first).toMatchObject({ accepted: 8, repeated: 0, rejected: 1, rejected_cells: 1, names: ['mau', 'orders', 'signups'], from: '2026-11-01', to: '2026-11-03' });
    expect(first.rejects).toEqual([{ row: 3, column: '주문수', reason: '주문수: not a number (12,3a4) / 숫자가 아닙니다 (12,3a4)' }]);
    const day2 = async () => (await listMetrics(db, ws.id, { from: '2026-11-02', to: '2026-11-02' })).map((p) => `${p.name}=${p.value}`);
    expect(await day2()).toEqual(['mau=51000', 'orders=95', 'signups=31']);
    const once = await stored();
    expect(once).toHaveLength(9);
    const again = await importMetricsFile(db, ws, file);
    expect(again).toEqual(first);
    expect(await stored()).toEqual(once);
    const [{ rows }] = await db.query<{ rows: number }>('SELECT count(*)::int AS rows FROM business_metrics WHERE workspace_id = $1', [ws.id]);
    expect(rows).toBe(9);
  });

  it('still refuses the whole row when its day is bad, or when it has more cells than the header (its cells may have moved)', async () => {
    const r = await importMetricsFile(db, ws, csv(['날짜,주문수,MAU', '2026-11-01,100,50000', '2026-11-31,110,50100', '2026-11-03,1,234,50200']));
    expect(r).toMatchObject({ accepted: 2, rejected: 2, rejected_cells: 0 });
    expect(r.rejects).toEqual([
      { row: 3, column: null, reason: expect.stringMatching(/^날짜: "2026-11-31" is not a day .* \/ 날짜/) },
      // An unquoted 1,234 is two cells: 주문수 would read 1 and MAU 234, so none of the row is stored.
      { row: 4, column: null, reason: 'expected 3 columns, found 4 / 열이 3개여야 하는데 4개입니다' },
    ]);
    expect(await stored()).toEqual(['2026-11-01 mau=50000', '2026-11-01 orders=100']);
  });
});
