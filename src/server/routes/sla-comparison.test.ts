import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { ingestItems } from '../../ingest/pipeline.js';
import type { Db } from '../../store/db.js';
import { ensureWorkspace, type Workspace } from '../../store/queries/workspaces.js';
import { documentedResponseSchema } from '../openapi.js';

const kst = (wall: string) => `${wall}+09:00`;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Chat inquiries on the weekdays of a week (Mon `monday` + 0–4 days), 8 a day from 10:00, every 5
 * minutes; the first `met` are answered in 1 minute (the default chat target is 3 business minutes),
 * the rest in 10 (breached). All resolved right after, so no target is left open.
 */
function week(prefix: string, monday: string, met: number, total: number) {
  return Array.from({ length: total }, (_, i) => {
    const day = new Date(`${monday}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + Math.floor(i / 8));
    const date = day.toISOString().slice(0, 10);
    const minute = (i % 8) * 5;
    const answeredAfter = i < met ? 1 : 10;
    return buildItem({
      external_id: `${prefix}-${i}`,
      channel: 'chat',
      status: 'resolved',
      created_at: kst(`${date}T10:${pad(minute)}:00`),
      first_response_at: kst(`${date}T10:${pad(minute + answeredAfter)}:00`),
      resolved_at: kst(`${date}T10:${pad(minute + answeredAfter + 1)}:00`),
      text: '주문 취소하고 싶어요',
    });
  });
}

/** GET /insights/sla answers each target's overall % met against the previous period, with a verdict. */
describe(`SLA % met against the previous period over HTTP (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let ws: Workspace;

  const sla = async (from: string, to: string) => {
    const res = await app.request(`/api/v1/insights/sla?from=${from}&to=${to}&channel=chat`, { headers: { Authorization: `Bearer ${tokens.read}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db));
    ws = await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' });
    await ingestItems(db, ws, [
      // Noise: 20 of 40 met (50 %) in the week of 10/12, 22 of 40 (55 %) in the week of 10/19.
      ...week('oct-a', '2026-10-12', 20, 40),
      ...week('oct-b', '2026-10-19', 22, 40),
      // A real fall: 36 of 40 (90 %) in the week of 11/9, 16 of 40 (40 %) in the week of 11/16.
      ...week('nov-a', '2026-11-09', 36, 40),
      ...week('nov-b', '2026-11-16', 16, 40),
    ]);
  });
  afterAll(() => close());

  it('says a fall from 90 % to 40 % met is a significant decrease of 50 points', async () => {
    const r = await sla('2026-11-16', '2026-11-22');
    expect(r.range.previous).toEqual({ from: '2026-11-09', to: '2026-11-15' });
    const fr = r.summary.firstResponse;
    expect(fr).toMatchObject({ met: 16, breached: 24, pending: 0, met_pct: 40 });
    expect(fr.previous).toMatchObject({ met: 36, breached: 4, pending: 0, unrecorded: 0, met_pct: 90 });
    expect(fr.change).toMatchObject({ current: 40, previous: 90, unit: 'points', change: -50, verdict: 'significant_decrease' });
    expect(fr.change.interval.upper).toBeLessThan(0);
    expect(fr.change.p_value).toBeLessThan(0.05);
  });

  it('says a move from 50 % to 55 % met on 40 items a week is within noise', async () => {
    const r = await sla('2026-10-19', '2026-10-25');
    const fr = r.summary.firstResponse;
    expect(fr).toMatchObject({ met: 22, breached: 18, met_pct: 55 });
    expect(fr.previous).toMatchObject({ met: 20, breached: 20, met_pct: 50 });
    expect(fr.change).toMatchObject({ current: 55, previous: 50, unit: 'points', change: 5, verdict: 'within_noise' });
    expect(fr.change.interval.lower).toBeLessThan(0);
    expect(fr.change.interval.upper).toBeGreaterThan(0);
  });

  it('has no verdict when the previous period holds no outcome', async () => {
    const r = await sla('2026-10-12', '2026-10-18');
    const fr = r.summary.firstResponse;
    expect(fr).toMatchObject({ met: 20, breached: 20, met_pct: 50 });
    expect(fr.previous).toMatchObject({ met: 0, breached: 0, met_pct: null });
    expect(fr.change).toMatchObject({ current: 50, previous: null, change: null, verdict: 'insufficient_data' });
  });

  it('answers as the OpenAPI document says, which types the change (a verdict it does not know fails)', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as Record<string, unknown>;
    const validator = z.fromJSONSchema(documentedResponseSchema(doc as never, 'get', '/api/v1/insights/sla', '200', 'application/json') as never);
    const body = await sla('2026-11-16', '2026-11-22');
    const issues = (value: unknown) => {
      const parsed = validator.safeParse(value);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues(body)).toEqual([]);
    const wrong = structuredClone(body);
    wrong.summary.resolution.change.verdict = '좋아짐';
    wrong.summary.firstResponse.previous.met = '많음';
    expect(issues(wrong).map((i) => i.split(':')[0])).toEqual(expect.arrayContaining(['summary.resolution.change.verdict', 'summary.firstResponse.previous.met']));
  });

  it('keeps the per-policy and per-channel rows as they were (no comparison there)', async () => {
    const r = await sla('2026-11-16', '2026-11-22');
    const chat = r.by_channel.find((c: { channel: string }) => c.channel === 'chat');
    expect(chat.firstResponse).toEqual({ met: 16, breached: 24, pending: 0, unrecorded: 0, met_pct: 40 });
  });
});
