import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { ingestItems } from '../../ingest/pipeline.js';
import { ensureSlaDueDates } from '../../insights/sla.js';
import { DEFAULT_SLA_SETTINGS } from '../../domain/sla-settings.js';
import type { Db } from '../db.js';
import { ensureWorkspace, type Workspace } from './workspaces.js';
import { loadSlaSettings, saveSlaSettings } from './sla-settings.js';

const SINCE = { recomputeSince: new Date('2026-01-01T00:00:00Z') };

// A team in Los Angeles with the default policies: e-mail answered within 8 business hours
// (Mon–Fri 09–12 and 13–18), resolved within 24.
describe(`SLA settings in the workspace's time zone (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let la: Workspace;
  let seoul: Workspace;

  const dueDates = async (externalId: string) => {
    await ensureSlaDueDates(db, la);
    const [row] = await db.query<{ fr: Date; res: Date }>('SELECT sla_fr_due_at AS fr, sla_res_due_at AS res FROM items WHERE workspace_id = $1 AND external_id = $2', [
      la.id,
      externalId,
    ]);
    return { fr: row!.fr.toISOString(), res: row!.res.toISOString() };
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    la = await ensureWorkspace(db, { slug: 'sla-la', name: 'LA 지사', timezone: 'America/Los_Angeles' });
    seoul = await ensureWorkspace(db, { slug: 'sla-seoul', name: '서울 본사' });
    await ingestItems(db, la, [
      // Mon 2026-11-02 10:00 PST: 2 h + 5 h on Monday, 1 h on Tuesday → Tue 10:00 PST.
      buildItem({ external_id: 'mon', channel: 'email', created_at: '2026-11-02T10:00:00-08:00', text: '세금계산서 발행 부탁드립니다' }),
      // Fri 2026-10-30 17:00 PDT, DST ends on Sunday: 1 h Friday + 7 h Monday → Mon 17:00 PST.
      buildItem({ external_id: 'fri', channel: 'email', created_at: '2026-10-30T17:00:00-07:00', text: '환불 계좌를 변경하고 싶어요' }),
    ]);
  });
  afterAll(() => close());

  it('defaults business hours to the workspace zone, and counts deadlines in it', async () => {
    const { settings, isDefault } = await loadSlaSettings(db, la.id);
    expect(isDefault).toBe(true);
    expect(settings.businessHours.timeZone).toBe('America/Los_Angeles');
    expect((await loadSlaSettings(db, seoul.id)).settings.businessHours.timeZone).toBe('Asia/Seoul');
    // Not Tue 01:00 PST (2026-11-03T09:00Z), Seoul's 18:00.
    expect(await dueDates('mon')).toEqual({ fr: '2026-11-03T18:00:00.000Z', res: '2026-11-05T18:00:00.000Z' });
    expect((await dueDates('fri')).fr).toBe('2026-11-03T01:00:00.000Z');
  });

  it('stores settings saved without a zone in the workspace zone, and keeps a zone given explicitly', async () => {
    const withoutZone = { ...DEFAULT_SLA_SETTINGS, businessHours: { blocks: DEFAULT_SLA_SETTINGS.businessHours.blocks, koreanPublicHolidays: false } };
    expect((await saveSlaSettings(db, la.id, withoutZone, SINCE)).businessHours.timeZone).toBe('America/Los_Angeles');
    expect((await loadSlaSettings(db, la.id)).settings.businessHours.timeZone).toBe('America/Los_Angeles');
    expect((await dueDates('mon')).fr).toBe('2026-11-03T18:00:00.000Z');

    // A Seoul zone set on purpose (an outsourced team in Korea) stays, and the deadlines follow it:
    // Mon 10:00 PST is Tue 03:00 KST, so 09–12 and 13–18 on Tuesday → Tue 18:00 KST.
    const explicit = { ...withoutZone, businessHours: { ...withoutZone.businessHours, timeZone: 'Asia/Seoul' } };
    expect((await saveSlaSettings(db, la.id, explicit, SINCE)).businessHours.timeZone).toBe('Asia/Seoul');
    expect((await loadSlaSettings(db, la.id)).settings.businessHours.timeZone).toBe('Asia/Seoul');
    expect((await dueDates('mon')).fr).toBe('2026-11-03T09:00:00.000Z');

    // Back to Los Angeles through the settings: recomputed the same way as any other change.
    await saveSlaSettings(db, la.id, { ...explicit, businessHours: { ...explicit.businessHours, timeZone: 'America/Los_Angeles' } }, SINCE);
    expect(await dueDates('mon')).toEqual({ fr: '2026-11-03T18:00:00.000Z', res: '2026-11-05T18:00:00.000Z' });
  });

  it('refuses a zone that is not an IANA name, pointing at the field', async () => {
    for (const timeZone of ['+09:00', 'KST', 'America/Los_Angelse', '']) {
      const error = await saveSlaSettings(db, la.id, { ...DEFAULT_SLA_SETTINGS, businessHours: { ...DEFAULT_SLA_SETTINGS.businessHours, timeZone } }).catch((e: unknown) => e);
      expect(error, timeZone).toMatchObject({ code: 'validation_failed' });
      expect((error as { detail: { errors: { field: string }[] } }).detail.errors.map((e) => e.field), timeZone).toEqual(['businessHours.timeZone']);
    }
  });

  it('reads stored settings that name no zone in the workspace zone, and resets to defaults in it', async () => {
    const { timeZone: _dropped, ...hours } = (await loadSlaSettings(db, la.id)).settings.businessHours;
    await db.query('UPDATE workspaces SET sla_settings = $2::jsonb WHERE id = $1', [la.id, JSON.stringify({ ...DEFAULT_SLA_SETTINGS, businessHours: hours })]);
    const loaded = await loadSlaSettings(db, la.id);
    expect(loaded.isDefault).toBe(false);
    expect(loaded.settings.businessHours.timeZone).toBe('America/Los_Angeles');
    expect((await saveSlaSettings(db, la.id, null, SINCE)).businessHours.timeZone).toBe('America/Los_Angeles');
    expect(await dueDates('mon')).toEqual({ fr: '2026-11-03T18:00:00.000Z', res: '2026-11-05T18:00:00.000Z' });
  });
});
