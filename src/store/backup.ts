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
import { normalizeEmail } from '../auth/users.js';
import { canonicalTimeZone } from '../domain/calendar/business-hours.js';
import { slaSettingsSchema, withDefaultTimeZone } from '../domain/sla-settings.js';
import { backfillSearchIndex } from './queries/search-index.js';
import { ensureWorkspace, findWorkspaceBySlug, isWorkspaceSlug, type Workspace } from './queries/workspaces.js';

/**
 * Tables that belong to a workspace, in restore order, with the columns a restore matches rows on.
 * Topics keep their old id in the backup (as `id`): ids are remapped on restore, and so are the
 * topic ids items, comments, corrections and topic models refer to. Label corrections name their
 * item by its identity (source, external_id) and their author by e-mail (comments too: user ids are
 * an installation's own); trained models come last, so the correction a model learned up to is
 * known by its restored id.
 */
const TABLES = [
  { name: 'item_types', conflict: '(workspace_id, key)', order: 'position, key' },
  { name: 'topics', conflict: '(workspace_id, COALESCE(parent_id, 0), name)', order: 'parent_id NULLS FIRST, id' },
  { name: 'items', conflict: '(workspace_id, source, external_id)', order: 'id' },
  { name: 'business_metrics', conflict: '(workspace_id, name, day)', order: 'day, name' },
  { name: 'webhook_endpoints', conflict: '(slug)', order: 'id' },
  // Agents' replies and status changes kept PENDING_UPDATE_DAYS for items of their chat that arrive
  // later (ingest/conversation-updates.ts). Keyed by source and conversation id as items store it
  // (a keyed hash when it holds personal data: the restored copy keeps the pseudonym key, so the
  // same hash); no ids of this database in them.
  { name: 'conversation_update_log', conflict: '(workspace_id, source, conversation_id, update_hash)', order: 'received_at, source, conversation_id, update_hash' },
  { name: 'topic_comments', conflict: null, order: 'id' },
  // Events on the charts (migration 051): their author is a label (an e-mail, token:N), no id of this database.
  { name: 'workspace_events', conflict: '(workspace_id, starts_at, kind, title)', order: 'starts_at, id' },
  // Saved views (migration 053): owner and creator by e-mail (user ids are an installation's own).
  { name: 'saved_views', conflict: null, order: 'id' },
  { name: 'label_corrections', conflict: null, order: 'id' },
  { name: 'text_models', conflict: null, order: 'id' },
] as const;

