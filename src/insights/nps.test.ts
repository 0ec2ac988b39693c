import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { createTopic } from '../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { documentedResponseSchema } from '../server/openapi.js';
import { getNpsInsights } from './nps.js';

describe(`NPS insights (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  let delivery: string;
  let app: Hono;
  let viewer: string;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;
    ({ app, login } = await buildTestApp(db));
    viewer = await login('viewer');
    ws = await ensureWorkspace(db, { slug: 'nps', name: 'NPS' });
    delivery = (await createTopic(db, ws.id, { name: '배송 지연', rules: [{ kind: 'keyword', pattern: '배송' }] })).id;
    await createTopic(db, ws.id, { name: '앱 사용성', rules: [{ kind: 'keyword', pattern: '앱' }] });
    let n = 0;
    const answer = (day: string, score: number, text: string) =>
      buildItem({ external_id: `n-${n++}`, channel: 'survey', kind: 'survey_response', created_at: `${day}T10:00:00+09:00`, score, text });
    const items = [
      // Week of 10/5 (current range 10/5–10/18): 10 detractors, 8 about delivery; 12 promoters, 1 about delivery,
      // 3 about the app; 2 passives.
      ...Array.from({ length: 8 }, () => answer('2026-10-06', 2, '배송이 너무 늦어서 실망했어요')),
      ...Array.from({ length: 2 }, () => answer('2026-10-07', 4, '그냥 별로예요')),
      answer('2026-10-08', 10, '배송도 빠르고 좋아요'),
      ...Array.from({ length: 3 }, () => answer('2026-10-13', 9, '앱이 편해서 자주 써요')),
      ...Array.from({ length: 8 }, () => answer('2026-10-14', 10, '만족합니다')),
      ...Array.from({ length: 2 }, () => answer('2026-10-15', 8, '괜찮아요')),
      // Previous period (9/21–10/4): 4 promoters, 1 detractor.
      ...Array.from({ length: 4 }, () => answer('2026-09-25', 10, '최고예요')),
      answer('2026-09-26', 5, '보통 이하'),
      // November: answers from a CSV with a 점수 column, stored as inquiries (the default kind),
      // on 11/3 and 11/5 only; and an inquiry without a score.
      buildItem({ external_id: 'csv-1', channel: 'survey', created_at: '2026-11-03T10:00:00+09:00', score: 10, text: '추천합니다' }),
      buildItem({ external_id: 'csv-2', channel: 'survey', created_at: '2026-11-03T11:00:00+09:00', score: 3, text: '배송이 느려요' }),
      buildItem({ external_id: 'csv-3', channel: 'survey', created_at: '2026-11-05T10:00:00+09:00', score: 9, text: '좋아요' }),
      answer('2026-11-05', 7, '보통이에요'),
      buildItem({ external_id: 'chat-1', created_at: '2026-11-03T12:00:00+09:00', text: '주문한 상품이 안 와요' }),
    ];
    await ingestItems(db, ws, items);
  });
  afterAll(() => close());

  it('scores the range with an interval, a weekly trend, and finds what detractors talk about', async () => {
    const r = await getNpsInsights(db, ws, { from: '2026-10-05', to: '2026-10-18', granularity: 'week' });
    // 12 promoters, 2 passives, 10 detractors of 24: (12 − 10) / 24 = 8.33.
    expect(r.current).toMatchObject({ n: 24 });
    expect(r.current.nps!).toBeCloseTo(8.333, 2);
    // Previous: 4 of 5 promoters, 1 detractor → 60.
    expect(r.previous.nps).toBe(60);
    // Week 10/5: promoters 1, detractors 10 of 11 → −81.8; week 10/12: 11 promoters of 13 → 84.6.
    expect(r.series.map((s) => [s.period, s.n, s.nps])).toEqual([['2026-10-05', 11, -81.8], ['2026-10-12', 13, 84.6]]);
    // Delivery: 8 of 10 detractors (80 %) vs 1 of 12 promoters (8.33 %): +71.67 points.
    const [first] = r.drivers;
    expect(first).toMatchObject({ key: delivery, name: '배송 지연', detractors: 8, promoters: 1, detractor_share_pct: 80, promoter_share_pct: (1 * 100) / 12, difference_pp: 71.67 });
    // Newcombe's hybrid score interval for 8/10 − 1/12 (Wilson 95 %: 0.4902–0.9433 and 0.0149–0.3539):
    // 71.67 − √((80 − 49.02)² + (35.39 − 8.33)²) = 30.53 and 71.67 + √((94.33 − 80)² + (8.33 − 1.49)²) = 87.55.
    expect(first!.difference_interval!.lower).toBeCloseTo(30.53, 1);
    expect(first!.difference_interval!.upper).toBeCloseTo(87.55, 1);
    expect(first!.verdict).toBe('significant_increase');
    // Detractors and promoters of the same weeks: no rise or fall, a difference between two groups.
    expect(first).toMatchObject({ finding: 'more_among_detractors', test: 'fisher_exact' });
    // The app is mentioned by 3 promoters and no detractor: too few to call.
    const app = r.drivers.find((d) => d.name === '앱 사용성')!;
    expect(app).toMatchObject({ detractors: 0, promoters: 3, difference_pp: -25 });
    expect(app.verdict).not.toMatch(/^significant/);
    expect(app.finding).toBe('insufficient_data');
  });

  it('serves the drivers with their finding as the OpenAPI document says', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as Record<string, unknown>;
    const res = await app.request('/api/v1/insights/nps?from=2026-10-05&to=2026-10-18', { headers: { Cookie: viewer, 'X-Sori-Workspace': 'nps' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { drivers: { key: string; finding: string; verdict: string }[] };
    expect(body.drivers.find((d) => d.key === delivery)).toMatchObject({ finding: 'more_among_detractors', verdict: 'significant_increase' });
    const schema = documentedResponseSchema(doc as never, 'get', '/api/v1/insights/nps', '200', 'application/json');
    const parsed = z.fromJSONSchema(schema as never).safeParse(body);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('checks a driver seen among detractors only on a small base by the exact test: 7 of 46 against 0 of 30 is no clear difference among two topics, 3 against 0 too few', async () => {
    const { db: own, close: closeOwn } = await openTestDb();
    try {
      const w = await ensureWorkspace(own, { slug: 'nps-small', name: '작은 설문' });
      const refund = (await createTopic(own, w.id, { name: '환불', rules: [{ kind: 'keyword', pattern: '환불' }] })).id;
      const coupon = (await createTopic(own, w.id, { name: '쿠폰', rules: [{ kind: 'keyword', pattern: '쿠폰' }] })).id;
      let n = 0;
      const answer = (score: number, text: string) =>
        buildItem({ external_id: `s-${n++}`, channel: 'survey', kind: 'survey_response', created_at: '2026-10-06T10:00:00+09:00', score, text: `${text} (${n})` });
      await ingestItems(own, w, [
        ...Array.from({ length: 7 }, () => answer(3, '환불 처리가 너무 느려요')),
        ...Array.from({ length: 3 }, () => answer(2, '쿠폰이 적용 안 됐어요')),
        ...Array.from({ length: 36 }, () => answer(4, '그냥 그래요')),
        ...Array.from({ length: 30 }, () => answer(10, '만족합니다')),
      ]);
      const r = await getNpsInsights(own, w, { from: '2026-10-05', to: '2026-10-18' });
      const byKey = new Map(r.drivers.map((d) => [d.key, d]));
      // 15.22 % (7 of 46) against 0 % (0 of 30): Fisher's exact p = 0.0379 alone, 0.0758 with the
      // two topics tested at once (the z-test would have called it, its normal tail too thin here).
      expect(byKey.get(refund)).toMatchObject({ detractors: 7, promoters: 0, detractor_share_pct: (7 * 100) / 46, promoter_share_pct: 0, test: 'fisher_exact' });
      expect(byKey.get(refund)!.p_adjusted).toBeCloseTo(0.0758, 3);
      expect(byKey.get(refund)).toMatchObject({ finding: 'no_clear_difference', verdict: 'within_noise' });
      // Three mentions in all: fewer than five on either side, no finding either way.
      expect(byKey.get(coupon)).toMatchObject({ detractors: 3, promoters: 0, finding: 'insufficient_data', verdict: 'insufficient_data' });
    } finally {
      await closeOwn();
    }
  });

  it('draws every period of the range, a period without answers as a gap, each reaching to its period’s end', async () => {
    const daily = await getNpsInsights(db, ws, { from: '2026-11-02', to: '2026-11-08', granularity: 'day' });
    expect(daily.series.map((s) => [s.period, s.n, s.nps])).toEqual([
      ['2026-11-02', 0, null],
      ['2026-11-03', 2, 0],
      ['2026-11-04', 0, null],
      ['2026-11-05', 2, 50],
      ['2026-11-06', 0, null],
      ['2026-11-07', 0, null],
      ['2026-11-08', 0, null],
    ]);
    expect(daily.series[0]).toMatchObject({ from: '2026-11-01T15:00:00.000Z', to: '2026-11-02T15:00:00.000Z', interval: null, promoters: 0, detractors: 0 });
    // By week, cut to the range (11/4–11/12): the first week's point reaches to its Sunday 11/8,
    // not to 11/5, its last day with answers; the second to the range's end.
    const weekly = await getNpsInsights(db, ws, { from: '2026-11-04', to: '2026-11-12', granularity: 'week' });
    expect(weekly.series.map((s) => [s.period, s.from, s.to, s.n])).toEqual([
      ['2026-11-02', '2026-11-03T15:00:00.000Z', '2026-11-08T15:00:00.000Z', 2],
      ['2026-11-09', '2026-11-08T15:00:00.000Z', '2026-11-12T15:00:00.000Z', 0],
    ]);
  });

  it('drills down with has_score=true to exactly the answers NPS counts, whatever their kind', async () => {
    const r = await getNpsInsights(db, ws, { from: '2026-11-02', to: '2026-11-08' });
    expect(r.current.n).toBe(4);
    const total = async (query: string) => {
      const res = await app.request(`/api/v1/items/summary?${query}&from=2026-11-02&to=2026-11-08`, { headers: { Cookie: viewer, 'X-Sori-Workspace': 'nps' } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { total: number }).total;
    };
    expect(await total('has_score=true')).toBe(r.current.n);
    // The kind filter the links used missed the answers imported as inquiries.
    expect(await total('kind=survey_response')).toBe(1);
    expect(await total('has_score=false')).toBe(1);
    expect((await app.request('/api/v1/items?has_score=yes', { headers: { Cookie: viewer, 'X-Sori-Workspace': 'nps' } })).status).toBe(400);
    // The OpenAPI document lists the filter.
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, { get: { parameters: { name?: string }[] } }> };
    expect(doc.paths['/api/v1/items']!.get.parameters.map((p) => p.name)).toContain('has_score');
  });
});
