import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { createApiToken } from '../../auth/api-tokens.js';
import type { Db } from '../../store/db.js';
import { ensureWorkspace } from '../../store/queries/workspaces.js';

// What the web SLA form does for a team in Los Angeles: read the settings, send them back.
describe(`SLA settings API in the workspace's time zone (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let token: string;

  const call = async (method: 'GET' | 'PUT', body?: unknown) => {
    const res = await app.request('/api/v1/settings/sla', {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { businessHours: { timeZone: string }; is_default: boolean; errors?: { field: string | null }[] } };
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app } = await buildTestApp(db));
    const la = await ensureWorkspace(db, { slug: 'la', name: 'LA 지사', timezone: 'America/Los_Angeles' });
    token = (await createApiToken(db, { workspaceId: la.id, name: 'admin', scopes: ['read', 'admin'] }, 'test')).secret;
  });
  afterAll(() => close());

  it('answers the defaults in the workspace zone, stores a save without a zone in it, and refuses an unknown zone', async () => {
    const loaded = await call('GET');
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ is_default: true, businessHours: { timeZone: 'America/Los_Angeles' } });

    const { is_default: _d, ...settings } = loaded.body;
    const { timeZone: _z, ...hours } = settings.businessHours;
    const saved = await call('PUT', { ...settings, businessHours: hours });
    expect(saved.status).toBe(200);
    expect(saved.body.businessHours.timeZone).toBe('America/Los_Angeles');

    expect((await call('PUT', { ...settings, businessHours: { ...hours, timeZone: 'Asia/Seoul' } })).body.businessHours.timeZone).toBe('Asia/Seoul');
    expect((await call('GET')).body.businessHours.timeZone).toBe('Asia/Seoul');

    const refused = await call('PUT', { ...settings, businessHours: { ...hours, timeZone: 'KST' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.field)).toEqual(['businessHours.timeZone']);
    expect((await call('GET')).body.businessHours.timeZone).toBe('Asia/Seoul');

    expect((await call('PUT', { reset: true })).body).toMatchObject({ is_default: true, businessHours: { timeZone: 'America/Los_Angeles' } });
  });

  it('moves the workspace to another time zone through PUT /settings/timezone; the default SLA hours follow it', async () => {
    const put = async (timezone: string, auth = token) =>
      app.request('/api/v1/settings/timezone', {
        method: 'PUT',
        headers: { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ timezone }),
      });
    await call('PUT', { reset: true });
    const moved = await put('Asia/Seoul');
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ from: 'America/Los_Angeles', to: 'Asia/Seoul' });
    // Read at once in the same process (the workspace cache is dropped): the defaults follow.
    expect((await call('GET')).body.businessHours.timeZone).toBe('Asia/Seoul');
    const bad = await put('+09:00');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('validation_failed');
    const [ws] = await db.query<{ id: number }>("SELECT id FROM workspaces WHERE slug = 'la'");
    const reader = (await createApiToken(db, { workspaceId: ws!.id, name: 'read', scopes: ['read', 'ingest'] }, 'test')).secret;
    expect((await put('America/Los_Angeles', reader)).status).toBe(403);
    expect((await put('America/Los_Angeles')).status).toBe(200);
  });
});