/** A table's backup query, one JSON object a row (`cols`: its columns but id and workspace_id). */
function backupSelect(table: (typeof TABLES)[number], cols: string[], workspaceId: number): string {
  if (table.name === 'label_corrections') {
    return `SELECT json_build_object('id', c.id::text, 'item_source', i.source, 'item_external_id', i.external_id,
              'field', c.field, 'old_value', c.old_value, 'new_value', c.new_value, 'user_email', COALESCE(u.email, c.author_email),
              'created_at', c.created_at) AS r
            FROM label_corrections c JOIN items i ON i.id = c.item_id LEFT JOIN users u ON u.id = c.user_id
            WHERE c.workspace_id = ${workspaceId} ORDER BY c.id`;
  }
  if (table.name === 'topic_comments') {
    // The author's user by e-mail (user ids are this installation's); the author's name is in `author`.
    return `SELECT json_build_object(${cols.map((c) => `'${c}', c.${c}`).join(', ')}, 'user_email', u.email) AS r
            FROM topic_comments c LEFT JOIN users u ON u.id = c.user_id
            WHERE c.workspace_id = ${workspaceId} ORDER BY c.id`;
  }
  if (table.name === 'saved_views') {
    return `SELECT json_build_object('page', v.page, 'name', v.name, 'query', v.query, 'created_by', v.created_by, 'created_at', v.created_at,
              'updated_at', v.updated_at, 'user_email', o.email, 'creator_email', c.email) AS r
            FROM saved_views v LEFT JOIN users o ON o.id = v.owner_user_id LEFT JOIN users c ON c.id = v.created_by_user_id
            WHERE v.workspace_id = ${workspaceId} ORDER BY v.id`;
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

/** What a restore did, and what it left out. */
export interface RestoreResult {
  workspace: Workspace;
  counts: Record<string, number>;
  /**
   * Webhook receivers not restored: their slug (the receiver's URL, unique in an installation) is
   * taken here — by the workspace the backup was made of, when it is restored beside it.
   */
  skippedWebhooks: Array<{ slug: string; adapter: string; source: string }>;
  /**
   * Authors (e-mails) of corrections and comments no user of this installation has: corrections
   * keep the e-mail (label_corrections.author_email; a later backup writes it again), comments
   * their author's name, neither is linked to a user.
   */
  unmatchedAuthors: string[];
}

/**
 * Restores a backup into a new workspace of the backup's slug (or `asSlug`), or into an existing one
 * that holds no data yet (the auto-created `default`); a workspace with data is refused, so its
 * pseudonym key — and so every customer ref in it — never changes. All or nothing: one transaction,
 * the file streamed through it in batches. Restored items are search-indexed after the commit (in
 * batches; `sori serve` finishes the job if this process stops first).
 */
export async function restoreWorkspace(db: Db, inPath: string, asSlug?: string): Promise<RestoreResult> {
  if (asSlug !== undefined && !isWorkspaceSlug(asSlug)) throw badSlug(asSlug);
  const file = await openBackupFile(inPath);
  let restored: RestoreResult;
  try {
    restored = await db.transaction((tx) => restoreLines(tx, backupLines(file, inPath), asSlug));
  } finally {
    await file.close().catch(() => undefined);
  }
  await backfillSearchIndex(db, restored.workspace.id);
  return restored;
}

/** The zone Sori gives a new workspace (ensureWorkspace), for settings checked before it exists. */
const DEFAULT_TIME_ZONE = 'Asia/Seoul';

/**
 * The header's time zone and SLA settings, checked as the API checks them (an IANA name, stored by
 * its canonical one; the settings schema): a hand-edited or damaged header is refused, not stored
 * for reports to trip over or silently replace with defaults.
 */
function checkedHeader(src: { timezone?: unknown; sla_settings?: unknown }): { timezone: string | null; slaSettings: unknown } {
  let timezone: string | null = null;
  if (src.timezone !== undefined && src.timezone !== null && src.timezone !== '') {
    timezone = typeof src.timezone === 'string' ? canonicalTimeZone(src.timezone) : null;
    if (!timezone) {
      const given = JSON.stringify(src.timezone);
      throw new SoriError(
        'validation_failed',
        `the backup's time zone ${given} is not an IANA time zone name such as Asia/Seoul (abbreviations such as IST are ambiguous): nothing was restored / ` +
          `백업의 시간대 ${given}은(는) Asia/Seoul 같은 IANA 시간대 이름이 아니어서(IST 같은 약어는 뜻이 여럿입니다) 아무것도 복원하지 않았습니다`,
        { errors: [{ field: 'workspace.timezone', message: 'not an IANA time zone / IANA 시간대가 아닙니다' }] },
      );
    }
  }
  let slaSettings = src.sla_settings ?? null;
  if (typeof slaSettings === 'string') {
    try {
      slaSettings = JSON.parse(slaSettings);
    } catch {
      // left as it is: the schema refuses it below
    }
  }
  if (slaSettings !== null) {
    const parsed = slaSettingsSchema.safeParse(withDefaultTimeZone(slaSettings, timezone ?? DEFAULT_TIME_ZONE));
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: ['workspace', 'sla_settings', ...i.path.map(String)].join('.'), message: i.message }));
      const list = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      throw new SoriError(
        'validation_failed',
        `the backup's SLA settings are not valid (${list}): nothing was restored / 백업의 SLA 설정이 올바르지 않아 아무것도 복원하지 않았습니다 (${list})`,
        { errors },
      );
    }
  }
  return { timezone, slaSettings };
}

