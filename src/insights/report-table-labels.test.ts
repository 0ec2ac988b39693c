import { describe, expect, it } from 'vitest';
import { HOURS_NUMBER_FORMAT, labelReportRow, MINUTES_NUMBER_FORMAT, peopleColumns, reportInfoSheet, type ReportInfo } from './report-table-labels.js';
import { reportFileName } from './report-tables.js';

/** The support table's and SLA breaches' columns for people: durations in the page's words and in minutes or hours. */
describe('report table columns for people', () => {
  const supportFields = ['key', 'received', 'first_response_p50_s', 'resolution_p90_s', 'clock'];

  it('turns each duration into the page’s words and minutes (first response) or hours (resolution) to one decimal, under headers that name the unit', () => {
    const columns = peopleColumns('support', supportFields, 'ko', 'channel');
    expect(columns.map((c) => c.header)).toEqual(['채널', '인입', '첫 응답 중앙값', '첫 응답 중앙값 (분)', '해결 90%', '해결 90% (시간)', '시간 기준']);
    expect(peopleColumns('support', supportFields, 'en').map((c) => c.header)).toEqual([
      'Row', 'Received', 'First response median', 'First response median (minutes)', 'Resolution 90th pct', 'Resolution 90th pct (hours)', 'Clock',
    ]);
    expect(columns.map((c) => c.numFmt ?? null)).toEqual([null, null, null, MINUTES_NUMBER_FORMAT, null, HOURS_NUMBER_FORMAT, null]);
    const coded = { key: 'board', received: 12, first_response_p50_s: 513, resolution_p90_s: 64_957, clock: 'calendar' };
    const named = labelReportRow('support', coded, 'ko', { by: 'channel', types: [] });
    expect(columns.map((c) => c.cell(named, coded))).toEqual(['1:1 문의', 12, '8분 33초', 8.6, '18시간 3분', 18, '24시간 기준']);
    // 86,400 s is 24.0 h, not a code's 86400.
    expect(columns[5]!.cell(named, { ...coded, resolution_p90_s: 86_400 })).toBe(24);
  });

  it('tells a 3-minute first response from an 8-minute one and from a bot’s 2 seconds (hours to one decimal read 0.1, 0.1, 0)', () => {
    const column = peopleColumns('support', supportFields, 'ko', 'channel')[3]!;
    const minutes = [180, 480, 2].map((s) => column.cell({}, { first_response_p50_s: s, clock: 'calendar' }));
    expect(minutes).toEqual([3, 8, 0]);
  });

  it('keeps nothing measured empty, and never says days for business time', () => {
    const columns = peopleColumns('support', supportFields, 'ko', 'channel');
    const coded = { key: 'chat', received: 3, first_response_p50_s: null, resolution_p90_s: 30 * 3_600 + 5 * 60, clock: 'business' };
    const named = labelReportRow('support', coded, 'ko', { by: 'channel', types: [] });
    const cells = columns.map((c) => c.cell(named, coded));
    expect(cells.slice(2)).toEqual([null, null, '30시간 5분', 30.1, '영업시간 기준']);
  });

  it('reads SLA targets and elapsed times in milliseconds and gives both in minutes, so a row compares', () => {
    const columns = peopleColumns('sla_breaches', ['target', 'target_ms', 'elapsed_ms'], 'en');
    expect(columns.map((c) => c.header)).toEqual(['Target', 'Target time', 'Target time (minutes)', 'Elapsed', 'Elapsed (minutes)']);
    const coded = { target: 'firstResponse', target_ms: 180_000, elapsed_ms: 480_000 };
    const named = labelReportRow('sla_breaches', coded, 'en', { types: [] });
    expect(columns.map((c) => c.cell(named, coded))).toEqual(['First response', '3 min', 3, '8 min', 8]);
    const long = { target: 'resolution', target_ms: 28_800_000, elapsed_ms: 86_400_000 + 9_000_000 };
    expect(columns.map((c) => c.cell(labelReportRow('sla_breaches', long, 'en', { types: [] }), long)).slice(1)).toEqual(['8 h', 480, '1 d 3 h', 1_590]);
  });

  it('names an import’s file format', () => {
    const row = labelReportRow('import_runs', { format: 'jsonl', status: 'failed', adapter: 'zendesk' }, 'ko', { types: [] });
    expect(row).toEqual({ format: 'JSON Lines', status: '실패', adapter: 'Zendesk 내보내기' });
  });

  it('names a built-in business metric as the dashboard does, and keeps a workspace’s own metric as named', () => {
    expect(labelReportRow('topic_movers', { metric: 'orders', per: 100 }, 'ko', { types: [] }).metric).toBe('주문');
    expect(labelReportRow('type_movers', { metric: 'mau' }, 'en', { types: [] }).metric).toBe('Monthly active users');
    expect(labelReportRow('volume', { metric: '재구매수' }, 'ko', { types: [] }).metric).toBe('재구매수');
    expect(labelReportRow('topic_movers', { metric: null }, 'ko', { types: [] }).metric).toBeNull();
  });
});

