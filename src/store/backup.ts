import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { SoriError } from '../domain/errors.js';
import { FILE_ERRORS } from '../domain/file-errors.js';
import type { Db } from './db.js';
import type { ModelMeta } from '../text/classifier.js';
import { NO_TOPIC } from '../text/labeller.js';
import { backfillSearchIndex } from './queries/search-index.js';
import { ensureWorkspace, findWorkspaceBySlug, isWorkspaceSlug, type Workspace } from './queries/workspaces.js';

/**
 * Tables that belong to a workspace, in restore order, with the columns a restore matches rows on.
 * Topics keep their old id in the backup (as `id`): ids are remapped on restore, and so are the
 * topic ids items, comments, corrections and topic models refer to. Label corrections name their
 * item by its identity (source, external_id) and their author by e-mail; trained models come last,
 * so the correction a model learned up to is known by its restored id.
 */
const TABLES = [
  { name: 'item_types', conflict: '(workspace_id, key)', order: 'position, key' },
  { name: 'topics', conflict: '(workspace_id, COALESCE(parent_id, 0), name)', order: 'parent_id NULLS FIRST, id' },
  { name: 'items', conflict: '(workspace_id, source, external_id)', order: 'id' },
  { name: 'business_metrics', conflict: '(workspace_id, name, day)', order: 'day, name' },
  { name: 'webhook_endpoints', conflict: '(slug)', order: 'id' },
  { name: 'topic_comments', conflict: null, order: 'id' },
  { name: 'label_corrections', conflict: null, order: 'id' },
  { name: 'text_models', conflict: null, order: 'id' },
] as const;

/** A table's backup query, one JSON object a row (`cols`: its columns but id and workspace_id). */
function backupSelect(table: (typeof TABLES)[number], cols: string[], workspaceId: number): string {
  if (table.name === 'label_corrections') {
    return `SELECT json_build_object('id', c.id::text, 'item_source', i.source, 'item_external_id', i.external_id,
              'field', c.field, 'old_value', c.old_value, 'new_value', c.new_value, 'user_email', u.email, 'created_at', c.created_at) AS r
            FROM label_corrections c JOIN items i ON i.id = c.item_id LEFT JOIN users u ON u.id = c.user_id
            WHERE c.workspace_id = ${workspaceId} ORDER BY c.id`;
  }
  const list = table.name === 'topics' ? [...cols, 'id'] : cols;
  return `SELECT json_build_object(${list.map((c) => `'${c}', ${c}`).join(', ')}) AS r FROM ${table.name}
          WHERE workspace_id = ${workspaceId} ORDER BY ${table.order}`;
}

const FORMAT = 'sori-backup/1';

/**
 * Tables whose rows make a workspace "not empty" for a restore: what a backup carries, and what was
 * derived from its items (discovered clusters). Rollups, import history,
 * API tokens and re-classification runs do not count.
 */
const DATA_TABLES = [...TABLES.map((t) => t.name), 'topic_clusters'];

function badSlug(slug: string): SoriError {
  return new SoriError(
    'validation_failed',
    `"${slug}" is not a workspace slug: use lower-case letters, digits and - (1–63 characters, not starting with -) / ` +
      `"${slug}"은(는) 워크스페이스 슬러그로 쓸 수 없습니다: 영문 소문자, 숫자, - 로 1–63자 (- 로 시작 불가)`,
    { slug },
  );
}

/** Opens a backup for reading; a missing or unreadable file is a clear error, before any database work. */
async function openBackupFile(inPath: string): Promise<FileHandle> {
  let file: FileHandle;
  try {
    file = await open(inPath, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SoriError('not_found', `backup file not found: ${inPath} / 백업 파일이 없습니다: ${inPath}`, { path: inPath });
    const [en, ko] = FILE_ERRORS[code ?? ''] ?? [code, code];
    throw new SoriError('bad_request', `cannot read the backup file ${inPath}: ${en} (${code}) / 백업 파일을 읽을 수 없습니다: ${inPath}: ${ko}`, { path: inPath, code });
  }
  if (!(await file.stat()).isFile()) {
    await file.close();
    throw new SoriError('bad_request', `not a file: ${inPath} / 파일이 아닙니다: ${inPath}`, { path: inPath });
  }
  return file;
}

/**
 * The lines of a gzip'd backup, read as they are consumed (a restore never holds the file in memory).
 * A read or gunzip failure ends the iteration with a SoriError; the file is closed either way.
 */
async function* backupLines(file: FileHandle, inPath: string): AsyncGenerator<string> {
  const source = file.createReadStream();
  const gunzip = createGunzip();
  // Not pipeline(): its promise fails as soon as a stream does, while the restore may still be
  // writing; here the one reader sees the error at its next line, so nothing runs after a rollback.
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let tail = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const text = tail + decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        yield text.slice(start, nl);
        start = nl + 1;
      }
      tail = text.slice(start);
    }
  } catch (error) {
    throw readFailure(error, inPath);
  } finally {
    source.destroy();
  }
  tail += decoder.end();
  if (tail) yield tail;
}