/**
 * A database error a row of the file caused (a value a constraint refuses, text where a number
 * goes, a key repeated in one batch), or a row the restore cannot read: the file's fault, named by
 * its line. Other errors (a lost connection) are not the line's, and pass as they are.
 */
function isRowError(error: unknown): boolean {
  if (error instanceof SoriError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (/^(21|22|23)[0-9A-Z]{3}$/.test(code) || code === '42804')) return true;
  return error instanceof TypeError || error instanceof SyntaxError || error instanceof RangeError;
}

function badRow(table: string, lines: [number, number], error: unknown): SoriError {
  const reason = (error as Error).message;
  const where = lines[0] === lines[1] ? `line ${lines[0]}` : `lines ${lines[0]}–${lines[1]}`;
  const whereKo = lines[0] === lines[1] ? `${lines[0]}번째 줄` : `${lines[0]}–${lines[1]}번째 줄`;
  return new SoriError(
    'validation_failed',
    `backup ${where} (${table}) cannot be restored: ${reason}; nothing was restored / ` +
      `백업 파일 ${whereKo}(${table})을 복원할 수 없어 아무것도 복원하지 않았습니다: ${reason}`,
    { table, line: lines[0], last_line: lines[1], reason, code: (error as { code?: unknown }).code },
  );
}

interface Pending {
  row: Record<string, unknown>;
  line: number;
}

