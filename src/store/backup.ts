import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { SoriError } from '../domain/errors.js';
import type { Db } from './db.js';
import { backfillSearchIndex } from './queries/search-index.js';
import { ensureWorkspace, findWorkspaceBySlug, type Workspace } from './queries/workspaces.js';

/**
 * Tables that belong to a workspace, in restore order, with the columns a restore matches rows on.
 * Topics keep their old id in the backup (`old_id`): ids are remapped on restore, and so are the
 * topic ids items and comments refer to. Trained models are not backed up (retrain after restore:
 * a topic model's labels are the old ids); label corrections refer to item ids and stay behind too.
 */
const TABLES = [
  { name: 'item_types', conflict: '(workspace_id, key)', order: 'position, key' },
  { name: 'topics', conflict: '(workspace_id, COALESCE(parent_id, 0), name)', order: 'parent_id NULLS FIRST, id' },
  { name: 'items', conflict: '(workspace_id, source, external_id)', order: 'id' },
  { name: 'business_metrics', conflict: '(workspace_id, name, day)', order: 'day, name' },
  { name: 'webhook_endpoints', conflict: '(slug)', order: 'id' },
  { name: 'topic_comments', conflict: null, order: 'id' },
] as const;

const FORMAT = 'sori-backup/1';

async function columnsOf(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_name = $1 AND table_schema = ANY (current_schemas(false)) ORDER BY ordinal_position`,
    [table],
  );
  return [...new Set(rows.map((r) => r.column_name))];
}

/**
 * Writes one workspace to a gzip'd JSON-lines file: a header line, then `{"t": table, "r": row}`
 * lines. Portable between PGlite and PostgreSQL, and between versions that share the columns.
 */
export async function backupWorkspace(db: Db, slug: string, outPath: string): Promise<Record<string, number>> {
  const ws = await findWorkspaceBySlug(db, slug);
  if (!ws) throw new SoriError('workspace_not_found', `no workspace "${slug}"`);
  const counts: Record<string, number> = {};
  const lines = new PassThrough();
  const done = pipeline(lines, createGzip(), createWriteStream(outPath));
  const write = (obj: unknown) => {
    if (!lines.write(JSON.stringify(obj) + '\n')) return new Promise<void>((r) => lines.once('drain', () => r()));
  };
  const [settings] = await db.query<{ sla_settings: unknown }>('SELECT sla_settings FROM workspaces WHERE id = $1', [ws.id]);
  await write({ format: FORMAT, created_at: new Date().toISOString(), workspace: { ...ws, sla_settings: settings?.sla_settings ?? null } });
  for (const table of TABLES) {
    const cols = (await columnsOf(db, table.name)).filter((c) => c !== 'id' && c !== 'workspace_id');
    if (table.name === 'topics') cols.push('id');
    counts[table.name] = 0;
    let offset = 0;
    for (;;) {
      // Row values as JSON from the database itself, so types survive exactly.
      const rows = await db.query<{ r: unknown }>(
        `SELECT json_build_object(${cols.map((c) => `'${c}', ${c}`).join(', ')}) AS r FROM ${table.name}
         WHERE workspace_id = $1 ORDER BY ${table.order} LIMIT 5000 OFFSET $2`,
        [ws.id, offset],
      );
      for (const row of rows) await write({ t: table.name, r: typeof row.r === 'string' ? JSON.parse(row.r) : row.r });
      counts[table.name] += rows.length;
      offset += rows.length;
      if (rows.length < 5000) break;
    }
  }
  lines.end();
  await done;
  return counts;
}

/**
 * Restores a backup into the workspace of the same slug (or `asSlug`), creating it when missing.
 * Rows are upserted on their natural keys, so restoring twice converges.
 */
export async function restoreWorkspace(db: Db, inPath: string, asSlug?: string): Promise<{ workspace: Workspace; counts: Record<string, number> }> {
  const rl = createInterface({ input: createReadStream(inPath).pipe(createGunzip()), crlfDelay: Infinity });
  let ws: Workspace | null = null;
  const counts: Record<string, number> = {};
  const pending = new Map<string, unknown[]>();
  const columns = new Map<string, string[]>();

  const topicIds = new Map<string, string>(); // backup's topic id → restored id
  const flush = async (table: string) => {
    const rows = pending.get(table);
    if (!ws || !rows?.length) return;
    pending.set(table, []);
    const spec = TABLES.find((t) => t.name === table)!;
    if (!columns.has(table)) columns.set(table, (await columnsOf(db, table)).filter((c) => c !== 'id'));
    const cols = columns.get(table)!;
    const remap = (id: unknown) => (id === null || id === undefined ? null : topicIds.get(String(id)) ?? null);
    let data: Record<string, unknown>[] = rows.map((r) => ({ ...(r as Record<string, unknown>), workspace_id: ws!.id }));
    if (table === 'topics') {
      // Parents come first in the backup, so a child's parent is already mapped.
      for (const row of data) {
        const oldId = String(row.id);
        const [made] = await db.query<{ id: string }>(
          `INSERT INTO topics (${cols.join(', ')})
           SELECT ${cols.join(', ')} FROM json_populate_record(NULL::topics, $1::json)
           ON CONFLICT ${spec.conflict} DO UPDATE SET rules = EXCLUDED.rules, description = EXCLUDED.description,
             position = EXCLUDED.position, archived = EXCLUDED.archived
           RETURNING id::text AS id`,
          [JSON.stringify({ ...row, id: undefined, parent_id: remap(row.parent_id) })],
        );
        topicIds.set(oldId, made!.id);
      }
      counts[table] = (counts[table] ?? 0) + data.length;
      return;
    }
    if (table === 'items') data = data.map((r) => ({ ...r, topic_id: remap(r.topic_id) }));
    if (table === 'topic_comments') {
      // Comments have no natural key: a comment already restored (same topic, time and text) is skipped.
      data = data.map((r) => ({ ...r, topic_id: remap(r.topic_id), user_id: null })).filter((r) => r.topic_id !== null);
      await db.query(
        `INSERT INTO topic_comments (${cols.join(', ')})
         SELECT ${cols.map((c) => `n.${c}`).join(', ')} FROM json_populate_recordset(NULL::topic_comments, $1::json) n
         WHERE NOT EXISTS (SELECT 1 FROM topic_comments c WHERE c.workspace_id = n.workspace_id AND c.topic_id = n.topic_id
                           AND c.created_at = n.created_at AND c.body = n.body)`,
        [JSON.stringify(data)],
      );
      counts[table] = (counts[table] ?? 0) + data.length;
      return;
    }
    const keyCols = spec.conflict!.replace(/[()\s]/g, '').split(',');
    const set = cols.filter((c) => !keyCols.includes(c)).map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    await db.query(
      `INSERT INTO ${table} (${cols.join(', ')})
       SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)
       ON CONFLICT ${spec.conflict} DO ${set ? `UPDATE SET ${set}` : 'NOTHING'}`,
      [JSON.stringify(data)],
    );
    counts[table] = (counts[table] ?? 0) + rows.length;
  };

  let lineNo = 0;
  let renamed = false;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let obj: { format?: string; workspace?: Workspace; t?: string; r?: unknown };
    try {
      obj = JSON.parse(line);
    } catch {
      throw new SoriError('validation_failed', `backup line ${lineNo} is not JSON / 백업 파일 ${lineNo}번째 줄이 손상되었습니다`);
    }
    if (lineNo === 1) {
      if (obj.format !== FORMAT || !obj.workspace) throw new SoriError('validation_failed', 'not a Sori backup / Sori 백업 파일이 아닙니다');
      const src = obj.workspace;
      renamed = !!asSlug && asSlug !== src.slug;
      ws = await ensureWorkspace(db, { slug: asSlug ?? src.slug, name: src.name, timezone: src.timezone, isDemo: src.is_demo });
      // Keep customer pseudonyms stable across the round trip; business hours and SLA policies come along.
      await db.query('UPDATE workspaces SET pseudonym_key = $2, sla_settings = COALESCE($3::jsonb, sla_settings) WHERE id = $1', [
        ws.id,
        src.pseudonym_key,
        (src as { sla_settings?: unknown }).sla_settings ? JSON.stringify((src as { sla_settings?: unknown }).sla_settings) : null,
      ]);
      continue;
    }
    if (!obj.t || !TABLES.some((t) => t.name === obj.t)) continue;
    // Webhook slugs are global: a copy under another name must not take over the original's endpoints.
    if (obj.t === 'webhook_endpoints' && renamed) continue;
    // Tables arrive in order; finish the earlier ones first (items need the topics' new ids).
    for (const t of TABLES) {
      if (t.name === obj.t) break;
      await flush(t.name);
    }
    const list = pending.get(obj.t) ?? [];
    list.push(obj.r);
    pending.set(obj.t, list);
    if (list.length >= 2_000) await flush(obj.t);
  }
  for (const t of TABLES) await flush(t.name);
  if (!ws) throw new SoriError('validation_failed', 'empty backup / 빈 백업 파일입니다');
  // Restored items came in without the search index: index them all now (pairs already there are kept).
  await db.query('UPDATE workspaces SET search_index_below = (SELECT max(id) + 1 FROM items WHERE workspace_id = $1) WHERE id = $1', [ws.id]);
  await backfillSearchIndex(db, ws.id);
  // The restore's own inserts marked their days for the search index; the backfill covered them.
  // (An API write to this same workspace during the restore would lose its mark: restore first.)
  await db.query('DELETE FROM item_search_dirty_days WHERE workspace_id = $1', [ws.id]);
  return { workspace: (await findWorkspaceBySlug(db, ws.slug))!, counts };
}
