import { describe, expect, it } from 'vitest';
import { HOURS_NUMBER_FORMAT, labelReportRow, peopleColumns } from './report-table-labels.js';

/** The support table's and SLA breaches' columns for people: durations in the page's words and in hours. */
describe('report table columns for people', () => {
  const supportFields = ['key', 'received', 'first_response_p50_s', 'resolution_p90_s', 'clock'];

  it('turns each duration into the page’s words and hours to one decimal, under headers that name the unit', () => {
    const columns = peopleColumns('support', supportFields, 'ko', 'channel');
    expect(columns.map((c) => c.header)).toEqual(['채널', '인입', '첫 응답 중앙값', '첫 응답 중앙값 (시간)', '해결 90%', '해결 90% (시간)', '시간 기준']);
    expect(peopleColumns('support', supportFields, 'en').map((c) => c.header)).toEqual([
      'Row', 'Received', 'First response median', 'First response median (hours)', 'Resolution 90th pct', 'Resolution 90th pct (hours)', 'Clock',
    ]);
    expect(columns.map((c) => c.numFmt ?? null)).toEqual([null, null, null, HOURS_NUMBER_FORMAT, null, HOURS_NUMBER_FORMAT, null]);
    const coded = { key: 'board', received: 12, first_response_p50_s: 64_957, resolution_p90_s: 513, clock: 'calendar' };
    const named = labelReportRow('support', coded, 'ko', { by: 'channel', types: [] });
    expect(columns.map((c) => c.cell(named, coded))).toEqual(['1:1 문의', 12, '18시간 3분', 18, '8분 33초', 0.1, '24시간 기준']);
    // 64,957 s = 18.04 h; 86,400 s is 24.0 h, not a code's 86400.
    expect(columns[3]!.cell(named, { ...coded, first_response_p50_s: 86_400 })).toBe(24);
  });

  it('keeps nothing measured empty, and never says days for business time', () => {
    const columns = peopleColumns('support', supportFields, 'ko', 'channel');
    const coded = { key: 'chat', received: 3, first_response_p50_s: null, resolution_p90_s: 30 * 3_600 + 5 * 60, clock: 'business' };
    const named = labelReportRow('support', coded, 'ko', { by: 'channel', types: [] });
    const cells = columns.map((c) => c.cell(named, coded));
    expect(cells.slice(2)).toEqual([null, null, '30시간 5분', 30.1, '영업시간 기준']);
  });

  it('reads SLA targets and elapsed times in milliseconds', () => {
    const columns = peopleColumns('sla_breaches', ['target', 'target_ms', 'elapsed_ms'], 'en');
    expect(columns.map((c) => c.header)).toEqual(['Target', 'Target time', 'Target time (hours)', 'Elapsed', 'Elapsed (hours)']);
    const coded = { target: 'firstResponse', target_ms: 28_800_000, elapsed_ms: 86_400_000 + 9_000_000 };
    const named = labelReportRow('sla_breaches', coded, 'en', { types: [] });
    expect(columns.map((c) => c.cell(named, coded))).toEqual(['First response', '8 h', 8, '1 d 3 h', 26.5]);
  });

  it('names an import’s file format', () => {
    const row = labelReportRow('import_runs', { format: 'jsonl', status: 'failed', adapter: 'zendesk' }, 'ko', { types: [] });
    expect(row).toEqual({ format: 'JSON Lines', status: '실패', adapter: 'Zendesk 내보내기' });
  });
});
