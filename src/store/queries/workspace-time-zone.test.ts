import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { ingestItems } from '../../ingest/pipeline.js';
import type { Db } from '../db.js';
import { diffRollups, sumDailyCounts } from './item-daily-counts.js';
import { iterateItems } from './list-items.js';
import { foldDirtyDays } from './search-index.js';
import { changeWorkspaceTimeZone } from './workspace-time-zone.js';
import { ensureWorkspace, findWorkspaceById, type Workspace } from './workspaces.js';
import { localize } from '../../cli/i18n.js';
import { SLASHLESS_ZONE_NAMES } from '../../domain/calendar/business-hours.js';
import { zoneOffsetMs } from '../../domain/calendar/zone.js';

describe(`changing a workspace's time zone (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'moving', name: '미국 지사로 이전' });
    const recent = new Date(Date.now() - 2 * 86_400_000);
    const items = [
      // 2026-11-02T15:30Z: 11월 3일 00:30 in Seoul, 2 November 07:30 in Los Angeles.
      ...Array.from({ length: 70 }, (_, i) =>
        buildItem({ external_id: `b-${i}`, channel: 'email', created_at: '2026-11-02T15:30:00Z', first_response_at: '2026-11-02T16:30:00Z', text: `배송 지연 문의 qzvx ${i}`, customer_segment: 'VIP' }),
      ),
      buildItem({ external_id: 'cancel', created_at: '2026-11-02T15:40:00Z', text: '멤버십 해지해 주세요. 요금이 너무 비싸요' }),
      buildItem({ external_id: 'recent', channel: 'email', created_at: recent.toISOString(), text: '최근 문의: 환불 요청합니다 wqpz' }),
      buildItem({ external_id: 'old', channel: 'email', created_at: '2025-03-04T10:00:00+09:00', text: '작년 문의: 영수증 재발행 부탁드립니다' }),
    ];
    await ingestItems(db, ws, items); // > 64 rows: the batch path writes the search index itself
    await ingestItems(db, ws, [buildItem({ external_id: 'small', created_at: '2026-11-02T15:50:00Z', text: '작은 요청 하나 jxqk' })]);
    await foldDirtyDays(db);
  });
  afterAll(() => close());

  const found = async (q: string) => {
    let n = 0;
    for await (const _ of iterateItems(db, ws.id, { q }, 50)) n++;
    return n;
  };

  it('recounts every rollup on the new days, rebuilds the search index and recomputes default-SLA deadlines', async () => {
    const seoulDays = await sumDailyCounts(db, ws.id, { from: '2026-11-01', to: '2026-11-04' }, { granularity: 'day' });
    expect(seoulDays.map((d) => [d.period, d.items])).toEqual([['2026-11-03', 72]]);
    const [before] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1 AND sla_version IS NOT NULL', [ws.id]);
    expect(before!.n).toBe(74);

    // Chart events: an all-day one (3–4 November in Seoul) and one at an instant.
    await db.query(
      `INSERT INTO workspace_events (workspace_id, kind, title, starts_at, ends_at, all_day, created_by) VALUES
         ($1, 'incident', '로그인 장애', '2026-11-02T15:00:00Z', '2026-11-04T15:00:00Z', true, 'test'),
         ($1, 'release', '앱 3.2 배포', '2026-11-02T16:20:00Z', NULL, false, 'test')`,
      [ws.id],
    );
    const change = await changeWorkspaceTimeZone(db, ws.id, 'America/Los_Angeles');
    // The all-day event keeps its days (now Los Angeles midnights); the instant does not move.
    const events = await db.query<{ title: string; starts_at: Date; ends_at: Date | null }>(
      'SELECT title, starts_at, ends_at FROM workspace_events WHERE workspace_id = $1 ORDER BY starts_at',
      [ws.id],
    );
    expect(events.map((e) => [e.title, e.starts_at.toISOString(), e.ends_at?.toISOString() ?? null])).toEqual([
      ['앱 3.2 배포', '2026-11-02T16:20:00.000Z', null],
      ['로그인 장애', '2026-11-03T08:00:00.000Z', '2026-11-05T08:00:00.000Z'],
    ]);
    expect(change).toEqual({ from: 'Asia/Seoul', to: 'America/Los_Angeles', items: 74, indexed: 74 });
    expect((await findWorkspaceById(db, ws.id))!.timezone).toBe('America/Los_Angeles');
    const laDays = await sumDailyCounts(db, ws.id, { from: '2026-11-01', to: '2026-11-04' }, { granularity: 'day' });
    expect(laDays.map((d) => [d.period, d.items])).toEqual([['2026-11-02', 72]]);
    expect(await diffRollups(db, ws.id)).toEqual([]); // counts, segments, lead times, SLA, cancellations
    for (const [q, n] of [['qzvx', 70], ['jxqk', 1], ['wqpz', 1]] as const) expect(await found(q), q).toBe(n);
    const [filterDays] = await db.query<{ days: string[] }>(
      "SELECT array_agg(to_char(day, 'YYYY-MM-DD') ORDER BY day) AS days FROM item_day_filters WHERE workspace_id = $1 AND day BETWEEN '2026-11-01' AND '2026-11-30'",
      [ws.id],
    );
    expect(filterDays!.days).toEqual(['2026-11-02']);
    // The default SLA follows the zone: deadlines of the last 180 days are recomputed (by the next
    // SLA report), older ones kept, as after a settings change.
    const kept = await db.query<{ external_id: string }>('SELECT external_id FROM items WHERE workspace_id = $1 AND sla_version IS NOT NULL', [ws.id]);
    expect(kept.map((r) => r.external_id)).toEqual(['old']);
    const [flag] = await db.query<{ sla_stale: boolean }>('SELECT sla_stale FROM workspaces WHERE id = $1', [ws.id]);
    expect(flag!.sla_stale).toBe(true);
  });

  it('does nothing for the zone it already has, and refuses what is not an IANA name', async () => {
    expect(await changeWorkspaceTimeZone(db, ws.id, 'America/Los_Angeles')).toEqual({ from: 'America/Los_Angeles', to: 'America/Los_Angeles', items: 74, indexed: 0 });
    for (const zone of ['+09:00', 'KST', 'IST', 'AET', 'America/Los_Angelse']) {
      await expect(changeWorkspaceTimeZone(db, ws.id, zone)).rejects.toMatchObject({ code: 'validation_failed' });
    }
    expect((await findWorkspaceById(db, ws.id))!.timezone).toBe('America/Los_Angeles');
    // Stored by its canonical name, whatever the spelling: the same zone is no change.
    expect(await changeWorkspaceTimeZone(db, ws.id, 'america/los_angeles')).toMatchObject({ from: 'America/Los_Angeles', to: 'America/Los_Angeles', indexed: 0 });
    expect(await changeWorkspaceTimeZone(db, ws.id, 'US/Pacific')).toMatchObject({ to: 'America/Los_Angeles', indexed: 0 });
    // The refusal names the refused value in both halves of its message.
    const message = ((await changeWorkspaceTimeZone(db, ws.id, 'Asia/Seol').catch((e: Error) => e)) as Error).message;
    expect(localize(message, 'en')).toMatch(/^not an IANA time zone name.*"Asia\/Seol"$/);
    expect(localize(message, 'ko')).toMatch(/IANA 시간대 이름이 아닙니다.*"Asia\/Seol"$/);
  });

  it('the IANA names without a slash taken as zones are read by the database as Intl reads them, winter and summer', async () => {
    for (const zone of SLASHLESS_ZONE_NAMES) {
      for (const at of ['2026-01-15T12:00:00.000Z', '2026-07-15T12:00:00.000Z']) {
        const [row] = await db.query<{ offset: number }>(
          `SELECT EXTRACT(EPOCH FROM (($1::timestamptz AT TIME ZONE $2) - ($1::timestamptz AT TIME ZONE 'UTC')))::int AS offset`,
          [at, zone],
        );
        expect(row!.offset * 1000, `${zone} at ${at}`).toBe(zoneOffsetMs(Date.parse(at), zone));
      }
    }
  });
});
