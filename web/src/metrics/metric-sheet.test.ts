import { describe, expect, it } from 'vitest';
import { gapDays, isBlockPaste, isMonth, missingDays, monthDays, monthTotal, parseCellValue, parsePastedBlock, placeBlock, sheetColumns, shiftMonth } from './metric-sheet';

describe('the business-metrics sheet', () => {
  it('leaves today (a partial day) out of the month’s total and mean', () => {
    // 12월 7일 is today in the workspace: 주문 203 and DAU 2,562 so far.
    const orders = new Map([['2026-12-01', 1_000], ['2026-12-02', 1_100], ['2026-12-06', 900], ['2026-12-07', 203]]);
    const dau = new Map([['2026-12-05', 9_000], ['2026-12-06', 9_400], ['2026-12-07', 2_562]]);
    const days = monthDays('2026-12').slice(0, 7);
    expect(monthTotal(days, (d) => orders.get(d), false, '2026-12-07')).toEqual({ total: 3_000, days: 3, leftOut: 1 });
    expect(monthTotal(days, (d) => dau.get(d), true, '2026-12-07')).toEqual({ total: 9_200, days: 2, leftOut: 1 });
    // A past month: every day is over, all count.
    expect(monthTotal(days, (d) => orders.get(d), false, '2027-01-02')).toEqual({ total: 3_203, days: 4, leftOut: 0 });
    // Only today has a number: nothing to total yet.
    expect(monthTotal(days, (d) => (d === '2026-12-07' ? 5 : undefined), false, '2026-12-07')).toEqual({ total: null, days: 0, leftOut: 1 });
  });

  it('walks months across years and knows each month’s days (leap years included)', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', -23)).toBe('2024-12');
    expect(monthDays('2028-02')).toHaveLength(29);
    expect(monthDays('2026-02')).toHaveLength(28);
    expect(monthDays('2026-11')[0]).toBe('2026-11-01');
    expect(monthDays('2026-11').at(-1)).toBe('2026-11-30');
    expect(['2026-11', '2026-13', '2026-1', '1899-12', 'x', null].map(isMonth)).toEqual([true, false, false, false, false, false]);
  });

  it('reads numbers as operators type them, and refuses what is no count', () => {
    const read = (raw: string) => {
      const v = parseCellValue(raw);
      return v.kind === 'value' ? v.value : v.kind;
    };
    expect(['1,234', ' 1 234 ', '12.5', '−3', '１２３', '1,200원', '₩ 98,000', '350명', '42건', '0'].map(read)).toEqual([1234, 1234, 12.5, -3, 123, 1200, 98000, 350, 42, 0]);
    expect(['', '   '].map(read)).toEqual(['empty', 'empty']);
    expect(['1,5', '12%', '약 300', 'abc', '1.2.3', '1,23,4', '=1+1', '3e5'].map(read)).toEqual(Array(8).fill('invalid'));
  });

  it('lays a pasted spreadsheet block down the days and across the columns, leaving out future days, the sheet’s edge and empty cells', () => {
    expect(isBlockPaste('1200')).toBe(false);
    expect(isBlockPaste('1200\n')).toBe(false);
    expect(isBlockPaste('1200\n1300')).toBe(true);
    expect(isBlockPaste('1200\t300')).toBe(true);
    const block = parsePastedBlock('1,200\t310\r\n1,250\t\r\n1,300\t330\r\n1,400\t340\r\n');
    expect(block).toEqual([['1,200', '310'], ['1,250', ''], ['1,300', '330'], ['1,400', '340']]);
    const days = monthDays('2026-11');
    const { cells, dropped } = placeBlock(block, { day: '2026-11-28', name: 'orders' }, days, ['orders', '재구매수'], '2026-11-30');
    // The block's fourth row falls past the month's last day: its two cells are counted, not stored.
    expect(dropped).toBe(2);
    expect(cells).toEqual([
      { day: '2026-11-28', name: 'orders', raw: '1,200' },
      { day: '2026-11-28', name: '재구매수', raw: '310' },
      { day: '2026-11-29', name: 'orders', raw: '1,250' },
      { day: '2026-11-30', name: 'orders', raw: '1,300' },
      { day: '2026-11-30', name: '재구매수', raw: '330' },
    ]);
    // Pasted at the last column, the second column of the block falls off the sheet; days after today are left out.
    expect(placeBlock(block, { day: '2026-11-01', name: '재구매수' }, days, ['orders', '재구매수'], '2026-11-02')).toEqual({ dropped: 5, cells: [
      { day: '2026-11-01', name: '재구매수', raw: '1,200' },
      { day: '2026-11-02', name: '재구매수', raw: '1,250' },
    ] });
  });

  it('orders columns built-in first, then own names in Korean order, then the ones just added', () => {
    expect(sheetColumns(['재구매수', 'mau', '방문자수', 'orders'], ['앱설치수', 'mau'])).toEqual(['orders', 'mau', '방문자수', '재구매수', '앱설치수']);
  });

  it('finds the days a metric skipped between its first and last number', () => {
    const days = monthDays('2026-11');
    const stored = new Set(['2026-11-03', '2026-11-05', '2026-11-08']);
    expect([...gapDays(days, stored, { first_day: '2026-11-03', last_day: '2026-11-08' })]).toEqual(['2026-11-04', '2026-11-06', '2026-11-07']);
    expect(gapDays(days, stored, undefined).size).toBe(0);
    expect(missingDays({ days: 28, first_day: '2026-11-01', last_day: '2026-11-30' })).toBe(2);
    expect(missingDays({ days: 1, first_day: '2026-11-01', last_day: '2026-11-01' })).toBe(0);
  });
});