/** A stream error while reading a backup, as a message for the user (zlib's own is a stack trace). */
function readFailure(error: unknown, inPath: string): SoriError {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'Z_DATA_ERROR' && /header/.test(message)) {
    return new SoriError('validation_failed', `not a Sori backup (not gzip data): ${inPath} / Sori 백업 파일이 아닙니다 (gzip 아님): ${inPath}`, { path: inPath });
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new SoriError('validation_failed', `backup file is damaged or truncated: ${inPath} (${message}) / 백업 파일이 손상되었거나 잘렸습니다: ${inPath}`, {
      path: inPath,
      reason: message,
    });
  }
  return new SoriError('bad_request', `cannot read the backup file ${inPath} (${code ?? message}) / 백업 파일을 읽을 수 없습니다: ${inPath}`, { path: inPath });
}

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
 * lines, then `{"end": {table: rows}}` — a file cut anywhere, even between lines, is refused by a
 * restore. Portable between PGlite and PostgreSQL, and between versions that share the columns.
 * The file is written beside its final name and renamed into place when complete (mode 0600: it
 * holds webhook secrets and the pseudonym key), so a backup that fails — a full disk — leaves the
 * previous backup of that name as it was. An output path that cannot be written is a SoriError.
 */
export async function backupWorkspace(db: Db, slug: string, outPath: string, opts: { pageRows?: number; afterPage?: () => Promise<void> } = {}): Promise<Record<string, number>> {
  const pageRows = opts.pageRows ?? 5_000;
  const ws = await findWorkspaceBySlug(db, slug);
  if (!ws) throw new SoriError('workspace_not_found', `no workspace "${slug}" / 워크스페이스 "${slug}"가 없습니다`);
  // A device or pipe (/dev/stdout) is written directly; a file path through a temporary file.
  const existing = await stat(outPath).catch(() => null);
  const direct = existing !== null && !existing.isFile();
  const writePath = direct ? outPath : `${outPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  let file: FileHandle;
  try {
    file = await open(writePath, direct ? 'w' : 'wx', 0o600);
  } catch (error) {
    throw writeFailure(error, outPath);
  }
  const counts: Record<string, number> = {};
  const lines = new PassThrough();
  const done = pipeline(lines, createGzip(), file.createWriteStream()).catch((error) => {
    throw writeFailure(error, outPath);
  });
  done.catch(() => undefined); // awaited below; a write error must not surface as an unhandled rejection first
  const write = async (obj: unknown) => {
    // Wait for the file to catch up; a failed file (disk full) ends the wait with its error.
    if (!lines.write(JSON.stringify(obj) + '\n')) await Promise.race([once(lines, 'drain'), done]);
  };
  try {
    // One snapshot for the whole file (a server writing meanwhile cannot shift a page or leave an
    // item pointing at a topic the file lacks), read through a cursor per table: OFFSET paging
    // re-read every earlier row for each page.
    await db.transaction(async (tx) => {
      if (tx.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const [settings] = await tx.query<{ sla_settings: unknown }>('SELECT sla_settings FROM workspaces WHERE id = $1', [ws.id]);
      await write({ format: FORMAT, created_at: new Date().toISOString(), ends_with_counts: true, workspace: { ...ws, sla_settings: settings?.sla_settings ?? null } });
      for (const table of TABLES) {
        const cols = (await columnsOf(tx, table.name)).filter((c) => c !== 'id' && c !== 'workspace_id');
        counts[table.name] = 0;
        // Row values as JSON from the database itself, so types survive exactly.
        await tx.exec(`DECLARE sori_backup NO SCROLL CURSOR FOR ${backupSelect(table, cols, Number(ws.id))}`);
        for (;;) {
          const rows = await tx.query<{ r: unknown }>(`FETCH ${pageRows} FROM sori_backup`);
          for (const row of rows) await write({ t: table.name, r: typeof row.r === 'string' ? JSON.parse(row.r) : row.r });
          counts[table.name] += rows.length;
          await opts.afterPage?.();
          if (rows.length < pageRows) break;
        }
        await tx.exec('CLOSE sori_backup');
      }
    });
    await write({ end: counts });
    lines.end();
    await done;
    if (!direct) await rename(writePath, outPath).catch((error) => Promise.reject(writeFailure(error, outPath)));
  } catch (error) {
    // A half-written backup looks like a truncated one: leave none behind (only ever our own file).
    lines.destroy();
    await done.catch(() => undefined);
    if (!direct) await unlink(writePath).catch(() => undefined);
    throw error;
  }
  return counts;
}

function writeFailure(error: unknown, outPath: string): SoriError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  const [en, ko] = FILE_ERRORS[code] ?? [code, code];
  return new SoriError('bad_request', `cannot write the backup file ${outPath}: ${en} (${code}) / 백업 파일을 쓸 수 없습니다: ${outPath}: ${ko}`, {
    path: outPath,
    code,
  });
}

/**
 * Restores a backup into a new workspace of the backup's slug (or `asSlug`), or into an existing one
 * that holds no data yet (the auto-created `default`); a workspace with data is refused, so its
 * pseudonym key — and so every customer ref in it — never changes. All or nothing: one transaction,
 * the file streamed through it in batches. Restored items are search-indexed after the commit (in
 * batches; `sori serve` finishes the job if this process stops first).
 */
export async function restoreWorkspace(db: Db, inPath: string, asSlug?: string): Promise<{ workspace: Workspace; counts: Record<string, number> }> {
  if (asSlug !== undefined && !isWorkspaceSlug(asSlug)) throw badSlug(asSlug);
  const file = await openBackupFile(inPath);
  let restored: { workspace: Workspace; counts: Record<string, number> };
  try {
    restored = await db.transaction((tx) => restoreLines(tx, backupLines(file, inPath), asSlug));
  } finally {
    await file.close().catch(() => undefined);
  }
  await backfillSearchIndex(db, restored.workspace.id);
  return restored;
}

/** The restore itself, inside the caller's transaction. */
async function restoreLines(db: Db, lines: AsyncIterable<string>, asSlug: string | undefined): Promise<{ workspace: Workspace; counts: Record<string, number> }> {
  let ws: Workspace | null = null;
  const counts: Record<string, number> = {};
  const pending = new Map<string, unknown[]>();
  const columns = new Map<string, string[]>();

  const topicIds = new Map<string, string>(); // backup's topic id → restored id
  const correctionIds: Array<[bigint, bigint]> = []; // backup's correction id → restored id, ascending
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
    // Import runs are not in the backup: a restored item's run id would point at another database's run.
    if (table === 'items') data = data.map((r) => ({ ...r, topic_id: remap(r.topic_id), import_run_id: null }));
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
    if (table === 'label_corrections') {
      await restoreCorrections(db, ws.id, data, remap, correctionIds);
      counts[table] = (counts[table] ?? 0) + data.length;
      return;
    }
    if (table === 'text_models') {
      for (const row of data) await restoreModel(db, ws.id, row, remap, correctionIds);
      counts[table] = (counts[table] ?? 0) + data.length;
      return;
    }
    const keyCols = spec.conflict!.replace(/[()\s]/g, '').split(',');
    const set = cols.filter((c) => !keyCols.includes(c)).map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    // The target is empty, so a conflict is a row repeated in the file — or a webhook slug (global)
    // held by another workspace, which is left to its owner.
    await db.query(
      `INSERT INTO ${table} (${cols.join(', ')})
       SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)
       ON CONFLICT ${spec.conflict} DO ${set ? `UPDATE SET ${set} WHERE ${table}.workspace_id = EXCLUDED.workspace_id` : 'NOTHING'}`,
      [JSON.stringify(data)],
    );
    counts[table] = (counts[table] ?? 0) + rows.length;
  };

  let lineNo = 0;
  let renamed = false;
  let expectEnd = false;
  let ended: Record<string, number> | null = null;
  const read: Record<string, number> = {};
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let obj: { format?: string; ends_with_counts?: boolean; workspace?: Workspace & { sla_settings?: unknown }; t?: string; r?: unknown; end?: Record<string, number> };
    try {
      obj = JSON.parse(line);
    } catch {
      throw new SoriError('validation_failed', `backup line ${lineNo} is not JSON / 백업 파일 ${lineNo}번째 줄이 손상되었습니다`);
    }
    if (ended) throw new SoriError('validation_failed', `backup line ${lineNo} follows its end / 백업 파일 ${lineNo}번째 줄이 끝 표시 뒤에 있습니다`);
    if (lineNo === 1) {
      if (typeof obj.format === 'string' && obj.format.startsWith('sori-backup/') && obj.format !== FORMAT) {
        throw new SoriError(
          'validation_failed',
          `this backup was made by a newer Sori (${obj.format}; this one reads ${FORMAT}): upgrade Sori to restore it / ` +
            `더 새로운 Sori가 만든 백업입니다(${obj.format}). Sori를 업데이트한 뒤 복원하세요`,
        );
      }
      if (obj.format !== FORMAT || !obj.workspace) throw new SoriError('validation_failed', 'not a Sori backup / Sori 백업 파일이 아닙니다');
      expectEnd = obj.ends_with_counts === true;
      const src = obj.workspace;
      const slug = asSlug ?? src.slug;
      if (typeof slug !== 'string' || !isWorkspaceSlug(slug)) throw badSlug(String(slug));
      renamed = slug !== src.slug;
      // A copy under another slug says so in its name: the workspace menu shows names, not slugs.
      ws = await takeEmptyWorkspace(db, { slug, name: renamed ? `${src.name} (${slug})` : src.name, timezone: src.timezone, isDemo: src.is_demo });
      // Keep customer pseudonyms stable across the round trip (the workspace is empty: no ref
      // made with its own key exists); business hours and SLA policies come along; the backup's
      // time zone too, as the rollups of its items are counted in it, and the demo mark. Items may arrive with SLA deadlines
      // or cancellation reasons not worked out yet (settings saved, no report since): the flags
      // that make the next report work them out are raised — restored false, the copy reported the
      // old policies' outcomes and no cancellation examples for good (audit s18). Working them out
      // touches only the rows that need it.
      await db.query(
        `UPDATE workspaces SET pseudonym_key = COALESCE($2, pseudonym_key), sla_settings = COALESCE($3::jsonb, sla_settings),
           timezone = COALESCE($4, timezone), is_demo = $5, sla_stale = true, churn_stale = true WHERE id = $1`,
        [ws.id, src.pseudonym_key || null, src.sla_settings ? JSON.stringify(src.sla_settings) : null, src.timezone || null, src.is_demo === true],
      );
      ws = { ...ws, is_demo: src.is_demo === true };
      continue;
    }
    if (obj.end && typeof obj.end === 'object') {
      ended = obj.end;
      continue;
    }
    if (!obj.t || !TABLES.some((t) => t.name === obj.t)) continue;
    read[obj.t] = (read[obj.t] ?? 0) + 1;
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
  if (!ws) throw new SoriError('validation_failed', 'empty backup / 빈 백업 파일입니다');
  // A backup that says it ends with its counts must end with them, and they must match what was read:
  // a file cut between two lines would otherwise restore without its later tables.
  if (expectEnd) {
    const missing = !ended ? 'the end of the file is missing' : TABLES.map((t) => t.name).find((t) => (ended![t] ?? 0) !== (read[t] ?? 0));
    if (missing) {
      throw new SoriError(
        'validation_failed',
        `backup file is incomplete (${!ended ? missing : `${missing}: ${read[missing] ?? 0} of ${ended[missing]} rows`}): nothing was restored / ` +
          `백업 파일이 완전하지 않아 아무것도 복원하지 않았습니다`,
      );
    }
  }
  for (const t of TABLES) await flush(t.name);
  // Restored items came in without the search index: mark them all for indexing (pairs already
  // there are kept); the restore's own inserts marked their days dirty, which that covers.
  // (An API write to this same workspace during the restore would lose its mark: restore first.)
  await db.query('UPDATE workspaces SET search_index_below = (SELECT max(id) + 1 FROM items WHERE workspace_id = $1) WHERE id = $1', [ws.id]);
  await db.query('DELETE FROM item_search_dirty_days WHERE workspace_id = $1', [ws.id]);
  return { workspace: (await findWorkspaceBySlug(db, ws.slug))!, counts };
}

/**
 * Restores label corrections one by one, in the backup's order, so restored ids ascend as the old
 * ones did (a model's `last_correction_id` is mapped through them). A correction's item is found by
 * its identity; its author by e-mail when that user exists here (else none, as for a deleted user).
 * Topic corrections' values are topic ids, remapped. A correction whose item is not in the backup
 * (it cannot be: the backup joins them) is skipped.
 */
async function restoreCorrections(
  db: Db,
  workspaceId: number,
  rows: Record<string, unknown>[],
  remap: (id: unknown) => string | null,
  correctionIds: Array<[bigint, bigint]>,
): Promise<void> {
  for (const r of rows) {
    const value = (v: unknown) => (v === null || v === undefined ? null : r.field === 'topic' ? remap(v) : String(v));
    const [made] = await db.query<{ id: string }>(
      `INSERT INTO label_corrections (workspace_id, item_id, field, old_value, new_value, user_id, created_at)
       SELECT $1, i.id, $4, $5, $6, (SELECT u.id FROM users u WHERE u.email = $7), $8::timestamptz
       FROM items i WHERE i.workspace_id = $1 AND i.source = $2 AND i.external_id = $3
       RETURNING id::text AS id`,
      [workspaceId, r.item_source, r.item_external_id, r.field, value(r.old_value), value(r.new_value), r.user_email ?? null, r.created_at],
    );
    if (made && r.id !== undefined) correctionIds.push([BigInt(String(r.id)), BigInt(made.id)]);
  }
}

/**
 * Restores a trained model. A topic model's labels are topic ids: they are remapped in its labels
 * and class counts (a label whose topic is gone keeps a key no item can match). The newest correction
 * it learned from is mapped to its restored id, so automatic retraining counts only later ones.
 */
async function restoreModel(
  db: Db,
  workspaceId: number,
  row: Record<string, unknown>,
  remap: (id: unknown) => string | null,
  correctionIds: Array<[bigint, bigint]>,
): Promise<void> {
  const meta = { ...(row.meta as ModelMeta) };
  if (row.task === 'topic') {
    const label = (l: string) => (l === NO_TOPIC ? l : remap(l) ?? `gone:${l}`);
    meta.labels = meta.labels.map(label);
    meta.classCounts = Object.fromEntries(Object.entries(meta.classCounts ?? {}).map(([k, v]) => [label(k), v]));
  }
  const metrics = { ...((row.metrics as Record<string, unknown>) ?? {}) };
  if (metrics.last_correction_id !== undefined && metrics.last_correction_id !== null) {
    const last = BigInt(String(metrics.last_correction_id));
    let mapped: bigint | null = null;
    for (const [oldId, newId] of correctionIds) if (oldId <= last) mapped = newId;
    metrics.last_correction_id = mapped === null ? null : mapped.toString();
  }
  await db.query(
    `INSERT INTO text_models (workspace_id, task, version, meta, weights, metrics, examples, created_at)
     VALUES ($1, $2, $3, $4::jsonb, decode(substr($5, 3), 'hex'), $6::jsonb, $7, $8::timestamptz)`,
    [workspaceId, row.task, row.version, JSON.stringify(meta), row.weights, JSON.stringify(metrics), row.examples, row.created_at],
  );
}

/**
 * The workspace to restore into, created when missing and locked for the transaction; one that
 * already holds data is refused (merging would mix two pseudonym keys: one customer, two refs).
 */
async function takeEmptyWorkspace(db: Db, input: { slug: string; name: string; timezone?: string; isDemo?: boolean }): Promise<Workspace> {
  const made = await ensureWorkspace(db, input);
  // Two restores into the same slug: the second waits here, then sees the first one's rows.
  await db.query('SELECT id FROM workspaces WHERE id = $1 FOR UPDATE', [made.id]);
  const [{ has_data }] = await db.query<{ has_data: boolean }>(
    `SELECT ${DATA_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${t} WHERE workspace_id = $1)`).join(' OR ')} AS has_data`,
    [made.id],
  );
  if (has_data) {
    throw new SoriError(
      'conflict',
      `workspace "${input.slug}" already has data; restore into a new workspace with --as NEW-SLUG / ` +
        `워크스페이스 "${input.slug}"에 이미 데이터가 있습니다. --as 새-슬러그 로 새 워크스페이스에 복원하세요`,
      { slug: input.slug },
    );
  }
  return made;
}