/** The restore itself, inside the caller's transaction. */
async function restoreLines(db: Db, lines: AsyncIterable<string>, asSlug: string | undefined): Promise<RestoreResult> {
  let ws: Workspace | null = null;
  const counts: Record<string, number> = {};
  const pending = new Map<string, Pending[]>();
  const columns = new Map<string, string[]>();
  const skippedWebhooks: RestoreResult['skippedWebhooks'] = [];

  const topicIds = new Map<string, string>(); // backup's topic id → restored id
  const correctionIds: Array<[bigint, bigint]> = []; // backup's correction id → restored id, ascending
  const remap = (id: unknown) => (id === null || id === undefined ? null : topicIds.get(String(id)) ?? null);

  // Authors by e-mail: user ids are this installation's.
  const users = new Map<string, number | null>(); // normalised e-mail → user id (null: none here)
  const unmatched = new Set<string>();
  const emailOf = (email: unknown) => (typeof email === 'string' && email.trim() ? normalizeEmail(email) : null);
  const lookUpUsers = async (rows: Record<string, unknown>[]) => {
    const wanted = [...new Set(rows.map((r) => emailOf(r.user_email)).filter((e): e is string => e !== null && !users.has(e)))];
    if (wanted.length) {
      const found = await db.query<{ id: number; email: string }>('SELECT id, email FROM users WHERE email = ANY($1::text[])', [wanted]);
      for (const e of wanted) users.set(e, found.find((f) => f.email === e)?.id ?? null);
    }
    for (const r of rows) {
      const e = emailOf(r.user_email);
      if (e !== null && users.get(e) === null) unmatched.add(e);
    }
  };
  const userIdOf = (email: unknown) => {
    const e = emailOf(email);
    return e === null ? null : users.get(e) ?? null;
  };

  /** One row's work: an error the row caused names its line. */
  const atLine = async (table: string, line: number, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      throw isRowError(error) ? badRow(table, [line, line], error) : error;
    }
  };
  /**
   * A batch's insert; when a row fails, the batch is undone (to a savepoint) and its rows are
   * inserted one at a time, to name the line that fails (the whole restore rolls back then).
   */
  const inBatch = async (table: string, batch: Pending[], insert: (rows: Record<string, unknown>[]) => Promise<number>) => {
    await db.exec('SAVEPOINT sori_restore_batch');
    let inserted: number;
    try {
      inserted = await insert(batch.map((p) => p.row));
    } catch (error) {
      if (!isRowError(error)) throw error;
      await db.exec('ROLLBACK TO SAVEPOINT sori_restore_batch');
      for (const p of batch) await atLine(table, p.line, async () => void (await insert([p.row])));
      // Every row goes in alone: the batch failed on two of its rows together (a key repeated).
      throw badRow(table, [batch[0]!.line, batch.at(-1)!.line], error);
    }
    await db.exec('RELEASE SAVEPOINT sori_restore_batch');
    counts[table] = (counts[table] ?? 0) + inserted;
  };

  const flush = async (table: string) => {
    const batch = pending.get(table);
    if (!ws || !batch?.length) return;
    pending.set(table, []);
    const workspaceId = ws.id;
    const spec = TABLES.find((t) => t.name === table)!;
    if (!columns.has(table)) columns.set(table, (await columnsOf(db, table)).filter((c) => c !== 'id'));
    const cols = columns.get(table)!;
    for (const p of batch) p.row = { ...p.row, workspace_id: workspaceId };
    if (table === 'topics') {
      // Parents come first in the backup, so a child's parent is already mapped.
      for (const { row, line } of batch) {
        await atLine(table, line, async () => {
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
        });
      }
      counts[table] = (counts[table] ?? 0) + batch.length;
      return;
    }
    if (table === 'label_corrections') {
      await lookUpUsers(batch.map((p) => p.row));
      for (const { row, line } of batch) await atLine(table, line, () => restoreCorrection(db, workspaceId, row, remap, userIdOf(row.user_email), correctionIds));
      counts[table] = (counts[table] ?? 0) + batch.length;
      return;
    }
    if (table === 'text_models') {
      for (const { row, line } of batch) await atLine(table, line, () => restoreModel(db, workspaceId, row, remap, correctionIds));
      counts[table] = (counts[table] ?? 0) + batch.length;
      return;
    }
    if (table === 'saved_views') {
      // Owner (user_email; none: shared) and creator by e-mail. A private view goes with its owner:
      // one whose owner has no user here is left out; a shared one keeps its creator's label.
      await lookUpUsers(batch.map((p) => p.row));
      await lookUpUsers(batch.map((p) => ({ user_email: p.row.creator_email })));
      const kept = batch
        .filter((p) => p.row.user_email == null || userIdOf(p.row.user_email) !== null)
        .map((p) => ({ ...p, row: { ...p.row, owner_user_id: userIdOf(p.row.user_email), created_by_user_id: userIdOf(p.row.creator_email) } }));
      await inBatch(table, kept, async (data) => {
        const made = await db.query(
          `INSERT INTO saved_views (${cols.join(', ')})
           SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::saved_views, $1::json) ON CONFLICT DO NOTHING RETURNING id`,
          [JSON.stringify(data)],
        );
        return made.length;
      });
      return;
    }
    if (table === 'topic_comments') {
      await lookUpUsers(batch.map((p) => p.row));
      // Comments have no natural key: a comment already restored (same topic, time and text) is skipped.
      const topical = batch
        .map((p) => ({ ...p, row: { ...p.row, topic_id: remap(p.row.topic_id), user_id: userIdOf(p.row.user_email) } }))
        .filter((p) => p.row.topic_id !== null);
      await inBatch(table, topical, async (data) => {
        await db.query(
          `INSERT INTO topic_comments (${cols.join(', ')})
           SELECT ${cols.map((c) => `n.${c}`).join(', ')} FROM json_populate_recordset(NULL::topic_comments, $1::json) n
           WHERE NOT EXISTS (SELECT 1 FROM topic_comments c WHERE c.workspace_id = n.workspace_id AND c.topic_id = n.topic_id
                             AND c.created_at = n.created_at AND c.body = n.body)`,
          [JSON.stringify(data)],
        );
        return data.length;
      });
      return;
    }
    if (table === 'webhook_endpoints') {
      // Slugs are global: a receiver whose slug is taken here (by the workspace the backup was made
      // of, restored beside it with --as) stays its owner's, and is reported; the others come along.
      await inBatch(table, batch, async (data) => {
        const made = await db.query<{ slug: string }>(
          `INSERT INTO webhook_endpoints (${cols.join(', ')})
           SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::webhook_endpoints, $1::json)
           ON CONFLICT (slug) DO NOTHING RETURNING slug`,
          [JSON.stringify(data)],
        );
        const kept = new Set(made.map((r) => r.slug));
        for (const r of data) {
          const slug = String(r.slug);
          if (!kept.has(slug) && !skippedWebhooks.some((s) => s.slug === slug)) skippedWebhooks.push({ slug, adapter: String(r.adapter), source: String(r.source) });
        }
        return made.length;
      });
      return;
    }
    // Import runs are not in the backup: a restored item's run ids (the last writer's, the creator's)
    // would point at another database's runs, and undoing a run here must not reach restored items.
    if (table === 'items') for (const p of batch) p.row = { ...p.row, topic_id: remap(p.row.topic_id), import_run_id: null, created_run_id: null };
    const keyCols = spec.conflict!.replace(/[()\s]/g, '').split(',');
    const set = cols.filter((c) => !keyCols.includes(c)).map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    // The target is empty, so a conflict is a row repeated in the file.
    await inBatch(table, batch, async (data) => {
      await db.query(
        `INSERT INTO ${table} (${cols.join(', ')})
         SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)
         ON CONFLICT ${spec.conflict} DO ${set ? `UPDATE SET ${set} WHERE ${table}.workspace_id = EXCLUDED.workspace_id` : 'NOTHING'}`,
        [JSON.stringify(data)],
      );
      return data.length;
    });
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
    if (obj === null || typeof obj !== 'object') throw new SoriError('validation_failed', `backup line ${lineNo} is not a backup row / 백업 파일 ${lineNo}번째 줄이 백업 행이 아닙니다`);
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
      // Checked before anything is written.
      const header = checkedHeader(src);
      renamed = slug !== src.slug;
      // A copy under another slug says so in its name: the workspace menu shows names, not slugs.
      ws = await takeEmptyWorkspace(db, { slug, name: renamed ? `${src.name} (${slug})` : src.name, timezone: header.timezone ?? undefined, isDemo: src.is_demo });
      // Keep customer pseudonyms stable across the round trip (the workspace is empty: no ref
      // made with its own key exists); business hours and SLA policies come along; the backup's
      // time zone too, as the rollups of its items are counted in it, and the demo mark. Items may arrive with SLA deadlines
      // or cancellation reasons not worked out yet (settings saved, no report since): the flags
      // that make the next report work them out are raised — restored false, the copy reported the
      // old policies' outcomes and no cancellation examples for good (audit s18). Working them out
      // touches only the rows that need it.
      await db.query(
        `UPDATE workspaces SET pseudonym_key = COALESCE($2, pseudonym_key), sla_settings = COALESCE($3::jsonb, sla_settings),
           timezone = COALESCE($4, timezone), is_demo = $5, sla_stale = true, churn_stale = true, leave_stale = true WHERE id = $1`,
        [ws.id, src.pseudonym_key || null, header.slaSettings === null ? null : JSON.stringify(header.slaSettings), header.timezone, src.is_demo === true],
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
    // Tables arrive in order; finish the earlier ones first (items need the topics' new ids).
    for (const t of TABLES) {
      if (t.name === obj.t) break;
      await flush(t.name);
    }
    const list = pending.get(obj.t) ?? [];
    list.push({ row: (obj.r !== null && typeof obj.r === 'object' ? obj.r : {}) as Record<string, unknown>, line: lineNo });
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
  return { workspace: (await findWorkspaceBySlug(db, ws.slug))!, counts, skippedWebhooks, unmatchedAuthors: [...unmatched].sort() };
}

/**
 * Restores one label correction; corrections come one by one, in the backup's order, so restored
 * ids ascend as the old ones did (a model's `last_correction_id` is mapped through them). A
 * correction's item is found by its identity; its author is the user of that e-mail here, or, when
 * none is, the e-mail is kept as it was (`author_email`). Topic corrections' values are topic ids,
 * remapped. A correction whose item is not in the backup (it cannot be: the backup joins them) is
 * skipped.
 */
async function restoreCorrection(
  db: Db,
  workspaceId: number,
  r: Record<string, unknown>,
  remap: (id: unknown) => string | null,
  userId: number | null,
  correctionIds: Array<[bigint, bigint]>,
): Promise<void> {
  const value = (v: unknown) => (v === null || v === undefined ? null : r.field === 'topic' ? remap(v) : String(v));
  const email = typeof r.user_email === 'string' && r.user_email.trim() ? r.user_email : null;
  const [made] = await db.query<{ id: string }>(
    `INSERT INTO label_corrections (workspace_id, item_id, field, old_value, new_value, user_id, author_email, created_at)
     SELECT $1, i.id, $4, $5, $6, $7::integer, $8, $9::timestamptz
     FROM items i WHERE i.workspace_id = $1 AND i.source = $2 AND i.external_id = $3
     RETURNING id::text AS id`,
    [workspaceId, r.item_source, r.item_external_id, r.field, value(r.old_value), value(r.new_value), userId, userId === null ? email : null, r.created_at],
  );
  if (made && r.id !== undefined) correctionIds.push([BigInt(String(r.id)), BigInt(made.id)]);
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
  const remapMeta = (given: ModelMeta): ModelMeta => {
    const meta = { ...given };
    if (row.task === 'topic') {
      const label = (l: string) => (l === NO_TOPIC ? l : remap(l) ?? `gone:${l}`);
      meta.labels = meta.labels.map(label);
      meta.classCounts = Object.fromEntries(Object.entries(meta.classCounts ?? {}).map(([k, v]) => [label(k), v]));
    }
    return meta;
  };
  const meta = remapMeta(row.meta as ModelMeta);
  // The model's state (migration 050). A backup from before it has none: its models are restored in
  // id order as each in use in turn, so the newest is in use and the older ones were, as they were.
  const status = typeof row.status === 'string' ? row.status : 'active';
  const probeMeta = row.probe_meta && row.probe_weights ? remapMeta(row.probe_meta as ModelMeta) : null;
  const metrics = { ...((row.metrics as Record<string, unknown>) ?? {}) };
  if (metrics.last_correction_id !== undefined && metrics.last_correction_id !== null) {
    const last = BigInt(String(metrics.last_correction_id));
    let mapped: bigint | null = null;
    for (const [oldId, newId] of correctionIds) if (oldId <= last) mapped = newId;
    metrics.last_correction_id = mapped === null ? null : mapped.toString();
  }
  if (status === 'active') {
    await db.query(`UPDATE text_models SET status = 'retired' WHERE workspace_id = $1 AND task = $2 AND status = 'active'`, [workspaceId, row.task]);
  }
  await db.query(
    `INSERT INTO text_models (workspace_id, task, version, meta, weights, metrics, examples, created_at,
       status, hold_reason, decided_by, decided_at, activated_at, probe_meta, probe_weights)
     VALUES ($1, $2, $3, $4::jsonb, decode(substr($5, 3), 'hex'), $6::jsonb, $7, $8::timestamptz,
       $9, $10, $11, $12::timestamptz, coalesce($13::timestamptz, CASE WHEN $14 THEN $8::timestamptz END), $15::jsonb,
       CASE WHEN $15::jsonb IS NULL THEN NULL ELSE decode(substr($16, 3), 'hex') END)`,
    [
      workspaceId, row.task, row.version, JSON.stringify(meta), row.weights, JSON.stringify(metrics), row.examples, row.created_at,
      status, row.hold_reason ?? null, row.decided_by ?? null, row.decided_at ?? null, row.activated_at ?? null, row.status === undefined,
      probeMeta ? JSON.stringify(probeMeta) : null, probeMeta ? row.probe_weights : null,
    ],
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
