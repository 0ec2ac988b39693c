import { createHmac } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { CHANNELS, ITEM_KINDS, ITEM_STATUSES } from '../domain/item.js';
import type { Db } from '../store/db.js';
import { SENTIMENT_LABELS } from '../text/sentiment.js';
import { defaultOperationId, documentedResponseSchema } from './openapi.js';
import { MAX_JSON_BODY_BYTES } from './route.js';

type Operation = {
  operationId?: string;
  parameters?: { name?: string; in?: string; description?: string; $ref?: string; schema?: Record<string, unknown> }[];
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
  'x-sori-max-body-bytes'?: number;
};
type Doc = { openapi: string; info: { description: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Record<string, unknown>> } };

/** Whether `body` is what the document says `method path` answers with `status` (a validator made from its JSON Schema). */
function validates(doc: Doc, method: string, path: string, status: number, body: unknown, contentType = 'application/json'): string[] {
  const schema = documentedResponseSchema(doc as never, method, path, String(status), contentType);
  if (!schema) return ['no documented schema'];
  const parsed = z.fromJSONSchema(schema as never).safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe(`OpenAPI document (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let doc: Doc;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const post = (path: string, body: unknown, token: string) =>
    app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...bearer(token) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db));
    doc = (await (await app.request('/api/v1/openapi.json')).json()) as Doc;
  });
  afterAll(() => close());

  it('names every operation with a unique camelCase operationId', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const id = (method: string, path: string) => doc.paths[`/api/v1${path}`]![method]!.operationId;
    expect([id('get', '/items'), id('get', '/items/{id}'), id('get', '/items/summary'), id('post', '/items'), id('get', '/items/export')]).toEqual([
      'listItems',
      'getItem',
      'summarizeItems',
      'ingestItems',
      'exportItems',
    ]);
    expect(defaultOperationId('get', '/imports/:id/rejects.csv')).toBe('getImportsByIdRejectsCsv');
  });

  it('gives every success a body schema or a file media type, and every $ref resolves', () => {
    const undocumented: string[] = [];
    for (const { path, method, op } of operations()) {
      for (const [status, answer] of Object.entries(op.responses)) {
        if (status === 'default' || status === '204' || !status.startsWith('2')) continue;
        const content = answer.content ?? {};
        if (!Object.keys(content).length) undocumented.push(`${method} ${path} ${status}`);
        for (const [type, media] of Object.entries(content)) {
          if (type.includes('json')) expect(Object.keys(media.schema), `${method} ${path} ${status} ${type}`).not.toHaveLength(0);
        }
      }
      expect(op.responses['204']?.content, `${method} ${path}: 204 has no body`).toBeUndefined();
    }
    expect(undocumented).toEqual([]);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of new Set(refs)) {
      const [, kind, name] = /^#\/components\/(schemas|parameters)\/(.+)$/.exec(ref) ?? [];
      expect(kind && name && (doc.components as Record<string, Record<string, unknown>>)[kind]![name], ref).toBeTruthy();
    }
    // Every schema in the document is one a validator can be made from (JSON Schema 2020-12 as OpenAPI 3.1 takes it).
    for (const { path, method, op } of operations()) {
      for (const [status, answer] of Object.entries(op.responses)) {
        for (const type of Object.keys(answer.content ?? {})) {
          expect(() => z.fromJSONSchema(documentedResponseSchema(doc as never, method, path, status, type) as never), `${method} ${path} ${status} ${type}`).not.toThrow();
        }
      }
    }
  });

  it('documents the item a client gets: string ids, a numeric workspace, customer_ref, nullable cursor, dup_group_size', () => {
    type Schema = { type?: string | string[]; anyOf?: Schema[]; enum?: string[] };
    const types = (s: Schema): string[] => (s.anyOf ? s.anyOf.flatMap(types) : [s.type ?? []].flat()).sort();
    const item = doc.components.schemas.Item as { properties: Record<string, Schema>; required: string[] };
    expect(types(item.properties.id!)).toEqual(['string']);
    expect(types(item.properties.workspace_id!)).toEqual(['integer']);
    expect(types(item.properties.dup_group!)).toEqual(['null', 'string']);
    expect(types(item.properties.topic_id!)).toEqual(['null', 'string']);
    expect(item.properties.customer_ref).toBeDefined();
    expect(item.properties.customer_id).toBeUndefined();
    expect(item.properties.dup_group_size!.type).toBe('integer');
    expect(item.required).not.toContain('dup_group_size');
    expect(item.properties.channel!.enum).toEqual([...CHANNELS]);
    const list = doc.paths['/api/v1/items']!.get!.responses['200']!.content!['application/json']!.schema as { properties: Record<string, { type?: unknown; items?: unknown }> };
    expect(list.properties.items!.items).toEqual({ $ref: '#/components/schemas/Item' });
    expect(list.properties.next_cursor!.type).toEqual(['string', 'null']);
    expect(doc.paths['/api/v1/items/{id}']!.get!.responses['200']!.content!['application/json']!.schema).toMatchObject({ properties: { item: { $ref: '#/components/schemas/Item' } } });
  });

  it('lists the values of the comma-list filters, the file media types and the body limits', () => {
    const param = (path: string, name: string) => doc.paths[path]!.get!.parameters!.find((p) => p.name === name)!;
    for (const path of ['/api/v1/items', '/api/v1/items/summary', '/api/v1/items/export']) {
      for (const [name, values] of [
        ['channel', CHANNELS],
        ['kind', ITEM_KINDS],
        ['status', ITEM_STATUSES],
        ['sentiment', [...SENTIMENT_LABELS, 'none']],
      ] as const) {
        const p = param(path, name);
        for (const v of values) expect(p.description, `${path} ${name}`).toContain(v);
      }
    }
    expect(param('/api/v1/insights/volume', 'channel').description).toContain('app_store');
    const media = (path: string) => Object.keys(doc.paths[path]!.get!.responses['200']!.content!);
    expect(media('/api/v1/items/export')).toEqual(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/x-ndjson']);
    expect(media('/api/v1/insights/export')).toEqual(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(media('/api/v1/imports/{id}/rejects.csv')).toEqual(['text/csv']);
    expect(media('/api/v1/backup')).toEqual(['application/gzip']);
    expect(doc.info.description).toMatch(/64 MB/);
    expect(doc.info.description).toMatch(/16 KB/);
    expect(doc.info.description).toMatch(/5 MB/);
    expect(doc.paths['/api/v1/items']!.post!['x-sori-max-body-bytes']).toBe(MAX_JSON_BODY_BYTES);
    expect(doc.paths['/api/v1/auth/login']!.post!['x-sori-max-body-bytes']).toBe(16 * 1024);
  });

  it('refuses a body that does not match: the validator is not a formality', async () => {
    await post('/api/v1/items', buildItem({ external_id: 'oas-1', source: 'oas' }), tokens.ingest);
    const page = (await (await app.request('/api/v1/items?source=oas', { headers: bearer(tokens.read) })).json()) as { items: Record<string, unknown>[]; next_cursor: unknown };
    expect(validates(doc, 'get', '/api/v1/items', 200, page)).toEqual([]);
    const item = page.items[0]!;
    const variant = (change: Record<string, unknown>, drop?: string) => {
      const copy = { ...item, ...change };
      if (drop) delete copy[drop];
      return { ...page, items: [copy] };
    };
    expect(validates(doc, 'get', '/api/v1/items', 200, variant({ id: Number(item.id) }))).not.toEqual([]);
    expect(validates(doc, 'get', '/api/v1/items', 200, variant({ workspace_id: String(item.workspace_id) }))).not.toEqual([]);
    expect(validates(doc, 'get', '/api/v1/items', 200, variant({ customer_id: 'cust-1' }))).not.toEqual([]);
    expect(validates(doc, 'get', '/api/v1/items', 200, variant({}, 'customer_ref'))).not.toEqual([]);
    expect(validates(doc, 'get', '/api/v1/items', 200, variant({ channel: 'pigeon' }))).not.toEqual([]);
    expect(validates(doc, 'get', '/api/v1/items', 200, variant({ created_at: '2026-11-02 10:15' }))).not.toEqual([]);
    expect(validates(doc, 'get', '/api/v1/items', 200, { items: page.items })).not.toEqual([]);
  });

  it('answers the other documented statuses as documented: 207, 422, 409, a duplicate webhook delivery', async () => {
    const check = async (res: Response, method: string, path: string, status: number) => {
      expect(res.status, `${method} ${path}`).toBe(status);
      const type = res.headers.get('content-type')!;
      expect(validates(doc, method, path, status, await res.json(), type), `${method} ${path} ${status}`).toEqual([]);
    };
    await check(await post('/api/v1/items', { items: [buildItem({ source: 'oas' }), buildItem({ channel: 'pigeon' as never })], extra: 1 }, tokens.ingest), 'post', '/api/v1/items', 207);
    await check(await post('/api/v1/items', { items: [buildItem({ channel: 'pigeon' as never })] }, tokens.ingest), 'post', '/api/v1/items', 422);
    const day = { day: '2026-11-01', name: 'orders' };
    await check(await post('/api/v1/metrics', { metrics: [{ ...day, value: 1 }, { ...day, value: 2 }] }, tokens.ingest), 'post', '/api/v1/metrics', 207);
    const [ws] = await db.query<{ id: number }>("SELECT id FROM workspaces WHERE slug = 'default'");
    const [ended] = await db.query<{ id: string }>("INSERT INTO import_runs (workspace_id, file_name, format, status) VALUES ($1, 'done.csv', 'csv', 'completed') RETURNING id::text AS id", [ws!.id]);
    await check(await post(`/api/v1/imports/${ended!.id}/cancel`, {}, tokens.ingest), 'post', '/api/v1/imports/{id}/cancel', 409);
    // A webhook delivery sent twice: the second is answered as a duplicate, and that answer is documented too.
    const made = (await (await post('/api/v1/webhook-endpoints', { adapter: 'generic', source: 'oas-hook' }, tokens.admin)).json()) as { endpoint: { url: string }; secret: string };
    const path = new URL(made.endpoint.url).pathname;
    const t = Math.floor(Date.now() / 1000);
    const deliver = (body: string) => {
      const signature = `t=${t},v1=${createHmac('sha256', made.secret).update(`${t}.${body}`).digest('hex')}`;
      return app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signature }, body });
    };
    const hook = JSON.stringify({ items: [buildItem({ external_id: 'oas-hook-1' }), buildItem({ channel: 'pigeon' as never })] });
    await check(await deliver(hook), 'post', '/api/v1/webhooks/{slug}', 207);
    await check(await deliver(hook), 'post', '/api/v1/webhooks/{slug}', 200);
    await check(await deliver(JSON.stringify(buildItem({ channel: 'pigeon' as never }))), 'post', '/api/v1/webhooks/{slug}', 422);
  });
});