describe('what an export covers', () => {
  const info: ReportInfo = {
    workspace: '쇼핑몰',
    table: 'volume',
    range: { from: '2026-11-30', to: '2026-12-06', days: 7, includes_today: false },
    previous: { from: '2026-11-23', to: '2026-11-29' },
    by: 'channel',
    filters: { channel: ['chat', 'board'], topic: ['7', 'none'], metric: 'orders', granularity: 'day' },
    timezone: 'Asia/Seoul',
    generatedAt: new Date('2026-12-07T00:15:00Z'),
    version: '9.9.9',
    types: [],
    topics: [{ id: '7', name: '배송 지연' }],
  };

  it('lists the range, comparison, split and filters by name in Korean and English', () => {
    const ko = reportInfoSheet(info, 'ko');
    expect(ko.name).toBe('정보');
    expect(Object.fromEntries(ko.rows)).toEqual({
      항목: '값',
      워크스페이스: '쇼핑몰',
      표: '탐색',
      '기간 (현지 날짜, 양 끝 포함)': '2026-11-30 ~ 2026-12-06 (7일)',
      '비교 기간': '2026-11-23 ~ 2026-11-29',
      '시간 기준': '해당 없음',
      '분할 기준': '채널',
      필터: '채널: 채팅, 1:1 문의; 토픽: 배송 지연, 토픽 없음; 비즈니스 지표: 주문; 집계 단위: 일',
      시간대: 'Asia/Seoul',
      '만든 시각': info.generatedAt,
      'Sori 버전': '9.9.9',
    });
    const en = reportInfoSheet({ ...info, table: 'support', previous: null, by: 'assignee', clock: 'business', filters: {} }, 'en');
    expect(en.name).toBe('About');
    expect(Object.fromEntries(en.rows)).toMatchObject({
      Table: 'Support',
      'Range (local days, inclusive)': '2026-11-30 ~ 2026-12-06 (7 days)',
      'Comparison range': 'None',
      Clock: 'Business hours',
      Split: 'Assignee',
      Filters: 'None',
    });
  });

  it('says when a table is of no range (import runs) or its range runs into today', () => {
    const runs = Object.fromEntries(reportInfoSheet({ ...info, table: 'import_runs', range: null, previous: null, by: undefined, filters: {} }, 'ko').rows);
    expect([runs['기간 (현지 날짜, 양 끝 포함)'], runs['비교 기간'], runs['분할 기준']]).toEqual(['해당 없음 (최근 가져오기 실행)', '해당 없음', '해당 없음']);
    const today = Object.fromEntries(reportInfoSheet({ ...info, range: { ...info.range!, includes_today: true } }, 'en').rows);
    expect(today['Range (local days, inclusive)']).toBe('2026-11-30 ~ 2026-12-06 (7 days; includes today, a day not over yet)');
  });

  it('names a file by table, split, clock and range', () => {
    const week = { from: '2026-11-30', to: '2026-12-06' };
    expect(reportFileName('support', {}, week, 'xlsx', '2026-12-07')).toBe('sori-support-by-channel-2026-11-30_2026-12-06.xlsx');
    expect(reportFileName('support', { by: 'assignee', clock: 'business' }, week, 'csv', '2026-12-07')).toBe('sori-support-by-assignee-business-hours-2026-11-30_2026-12-06.csv');
    expect(reportFileName('topic_movers', {}, week, 'csv', '2026-12-07')).toBe('sori-topic_movers-2026-11-30_2026-12-06.csv');
    expect(reportFileName('import_runs', {}, null, 'xlsx', '2026-12-07')).toBe('sori-import_runs-2026-12-07.xlsx');
  });
});
