import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { createApiToken } from '../../auth/api-tokens.js';
import { ingestItems } from '../../ingest/pipeline.js';
import type { Db } from '../../store/db.js';
import { ensureWorkspace, findWorkspaceBySlug } from '../../store/queries/workspaces.js';

const MIN = 60;
const RANGE = 'from=2026-10-12&to=2026-10-18';

type LeadTime = { count: number; p50_seconds: number | null; p90_seconds: number | null };
type Support = { clock: string; business_hours: { timeZone: string; is_default: boolean } | null; total: { received: number; first_response: LeadTime; resolution: LeadTime } };

// GET /insights/support?clock=business: the switch of the Support page, its export and its refusal.
describe(`support insight API in business hours (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let read: Record<string, string>;
  let closedToken: string;
  let repeatToken: string;

  const get = async (path: string, headers = read) => {
    const res = await app.request(`/api/v1${path}`, { headers });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    const built = await buildTestApp(db);
    app = built.app;
    const tokens = built.tokens;
    read = { Authorization: `Bearer ${tokens.read}` };
    const ws = (await findWorkspaceBySlug(db, 'default'))!;
    await ingestItems(db, ws, [
      // A Friday-evening e-mail answered Monday 10:00: 63 hours on the clock, one business hour;
      // resolved at 11:30 (2.5 business hours).
      buildItem({ external_id: 'fri', channel: 'email', created_at: '2026-10-16T19:00:00+09:00', first_response_at: '2026-10-19T10:00:00+09:00', resolved_at: '2026-10-19T11:30:00+09:00', status: 'resolved', text: '금요일 저녁 배송 문의' }),
      // A chat at 11:50 answered at 13:10, across lunch: 20 business minutes.
      buildItem({ external_id: 'lunch', channel: 'chat', created_at: '2026-10-13T11:50:00+09:00', first_response_at: '2026-10-13T13:10:00+09:00', text: '점심시간 직전 채팅 문의' }),
    ]);
    const closed = await ensureWorkspace(db, { slug: 'closed', name: '영업시간 없음' });
    closedToken = (await createApiToken(db, { workspaceId: closed.id, name: 'read', scopes: ['read', 'admin'] }, 'test')).secret;
    await ingestItems(db, closed, [buildItem({ external_id: 'c-1', channel: 'email', created_at: '2026-10-14T10:00:00+09:00', first_response_at: '2026-10-14T11:00:00+09:00', text: '문의드립니다' })]);
    // Repeat contacts: R1 chats, then posts on the board two days later; R2 e-mails once; one
    // e-mail has no customer id.
    const repeat = await ensureWorkspace(db, { slug: 'repeat', name: '재문의' });
    repeatToken = (await createApiToken(db, { workspaceId: repeat.id, name: 'read', scopes: ['read'] }, 'test')).secret;
    await ingestItems(db, repeat, [
      buildItem({ customer_id: 'R1', channel: 'chat', created_at: '2026-10-12T10:00:00+09:00', text: '환불 요청드립니다', metadata: { conversation_id: 'r1-chat' } }),
      buildItem({ customer_id: 'R1', channel: 'chat', created_at: '2026-10-12T10:04:00+09:00', text: '주문번호 알려드릴게요', metadata: { conversation_id: 'r1-chat' } }),
      buildItem({ customer_id: 'R1', channel: 'board', created_at: '2026-10-14T10:00:00+09:00', text: '환불이 아직 안 됐어요' }),
      buildItem({ customer_id: 'R2', channel: 'email', created_at: '2026-10-13T10:00:00+09:00', text: '배송 언제 되나요' }),
      buildItem({ customer_id: undefined, channel: 'email', created_at: '2026-10-15T10:00:00+09:00', text: '비회원 문의입니다' }),
    ]);
  });
  afterAll(() => close());

  it('answers on the 24-hour clock by default and in business hours with clock=business', async () => {
    const calendar = JSON.parse((await get(`/insights/support?${RANGE}`)).text) as Support;
    expect([calendar.clock, calendar.business_hours]).toEqual(['calendar', null]);
    const res = await get(`/insights/support?${RANGE}&clock=business`);
    expect(res.status).toBe(200);
    const business = JSON.parse(res.text) as Support;
    expect(business.clock).toBe('business');
    expect(business.business_hours).toMatchObject({ timeZone: 'Asia/Seoul', is_default: true });
    // 20 and 60 business minutes: median 40, p90 at rank 0.9 → 20 + 0.9 × 40 = 56.
    expect(business.total.first_response).toEqual({ count: 2, p50_seconds: 40 * MIN, p90_seconds: 56 * MIN });
    expect(business.total.first_response.count).toBe(calendar.total.first_response.count);
    expect(business.total.received).toBe(calendar.total.received);
    const bad = await get(`/insights/support?${RANGE}&clock=weekdays`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ code: 'validation_failed' });
  });

  it('exports the support table with its clock in every row', async () => {
    const business = JSON.parse((await get(`/insights/support?${RANGE}&clock=business`)).text) as Support;
    const csv = await get(`/insights/export?table=support&format=csv&${RANGE}&clock=business`);
    expect(csv.status).toBe(200);
    const [header, total] = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((line) => line.split(','));
    expect(header!.at(-1)).toBe('clock');
    const cell = (name: string) => total![header!.indexOf(name)];
    expect([cell('key'), cell('clock'), cell('first_response_p50_s'), cell('resolution_p50_s')]).toEqual(['all', 'business', String(40 * MIN), String(150 * MIN)]);
    expect(cell('first_response_p50_s')).toBe(String(business.total.first_response.p50_seconds));
    const calendar = await get(`/insights/export?table=support&format=csv&${RANGE}`);
    expect(calendar.text.trim().split(/\r?\n/)[1]!.split(',').at(-1)).toBe('calendar');
  });

  it('refuses clock=business with a bilingual problem when the workspace has no business hours', async () => {
    const closed = { Authorization: `Bearer ${closedToken}`, 'Content-Type': 'application/json' };
    const put = await app.request('/api/v1/settings/sla', { method: 'PUT', headers: closed, body: JSON.stringify({ businessHours: { blocks: [] }, policies: [] }) });
    expect(put.status).toBe(200);
    const res = await get(`/insights/support?${RANGE}&clock=business`, closed);
    expect(res.status).toBe(422);
    expect(res.type).toContain('application/problem+json');
    const body = JSON.parse(res.text) as { code: string; detail: string };
    expect(body.code).toBe('no_business_hours');
    expect(body.detail).toContain('no business hours');
    expect(body.detail).toContain('영업시간이 설정되지 않았습니다');
    expect((await get(`/insights/export?table=support&${RANGE}&clock=business`, closed)).status).toBe(422);
    // The 24-hour clock still answers.
    expect((await get(`/insights/support?${RANGE}`, closed)).status).toBe(200);
    // Hours set again: the same request answers at once.
    const reset = await app.request('/api/v1/settings/sla', { method: 'PUT', headers: closed, body: JSON.stringify({ reset: true }) });
    expect(reset.status).toBe(200);
    const again = JSON.parse((await get(`/insights/support?${RANGE}&clock=business`, closed)).text) as Support;
    expect(again.total.first_response).toEqual({ count: 1, p50_seconds: 60 * MIN, p90_seconds: 60 * MIN });
  });

  it('answers the repeat contact rate per row and in total, and documents its fields', async () => {
    const res = await get(`/insights/support?${RANGE}`, { Authorization: `Bearer ${repeatToken}` });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { repeat_window_days: number; repeat_counted_until: string; repeat_without_customer: number; total: Record<string, unknown>; rows: Record<string, unknown>[] };
    // Read now (long after the range): every contact is due. 3 contacts (R1's chat of two messages is
    // one), R1's chat repeated by the board post → 1 of 3, Wilson 95 % 6.15–79.23.
    expect(body).toMatchObject({ repeat_window_days: 7, repeat_without_customer: 1 });
    expect(body.repeat_counted_until >= '2026-10-18').toBe(true);
    // The rate exact (1·100/3, never a rounded 33.33); its Wilson interval 6.15–79.23.
    expect(body.total).toMatchObject({ repeat_contacts: 3, repeat_due: 3, repeat_repeated: 1, repeat_rate_pct: (1 * 100) / 3, repeat_without_customer: 1 });
    expect(body.total.repeat_rate_lower_pct).toBeCloseTo(6.15, 2);
    expect(body.total.repeat_rate_upper_pct).toBeCloseTo(79.23, 2);
    expect(body.rows.find((r) => r.key === 'chat')).toMatchObject({ repeat_contacts: 1, repeat_due: 1, repeat_repeated: 1, repeat_rate_pct: 100 });
    expect(body.rows.find((r) => r.key === 'email')).toMatchObject({ repeat_contacts: 1, repeat_repeated: 0, repeat_rate_pct: 0, repeat_without_customer: 1 });
    const chatOnly = JSON.parse((await get(`/insights/support?${RANGE}&channel=chat`, { Authorization: `Bearer ${repeatToken}` })).text) as typeof body;
    expect(chatOnly.total).toMatchObject({ repeat_contacts: 1, repeat_repeated: 1, repeat_without_customer: 0 });
    // The OpenAPI document lists the fields with what they mean.
    const doc = JSON.stringify(JSON.parse((await get('/openapi.json')).text));
    for (const field of ['repeat_contacts', 'repeat_due', 'repeat_repeated', 'repeat_rate_pct', 'repeat_rate_lower_pct', 'repeat_rate_upper_pct', 'repeat_without_customer', 'repeat_window_days', 'repeat_counted_until']) {
      expect(doc, field).toMatch(new RegExp(`"${field}":\\{[^}]*"description":"[^"]{10,}`));
    }
  });

  it('documents the clock in the OpenAPI document', async () => {
    const doc = JSON.parse((await get('/openapi.json')).text) as { paths: Record<string, { get: { parameters: { name?: string; schema?: { enum?: string[] } }[] } }> };
    const clock = doc.paths['/api/v1/insights/support']!.get.parameters.find((p) => p.name === 'clock');
    expect(clock?.schema?.enum).toEqual(['calendar', 'business']);
    expect(doc.paths['/api/v1/insights/export']!.get.parameters.some((p) => p.name === 'clock')).toBe(true);
  });
});
