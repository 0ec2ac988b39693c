import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PASSWORD } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { createUser, setPassword } from '../auth/users.js';
import { loadConfig } from '../config/config.js';
import type { Db } from '../store/db.js';
import { createApp } from './app.js';
import { rateLimitKey } from './routes/auth.js';

// Holes an audit of the API found: each test is one of them, closed.
describe(`API security rules (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  // Another app on the same database with other settings (buildTestApp would create its users again).
  const appWith = (env: Record<string, string>) =>
    createApp({ db, config: loadConfig({ SORI_DATA_DIR: '/nonexistent', SORI_LOG_LEVEL: 'silent', ...env }), version: 'test', log: () => undefined });

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
  });
  afterAll(() => close());

  it('never lets an API token (one workspace) list, create or change users (all workspaces)', async () => {
    const list = await app.request('/api/v1/users', { headers: bearer(tokens.admin) });
    expect(list.status).toBe(403);
    const create = await send('POST', '/api/v1/users', { email: 'evil@sori.test', role: 'admin', password: 'evil-pass-123!' }, bearer(tokens.admin));
    expect(create.status).toBe(403);
    const disable = await send('PATCH', '/api/v1/users/admin@sori.test', { disabled: true }, bearer(tokens.admin));
    expect(disable.status).toBe(403);
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE email = 'evil@sori.test' OR disabled");
    expect(n).toBe(0);
    // A signed-in admin still can.
    const admin = await login('admin');
    expect((await app.request('/api/v1/users', { headers: { Cookie: admin } })).status).toBe(200);
  });

  it('keeps the last admin, and finds users by their decoded e-mail', async () => {
    let admin = await login('admin');
    const demote = await send('PATCH', '/api/v1/users/admin@sori.test', { role: 'viewer' }, { Cookie: admin });
    expect(demote.status).toBe(409);
    expect((await demote.json()).code).toBe('conflict');
    // A refused change is refused whole: a new password sent with it is not set, and no session ends.
    const both = await send('PATCH', '/api/v1/users/admin@sori.test', { password: 'A-new-password-9876', role: 'viewer' }, { Cookie: admin });
    expect(both.status).toBe(409);
    const tryLogin = (password: string) => send('POST', '/api/v1/auth/login', { email: 'admin@sori.test', password });
    expect((await tryLogin('A-new-password-9876')).status).toBe(401);
    expect((await app.request('/api/v1/auth/me', { headers: { Cookie: admin } })).status).toBe(200);
    // An admin setting their own password here keeps this session; their other sessions end.
    const other = await login('admin');
    const own = await send('PATCH', '/api/v1/users/admin@sori.test', { password: 'A-new-password-9876' }, { Cookie: admin });
    expect(own.status).toBe(200);
    expect((await app.request('/api/v1/auth/me', { headers: { Cookie: admin } })).status).toBe(200);
    expect((await app.request('/api/v1/auth/me', { headers: { Cookie: other } })).status).toBe(401);
    expect((await tryLogin('A-new-password-9876')).status).toBe(200);
    const [audit] = await db.query<{ action: string }>("SELECT action FROM audit_log WHERE target = 'admin@sori.test' ORDER BY id DESC LIMIT 1");
    expect(audit.action).toBe('user.password');
    await setPassword(db, 'admin@sori.test', PASSWORD, 'test');
    admin = await login('admin');
    expect((await send('PATCH', '/api/v1/users/admin@sori.test', { disabled: true }, { Cookie: admin })).status).toBe(409);
    // With a second admin, the first may step down.
    await send('POST', '/api/v1/users', { email: 'admin2@sori.test', role: 'admin', password: PASSWORD }, { Cookie: admin });
    const ok = await send('PATCH', `/api/v1/users/${encodeURIComponent('ADMIN2@sori.test')}`, { role: 'operator' }, { Cookie: admin });
    expect(ok.status).toBe(200);
    expect((await ok.json()).user).toMatchObject({ email: 'admin2@sori.test', role: 'operator' });
    // "%25" is the e-mail "%": decoded once by the router, not twice (which threw URIError → 500).
    const odd = await send('PATCH', '/api/v1/users/%25', { role: 'viewer' }, { Cookie: admin });
    expect(odd.status).toBe(404);
  });

  it('counts failed logins per client address and normalised e-mail', async () => {
    const attempt = (email: string, headers: Record<string, string> = {}, password = 'wrong-password') =>
      send('POST', '/api/v1/auth/login', { email, password }, headers);
    // Padding and case are the same account; X-Forwarded-For is not trusted by default.
    const statuses: number[] = [];
    await createUser(db, { email: 'guessed@sori.test', role: 'operator', password: PASSWORD });
    for (let i = 0; i < 11; i++) statuses.push((await attempt(`${' '.repeat(i)}Guessed@SORI.test`, { 'X-Forwarded-For': `10.0.0.${i}` })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // The right password is refused too while the window lasts, from that address…
    expect((await attempt('guessed@sori.test', {}, PASSWORD)).status).toBe(429);
    // …but another account is not locked, and successful logins never count.
    for (let i = 0; i < 12; i++) expect((await attempt('viewer@sori.test', {}, PASSWORD)).status).toBe(200);
  });

  it('behind a trusted proxy, takes the address the proxy added (the last X-Forwarded-For entry)', async () => {
    const app2 = appWith({ SORI_TRUST_PROXY: 'true' });
    const attempt = (xff: string) =>
      app2.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': xff },
        body: JSON.stringify({ email: 'admin@sori.test', password: 'wrong-password' }),
      });
    // A client forging the first entries is still one address…
    const forged: number[] = [];
    for (let i = 0; i < 11; i++) forged.push((await attempt(`1.2.3.${i}, 203.0.113.7`)).status);
    expect(forged[10]).toBe(429);
    // …and another client behind the same proxy is not locked out by it.
    expect((await attempt('198.51.100.9')).status).toBe(401);
  });

  it('counts an IPv6 client by its /64 network: rotating addresses inside it gets no more guesses', async () => {
    expect(rateLimitKey('2001:db8:12:34:aaaa::1')).toBe('2001:db8:12:34::/64');
    expect(rateLimitKey('2001:DB8:12:34:bbbb:cccc:dddd:eeee')).toBe('2001:db8:12:34::/64');
    expect(rateLimitKey('2001:db8::7')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitKey('203.0.113.9')).toBe('203.0.113.9');
    const app2 = appWith({ SORI_TRUST_PROXY: 'true' });
    const attempt = (xff: string) =>
      app2.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': xff },
        body: JSON.stringify({ email: 'operator@sori.test', password: 'wrong-password' }),
      });
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) statuses.push((await attempt(`2001:db8:77:1:${i.toString(16)}::${i}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // Another network is another client.
    expect((await attempt('2001:db8:77:2::1')).status).toBe(401);
  });

  it('sets Secure on the session cookie when the public URL is https, or a trusted proxy says so', async () => {
    const cookieOf = async (env: Record<string, string>, headers: Record<string, string> = {}) => {
      const res = await appWith(env).request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ email: 'viewer@sori.test', password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      return res.headers.get('set-cookie')!;
    };
    expect(await cookieOf({})).not.toMatch(/;\s*Secure/i);
    expect(await cookieOf({ SORI_PUBLIC_URL: 'https://voc.example.com' })).toMatch(/;\s*Secure/i);
    expect(await cookieOf({}, { 'X-Forwarded-Proto': 'https' })).not.toMatch(/;\s*Secure/i);
    expect(await cookieOf({ SORI_TRUST_PROXY: 'true' }, { 'X-Forwarded-Proto': 'https' })).toMatch(/;\s*Secure/i);
    expect(await cookieOf({ SORI_SECURE_COOKIES: 'false', SORI_PUBLIC_URL: 'https://voc.example.com' })).not.toMatch(/;\s*Secure/i);
    // The scheme read the same way everywhere: upper case in the setting or the proxy's header is still https.
    expect(await cookieOf({ SORI_PUBLIC_URL: 'HTTPS://voc.example.com' })).toMatch(/;\s*Secure/i);
    expect(await cookieOf({ SORI_TRUST_PROXY: 'true' }, { 'X-Forwarded-Proto': 'HTTPS' })).toMatch(/;\s*Secure/i);
  });

  it('names a Secure session cookie __Host-sori_session and sends HSTS (max-age only) when the browser sees https; plain http keeps sori_session', async () => {
    const https = appWith({ SORI_PUBLIC_URL: 'https://voc.example.com' });
    const origin = { Origin: 'https://voc.example.com', Host: 'voc.example.com' };
    await createUser(db, { email: 'https@sori.test', role: 'operator', password: PASSWORD });
    const signIn = await https.request('https://voc.example.com/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...origin },
      body: JSON.stringify({ email: 'https@sori.test', password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const setCookie = signIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^__Host-sori_session=sori_ses_[^;]+; .*Path=\/; .*Secure/);
    expect(setCookie).not.toMatch(/Domain=/i);
    const hsts = 'max-age=31536000';
    expect(signIn.headers.get('strict-transport-security')).toBe(hsts);
    for (const path of ['/', '/healthz', '/api/v1/nope']) expect((await https.request(`https://voc.example.com${path}`)).headers.get('strict-transport-security')).toBe(hsts);
    const cookie = setCookie.split(';')[0]!;
    const secret = cookie.split('=')[1]!;
    const me = (target: Hono, c: string) => target.request('https://voc.example.com/api/v1/auth/me', { headers: { Cookie: c } });
    expect((await me(https, cookie)).status).toBe(200);
    // Over https the unprefixed name is not read: a cookie planted from a sibling subdomain signs no one in.
    expect((await me(https, `sori_session=${secret}`)).status).toBe(401);
    // Changing one's password keeps the session that did it (read under its __Host- name).
    const changed = await https.request('https://voc.example.com/api/v1/auth/password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, ...origin },
      body: JSON.stringify({ current_password: PASSWORD, new_password: `${PASSWORD}-새것` }),
    });
    expect(changed.status).toBe(204);
    expect((await me(https, cookie)).status).toBe(200);
    const out = await https.request('https://voc.example.com/api/v1/auth/logout', { method: 'POST', headers: { Cookie: cookie, ...origin } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-sori_session=; .*Path=\/.*Secure/);
    expect((await me(https, cookie)).status).toBe(401);
    // Behind a trusted proxy that says https, the same.
    const proxied = await appWith({ SORI_TRUST_PROXY: 'true' }).request('/healthz', { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(proxied.headers.get('strict-transport-security')).toBe(hsts);
    // Plain http: no HSTS, and the cookie keeps its plain name.
    const plain = await send('POST', '/api/v1/auth/login', { email: 'operator@sori.test', password: PASSWORD });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    expect(plain.headers.get('set-cookie')).toMatch(/^sori_session=/);
    expect((await app.request('/healthz', { headers: { 'X-Forwarded-Proto': 'https' } })).headers.get('strict-transport-security')).toBeNull();
  });

  it('ignores an Authorization header on public routes (a vendor may add its own to webhooks)', async () => {
    const res = await send('POST', '/api/v1/auth/login', { email: 'viewer@sori.test', password: PASSWORD }, { Authorization: 'Bearer vendor-configured-token' });
    expect(res.status).toBe(200);
  });

  it('rejects a cookie write a browser marks cross-site even without Origin, and JSON look-alike types', async () => {
    const operator = await login('operator');
    const item = { external_id: 'csrf-1', created_at: '2026-11-03T10:00:00+09:00', text: '배송 문의', channel: 'chat', source: 'test' };
    const cross = await send('POST', '/api/v1/items', item, { Cookie: operator, 'Sec-Fetch-Site': 'cross-site' });
    expect(cross.status).toBe(403);
    expect((await cross.json()).code).toBe('csrf_rejected');
    expect((await send('POST', '/api/v1/items', item, { Cookie: operator, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    const lookAlike = await send('POST', '/api/v1/items', item, { ...bearer(tokens.ingest), 'Content-Type': 'application/jsonfoo' });
    expect(lookAlike.status).toBe(415);
    expect((await send('POST', '/api/v1/items', item, { ...bearer(tokens.ingest), 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect((await send('POST', '/api/v1/items', item, { ...bearer(tokens.ingest), 'Content-Type': 'application/merge-patch+json' })).status).toBe(200);
  });

  it('answers a crafted cursor or an out-of-range date with 400, not 500', async () => {
    const cursor = Buffer.from('2026-11-01T00:00:00.000Z|99999999999999999999').toString('base64url');
    for (const q of [`cursor=${cursor}`, `cursor=${Buffer.from('+200000-01-01T00:00:00Z|1').toString('base64url')}`, 'from=%2B200000-01-01T00:00:00Z', 'to=9999-12-31']) {
      const res = await app.request(`/api/v1/items?${q}`, { headers: bearer(tokens.read) });
      expect(res.status, q).toBe(400);
    }
    // One out-of-range item in a batch is that item's error; the good one lands.
    const good = { external_id: 'range-ok', created_at: '2026-11-03T10:00:00+09:00', text: '정상 문의', channel: 'chat', source: 'range' };
    const bad = { ...good, external_id: 'range-bad', created_at: '9999-12-31T23:59:59Z' };
    const res = await send('POST', '/api/v1/items', { items: [good, bad] }, bearer(tokens.ingest));
    expect(res.status).toBe(207);
    expect((await res.json()).errors).toMatchObject([{ index: 1, field: 'created_at' }]);
  });

  it('answers a known path with a wrong method 405 and its Allow header, an unknown one 404, a missing credential with WWW-Authenticate', async () => {
    const put = await app.request('/api/v1/items', { method: 'PUT', headers: bearer(tokens.read) });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET');
    expect((await put.json()).code).toBe('method_not_allowed');
    const del = await app.request('/api/v1/items/12', { method: 'DELETE', headers: bearer(tokens.read) });
    expect([del.status, del.headers.get('allow')]).toEqual([405, 'GET']);
    const nope = await app.request('/api/v1/nope', { headers: bearer(tokens.read) });
    expect([nope.status, (await nope.json()).code]).toEqual([404, 'route_not_found']);
    const anonymous = await app.request('/api/v1/items');
    expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="sori"']);
  });

  it("refuses a token naming another workspace, and filter values that do not exist", async () => {
    const other = await app.request('/api/v1/items?workspace=other', { headers: bearer(tokens.read) });
    expect(other.status).toBe(403);
    expect((await other.json()).detail).toMatch(/belongs to workspace "default"/);
    expect((await app.request('/api/v1/items?workspace=default', { headers: bearer(tokens.read) })).status).toBe(200);
    for (const q of ['channel=fax', 'channel=chat,fax', 'status=done', 'kind=tweet', 'sentiment=angry']) {
      const res = await app.request(`/api/v1/items?${q}`, { headers: bearer(tokens.read) });
      expect(res.status, q).toBe(400);
    }
    expect((await app.request('/api/v1/items?channel=chat,board&sentiment=negative', { headers: bearer(tokens.read) })).status).toBe(200);
  });

  it('refuses business numbers for days that do not exist, out of range, and a repeated day with another value', async () => {
    const post = (metrics: unknown) => send('POST', '/api/v1/metrics', { metrics }, bearer(tokens.ingest));
    for (const day of ['2026-02-30', '2026-13-01', '0001-01-01', '+20260-01-01']) {
      const res = await post([{ day, name: 'orders', value: 10 }]);
      expect(res.status, day).toBe(400);
      expect((await res.json()).code).toBe('validation_failed');
    }
    expect((await post([{ day: '2026-11-01', name: 'orders', value: 1e300 }])).status).toBe(400);
    const repeated = await post([
      { day: '2026-11-01', name: 'orders', value: 100 },
      { day: '2026-11-01', name: 'orders', value: 120 },
    ]);
    // Review s19: the later value silently replaced the first; now the first stands and the clash is reported.
    expect(repeated.status).toBe(207);
    expect((await repeated.json()).errors).toMatchObject([{ index: 1, code: 'conflicting_repeat' }]);
    const read = await app.request('/api/v1/metrics?name=orders&from=2026-11-01&to=2026-11-01', { headers: bearer(tokens.read) });
    expect((await read.json()).metrics).toEqual([{ day: '2026-11-01', name: 'orders', value: 100 }]);
    expect((await app.request('/api/v1/metrics?from=2026-02-30', { headers: bearer(tokens.read) })).status).toBe(400);
  });
  it('refuses a NUL or a lone surrogate in query strings, paths and JSON bodies with 400, in one place; item bodies are left to ingest', async () => {
    const admin = await login('admin');
    const topic = (await (await send('POST', '/api/v1/topics', { name: 'NUL 검사' }, { Cookie: admin })).json()).topic;
    const refused = async (res: Response, what: string) => {
      expect(res.status, what).toBe(400);
      const problem = await res.json();
      expect(problem.code, what).toBe('validation_failed');
      expect(problem.detail, what).toMatch(/NUL.*NUL 문자/);
    };
    for (const q of ['/items?q=%00', '/items?source=%00', '/items?type=%00', '/items?segment=a%00b', '/metrics?name=%00', '/items?workspace=%00']) {
      await refused(await app.request(`/api/v1${q}`, { headers: bearer(tokens.read) }), q);
    }
    await refused(await app.request('/api/v1/users/a%00b', { method: 'PATCH', headers: { Cookie: admin, 'Content-Type': 'application/json' }, body: '{}' }), 'path');
    const bodies: [string, string, unknown][] = [
      ['POST', '/api/v1/topics', { name: '\u0000x' }],
      ['POST', `/api/v1/topics/${topic.id}/comments`, { body: 'a\u0000' }],
      ['POST', '/api/v1/tokens', { name: '\u0000', scopes: ['read'] }],
      ['POST', '/api/v1/webhook-endpoints', { adapter: 'generic', source: '\u0000' }],
      ['PUT', '/api/v1/taxonomy/types', { types: [{ key: 'bug', name_ko: '\u0000', name_en: 'Bug' }, { key: 'etc', name_ko: '기타', name_en: 'Other' }] }],
      ['POST', '/api/v1/topics', { name: 'x', rules: [{ kind: 'keyword', pattern: '\ud800' }] }],
      ['PATCH', `/api/v1/topics/${topic.id}`, { description: 'ok', ['\u0000']: 1 }],
    ];
    for (const [method, path, body] of bodies) await refused(await send(method, path, body, { Cookie: admin }), `${method} ${path}`);
    // An item's NUL is ingest's to clean, item by item (prepare-item), not the request's to refuse.
    const item = { external_id: 'nul-text', created_at: '2026-11-03T10:00:00+09:00', text: '배송\u0000 문의', channel: 'chat', source: 'nul' };
    expect((await send('POST', '/api/v1/items', item, bearer(tokens.ingest))).status).toBe(200);
  });

  it('refuses a JSON body nested deeper than 64 levels with 400 before signing in, and names the path of a bad string deep inside', async () => {
    // 20,000 levels (120 KB): the walk that copied its path at every level held the server ~10 s
    // on the public login route. Login now reads 16 KB at most, so 2,500 levels there; 20,000 on a
    // route that reads 64 MB.
    const nested = (levels: number) => {
      let deep = '"x"';
      for (let i = 0; i < levels; i++) deep = `{"a":${deep}}`;
      return deep;
    };
    const res = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"email":"nobody@sori.test","password":"p","x":${nested(2_500)}}`,
    });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.detail).toMatch(/nested deeper than 64 levels.*64단계/);
    expect(problem.errors[0].field).toMatch(/^x(\.a){63}$/);
    const admin = await login('admin');
    const started = Date.now();
    const deepTopic = await app.request('/api/v1/topics', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: admin },
      body: `{"name":"깊은 주제","x":${nested(20_000)}}`,
    });
    expect([deepTopic.status, (await deepTopic.json()).errors[0].field]).toEqual([400, expect.stringMatching(/^x(\.a){63}$/)]);
    expect(Date.now() - started).toBeLessThan(2_000);
    const topic = await send('POST', '/api/v1/topics', { name: '깊은 규칙', rules: [{ kind: 'keyword', pattern: 'a\u0000' }] }, { Cookie: admin });
    expect(topic.status).toBe(400);
    expect((await topic.json()).errors[0].field).toBe('rules.0.pattern');
  });

  /** A body sent without a length (chunked), made as it is read: how many bytes the server pulled. */
  const lazyBody = (totalBytes: number, chunkBytes = 64 * 1024) => {
    const counter = { pulled: 0 };
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (counter.pulled >= totalBytes) return controller.close();
          const n = Math.min(chunkBytes, totalBytes - counter.pulled);
          counter.pulled += n;
          controller.enqueue(new Uint8Array(n).fill(0x20));
        },
      },
      { highWaterMark: 0 },
    );
    return { body, counter };
  };
  const postStream = (path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);

  it('reads no byte of a chunked body before the route has checked who is calling', async () => {
    for (const path of ['/api/v1/items', '/api/v1/tokens', '/api/v1/users']) {
      const { body, counter } = lazyBody(8 * 1024 * 1024);
      const res = await postStream(path, body);
      expect([path, res.status]).toEqual([path, 401]);
      expect(counter.pulled).toBe(0);
    }
    // A caller without the role is refused as unread.
    const { body, counter } = lazyBody(8 * 1024 * 1024);
    const viewer = await login('viewer');
    expect((await postStream('/api/v1/tokens', body, { Cookie: viewer })).status).toBe(403);
    expect(counter.pulled).toBe(0);
  });

  it('cuts a chunked body off as it streams past the route limit (16 KB for sign-in and setup, 5 MB for webhook receivers): 413 problem', async () => {
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/setup']) {
      const { body, counter } = lazyBody(8 * 1024 * 1024, 4 * 1024);
      const res = await postStream(path, body);
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ code: 'payload_too_large', limit_bytes: 16 * 1024, detail: 'request body over 16 KB / 요청 본문이 16 KB를 넘습니다' });
      expect(counter.pulled).toBeLessThanOrEqual(20 * 1024);
    }
    // With a Content-Length over the limit, refused before reading anything.
    const padded = JSON.stringify({ email: 'nobody@sori.test', password: 'whatever-pass', pad: 'A'.repeat(20 * 1024) });
    const declared = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(padded.length) },
      body: padded,
    });
    expect([declared.status, (await declared.json()).code]).toEqual([413, 'payload_too_large']);
    // Under the limit, sign-in works as before.
    expect((await send('POST', '/api/v1/auth/login', { email: 'viewer@sori.test', password: PASSWORD })).status).toBe(200);
    // A receiver that does not exist reads no more than a real one would (5 MB) to answer like one.
    const { body, counter } = lazyBody(8 * 1024 * 1024);
    const hook = await postStream('/api/v1/webhooks/nope', body, { 'X-Sori-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` });
    expect(hook.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(5 * 1024 * 1024 + 64 * 1024);
  });

  it('parses numeric path ids as decimal digits within range: anything else is 404, never another id or a 500', async () => {
    const admin = await login('admin');
    const created = await (await send('POST', '/api/v1/tokens', { name: 'keep-me', scopes: ['read'] }, { Cookie: admin })).json();
    const id = created.token.id as number;
    for (const bad of [`0x${id.toString(16)}`, `${id}e0`, `+${id}`, ` ${id}`, '-1', '99999999999999999999999', '2147483648', 'abc']) {
      const res = await app.request(`/api/v1/tokens/${encodeURIComponent(bad)}`, { method: 'DELETE', headers: { Cookie: admin } });
      expect(res.status, bad).toBe(404);
      expect((await res.json()).code, bad).toBe('not_found');
    }
    const listed = (await (await app.request('/api/v1/tokens', { headers: { Cookie: admin } })).json()).tokens as { id: number; revoked_at: string | null }[];
    expect(listed.find((t) => t.id === id)?.revoked_at).toBeNull();
    for (const path of ['/items/1e3', '/items/99999999999999999999', '/insights/topics/0x5', '/topics/9223372036854775808/comments', '/imports/99999999999999999999999/rejects.csv']) {
      const res = await app.request(`/api/v1${path}`, { headers: bearer(tokens.read) });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
    const patch = await send('PATCH', '/api/v1/topics/9223372036854775808', { name: 'x' }, { Cookie: admin });
    expect(patch.status).toBe(404);
    expect((await app.request(`/api/v1/tokens/${id}`, { method: 'DELETE', headers: { Cookie: admin } })).status).toBe(204);
  });

  it("answers 404 for the rejects of a missing import or another workspace's, the file for its own", async () => {
    const admin = await login('admin');
    await send('POST', '/api/v1/workspaces', { slug: 'elsewhere', name: '다른 곳' }, { Cookie: admin });
    const form = new FormData();
    form.set('file', new File(['티켓번호,접수일시,문의내용\nT1,2026-12-03 10:00,환불\nT2,2026/13/45,날짜 이상\n'], 'rejects.csv', { type: 'text/csv' }));
    form.set('channel', 'board');
    const upload = await app.request('/api/v1/imports', { method: 'POST', headers: { Cookie: admin }, body: form });
    expect(upload.status).toBe(200);
    const runId = (await upload.json()).run_id;
    const own = await app.request(`/api/v1/imports/${runId}/rejects.csv`, { headers: { Cookie: admin } });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('T2');
    expect((await app.request(`/api/v1/imports/${runId}/rejects.csv?workspace=elsewhere`, { headers: { Cookie: admin } })).status).toBe(404);
    expect((await app.request(`/api/v1/imports/${Number(runId) + 1000}/rejects.csv`, { headers: { Cookie: admin } })).status).toBe(404);
  });

  it('compares the scheme of a cookie write\'s Origin too: the public URL\'s, or a trusted proxy\'s, or the request\'s own', async () => {
    const operator = await login('operator');
    // Where the browser sees https its session cookie is the __Host- one.
    const secureOperator = `__Host-${operator}`;
    const write = (target: Hono, origin: string, headers: Record<string, string> = {}) =>
      target.request('http://localhost/api/v1/topics/discover', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: operator, Origin: origin, Host: 'localhost', ...headers },
        body: JSON.stringify({ days: 1 }),
      });
    expect((await write(app, 'http://localhost')).status).toBe(200);
    expect((await write(app, 'https://localhost')).status).toBe(403);
    // X-Forwarded-Proto counts only from a trusted proxy.
    expect((await write(app, 'https://localhost', { 'X-Forwarded-Proto': 'https' })).status).toBe(403);
    const proxied = appWith({ SORI_TRUST_PROXY: 'true' });
    expect((await write(proxied, 'https://localhost', { 'X-Forwarded-Proto': 'https', Cookie: secureOperator })).status).toBe(200);
    expect((await write(proxied, 'http://localhost', { 'X-Forwarded-Proto': 'https', Cookie: secureOperator })).status).toBe(403);
    // An https public URL: a TLS proxy speaks http to us, the browser's origin is the public one.
    const public_ = appWith({ SORI_PUBLIC_URL: 'https://voc.example.com' });
    const asPublic = (origin: string) => write(public_, origin, { Host: 'voc.example.com', Cookie: secureOperator });
    expect((await asPublic('https://voc.example.com')).status).toBe(200);
    expect((await asPublic('http://voc.example.com')).status).toBe(403);
    expect((await asPublic('https://voc.example.com:8443')).status).toBe(403);
  });

  it('treats a trailing slash like none, and refuses a JSON body declared in another charset', async () => {
    const slash = await app.request('/api/v1/items/', { headers: bearer(tokens.read) });
    expect(slash.status).toBe(200);
    expect(await slash.json()).toHaveProperty('items');
    const put = await app.request('/api/v1/items/', { method: 'PUT', headers: bearer(tokens.read) });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'POST, GET']);
    const item = { external_id: 'charset-1', created_at: '2026-11-03T10:00:00+09:00', text: 'café', channel: 'chat', source: 'charset' };
    for (const type of ['application/json; charset=iso-8859-1', 'application/json;charset=latin1', 'application/json; charset="utf-16"']) {
      const res = await send('POST', '/api/v1/items', item, { ...bearer(tokens.ingest), 'Content-Type': type });
      expect(res.status, type).toBe(415);
      expect(res.headers.get('content-type'), type).toContain('application/problem+json');
      expect((await res.json()).code, type).toBe('unsupported_media_type');
    }
    for (const type of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/json; charset=utf8']) {
      expect((await send('POST', '/api/v1/items', item, { ...bearer(tokens.ingest), 'Content-Type': type })).status, type).toBe(200);
    }
  });
  it('refuses SLA settings with no business hours while a policy counts business time, and ingests whatever was stored before', async () => {
    const noHours = {
      businessHours: { timeZone: 'Asia/Seoul', twentyFourSeven: false, blocks: [], koreanPublicHolidays: true, extraHolidays: [], workedHolidays: [] },
      policies: [{ id: 'x', name: 'x', match: { channels: ['chat'] }, firstResponseTargetMs: 60_000, calendar: 'business' }],
    };
    const put = await send('PUT', '/api/v1/settings/sla', noHours, bearer(tokens.admin));
    expect(put.status).toBe(400);
    const problem = await put.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'businessHours.blocks' })]));
    // Settings saved before the check existed (written here straight to the row) must not make ingest fail.
    await db.query("UPDATE workspaces SET sla_settings = $1::jsonb WHERE slug = 'default'", [JSON.stringify(noHours)]);
    try {
      const item = { external_id: 'sla-no-hours', created_at: '2026-12-04T10:00:00+09:00', text: '상담 문의', channel: 'chat', source: 'sla' };
      expect((await send('POST', '/api/v1/items', item, bearer(tokens.ingest))).status).toBe(200);
      expect((await app.request('/api/v1/insights/sla?from=2026-12-01&to=2026-12-04', { headers: bearer(tokens.read) })).status).toBe(200);
    } finally {
      await db.query("UPDATE workspaces SET sla_settings = NULL WHERE slug = 'default'");
    }
  });
});
