import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { applyConversationUpdates } from '../../ingest/conversation-updates.js';
import { importFile } from '../../ingest/import-file.js';
import { ingestItems } from '../../ingest/pipeline.js';
import { correctItemLabels } from '../../labels/correct-label.js';
import type { Db } from '../db.js';
import { diffRollups, rebuildRollups, sumDailyCounts } from './item-daily-counts.js';
import { deleteWorkspace, ensureWorkspace, type Workspace } from './workspaces.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DAY = { from: '2026-01-01', to: '2026-12-31' };

describe(`daily rollups kept at ingest (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'rollup', name: '롤업 테스트' });
  });
  afterAll(() => close());

  const total = async (filter: Partial<typeof DAY> & Record<string, unknown> = {}) =>
    (await sumDailyCounts(db, ws.id, { ...DAY, ...filter }))[0]!;

  it('counts new items by the day in the workspace time zone, and stays consistent with the items', async () => {
    await ingestItems(db, ws, [
      // 2026-03-01 16:30 UTC is already 3월 2일 01:30 in Seoul.
      buildItem({ external_id: 'tz-1', created_at: '2026-03-01T16:30:00Z', text: '앱에서 로그인이 안 돼요. 비밀번호 재설정 메일도 안 와요' }),
      buildItem({ external_id: 'tz-2', created_at: '2026-03-01T14:59:00Z', text: '배송이 너무 늦어요. 주문한 지 일주일이 지났어요' }),
      buildItem({ external_id: 'nps-1', channel: 'survey', kind: 'survey_response', created_at: '2026-03-02T09:00:00+09:00', score: 10, text: '정말 만족합니다. 추천할게요' }),
      buildItem({ external_id: 'nps-2', channel: 'survey', kind: 'survey_response', created_at: '2026-03-02T09:10:00+09:00', score: 3, rating: 2, text: '환불 처리가 너무 느려서 실망했어요' }),
      buildItem({ external_id: 'nps-3', channel: 'survey', kind: 'survey_response', created_at: '2026-03-02T09:20:00+09:00', score: 8, rating: 5, text: '보통이에요' }),
    ]);
    const days = await sumDailyCounts(db, ws.id, DAY, { granularity: 'day' });
    expect(days.map((d) => [d.period, d.items])).toEqual([['2026-03-01', 1], ['2026-03-02', 4]]);
    // A list given matches its values only: an empty one matches nothing, never every channel.
    expect(await total({ channel: [] })).toMatchObject({ items: 0, promoters: 0 });
    expect(await total({ sentiment: [] })).toMatchObject({ items: 0 });
    const survey = await total({ channel: ['survey'] });
    expect(survey).toMatchObject({ items: 3, scored: 3, promoters: 1, detractors: 1, rated: 2, rating_sum: 7, satisfied: 1 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('leaves the counts alone on an identical re-send and moves them when a re-send changes the item', async () => {
    const item = buildItem({ external_id: 're-1', created_at: '2026-04-10T10:00:00+09:00', text: '결제가 두 번 됐어요. 확인 부탁드립니다' });
    await ingestItems(db, ws, [item]);
    await ingestItems(db, ws, [item]);
    expect((await total({ from: '2026-04-10', to: '2026-04-10' })).items).toBe(1);
    // The same ticket re-sent with a later date and an answer: it moves days and counts as answered.
    await ingestItems(db, ws, [{ ...item, created_at: '2026-04-11T10:00:00+09:00', first_response_at: '2026-04-11T10:05:00+09:00', handled_by: 'human' }]);
    expect((await total({ from: '2026-04-10', to: '2026-04-10' })).items).toBe(0);
    expect(await total({ from: '2026-04-11', to: '2026-04-11' })).toMatchObject({ items: 1, responded: 1, human_handled: 1 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('drops kept answer times that a re-send moving created_at later would put before the question (both write paths)', async () => {
    // The ticket is first sent answered; a re-send (an export, another tool) moves it two days
    // later and says nothing about answers. The kept answers would precede it: counted as
    // responded by the daily counts and not by the lead times — the Overview and Support disagreed.
    const first = (id: string) =>
      buildItem({ external_id: id, channel: 'email', created_at: '2026-05-02T10:00:00+09:00', first_response_at: '2026-05-02T11:00:00+09:00',
        resolved_at: '2026-05-04T10:00:30+09:00', reopened_count: 1, text: '환불 문의드립니다. 주문번호 확인 부탁드려요' });
    const moved = (id: string) => buildItem({ external_id: id, channel: 'email', created_at: '2026-05-04T10:00:00+09:00', text: '환불 문의드립니다. 주문번호 확인 부탁드려요 (재전송)' });
    await ingestItems(db, ws, [first('mv-few')], { enrich: false });
    await ingestItems(db, ws, [moved('mv-few')], { enrich: false }); // the API's path (≤ 64 rows)
    const many = Array.from({ length: 70 }, (_, i) => `mv-many-${i}`);
    await ingestItems(db, ws, many.map(first), { enrich: false });
    await ingestItems(db, ws, many.map(moved), { enrich: false }); // the COPY-and-merge path
    const rows = await db.query<{ first_response_at: Date | null; resolved_at: Date | null; created_at: Date }>(
      "SELECT first_response_at, resolved_at, created_at FROM items WHERE external_id LIKE 'mv-%'",
    );
    expect(rows).toHaveLength(71);
    for (const r of rows) {
      expect(r.first_response_at).toBeNull(); // two days before the question: dropped
      // Resolved 30 s after the first version's time two days later = 30 s after the moved
      // question: kept as it is.
      expect(r.resolved_at?.toISOString()).toBe('2026-05-04T01:00:30.000Z');
    }
    // The kept resolution is the first answer now (migration 034): answered 30 s after the question.
    expect(await total({ from: '2026-05-04', to: '2026-05-04' })).toMatchObject({ items: 71, responded: 71, resolved: 71 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('follows a correction to another type and a conversation update', async () => {
    const [row] = await db.query<{ id: string; type: string }>(
      `SELECT id::text, type FROM items WHERE workspace_id = $1 AND external_id = 'tz-2'`, [ws.id]);
    const target = row!.type === 'complaint' ? 'delivery' : 'complaint';
    await correctItemLabels(db, ws.id, row!.id, { type: target }, null);
    expect((await total({ type: [target], from: '2026-03-01', to: '2026-03-01' })).items).toBe(1);
    expect((await total({ type: [row!.type], from: '2026-03-01', to: '2026-03-01' })).items).toBe(0);

    await ingestItems(db, ws, [buildItem({ external_id: 'conv-1', created_at: '2026-05-01T10:00:00+09:00', metadata: { conversation_id: 'c-77' } })]);
    await applyConversationUpdates(db, ws, 'channeltalk', [
      { source: 'channeltalk', conversation_id: 'c-77', at: '2026-05-01T10:03:00+09:00', first_response_at: '2026-05-01T10:03:00+09:00', handled_by: 'bot', status: 'resolved', resolved_at: '2026-05-01T10:03:00+09:00' },
    ]);
    expect(await total({ from: '2026-05-01', to: '2026-05-01' })).toMatchObject({ items: 1, responded: 1, resolved: 1, bot_handled: 1 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
    // A message written after the conversation was resolved is not resolved by it (no negative lead time).
    await ingestItems(db, ws, [buildItem({ external_id: 'conv-2', created_at: '2026-05-01T11:00:00+09:00', metadata: { conversation_id: 'c-77' } })]);
    await applyConversationUpdates(db, ws, 'channeltalk', [
      { source: 'channeltalk', conversation_id: 'c-77', at: '2026-05-01T11:05:00+09:00', status: 'resolved', resolved_at: '2026-05-01T10:03:00+09:00' },
    ]);
    const [late] = await db.query<{ resolved_at: Date | null; first_response_at: Date | null }>(
      "SELECT resolved_at, first_response_at FROM items WHERE workspace_id = $1 AND external_id = 'conv-2'",
      [ws.id],
    );
    expect(late).toEqual({ resolved_at: null, first_response_at: null });
    // Thirty seconds "before" the message is the two systems' clocks: it answers it, at its own time.
    await applyConversationUpdates(db, ws, 'channeltalk', [
      { source: 'channeltalk', conversation_id: 'c-77', at: '2026-05-01T11:06:00+09:00', first_response_at: '2026-05-01T10:59:30+09:00', handled_by: 'human' },
    ]);
    const [skewed] = await db.query<{ first_response_at: Date | null }>("SELECT first_response_at FROM items WHERE workspace_id = $1 AND external_id = 'conv-2'", [ws.id]);
    expect(skewed!.first_response_at).toEqual(new Date('2026-05-01T02:00:00Z'));
    expect(await total({ from: '2026-05-01', to: '2026-05-01' })).toMatchObject({ items: 2, responded: 2, resolved: 1 });
    expect(await diffRollups(db, ws.id)).toEqual([]);

    // Corrected to a cancellation, the item enters the reason rollup (reason not known yet: ''),
    // and leaves it again when it is corrected away.
    await correctItemLabels(db, ws.id, row!.id, { type: 'cancellation' }, null);
    const unfilled = () => db.query<{ n: number }>("SELECT n FROM item_daily_churn WHERE workspace_id = $1 AND reason = '' AND n <> 0", [ws.id]);
    expect(await unfilled()).toEqual([{ n: 1 }]);
    expect(await diffRollups(db, ws.id)).toEqual([]);
    await correctItemLabels(db, ws.id, row!.id, { type: target }, null);
    expect(await unfilled()).toEqual([]);
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('counts rows COPYed by a file import, duplicates included, and rebuilds to the same numbers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sori-rollup-'));
    const file = join(dir, 'chat.csv');
    // With conversation fields, so the lead-time sketches get first-response and resolution
    // buckets across agents and handlers (and a few items never answered or reopened).
    const lines = ['external_id,created_at,text,assignee,handled_by,first_response_at,resolved_at,reopened_count'];
    const agents = ['김상담', '이상담', '박상담', ''];
    for (let i = 0; i < 150; i++) {
      const text = i % 3 === 0 ? '앱 업데이트 후 로그인 버튼을 누르면 앱이 꺼져요' : `${i}번 주문 배송지를 부산으로 바꾸고 싶어요 주소 변경 가능할까요`;
      const day = `2026-06-0${1 + (i % 5)}`;
      const hour = `1${i % 10}`;
      const answered = i % 7 !== 0 ? `${day}T${hour}:${String(1 + (i % 50)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}+09:00` : '';
      const resolved = i % 4 !== 0 && answered ? `${day}T2${i % 4}:${String(i % 60).padStart(2, '0')}:00+09:00` : '';
      lines.push(`imp-${i},${day}T${hour}:00:00+09:00,"${text}",${agents[i % 4]},${i % 4 === 3 ? 'bot' : 'human'},${answered},${resolved},${i % 11 === 0 ? 1 : 0}`);
    }
    await writeFile(file, lines.join('\n'));
    const summary = await importFile(db, ws, { path: file, defaults: { channel: 'chat', source: 'csv-test' } });
    await rm(dir, { recursive: true, force: true });
    expect(summary).toMatchObject({ inserted: 150, rejected: 0 });
    const june = await total({ from: '2026-06-01', to: '2026-06-30' });
    expect(june.items).toBe(150);
    // 50 copies of one crash report: one group, 49 repeats, at least.
    expect(june.duplicates).toBeGreaterThanOrEqual(49);
    expect(june.duplicates).toBeLessThan(150);
    expect(await diffRollups(db, ws.id)).toEqual([]);
    const before = await sumDailyCounts(db, ws.id, DAY, { granularity: 'day', by: 'type' });
    await rebuildRollups(db, ws.id);
    expect(await sumDailyCounts(db, ws.id, DAY, { granularity: 'day', by: 'type' })).toEqual(before);
  });

  it('counts a resolution without a reply as the first answer, in responded and in the first-response lead times', async () => {
    // 1:1 board tickets exported with only their completion time: answered (the SLA counts them so).
    await ingestItems(db, ws, [
      buildItem({ external_id: 'fa-1', channel: 'board', created_at: '2026-05-20T10:00:00+09:00', resolved_at: '2026-05-20T11:00:00+09:00', status: 'resolved', text: '배송 문의드립니다' }),
      buildItem({ external_id: 'fa-2', channel: 'board', created_at: '2026-05-20T10:00:00+09:00', first_response_at: '2026-05-20T10:10:00+09:00', resolved_at: '2026-05-20T12:00:00+09:00', status: 'resolved', text: '교환 문의드립니다' }),
      buildItem({ external_id: 'fa-3', channel: 'board', created_at: '2026-05-20T10:00:00+09:00', status: 'open', text: '환불 문의드립니다' }),
    ]);
    const board = { from: '2026-05-20', to: '2026-05-20', channel: ['board'] };
    expect(await total(board)).toMatchObject({ items: 3, responded: 2, resolved: 2 });
    const firstAnswers = async () => (await db.query<{ sketch: number[][] }>(
      "SELECT sketch FROM item_daily_lead_sketches WHERE workspace_id = $1 AND dim = 'channel' AND key = 'board' AND day = '2026-05-20' AND measure = 'f'",
      [ws.id]))[0]?.sketch.reduce((n, [, c]) => n + c!, 0) ?? 0;
    expect(await firstAnswers()).toBe(2);
    expect(await diffRollups(db, ws.id)).toEqual([]);
    // Reopened (the resolution cleared): no longer answered; resolved again: answered again.
    await db.query("UPDATE items SET resolved_at = NULL, status = 'open', reopened_count = 1 WHERE workspace_id = $1 AND external_id = 'fa-1'", [ws.id]);
    expect(await total(board)).toMatchObject({ responded: 1 });
    expect(await firstAnswers()).toBe(1);
    expect(await diffRollups(db, ws.id)).toEqual([]);
    await db.query("UPDATE items SET resolved_at = created_at + interval '2 hours', status = 'resolved' WHERE workspace_id = $1 AND external_id IN ('fa-1', 'fa-3')", [ws.id]);
    expect(await total(board)).toMatchObject({ responded: 3 });
    expect(await firstAnswers()).toBe(3);
    await db.query("DELETE FROM items WHERE workspace_id = $1 AND external_id = 'fa-3'", [ws.id]);
    expect(await total(board)).toMatchObject({ items: 2, responded: 2 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
    // A rebuild from the items gives the same numbers.
    await rebuildRollups(db, ws.id);
    expect(await total(board)).toMatchObject({ items: 2, responded: 2 });
    expect(await firstAnswers()).toBe(2);
  });

  it('groups by week, month and a dimension', async () => {
    const weeks = await sumDailyCounts(db, ws.id, { from: '2026-06-01', to: '2026-06-30' }, { granularity: 'week', by: 'channel' });
    // 2026-06-01 is a Monday: June 1–5 is one ISO week.
    expect(weeks).toEqual([expect.objectContaining({ period: '2026-06-01', key: 'chat', items: 150 })]);
    const months = await sumDailyCounts(db, ws.id, DAY, { granularity: 'month' });
    expect(months.map((m) => m.period)).toEqual(['2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01']);
  });

  it('subtracts deleted items and survives deleting the whole workspace', async () => {
    await db.query(`DELETE FROM items WHERE workspace_id = $1 AND external_id LIKE 'imp-1%'`, [ws.id]);
    expect(await diffRollups(db, ws.id)).toEqual([]);
    const other = await ensureWorkspace(db, { slug: 'rollup-gone', name: '지울 곳' });
    await ingestItems(db, other, [buildItem(), buildItem()]);
    await deleteWorkspace(db, other.id);
    expect(await db.query('SELECT 1 FROM item_daily_counts WHERE workspace_id = $1', [other.id])).toEqual([]);
  });

  it('stays consistent when two batches for the same days are written at once', async () => {
    const batch = (prefix: string) =>
      Array.from({ length: 200 }, (_, i) =>
        buildItem({
          external_id: `${prefix}-${i}`, created_at: `2026-07-0${1 + (i % 3)}T09:00:00+09:00`, channel: i % 2 ? 'chat' : 'email',
          assignee: i % 5 ? '김상담' : null, first_response_at: `2026-07-0${1 + (i % 3)}T09:${String(1 + (i % 40)).padStart(2, '0')}:00+09:00`,
        }));
    await Promise.all([ingestItems(db, ws, batch('p')), ingestItems(db, ws, batch('q'))]);
    expect((await total({ from: '2026-07-01', to: '2026-07-03' })).items).toBe(400);
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });
});
