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

  it('refuses a policy naming a type outside the taxonomy or an unknown channel, naming the field and value; trims and dedupes priorities', async () => {
    const put = async (path: string, body: unknown) => {
      const res = await app.request(`/api/v1${path}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const hours = { twentyFourSeven: true };
    const policy = (match: Record<string, string[]>) => ({ businessHours: hours, policies: [{ id: 'p', name: '장애', match, resolutionTargetMs: 3_600_000, calendar: 'calendar' }] });

    // The name the UI shows instead of the key: refused, pointed to the key, and nothing stored.
    await call('PUT', { reset: true });
    const byName = await put('/settings/sla', policy({ types: ['버그·오류'] }));
    expect(byName.status).toBe(400);
    expect(byName.body.code).toBe('validation_failed');
    expect(byName.body.errors).toHaveLength(1);
    expect(byName.body.errors[0].field).toBe('policies.0.match.types');
    expect(byName.body.errors[0].message).toContain('"버그·오류"');
    expect(byName.body.errors[0].message).toContain('use "bug"');
    expect(byName.body.errors[0].message).toContain('유형 이름입니다');
    expect((await call('GET')).body.is_default).toBe(true);

    const unknownType = await put('/settings/sla', policy({ types: ['bug', 'outage'] }));
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.errors).toEqual([{ field: 'policies.0.match.types', message: expect.stringMatching(/unknown type "outage".*알 수 없는|없는 유형 "outage"/) }]);

    const unknownChannel = await put('/settings/sla', policy({ channels: ['채팅', 'chat'] }));
    expect(unknownChannel.status).toBe(400);
    expect(unknownChannel.body.errors).toEqual([{ field: 'policies.0.match.channels', message: expect.stringContaining('unknown channel "채팅"') }]);
    expect(unknownChannel.body.errors[0].message).toContain('알 수 없는 채널 "채팅"');

    // Keys in another case are keys; priorities are free metadata values, trimmed and without repeats.
    const ok = await put('/settings/sla', policy({ types: [' BUG ', 'bug'], channels: ['Chat'], priorities: [' urgent ', 'urgent', '긴급'] }));
    expect(ok.status).toBe(200);
    expect(ok.body.policies[0].match).toEqual({ types: ['bug'], channels: ['chat'], priorities: ['urgent', '긴급'] });

    // A taxonomy that removes a type a saved policy names is refused: archive it, or change the policy first.
    const removing = await put('/taxonomy/types', {
      types: [
        { key: 'outage', name_ko: '장애', name_en: 'Outage', archived: false },
        { key: 'other', name_ko: '기타', name_en: 'Other', archived: false },
      ],
    });
    expect(removing.status).toBe(400);
    expect(removing.body.detail).toMatch(/names a type this list removes: bug \(장애\).*보관하거나 정책을 먼저 바꾸세요/);
    expect((await call('GET')).body).toMatchObject({ policies: [{ match: { types: ['bug'] } }] });
    await call('PUT', { reset: true });

    // A workspace's own taxonomy is the list: its archived types count, a default one it dropped does not.
    const taxonomy = await put('/taxonomy/types', {
      types: [
        { key: 'outage', name_ko: '장애', name_en: 'Outage', archived: false },
        { key: 'legacy', name_ko: '옛 유형', name_en: 'Legacy', archived: true },
      ],
    });
    expect(taxonomy.status).toBe(200);
    expect((await put('/settings/sla', policy({ types: ['outage', 'legacy'] }))).status).toBe(200);
    const dropped = await put('/settings/sla', policy({ types: ['bug'] }));
    expect(dropped.status).toBe(400);
    expect(dropped.body.errors[0].message).toContain('(outage, legacy)');
    expect((await call('GET')).body).toMatchObject({ policies: [{ match: { types: ['outage', 'legacy'] } }] });
    await call('PUT', { reset: true });
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
