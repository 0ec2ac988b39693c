import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { DEFAULT_ITEM_TYPES } from '../../domain/taxonomy.js';
import { CHANNEL_LABELS, DEFAULT_SLA_POLICY_LABELS, durationIn, VERDICT_LABELS } from '../../domain/labels-ko-en.js';
import { ensureDemoTopics } from '../../ingest/demo/demo-topics.js';
import { generateDemoDataset } from '../../ingest/demo/generate.js';
import { importFile } from '../../ingest/import-file.js';
import { ingestItems } from '../../ingest/pipeline.js';
import { buildReportTable, REPORT_TABLES } from '../../insights/report-tables.js';
import { createRecordWriter } from '../../ingest/files/write-records.js';
import type { Db } from '../../store/db.js';
import { replaceItemTypes } from '../../store/queries/item-types.js';
import { listTopics } from '../../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../../store/queries/workspaces.js';

/**
 * GET /insights/export?labels=ko|en: every dashboard table under the page's column names with coded
 * values by name and durations in words and hours, the default export unchanged (codes, seconds, ms),
 * and a hostile type or topic name and a VOC text guarded; the file named by table, split and range, and a
 * people's XLSX saying on a second sheet what it covers.
 */
describe(`GET /insights/export with labels (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let admin: string;
  let ws: Workspace;
  const RANGE = 'from=2026-03-04&to=2026-03-31';
  const HOSTILE_TOPIC = '=HYPERLINK("http://evil.example","배송")';
  const HOSTILE_TYPE_KO = '=1+1 버그';
  const HOSTILE_TYPE_EN = '@SUM(A1) bug';
  const HOSTILE_TEXT = '=HYPERLINK("http://evil.example","환불 확인") 환불 신청했는데 답이 없어요';
  /** An agent whose two inquiries nobody answered: the lead times of that row are not measured. */
  const UNANSWERED_AGENT = '미응답 담당';
  /** Raw field names of the machine export, in order (scripts read them): the same as before labels existed. */
  const MACHINE_HEADERS: Record<(typeof REPORT_TABLES)[number], string> = {
    topic_movers: 'key,name,parent_name,current_items,previous_items,excess_items,rate_current,rate_previous,rate_change,rate_change_unit,rate_interval_lower,rate_interval_upper,rate_p_value,rate_verdict,p_adjusted,metric,per,covered_days_current,covered_days_previous',
    type_movers: 'key,name,parent_name,current_items,previous_items,excess_items,rate_current,rate_previous,rate_change,rate_change_unit,rate_interval_lower,rate_interval_upper,rate_p_value,rate_verdict,p_adjusted,metric,per,covered_days_current,covered_days_previous',
    channels: 'channel,current,previous,change,change_unit,interval_lower,interval_upper,p_value,verdict,p_adjusted',
    volume: 'line,name,period,from,to,items,rate,period_days,period_covered_days,metric,per,covered_days_current,covered_days_previous',
    support: 'key,received,responded,response_rate_pct,rate_received,rate_responded,first_response_p50_s,first_response_p90_s,resolution_p50_s,resolution_p90_s,reopen_rate_pct,bot_share_pct,clock',
    sla_breaches: 'item_id,channel,type,assignee,created_at,target,policy_name,target_ms,elapsed_ms,due_at,completed_at,text',
    nps_drivers: 'key,name,detractors,promoters,detractor_share_pct,promoter_share_pct,difference_pp,difference_lower_pp,difference_upper_pp,p_adjusted,verdict',
    churn_reasons: 'key,name_ko,name_en,controllable,current,current_cancellation,current_account,previous,share_current,share_previous,share_change,share_change_unit,share_interval_lower,share_interval_upper,share_p_value,share_verdict,example',
    import_runs: 'id,started_at,finished_at,created_by,file_name,format,source,channel,adapter,status,dry_run,total_rows,inserted,updated,unchanged,older,rejected,skipped,error',
  };
  /**
   * The duration columns for people (words, and a number in minutes or hours) and the machine field each is read
   * from: `perUnit` of the field's unit make one of the number's, `perSecond` one second.
   */
  const DURATIONS: Partial<Record<(typeof REPORT_TABLES)[number], { words: string; number: string; field: string; perUnit: number; perSecond: number }[]>> = {
    support: [
      { words: '첫 응답 중앙값', number: '첫 응답 중앙값 (분)', field: 'first_response_p50_s', perUnit: 60, perSecond: 1 },
      { words: '첫 응답 90%', number: '첫 응답 90% (분)', field: 'first_response_p90_s', perUnit: 60, perSecond: 1 },
      { words: '해결 중앙값', number: '해결 중앙값 (시간)', field: 'resolution_p50_s', perUnit: 3_600, perSecond: 1 },
      { words: '해결 90%', number: '해결 90% (시간)', field: 'resolution_p90_s', perUnit: 3_600, perSecond: 1 },
    ],
    sla_breaches: [
      { words: '목표 시간', number: '목표 시간 (분)', field: 'target_ms', perUnit: 60_000, perSecond: 1_000 },
      { words: '걸린 시간', number: '걸린 시간 (분)', field: 'elapsed_ms', perUnit: 60_000, perSecond: 1_000 },
    ],
  };
  /** Columns of names, ids and free text, whose values are the data's own (a type key is the key beside the type's name). */
  const OWN_VALUES = new Set(['토픽 ID', '유형 키', '인입 ID', '실행 ID', '담당자', '내용', '예시', '파일', '출처', '오류', '실행한 사람']);
  /** A coded value: snake_case or camelCase ASCII starting lower-case (chat, within_noise, firstResponse, calendar, true). */
  const CODE = /^[a-z][a-zA-Z0-9_]*$/;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;
    ({ app, login } = await buildTestApp(db));
    admin = await login('admin');
    ws = await ensureWorkspace(db, { slug: 'demo', name: '데모' });
    await ensureDemoTopics(db, ws.id);
    // The workspace's own taxonomy, one type under names a spreadsheet would read as formulas.
    await replaceItemTypes(db, ws.id, DEFAULT_ITEM_TYPES.map((t) => ({ key: t.key, name_ko: t.key === 'bug' ? HOSTILE_TYPE_KO : t.nameKo, name_en: t.key === 'bug' ? HOSTILE_TYPE_EN : t.nameEn, archived: false })));
    const data = generateDemoDataset({ days: 35, itemsPerDay: 40, endDate: new Date('2026-03-31T18:00:00+09:00') });
    await ingestItems(db, ws, data.items);
    // Two import runs for the import page's table: one written, one a dry run.
    const path = join(mkdtempSync(join(tmpdir(), 'sori-h2-')), '문의.csv');
    writeFileSync(path, 'external_id,channel,created_at,text\nH2-1,board,2026-03-20 10:00,환불 언제 되나요\nH2-2,chat,2026-03-21 11:00,배송이 늦어요\n');
    await importFile(db, ws, { path, defaults: { source: 'h2-labels' } });
    await importFile(db, ws, { path, defaults: { source: 'h2-labels' }, dryRun: true });
    // Two 1:1 inquiries nobody answered (late for their SLA; their agent's lead times unmeasured), one opening with a formula.
    const unanswered = await ingestItems(db, ws, [
      { external_id: 'H2-OPEN-1', source: 'h2-labels', channel: 'board', created_at: '2026-03-30T10:00:00+09:00', text: HOSTILE_TEXT, assignee: UNANSWERED_AGENT, status: 'open' },
      { external_id: 'H2-OPEN-2', source: 'h2-labels', channel: 'board', created_at: '2026-03-30T11:00:00+09:00', text: '주문 취소 요청했는데 확인 부탁드려요', assignee: UNANSWERED_AGENT, status: 'open' },
    ]);
    expect(unanswered.errors).toEqual([]);
  }, 180_000);
  afterAll(() => close());

  const get = async (query: string) => {
    const res = await app.request(`/api/v1/insights/export?${query}`, { headers: { Cookie: admin, 'X-Sori-Workspace': 'demo' } });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      disposition: res.headers.get('content-disposition') ?? '',
      body: new Uint8Array(await res.arrayBuffer()),
    };
  };
  const csv = async (query: string) => {
    const res = await get(`format=csv&${query}`);
    expect(res.status, query).toBe(200);
    const text = new TextDecoder().decode(res.body);
    return { text, rows: parse(text, { bom: true, columns: true }) as Record<string, string>[], header: (parse(text, { bom: true, to: 1 }) as string[][])[0]! };
  };
  /** The first sheet of an XLSX export: its header, rows by header, and the cells (for types and number formats). */
  const xlsx = async (query: string) => {
    const res = await get(`format=xlsx&${query}`);
    expect(res.status, query).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const cells: ExcelJS.Cell[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) cells.push(header.map((_, i) => row.getCell(i + 1)));
    });
    return { header, cells, rows: cells.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]!]))) };
  };

  it('gives every table the same rows with the page’s headers in Korean and English, and keeps codes without labels', async () => {
    for (const table of REPORT_TABLES) {
      const q = `table=${table}&${RANGE}`;
      const codes = await csv(q);
      const ko = await csv(`${q}&labels=ko`);
      const en = await csv(`${q}&labels=en`);
      expect(ko.rows.length, table).toBe(codes.rows.length);
      expect(en.rows.length, table).toBe(codes.rows.length);
      // A duration is two columns for people (words and minutes or hours), every other column one.
      expect(ko.header.length, table).toBe(codes.header.length + (DURATIONS[table]?.length ?? 0));
      expect(en.header.length, table).toBe(ko.header.length);
      expect(new Set(ko.header).size, table).toBe(ko.header.length);
      expect(new Set(en.header).size, table).toBe(en.header.length);
      // Every column has a name for people: no field name left in the Korean header.
      for (const h of ko.header) expect(h, `${table}: ${h}`).not.toMatch(/^[a-z_]+$/);
      for (const h of en.header) expect(h, `${table}: ${h}`).not.toMatch(/_/);
      expect(codes.rows.length, table).toBeGreaterThan(0);
    }
  }, 300_000);

  it('names channels, verdicts and change units on the channels table; the default export keeps board and significant_increase', async () => {
    const codes = await csv(`table=channels&${RANGE}`);
    expect(codes.header.slice(0, 2)).toEqual(['channel', 'current']);
    const ko = await csv(`table=channels&${RANGE}&labels=ko`);
    expect(ko.header).toEqual(expect.arrayContaining(['채널', '인입 (이번 기간)', '인입 (이전 기간)', '인입 변화', 'p값', '판정', '보정 p값 (BH)']));
    const koChannels = ko.rows.map((r) => r['채널']);
    expect(koChannels).toEqual(codes.rows.map((r) => CHANNEL_LABELS[r.channel as keyof typeof CHANNEL_LABELS][0]));
    expect(koChannels).toContain('1:1 문의');
    const koVerdicts = Object.values(VERDICT_LABELS).map(([k]) => k);
    for (const r of ko.rows) expect(koVerdicts).toContain(r['판정']);
    expect(codes.rows.map((r) => VERDICT_LABELS[r.verdict as keyof typeof VERDICT_LABELS][0])).toEqual(ko.rows.map((r) => r['판정']));
    expect(ko.rows.map((r) => r['인입 변화 단위'])).toEqual(codes.rows.map((r) => (r.change_unit === 'percent' ? '%' : '%p')));
    const en = await csv(`table=channels&${RANGE}&labels=en`);
    expect(en.rows.map((r) => r['Channel'])).toContain('1:1 inquiry');
    expect(en.rows.map((r) => r['Verdict'])).toEqual(codes.rows.map((r) => VERDICT_LABELS[r.verdict as keyof typeof VERDICT_LABELS][1]));
    // The numbers are the same cells.
    expect(ko.rows.map((r) => r['p값'])).toEqual(codes.rows.map((r) => r.p_value));
  });

  it('names types by the workspace’s own taxonomy and guards a hostile type and topic name in CSV and XLSX', async () => {
    const topics = await listTopics(db, ws.id);
    const target = topics.find((t) => t.name.includes('배송')) ?? topics[0]!;
    const patched = await app.request(`/api/v1/topics/${target.id}`, {
      method: 'PATCH', headers: { Cookie: admin, 'X-Sori-Workspace': 'demo', 'Content-Type': 'application/json' }, body: JSON.stringify({ name: HOSTILE_TOPIC }),
    });
    expect(patched.status).toBe(200);

    const types = await csv(`table=type_movers&${RANGE}&labels=ko`);
    const codes = await csv(`table=type_movers&${RANGE}`);
    const nameOf = (key: string) => (key === 'bug' ? `'${HOSTILE_TYPE_KO}` : key === 'uncertain' ? '불확실' : DEFAULT_ITEM_TYPES.find((t) => t.key === key)!.nameKo);
    expect(types.rows.map((r) => r['문의 유형'])).toEqual(codes.rows.map((r) => nameOf(r.key!)));
    expect(types.text).toContain(`'${HOSTILE_TYPE_KO}`);
    expect(types.text).not.toMatch(/(^|,)"?=1\+1/m);
    const typesEn = await csv(`table=type_movers&${RANGE}&labels=en`);
    expect(typesEn.rows.map((r) => r['Type'])).toContain(`'${HOSTILE_TYPE_EN}`);

    const movers = await csv(`table=topic_movers&${RANGE}&labels=ko`);
    expect(movers.header.slice(0, 6)).toEqual(['토픽 ID', '토픽', '상위 토픽', '인입 (이번 기간)', '인입 (이전 기간)', '예상 대비 (건)']);
    expect(movers.rows.map((r) => r['토픽'])).toContain(`'${HOSTILE_TOPIC}`);
    expect(movers.text).not.toMatch(/(^|,)"?=HYPERLINK/m);

    for (const [table, hostile] of [['topic_movers', `'${HOSTILE_TOPIC}`], ['type_movers', `'${HOSTILE_TYPE_KO}`]] as const) {
      const res = await get(`table=${table}&format=xlsx&${RANGE}&labels=ko`);
      expect(res.status).toBe(200);
      expect(res.type).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header.slice(0, 2)).toEqual(table === 'topic_movers' ? ['토픽 ID', '토픽'] : ['유형 키', '문의 유형']);
      const cells: unknown[] = [];
      sheet.eachRow((row, n) => n > 1 && cells.push(row.getCell(2).value));
      expect(cells).toContain(hostile);
      // No cell of the sheet is a formula.
      sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    }
  });

  it('names support rows by handler, the clock, and SLA breaches by target, type and the shipped policy’s name in the language', async () => {
    const support = await csv(`table=support&${RANGE}&by=handled_by&labels=ko`);
    expect(support.header[0]).toBe('처리 주체');
    expect(support.header).toEqual(expect.arrayContaining(['인입', '응답률 (%)', '첫 응답 중앙값', '첫 응답 중앙값 (분)', '해결 90% (시간)', '시간 기준']));
    expect(support.rows.map((r) => r['처리 주체']).sort()).toEqual(['(없음)', '상담원', '전체', '챗봇']);
    expect(new Set(support.rows.map((r) => r['시간 기준']))).toEqual(new Set(['24시간 기준']));
    const supportEn = await csv(`table=support&${RANGE}&by=handled_by&labels=en`);
    expect(supportEn.rows.map((r) => r['Handled by']).sort()).toEqual(['(none)', 'Agent', 'Bot', 'Total']);
    const supportCodes = await csv(`table=support&${RANGE}&by=handled_by`);
    expect(supportCodes.rows.map((r) => r.key).sort()).toEqual(['', 'all', 'bot', 'human']);

    const breaches = await csv(`table=sla_breaches&${RANGE}&labels=ko`);
    const codes = await csv(`table=sla_breaches&${RANGE}`);
    expect(breaches.rows.length).toBeGreaterThan(0);
    expect(new Set(breaches.rows.map((r) => r['목표']))).toEqual(new Set(codes.rows.map((r) => (r.target === 'firstResponse' ? '첫 응답' : '해결'))));
    const shippedKo = Object.values(DEFAULT_SLA_POLICY_LABELS).map(([k]) => k);
    for (const r of breaches.rows) expect(shippedKo).toContain(r['정책']);
    // The default export keeps the stored two-language name.
    expect(codes.rows[0]!.policy_name).toMatch(/ \/ /);
    const en = await csv(`table=sla_breaches&${RANGE}&labels=en`);
    const shippedEn = Object.values(DEFAULT_SLA_POLICY_LABELS).map(([, e]) => e);
    for (const r of en.rows) expect(shippedEn).toContain(r['Policy']);
    expect(breaches.rows.map((r) => r['채널'])).toEqual(codes.rows.map((r) => CHANNEL_LABELS[r.channel as keyof typeof CHANNEL_LABELS][0]));
  });

  it('names churn reasons, NPS findings, volume lines and import runs', async () => {
    const churn = await csv(`table=churn_reasons&${RANGE}&labels=ko`);
    const churnCodes = await csv(`table=churn_reasons&${RANGE}`);
    expect(churn.rows.map((r) => r['사유'])).toEqual(churnCodes.rows.map((r) => r.name_ko));
    expect(churn.rows.map((r) => r['통제 가능'])).toEqual(churnCodes.rows.map((r) => (r.controllable === 'true' ? '예' : r.controllable === 'false' ? '아니오' : '')));
    expect((await csv(`table=churn_reasons&${RANGE}&labels=en`)).rows.map((r) => r['Reason'])).toEqual(churnCodes.rows.map((r) => r.name_en));

    const nps = await csv(`table=nps_drivers&${RANGE}&labels=ko`);
    const npsCodes = await csv(`table=nps_drivers&${RANGE}`);
    const finding: Record<string, string> = {
      significant_increase: '비추천 쪽에 유의미하게 많음', significant_decrease: '추천 쪽에 유의미하게 많음', within_noise: '뚜렷한 차이 없음', insufficient_data: '언급이 적어 판단 보류',
    };
    expect(nps.rows.map((r) => r['판정'])).toEqual(npsCodes.rows.map((r) => finding[r.verdict!]));
    expect(nps.header).toEqual(expect.arrayContaining(['토픽', '비추천 중 비중 (%)', '추천 중 비중 (%)', '차이 (%p)']));

    const volume = await csv(`table=volume&${RANGE}&by=channel&granularity=week&labels=ko`);
    const volumeCodes = await csv(`table=volume&${RANGE}&by=channel&granularity=week`);
    expect(volume.rows.map((r) => r['선'])).toEqual(volumeCodes.rows.map((r) => (r.line === '__other__' ? '그 밖의 값 합계' : CHANNEL_LABELS[r.line as keyof typeof CHANNEL_LABELS][0])));
    expect(volume.rows.map((r) => r['인입'])).toEqual(volumeCodes.rows.map((r) => r.items));
    // The period's bounds in the workspace's zone (Asia/Seoul), the same instants as the coded export's.
    expect(volume.rows[0]!['시작 시각']).toMatch(/T00:00:00\.000\+09:00$/);
    expect(volume.rows.map((r) => Date.parse(r['시작 시각']!))).toEqual(volumeCodes.rows.map((r) => Date.parse(r.from!)));
    expect(volume.rows.map((r) => Date.parse(r['끝 시각 (포함 안 함)']!))).toEqual(volumeCodes.rows.map((r) => Date.parse(r.to!)));
    const total = await csv(`table=volume&${RANGE}&labels=en`);
    expect(new Set(total.rows.map((r) => r['Line']))).toEqual(new Set(['Total']));

    const runs = await csv('table=import_runs&labels=ko');
    const runCodes = await csv('table=import_runs');
    expect(runs.header.slice(0, 5)).toEqual(['실행 ID', '시작', '끝난 시각', '실행한 사람', '파일']);
    expect(runCodes.rows.length).toBeGreaterThan(0);
    expect(runs.rows.map((r) => r['상태'])).toEqual(runCodes.rows.map((r) => ({ completed: '완료', failed: '실패', running: '진행 중', cancelled: '중지됨' })[r.status!]));
    expect(runs.rows.map((r) => r['미리 검사'])).toEqual(runCodes.rows.map((r) => (r.dry_run === 'true' ? '예' : '아니오')));
  });

  it('leaves no raw field name and no code in any table for people, gives durations in words and minutes or hours, and guards VOC text — CSV and XLSX', async () => {
    // Every table as its page's button asks (support without a split too), and support's other clock and a split by handler.
    const cases = [...REPORT_TABLES.map((table) => [table, ''] as const), ['support', '&clock=business'] as const, ['support', '&by=handled_by'] as const];
    for (const [table, extra] of cases) {
      const q = `table=${table}&${RANGE}${extra}`;
      const codes = await csv(q);
      const ko = await csv(`${q}&labels=ko`);
      const book = await xlsx(`${q}&labels=ko`);
      expect(book.header, table).toEqual(ko.header);
      expect(book.rows.length, table).toBe(ko.rows.length);
      for (const h of ko.header) {
        expect(codes.header, `${table}: ${h}`).not.toContain(h);
        expect(h, `${table}: ${h}`).not.toMatch(CODE);
      }
      // No coded value left: every cell outside the data's own names and texts is a word, a number, a time or empty.
      for (const [i, row] of ko.rows.entries()) {
        for (const [h, cell] of Object.entries(row)) if (!OWN_VALUES.has(h)) expect(cell, `${table} row ${i}: ${h}`).not.toMatch(CODE);
        for (const [h, cell] of Object.entries(book.rows[i]!)) {
          expect(cell.type, `${table} row ${i}: ${h}`).not.toBe(ExcelJS.ValueType.Formula);
          if (!OWN_VALUES.has(h) && typeof cell.value === 'string') expect(cell.value, `${table} row ${i}: ${h}`).not.toMatch(CODE);
        }
      }
      // Durations: the page's words, and minutes or hours — the machine export's seconds or ms in that unit, to one decimal.
      for (const d of DURATIONS[table] ?? []) {
        expect(ko.header.indexOf(d.number), `${table}: ${d.number}`).toBe(ko.header.indexOf(d.words) + 1);
        let measured = 0;
        for (const [i, row] of ko.rows.entries()) {
          const raw = codes.rows[i]![d.field]!;
          const cell = book.rows[i]![d.number]!;
          if (raw === '') {
            // Nothing measured stays empty, never 0.
            expect([row[d.words], row[d.number], cell.value], `${table} row ${i}: ${d.field}`).toEqual(['', '', null]);
            continue;
          }
          measured++;
          // elapsed_ms of an open breach grows between two requests: a millisecond or so, within the rounding.
          expect(Math.abs(Number(row[d.number]) - Number(raw) / d.perUnit), `${table} row ${i}: ${d.field} ${raw}`).toBeLessThanOrEqual(0.0501);
          expect(row[d.number]).toMatch(/^\d+(\.\d)?$/);
          expect(cell.value).toBe(Number(row[d.number]));
          expect(cell.numFmt).toBe('0.0');
          expect(book.rows[i]![d.words]!.value).toBe(row[d.words]);
          if (d.field !== 'elapsed_ms' || codes.rows[i]!.completed_at !== '') {
            const clock = codes.rows[i]!.clock === 'business' ? 'hour' : 'day';
            expect(row[d.words], `${table} row ${i}: ${d.field}`).toBe(durationIn(Number(raw) / d.perSecond, 'ko', { largest: clock }));
          }
        }
        expect(measured, `${table}: ${d.field}`).toBeGreaterThan(0);
      }
    }

    // The inquiry that opens with a formula, late for its SLA: guarded in the CSV and the sheet.
    const breaches = await csv(`table=sla_breaches&${RANGE}&labels=ko`);
    expect(breaches.rows.map((r) => r['내용'])).toContain(`'${HOSTILE_TEXT}`);
    expect(breaches.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const sheet = await xlsx(`table=sla_breaches&${RANGE}&labels=ko`);
    expect(sheet.rows.map((r) => r['내용']!.value)).toContain(`'${HOSTILE_TEXT}`);
  }, 300_000);

  it('names support rows without a split by channel (the page’s default), and leaves an agent’s unmeasured lead times empty', async () => {
    const codes = await csv(`table=support&${RANGE}`);
    const ko = await csv(`table=support&${RANGE}&labels=ko`);
    expect(ko.header[0]).toBe('채널');
    expect(ko.rows.map((r) => r['채널'])).toEqual(codes.rows.map((r) => (r.key === 'all' ? '전체' : CHANNEL_LABELS[r.key as keyof typeof CHANNEL_LABELS][0])));
    expect(ko.rows.map((r) => r['채널'])).toContain('1:1 문의');
    const en = await csv(`table=support&${RANGE}&labels=en`);
    expect(en.header.slice(0, 1)).toEqual(['Channel']);
    expect(en.header).toEqual(expect.arrayContaining(['First response median', 'First response median (minutes)', 'Resolution 90th pct (hours)']));
    expect(en.rows.map((r) => r['Channel'])).toContain('1:1 inquiry');

    const agents = await csv(`table=support&${RANGE}&by=assignee&labels=ko`);
    const nobody = agents.rows.find((r) => r['담당자'] === UNANSWERED_AGENT)!;
    expect(nobody['인입']).toBe('2');
    expect([nobody['첫 응답 중앙값'], nobody['첫 응답 중앙값 (분)'], nobody['해결 90%'], nobody['해결 90% (시간)']]).toEqual(['', '', '', '']);
    const sheet = await xlsx(`table=support&${RANGE}&by=assignee&labels=ko`);
    const row = sheet.rows.find((r) => r['담당자']!.value === UNANSWERED_AGENT)!;
    expect([row['첫 응답 중앙값']!.value, row['첫 응답 중앙값 (분)']!.value]).toEqual([null, null]);
  });

  it('keeps the machine export (no labels) as scripts read it: field names, codes, raw seconds and milliseconds, no number formats', async () => {
    for (const table of REPORT_TABLES) {
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode((await get(`format=csv&table=${table}&${RANGE}`)).body);
      expect(text.slice(0, text.indexOf('\r\n')), table).toBe(`\uFEFF${MACHINE_HEADERS[table]}`);
      const sheet = await xlsx(`table=${table}&${RANGE}`);
      expect(sheet.header.join(','), table).toBe(MACHINE_HEADERS[table]);
      // Numbers carry no format (dates carry the date format, as always).
      for (const row of sheet.cells) for (const cell of row) if (typeof cell.value === 'number') expect(cell.numFmt, `${table} ${cell.address}`).toBeUndefined();
    }
    // The support table's lead times are the JSON report's whole seconds, its rows the channels' codes.
    const support = await csv(`table=support&${RANGE}`);
    const json = (await (await app.request(`/api/v1/insights/support?${RANGE}`, { headers: { Cookie: admin, 'X-Sori-Workspace': 'demo' } })).json()) as {
      total: { first_response: { p50_seconds: number }; resolution: { p90_seconds: number } };
      rows: { key: string }[];
    };
    expect(support.rows[0]!.key).toBe('all');
    expect(support.rows[0]!.first_response_p50_s).toBe(String(json.total.first_response.p50_seconds));
    expect(support.rows[0]!.resolution_p90_s).toBe(String(json.total.resolution.p90_seconds));
    expect(support.rows.slice(1).map((r) => r.key)).toEqual(json.rows.map((r) => r.key));
    expect(support.rows[0]!.clock).toBe('calendar');
    // SLA targets in milliseconds, targets and channels as codes, the policy under its stored two-language name.
    const breaches = await csv(`table=sla_breaches&${RANGE}`);
    for (const r of breaches.rows) {
      // The shipped policies' targets: 1 and 3 minutes, 8 and 24 hours.
      expect(['60000', '180000', '28800000', '86400000']).toContain(r.target_ms);
      expect(r.elapsed_ms).toMatch(/^\d+$/);
      expect(['firstResponse', 'resolution']).toContain(r.target);
      expect(Object.keys(CHANNEL_LABELS)).toContain(r.channel);
    }
    expect(breaches.rows.map((r) => r.text)).toContain(`'${HOSTILE_TEXT}`);
  });

  /** The second sheet of a people's XLSX ("정보" / "About") as field → value, and the sheets' names. */
  const infoSheet = async (query: string) => {
    const res = await get(`format=xlsx&${query}`);
    expect(res.status, query).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const values: Record<string, unknown> = {};
    book.worksheets[1]?.eachRow((row) => {
      values[String(row.getCell(1).value)] = row.getCell(2).value;
    });
    return { sheets: book.worksheets.map((w) => w.name), values, disposition: res.disposition, first: book.worksheets[0]! };
  };

  it('names each file by table, split and range, so two splits or two weeks never share a name', async () => {
    const byChannel = await get(`format=xlsx&table=support&${RANGE}&labels=ko`);
    const byAgent = await get(`format=xlsx&table=support&${RANGE}&by=assignee&labels=ko`);
    expect(byChannel.disposition).toBe('attachment; filename="sori-support-by-channel-2026-03-04_2026-03-31.xlsx"');
    expect(byAgent.disposition).toBe('attachment; filename="sori-support-by-assignee-2026-03-04_2026-03-31.xlsx"');
    expect((await get(`format=csv&table=support&${RANGE}&clock=business`)).disposition).toBe('attachment; filename="sori-support-by-channel-business-hours-2026-03-04_2026-03-31.csv"');
    expect((await get('format=csv&table=topic_movers&from=2026-03-25&to=2026-03-31')).disposition).toBe('attachment; filename="sori-topic_movers-2026-03-25_2026-03-31.csv"');
    expect((await get(`format=csv&table=volume&${RANGE}&by=topic`)).disposition).toContain('filename="sori-volume-by-topic-2026-03-04_2026-03-31.csv"');
    // Import runs are the newest runs, of no range: the workspace's date of the download.
    expect((await get('format=csv&table=import_runs')).disposition).toMatch(/^attachment; filename="sori-import_runs-\d{4}-\d{2}-\d{2}\.csv"$/);
  });

  it('adds a 정보 / About sheet to a people’s XLSX: range, comparison, clock, split, filters, zone, time and version in the language', async () => {
    const before = Date.now();
    const ko = await infoSheet(`table=support&${RANGE}&by=handled_by&clock=business&channel=board,chat&labels=ko`);
    const after = Date.now();
    expect(ko.sheets).toEqual(['support', '정보']);
    // The first sheet is the table, as without the second.
    expect((ko.first.getRow(1).values as unknown[]).slice(1, 3)).toEqual(['처리 주체', '인입']);
    const { '만든 시각': generated, ...rest } = ko.values;
    expect(rest).toEqual({
      항목: '값',
      워크스페이스: '데모',
      표: '응대 지표',
      '기간 (현지 날짜, 양 끝 포함)': '2026-03-04 ~ 2026-03-31 (28일)',
      '비교 기간': '없음',
      '시간 기준': '영업시간 기준',
      '분할 기준': '처리 주체',
      필터: '채널: 1:1 문의, 채팅',
      시간대: 'Asia/Seoul',
      'Sori 버전': 'test',
    });
    // A date cell on the workspace's clock (Seoul, +9 h): the wall-clock time the request was made.
    expect(generated).toBeInstanceOf(Date);
    const shown = (generated as Date).getTime() - 9 * 3_600_000;
    expect(shown).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(shown).toBeLessThanOrEqual(after + 1000);

    const en = await infoSheet(`table=topic_movers&from=2026-03-25&to=2026-03-31&labels=en`);
    expect(en.sheets).toEqual(['topic_movers', 'About']);
    expect(en.values).toMatchObject({
      Field: 'Value',
      Workspace: '데모',
      Table: 'Overview · Top movers',
      'Range (local days, inclusive)': '2026-03-25 ~ 2026-03-31 (7 days)',
      'Comparison range': '2026-03-18 ~ 2026-03-24',
      Clock: 'Not applicable',
      Split: 'Not applicable',
      Filters: 'None',
      'Time zone': 'Asia/Seoul',
      'Sori version': 'test',
    });
    const volume = await infoSheet(`table=volume&${RANGE}&by=channel&granularity=week&sentiment=negative&labels=en`);
    expect(volume.values).toMatchObject({ 'Comparison range': '2026-02-04 ~ 2026-03-03', Split: 'Channel', Filters: 'Sentiments: Negative; Granularity: Week' });
  });

  it('keeps a CSV one table and the machine export’s body what the table’s writer writes, one sheet in XLSX', async () => {
    const written = async (labels?: 'ko') => {
      const t = await buildReportTable(db, ws, 'support', { from: '2026-03-04', to: '2026-03-31', by: 'assignee' }, labels);
      const out = new PassThrough();
      const bytes = buffer(out);
      const writer = createRecordWriter('csv', out, t.columns, { timeZone: ws.timezone, numberFormats: t.numberFormats });
      for (const row of t.rows) await writer.write(row);
      await writer.close();
      return new Uint8Array(await bytes);
    };
    expect((await get(`format=csv&table=support&${RANGE}&by=assignee`)).body).toEqual(await written());
    expect((await get(`format=csv&table=support&${RANGE}&by=assignee&labels=ko`)).body).toEqual(await written('ko'));
    const machine = await infoSheet(`table=support&${RANGE}&by=assignee`);
    expect(machine.sheets).toEqual(['support']);
  });

  it('refuses a language it does not have', async () => {
    const res = await get(`table=channels&${RANGE}&labels=ja`);
    expect(res.status).toBe(400);
  });
});
