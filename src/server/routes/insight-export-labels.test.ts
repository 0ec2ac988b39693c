import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { DEFAULT_ITEM_TYPES } from '../../domain/taxonomy.js';
import { CHANNEL_LABELS, DEFAULT_SLA_POLICY_LABELS, VERDICT_LABELS } from '../../domain/labels-ko-en.js';
import { ensureDemoTopics } from '../../ingest/demo/demo-topics.js';
import { generateDemoDataset } from '../../ingest/demo/generate.js';
import { importFile } from '../../ingest/import-file.js';
import { ingestItems } from '../../ingest/pipeline.js';
import { REPORT_TABLES } from '../../insights/report-tables.js';
import type { Db } from '../../store/db.js';
import { replaceItemTypes } from '../../store/queries/item-types.js';
import { listTopics } from '../../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../../store/queries/workspaces.js';

/**
 * GET /insights/export?labels=ko|en: every dashboard table under the page's column names with coded
 * values by name, the default export unchanged (codes), and a hostile type or topic name guarded.
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
  }, 180_000);
  afterAll(() => close());

  const get = async (query: string) => {
    const res = await app.request(`/api/v1/insights/export?${query}`, { headers: { Cookie: admin, 'X-Sori-Workspace': 'demo' } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: new Uint8Array(await res.arrayBuffer()) };
  };
  const csv = async (query: string) => {
    const res = await get(`format=csv&${query}`);
    expect(res.status, query).toBe(200);
    const text = new TextDecoder().decode(res.body);
    return { text, rows: parse(text, { bom: true, columns: true }) as Record<string, string>[], header: (parse(text, { bom: true, to: 1 }) as string[][])[0]! };
  };

  it('gives every table the same rows with the page’s headers in Korean and English, and keeps codes without labels', async () => {
    for (const table of REPORT_TABLES) {
      const q = `table=${table}&${RANGE}`;
      const codes = await csv(q);
      const ko = await csv(`${q}&labels=ko`);
      const en = await csv(`${q}&labels=en`);
      expect(ko.rows.length, table).toBe(codes.rows.length);
      expect(en.rows.length, table).toBe(codes.rows.length);
      expect(ko.header.length, table).toBe(codes.header.length);
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
    expect(support.header).toEqual(expect.arrayContaining(['인입', '응답률 (%)', '첫 응답 중앙값 (초)', '해결 90% (초)', '시간 기준']));
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

  it('refuses a language it does not have', async () => {
    const res = await get(`table=channels&${RANGE}&labels=ja`);
    expect(res.status).toBe(400);
  });
});
