import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import readline from 'node:readline';
import { SoriError } from '../domain/errors.js';
import type { ItemInput } from '../domain/item.js';
import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { CHANNELTALK_EXPORT_COLUMNS, mapChannelTalkExport } from './adapters/channeltalk.js';
import { mapZendeskTickets } from './adapters/zendesk.js';
import { isGooglePlayReviewHeader, mapGooglePlayReviews } from './adapters/google-play.js';
import { SOURCE_VERSION_FIELD } from '../domain/item.js';
import { detectFormat, readRecords } from './files/read-records.js';
import { ingestItems, prepareInputs, type WithinWrite } from './pipeline.js';
import { ingestLatestStates } from './latest-states.js';
import { ADAPTERS } from './adapters/index.js';
import { storedConversationId } from './prepare-item.js';
import { identityKey, type ItemRow } from '../store/queries/upsert-items.js';
import { redactPii } from '../text/pii.js';
import { storable } from '../text/language.js';
import { settleAbandonedImports } from '../store/queries/import-runs.js';
import { endRunOnError, sha256File, storedFileName } from './import-file.js';

export const VENDOR_EXPORTS = ['zendesk', 'channeltalk', 'googleplay'] as const;
export type VendorExport = (typeof VENDOR_EXPORTS)[number];

/** The source a vendor's items are stored under unless one is named (Google Play's as the demo's app reviews). */
export const VENDOR_DEFAULT_SOURCE: Record<VendorExport, string> = { zendesk: 'zendesk', channeltalk: 'channeltalk', googleplay: 'google-play' };

/** The channel a vendor's items all have, recorded on the run (Zendesk's follow each ticket's). */
const VENDOR_CHANNEL: Record<VendorExport, string | null> = { zendesk: null, channeltalk: 'chat', googleplay: 'app_store' };

const BATCH = 5_000;

/**
 * The largest Channel Talk export read: its three sheets are read whole and joined by chat, and a
 * workbook takes about 37 MB of memory per MB of file (measured: 44.5 MB → 1.66 GB heap), so this
 * keeps one import near 1.2 GB — a server on the embedded database must not run out of memory.
 */
export const MAX_CHANNELTALK_BYTES = 32 * 2 ** 20;
const MAX_IGNORED_LISTED = 1_000;

export interface VendorImportSummary {
  items: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records listed more than once in the file (a ticket on two pages, a chat twice): stored once, counted here. */
  repeated: number;
  rejected: number;
  /** Tickets older than what is stored for them (a webhook delivered a newer state): left alone. */
  stale: number;
  /** Why entries were left out (deleted tickets, non-objects), the first 1,000; `ignoredCount` counts all. */
  ignored: string[];
  ignoredCount: number;
  /**
   * The same skips grouped by why ("English / 한국어"), with their count and where the first few are
   * (`row 5 / 5행`, `line 3 / 3번째 줄`, `ticket 7 / 티켓 7`). `unreadable`: skipped for lacking what
   * makes a row that vendor's record (no id, not an object) — a sign the file is not its export —
   * rather than on purpose (a deleted ticket, a chat the webhook already stored).
   */
  skipped: SkipGroup[];
  /** How many entries were skipped as unreadable (the `unreadable` groups' counts). */
  unreadableSkipped: number;
  rejects: { item: string; field: string | null; reason: string }[];
}

export interface SkipGroup {
  reason: string;
  count: number;
  where: string[];
  unreadable: boolean;
  /** Skipped as a record of that vendor's it knows (a deleted ticket, a chat the webhook stored): proof the file is its export. */
  recognised: boolean;
}

/** The columns a Channel Talk user-chat row's id is read from. */
const CHAT_ID_COLUMNS: readonly string[] = CHANNELTALK_EXPORT_COLUMNS.userChat.id ?? [];

/** How many places a skip group lists. */
const SKIP_WHERE_LISTED = 5;

/**
 * The adapters' skip reasons (English, naming the record) as groups: a reason in both languages,
 * and where the record is when the reason names it.
 */
const SKIP_KINDS: { test: RegExp; reason: string; unreadable: boolean; recognised?: boolean; where?: (id: string) => string }[] = [
  {
    test: /^user chat (?:row )?without id$/,
    reason: `user chat row without a chat id (column ${CHAT_ID_COLUMNS.join(', ')}) / 상담 ID(열 ${CHAT_ID_COLUMNS.join(', ')})가 없는 행`,
    unreadable: true,
  },
  { test: /^user chat (.+) has no customer text$/, reason: 'user chat without customer text / 고객 글이 없는 상담', unreadable: false, where: (id) => `chat ${id} / 상담 ${id}` },
  { test: /^message (.+) has no text$/, reason: 'message without text / 본문이 없는 메시지', unreadable: false, where: (id) => `message ${id} / 메시지 ${id}` },
  {
    test: /^user chat (.+): already stored message by message/,
    reason: 'chat already stored message by message (webhook); not stored again as one item / 메시지별로 이미 저장된 상담이라 다시 저장하지 않았습니다',
    unreadable: false,
    recognised: true,
    where: (id) => `chat ${id} / 상담 ${id}`,
  },
  { test: /^non-object entry in tickets$/, reason: 'entry that is not a ticket object / 티켓 객체가 아닌 항목', unreadable: true },
  { test: /^ticket \(no id\): no id$/, reason: 'ticket without id / ID가 없는 티켓', unreadable: true },
  { test: /^review without id$/, reason: 'review without a Review Link or a package and submit time / 리뷰 링크나 패키지·작성 시각이 없는 행', unreadable: true },
  {
    test: /^review (.+): neither text nor rating$/,
    reason: 'review with neither text nor a star rating / 글도 별점도 없는 리뷰',
    unreadable: false,
    recognised: true,
    where: (id) => `review ${id} / 리뷰 ${id}`,
  },
  { test: /^ticket (.+): deleted$/, reason: 'deleted ticket / 삭제된 티켓', unreadable: false, recognised: true, where: (id) => `ticket ${id} / 티켓 ${id}` },
];

/** Counts one skipped entry: in `ignored` (as the adapter said it, where first) and in its group. */
function addSkip(summary: VendorImportSummary, why: string, where?: string): void {
  summary.ignoredCount++;
  // A record's id may be the customer's e-mail or phone (a chat id, a review's): masked like a reject's.
  why = redactPii(why).text;
  where = where === undefined ? undefined : redactPii(where).text;
  if (summary.ignored.length < MAX_IGNORED_LISTED) summary.ignored.push(where ? `${where.split(' / ')[0]}: ${why}` : why);
  let kind: (typeof SKIP_KINDS)[number] | undefined;
  let m: RegExpExecArray | null = null;
  for (const k of SKIP_KINDS) if ((m = k.test.exec(why))) {
    kind = k;
    break;
  }
  const reason = kind?.reason ?? why;
  // The record the reason names (a ticket, a chat) says more than the line of a page holding many.
  const place = (kind?.where && m?.[1] ? kind.where(m[1]) : undefined) ?? where;
  let group = summary.skipped.find((g) => g.reason === reason);
  if (!group) summary.skipped.push((group = { reason, count: 0, where: [], unreadable: kind?.unreadable ?? false, recognised: kind?.recognised ?? false }));
  group.count++;
  if (group.unreadable) summary.unreadableSkipped++;
  if (place && group.where.length < SKIP_WHERE_LISTED) group.where.push(place);
}

/** A file this size or more must be JSON Lines: a single JSON document is parsed whole. */
const MAX_JSON_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** A part of an export as its adapter mapped it, or a line or row that could not be read (`where`: "line 2 / 2번째 줄"). */
type VendorChunk = { items: ItemInput[]; ignored: string[]; ignoredWhere?: (string | undefined)[] } | { where: string; error: string };

const lineAt = (n: number) => `line ${n} / ${n}번째 줄`;

/**
 * Zendesk, streamed: JSON Lines whose lines are tickets pages (`{tickets: [...]}`, as the incremental
 * export API returns them) or tickets (the Admin Center's full JSON export, NDJSON: one ticket, its
 * comments included, per line); or one JSON document — a tickets page or an array of tickets. Lines
 * are read one at a time, so a multi-gigabyte export never sits in memory; a line that is not JSON
 * is reported with its number and the rest still land.
 */
async function* zendeskChunks(file: string, source: string): AsyncGenerator<VendorChunk> {
  const map = (value: unknown) => {
    const page = Array.isArray(value) ? { tickets: value } : isTicket(value) ? { tickets: [value] } : value;
    const mapped = mapZendeskTickets(page, { source });
    return { items: mapped.items, ignored: mapped.ignored ?? [] };
  };
  const lines = readline.createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  let seenContent = false;
  let document = false;
  try {
    for await (const raw of lines) {
      n++;
      const line = n === 1 ? raw.replace(/^\ufeff/, '') : raw;
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        // The first line with content is no whole JSON value: the file is one (pretty-printed) document.
        if (!seenContent) {
          document = true;
          break;
        }
        yield { where: lineAt(n), error: 'not JSON / JSON이 아닙니다' };
        continue;
      } finally {
        seenContent = true;
      }
      try {
        const mapped = map(value);
        // A line of the full export is one ticket: its skips are found by its line.
        yield { ...mapped, ignoredWhere: mapped.ignored.map(() => lineAt(n)) };
      } catch (e) {
        yield { where: lineAt(n), error: (e as Error).message };
      }
    }
  } finally {
    lines.close();
  }
  if (!document) return;
  const size = (await stat(file)).size;
  if (size >= MAX_JSON_DOCUMENT_BYTES) {
    throw new SoriError(
      'validation_failed',
      `a ${Math.round(size / 2 ** 20)} MB file must be JSON Lines (one tickets page or ticket per line), not one JSON document / ` +
        `${Math.round(size / 2 ** 20)}MB 파일은 JSON 문서 하나가 아니라 JSON Lines(한 줄에 티켓 페이지나 티켓 하나)여야 합니다`,
    );
  }
  let whole: unknown;
  try {
    whole = JSON.parse((await readFile(file, 'utf8')).replace(/^\ufeff/, ''));
  } catch (e) {
    throw new SoriError('validation_failed', `not JSON and not JSON Lines: ${(e as Error).message} / JSON도 JSON Lines도 아닙니다`);
  }
  yield map(whole);
}

/** A Zendesk ticket object on its own (a full-export line), not a page of them. */
function isTicket(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('tickets' in value) && 'id' in value && ('subject' in value || 'description' in value || 'comments' in value);
}

/**
 * Channel Talk desk export: the XLSX with "UserChat data", "Message data" and "User data" sheets,
 * or the user-chat sheet alone as CSV. Its times carry no offset: read in the workspace's zone.
 * A row that cannot be read (a CSV row with extra cells, a cut quote) is reported by its sheet
 * and row number, on any sheet; only a missing Message or User sheet is no error.
 */
async function* channelTalkChunks(path: string, source: string, timeZone: string, xlsx: boolean): AsyncGenerator<VendorChunk> {
  const unreadable: VendorChunk[] = [];
  const rowPlaces: string[] = [];
  const sheet = async (name?: string, places?: string[]) => {
    const rows: Record<string, unknown>[] = [];
    let read = name;
    for await (const r of readRecords(path, { sheet: name, timeZone, onInfo: (info) => (read = info.sheet ?? read) })) {
      if (!('error' in r)) {
        rows.push(r.values);
        // The sheet's own name (often Korean) in parentheses, so each language's half reads alone.
        places?.push(xlsx && read ? `row ${r.rowNumber} (${read}) / ${read} 시트 ${r.rowNumber}행` : `row ${r.rowNumber} / ${r.rowNumber}행`);
      } else {
        const where = xlsx && read ? `${read} row ${r.rowNumber} / ${read} 시트 ${r.rowNumber}행` : `row ${r.rowNumber} / ${r.rowNumber}행`;
        unreadable.push({ where, error: redactPii(r.reason).text });
      }
    }
    return rows;
  };
  const optional = async (name: string, places?: string[]) => {
    try {
      return await sheet(name, places);
    } catch (e) {
      // The export may leave this sheet out; any other failure is the file's.
      if (e instanceof SoriError && e.detail?.reason === 'sheet_not_found') return undefined;
      throw e;
    }
  };
  const userChats = xlsx ? ((await optional('UserChat data', rowPlaces)) ?? (await sheet(undefined, rowPlaces))) : await sheet(undefined, rowPlaces);
  const messages = xlsx ? await optional('Message data') : undefined;
  const users = xlsx ? await optional('User data') : undefined;
  yield* unreadable;
  // The three sheets are joined by chat, so they are read whole (a desk export is a spreadsheet's size).
  const mapped = mapChannelTalkExport({ userChats: userChats as never, messages: messages as never, users: users as never }, { source, timeZone });
  // The adapter skips the user-chat rows without an id in order, naming none: find them by their row.
  const withoutId = userChats.flatMap((row, i) => (hasChatId(row) ? [] : [rowPlaces[i]]));
  let next = 0;
  const ignored = mapped.ignored ?? [];
  yield { items: mapped.items, ignored, ignoredWhere: ignored.map((why) => (why === 'user chat row without id' ? withoutId[next++] : undefined)) };
}

/** Rows of a Play report mapped at a time (a report is one app's month: thousands of rows at most, streamed anyway). */
const GOOGLE_PLAY_CHUNK_ROWS = 1_000;

/**
 * Google Play Console review reports (`reviews_<package>_<YYYYMM>.csv`, UTF-16, detected like any
 * CSV), streamed: each row is a review; a row that cannot be read is reported by its number.
 */
async function* googlePlayChunks(path: string, source: string, timeZone: string): AsyncGenerator<VendorChunk> {
  let rows: Record<string, unknown>[] = [];
  let places: string[] = [];
  const mapped = (): VendorChunk => {
    const m = mapGooglePlayReviews(rows, { source });
    const chunk = { items: m.items, ignored: m.ignored, ignoredWhere: m.ignoredIndex.map((i) => places[i]) };
    rows = [];
    places = [];
    return chunk;
  };
  for await (const r of readRecords(path, { timeZone })) {
    if ('error' in r) {
      yield { where: `row ${r.rowNumber} / ${r.rowNumber}행`, error: redactPii(r.reason).text };
      continue;
    }
    rows.push(r.values);
    places.push(`row ${r.rowNumber} / ${r.rowNumber}행`);
    if (rows.length === GOOGLE_PLAY_CHUNK_ROWS) yield mapped();
  }
  if (rows.length) yield mapped();
}

/** Whether a user-chat row has the id the adapter reads (its first non-empty id column, as `str` reads it). */
function hasChatId(row: Record<string, unknown>): boolean {
  for (const h of CHAT_ID_COLUMNS) {
    const v = row[h];
    if (v === undefined || v === null || v === '') continue;
    return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '');
  }
  return false;
}

/**
 * A Channel Talk export without its Message sheet (any CSV) gives one item per chat; the webhook
 * stores one per customer message. A chat already stored message by message is left out, with a
 * reason: stored again as a whole it was counted twice, and a phantom open item appeared (audit s18).
 */
async function withoutChatsStoredByMessage(db: Db, ws: Workspace, source: string, batch: ItemInput[], summary: VendorImportSummary): Promise<ItemInput[]> {
  const chatOf = (item: ItemInput): string | null => {
    const meta = item.metadata as Record<string, unknown> | undefined;
    const id = meta?.conversation_id;
    return typeof id === 'string' && !('message_id' in (meta ?? {})) ? id : null;
  };
  const chats = [...new Set(batch.map(chatOf).filter((id): id is string => id !== null))];
  if (!chats.length) return batch;
  const stored = await db.query<{ id: string }>(
    `SELECT DISTINCT metadata->>'conversation_id' AS id FROM items
     WHERE workspace_id = $1 AND source = $2 AND metadata ? 'conversation_id' AND metadata->>'conversation_id' = ANY($3::text[]) AND metadata ? 'message_id'`,
    [ws.id, source, chats.map((id) => storedConversationId(ws, id))],
  );
  if (!stored.length) return batch;
  const byMessage = new Set(stored.map((r) => r.id));
  return batch.filter((item) => {
    const chat = chatOf(item);
    if (chat === null || !byMessage.has(storedConversationId(ws, chat))) return true;
    addSkip(summary, `user chat ${chat}: already stored message by message (webhook); not stored again as one item / 메시지별로 이미 저장된 상담이라 다시 저장하지 않았습니다`);
    return false;
  });
}

/**
 * What a dry run's earlier batches would have stored, by `identityKey`: the first 52 bits of the
 * content hash (as import-file.ts's dry run keeps them) and the record's version (ms), if any.
 */
type DryRunSeen = Map<string, { hash: number; version: number | null }>;

const compactHash = (hash: string): number => Number.parseInt(hash.slice(0, 13), 16);

/**
 * What storing this batch would do, read without writing (a dry run): the rows the pipeline
 * would accept, counted as new, changed or unchanged against what is stored — and, for an adapter
 * whose items carry their record's version (Zendesk's `updated_at`), older than the stored or a
 * later copy's state (stale) — as the real run counts them (ingestLatestStates, upsertItems).
 * `seen` carries the earlier batches' outcome, so a ticket listed again counts as the run would.
 */
async function dryRunBatch(
  db: Db,
  ws: Workspace,
  batch: ItemInput[],
  opts: { source: string; versionKey?: string },
  seen: DryRunSeen,
  summary: VendorImportSummary,
  listReject: (item: string, field: string | null, reason: string) => void,
): Promise<void> {
  // As the pipeline prepares them (ingestQueued's defaults for Zendesk; Channel Talk's items name their source).
  const { rows, errors } = prepareInputs(ws, batch, opts.versionKey ? { defaults: { source: opts.source } } : {});
  summary.rejected += batch.length - rows.length;
  for (const e of errors) listReject(String(batch[e.index]!.external_id), e.field, e.message);
  if (!rows.length) return;
  const versionOf = (row: ItemRow): number | null => {
    if (!opts.versionKey) return null;
    const v = row.metadata[opts.versionKey];
    const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    return Number.isNaN(ms) ? null : ms;
  };
  const unseen = [...new Map(rows.map((r) => [identityKey(r), r])).values()].filter((r) => !seen.has(identityKey(r)));
  const stored = new Map<string, { hash: number; version: number | null }>();
  if (unseen.length) {
    const found = await db.query<{ k: string; h: string; v: string | null }>(
      `SELECT workspace_id || E'\\x01' || source || E'\\x01' || external_id AS k, content_hash AS h, ${opts.versionKey ? 'metadata->>$4' : 'NULL::text'} AS v FROM items
       WHERE (workspace_id, source, external_id) IN (SELECT * FROM unnest($1::int[], $2::text[], $3::text[]))`,
      [unseen.map((r) => r.workspace_id), unseen.map((r) => r.source), unseen.map((r) => r.external_id), ...(opts.versionKey ? [opts.versionKey] : [])],
    );
    for (const r of found) {
      const ms = r.v === null ? Number.NaN : Date.parse(r.v);
      stored.set(r.k, { hash: compactHash(r.h), version: Number.isNaN(ms) ? null : ms });
    }
  }
  // The newest known state of each record: stored, an earlier batch's, or a copy in this one.
  const newest = new Map<string, number>();
  const known = (key: string) => seen.get(key) ?? stored.get(key);
  for (const row of rows) {
    const key = identityKey(row);
    for (const ms of [known(key)?.version ?? null, versionOf(row)]) if (ms !== null && ms > (newest.get(key) ?? -Infinity)) newest.set(key, ms);
  }
  // Of the fresh rows, the last of each record is stored (latestByIdentity); the others are repeats.
  let fresh = 0;
  const last = new Map<string, ItemRow>();
  for (const row of rows) {
    const key = identityKey(row);
    const ms = versionOf(row);
    const latest = newest.get(key);
    if (ms !== null && latest !== undefined && ms < latest) summary.stale++;
    else {
      fresh++;
      last.set(key, row);
    }
  }
  summary.repeated += fresh - last.size;
  for (const [key, row] of last) {
    const before = known(key);
    const hash = compactHash(row.content_hash);
    if (!before) summary.inserted++;
    else if (before.hash === hash) summary.unchanged++;
    else summary.updated++;
    seen.set(key, { hash, version: versionOf(row) ?? before?.version ?? null });
  }
}

/** Options of `importVendorExport`. */
export interface VendorImportOptions {
  /** The source the items are stored under (default: VENDOR_DEFAULT_SOURCE, the vendor's name; google-play for Play). */
  source?: string;
  dryRun?: boolean;
  /** Who runs it, recorded on the run (`cli`, a user's e-mail, a token's label). */
  actor?: string;
  /** The name the run is recorded under (an upload's own name; default the path's). */
  fileName?: string;
  /** Records per batch (each batch: one store, then the run's counters and heartbeat). */
  batchSize?: number;
  /** Ctrl-C: stops before the next batch, the run marked failed ("interrupted"). */
  signal?: AbortSignal;
  /** After each stored batch (awaited before the next one): records read so far, rejected so far. */
  onProgress?: (p: { items: number; rejected: number }) => void | Promise<void>;
}

/** The summary, with the import run it was recorded as (a dry run's too, as `importFile` records it). */
export interface VendorImportResult extends VendorImportSummary {
  run_id: string;
  file_name: string;
}

/** A vendor import as `POST /imports/vendor` answers it (and `sori import --adapter` prints it). */
export interface VendorReport {
  run_id: string;
  file_name: string;
  adapter: VendorExport;
  dry_run: boolean;
  items: number;
  inserted: number;
  updated: number;
  unchanged: number;
  repeated: number;
  stale: number;
  rejected: number;
  /** Entries skipped (the summary's `ignoredCount`); `skip_groups` says why. */
  skipped: number;
  unreadable_skipped: number;
  skip_groups: SkipGroup[];
  rejects: VendorImportSummary['rejects'];
  looks_like_export: boolean;
}

/** The report of a vendor import, its rejects cut to `maxRejects`. */
export function vendorReport(r: VendorImportResult, adapter: VendorExport, dryRun: boolean, maxRejects = Infinity): VendorReport {
  return {
    run_id: r.run_id,
    file_name: r.file_name,
    adapter,
    dry_run: dryRun,
    items: r.items,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    repeated: r.repeated,
    stale: r.stale,
    rejected: r.rejected,
    skipped: r.ignoredCount,
    unreadable_skipped: r.unreadableSkipped,
    skip_groups: r.skipped,
    rejects: r.rejects.slice(0, maxRejects),
    looks_like_export: looksLikeVendorExport(r),
  };
}

/**
 * Whether a summary shows the file was not this vendor's export: nothing read as its records, and
 * something rejected or skipped for not being one (the CLI stops with a message, the page warns).
 */
export function looksLikeVendorExport(r: VendorImportSummary): boolean {
  return !(r.items === 0 && (r.rejected > 0 || r.skipped.some((g) => !g.recognised)));
}

type PendingCounts = Pick<VendorImportSummary, 'inserted' | 'updated' | 'unchanged' | 'repeated' | 'stale' | 'rejected'>;
const NOTHING_PENDING: PendingCounts = { inserted: 0, updated: 0, unchanged: 0, repeated: 0, stale: 0, rejected: 0 };

/**
 * Imports a vendor's own export file through its adapter (the same mapping as its webhooks), so a
 * team can load its history before connecting the live webhook. Idempotent like every import. A dry
 * run stores nothing and counts what a real run would do (new, changed, unchanged, stale, rejected).
 *
 * Recorded as an import run (`import_runs.adapter`, migration 044) like a file read by column
 * mapping: the import page lists it, a cancel asked there stops it before its next batch, its
 * rejects are kept (named by record, `import_rejects.item`), and the items it creates carry its id
 * (`created_run_id`), so it can be undone. Each batch is stored by the ingest pipeline in one
 * transaction with the run's counters, rejects and heartbeat: a crash leaves both or neither — the
 * run is then marked interrupted, its counts say what is stored, and running the file again
 * converges (items are idempotent).
 */
export async function importVendorExport(db: Db, ws: Workspace, vendor: VendorExport, path: string, opts: VendorImportOptions = {}): Promise<VendorImportResult> {
  const source = opts.source ?? VENDOR_DEFAULT_SOURCE[vendor];
  const fileName = storedFileName(opts.fileName ?? basename(path));
  const named = detectFormat(fileName);
  // A file whose name says a format the vendor does not export in is the wrong file (or an ordinary one): refused before a run is made.
  if (named && !VENDOR_FORMATS[vendor].includes(named)) {
    const formats = VENDOR_FORMATS[vendor].join(', ');
    throw new SoriError(
      'unsupported_media_type',
      `a ${vendor} export is ${formats}, not ${named}: is this the right file, or an ordinary one (import it without an adapter)? / ${vendor} 내보내기는 ${formats} 파일입니다(이 파일은 ${named}). 맞는 파일인지, 일반 파일로 가져올 것인지 확인하세요`,
      { reason: 'adapter_format', formats: [...VENDOR_FORMATS[vendor]] },
    );
  }
  const format = named ?? (vendor === 'zendesk' ? 'json' : 'csv');
  const batchSize = opts.batchSize ?? BATCH;
  const summary: VendorImportSummary = { items: 0, inserted: 0, updated: 0, unchanged: 0, repeated: 0, rejected: 0, stale: 0, ignored: [], ignoredCount: 0, skipped: [], unreadableSkipped: 0, rejects: [] };
  // A Channel Talk export's sheets are read whole (they are joined by chat): a workbook past this size is refused before anything is read.
  if (vendor === 'channeltalk') {
    const size = (await stat(path)).size;
    if (size > MAX_CHANNELTALK_BYTES) {
      const mb = (n: number) => Math.round(n / 2 ** 20);
      throw new SoriError(
        'payload_too_large',
        `a Channel Talk export of ${mb(size)} MB is more than ${mb(MAX_CHANNELTALK_BYTES)} MB: its sheets are read whole (joined by chat), which needs about 40 times the file's size in memory; export shorter periods (a month at a time) from the Channel Talk desk and import each / ` +
          `채널톡 내보내기 파일이 ${mb(size)}MB로 ${mb(MAX_CHANNELTALK_BYTES)}MB를 넘습니다. 시트를 상담별로 합쳐 한 번에 읽기 때문에 파일 크기의 약 40배 메모리가 필요합니다. 채널톡 데스크에서 기간을 나눠(한 달씩) 내보낸 뒤 하나씩 가져오세요`,
        { reason: 'channeltalk_too_large', limit_bytes: MAX_CHANNELTALK_BYTES },
      );
    }
  }
  await settleAbandonedImports(db, ws.id);
  const [run] = await db.query<{ id: string }>(
    `INSERT INTO import_runs (workspace_id, file_name, file_sha256, format, source, channel, dry_run, created_by, adapter)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text AS id`,
    [ws.id, fileName, await sha256File(path), format, source, VENDOR_CHANNEL[vendor], !!opts.dryRun, opts.actor ?? null, vendor],
  );
  const seen: DryRunSeen = new Map();
  // Where an item says its record's version: Zendesk's ticket updated_at (metadata), a Play review's last update (source_updated_at).
  const versionKey = vendor === 'zendesk' ? ADAPTERS.zendesk.stateVersionKey! : vendor === 'googleplay' ? SOURCE_VERSION_FIELD : undefined;
  const versionIn = vendor === 'googleplay' ? ('item' as const) : ('metadata' as const);
  // What the run row has been told, so each batch adds only its own part.
  const told = { total: 0, inserted: 0, updated: 0, unchanged: 0, repeated: 0, stale: 0, rejected: 0, skipped: 0, rejects: 0 };
  let cancelledBy: string | null = null;
  /** Lines or rows that could not be read at all (counted as read records and rejected). */
  let chunkErrors = 0;
  /** Records handed to a batch so far: the run's row count follows the batches (a Channel Talk export is read in one chunk). */
  let batched = 0;
  /**
   * Adds what happened since the last call to the run (counters, rejects, heartbeat) and reads back
   * a cancel, in `tx` — a batch's own write transaction, so the batch and its counters commit
   * together — or in a transaction of its own. `pending` is the batch being written, not yet in
   * `summary` (it is added once that transaction has committed).
   */
  const recordIn = async (tx: Db, pending: PendingCounts = NOTHING_PENDING, pendingRejects: VendorImportSummary['rejects'] = []) => {
    const fresh = [...summary.rejects.slice(told.rejects), ...pendingRejects];
    const total = batched + chunkErrors;
    if (fresh.length) {
      await tx.query(
        `INSERT INTO import_rejects (run_id, row_number, item, field, reason)
         SELECT $1, NULL, i, f, m FROM unnest($2::text[], $3::text[], $4::text[]) AS t(i, f, m)`,
        [run.id, fresh.map((r) => r.item), fresh.map((r) => r.field), fresh.map((r) => r.reason)],
      );
    }
    const [state] = await tx.query<{ cancel_requested_by: string | null }>(
      `UPDATE import_runs SET total_rows = total_rows + $2, inserted = inserted + $3, updated = updated + $4, unchanged = unchanged + $5,
         older = older + $6, rejected = rejected + $7, skipped = skipped + $8, repeated = repeated + $9, heartbeat_at = now()
       WHERE id = $1 RETURNING cancel_requested_by`,
      [run.id, total - told.total, summary.inserted + pending.inserted - told.inserted, summary.updated + pending.updated - told.updated,
        summary.unchanged + pending.unchanged - told.unchanged, summary.stale + pending.stale - told.stale, summary.rejected + pending.rejected - told.rejected,
        summary.ignoredCount - told.skipped, summary.repeated + pending.repeated - told.repeated],
    );
    return state?.cancel_requested_by ?? null;
  };
  /** After `recordIn`'s transaction committed (and the batch it recorded is in `summary`): the run row now says all of it. */
  const recorded = async (cancel: string | null) => {
    Object.assign(told, {
      total: batched + chunkErrors,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      repeated: summary.repeated,
      stale: summary.stale,
      rejected: summary.rejected,
      skipped: summary.ignoredCount,
      rejects: summary.rejects.length,
    });
    if (cancel != null) cancelledBy ??= cancel;
    await opts.onProgress?.({ items: batched, rejected: summary.rejected });
  };
  /** Records in a transaction of its own: what is not a stored batch (a dry run's, skips, unreadable records, the last counts). */
  const record = async () => recorded(await db.transaction((tx) => recordIn(tx)));
  const stopIfAsked = () => {
    if (opts.signal?.aborted) throw new SoriError('interrupted', 'import interrupted / 가져오기를 중단했습니다');
    if (cancelledBy !== null) {
      throw new SoriError('import_cancelled', `import stopped by ${cancelledBy} / ${cancelledBy} 님이 가져오기를 중지했습니다`, { run_id: run.id, cancelled_by: cancelledBy });
    }
  };
  /** A reject as kept and shown: masked (a reason may quote the value it refused) and storable. Counted by the caller (an item may have several). */
  const rejectOf = (item: string, field: string | null, reason: string) => ({
    item: storable(redactPii(item).text),
    field: field === null ? null : storable(field),
    reason: storable(redactPii(reason).text),
  });
  const listReject = (item: string, field: string | null, reason: string) => {
    summary.rejects.push(rejectOf(item, field, reason));
  };
  /** Stores a batch and records it in the run in one transaction; false when nothing was written (nothing recorded yet). */
  const store = async (given: ItemInput[]): Promise<boolean> => {
    let batch = given;
    // Only reads: a dry run leaves out the same chats.
    if (vendor === 'channeltalk') batch = await withoutChatsStoredByMessage(db, ws, source, batch, summary);
    if (!batch.length) return false;
    if (opts.dryRun) {
      await dryRunBatch(db, ws, batch, { source, versionKey }, seen, summary, listReject);
      return false;
    }
    // What the batch's write committed, as its hook counted and masked it (the last call: a write
    // retried after a deadlock runs the hook again); added to `summary` once that has committed.
    let committed: { pending: PendingCounts; rejects: VendorImportSummary['rejects']; cancel: string | null } | undefined;
    // The batch's counters and rejects commit with its items (a crash leaves both or neither).
    const within: WithinWrite = async (tx, c, errors) => {
      // Older: skipped by the check before the write (counted in by ingestLatestStates) or by the store's own.
      const pending = { inserted: c.inserted, updated: c.updated, unchanged: c.unchanged, repeated: c.repeated, stale: c.older, rejected: new Set(errors.map((e) => e.index)).size };
      const rejects = errors.map((e) => rejectOf(String(batch[e.index].external_id), e.field, e.message));
      committed = { pending, rejects, cancel: await recordIn(tx, pending, rejects) };
    };
    // An export is a snapshot: a ticket a webhook has since stored in a newer state keeps that state.
    if (versionKey) await ingestLatestStates(db, ws, batch, { source, versionKey, versionIn, importRunId: run.id, within });
    else await ingestItems(db, ws, batch, { importRunId: run.id, within });
    // The pipeline runs the hook in every write it commits: its absence is a bug, not an empty batch.
    if (!committed) throw new Error('the batch was stored without its run counters (the pipeline did not call `within`)');
    const { pending, rejects, cancel } = committed;
    for (const key of ['inserted', 'updated', 'unchanged', 'repeated', 'stale', 'rejected'] as const) summary[key] += pending[key];
    summary.rejects.push(...rejects);
    await recorded(cancel);
    return true;
  };
  let batch: ItemInput[] = [];
  const flush = async () => {
    const full = batch;
    batch = [];
    // Two turns of the event loop before each batch, as importFile does (write-turns.ts): requests
    // that arrived meanwhile are read, and their writes go ahead of this batch — on the embedded
    // database an API call or a webhook waits for one batch at most.
    await nextTurn();
    await nextTurn();
    if (!(await store(full))) await record();
    stopIfAsked();
  };
  try {
    const chunks =
      vendor === 'zendesk'
        ? zendeskChunks(path, source)
        : vendor === 'googleplay'
          ? googlePlayChunks(path, source, ws.timezone)
          : channelTalkChunks(path, source, ws.timezone, format === 'xlsx');
    for await (const chunk of chunks) {
      stopIfAsked();
      if ('error' in chunk) {
        chunkErrors++;
        summary.rejected++;
        listReject(chunk.where, null, chunk.error);
        continue;
      }
      summary.items += chunk.items.length;
      // Ignored entries are listed up to a point (a large export's deleted tickets would be thousands), and grouped by why.
      chunk.ignored.forEach((why, i) => addSkip(summary, why, chunk.ignoredWhere?.[i]));
      for (const item of chunk.items) {
        batch.push(item);
        batched++;
        if (batch.length >= batchSize) await flush();
      }
    }
    await flush();
    await db.query("UPDATE import_runs SET status = 'completed', finished_at = now(), heartbeat_at = now() WHERE id = $1", [run.id]);
    return { ...summary, run_id: run.id, file_name: fileName };
  } catch (error) {
    // A vendor export fails with no reason code (GET /imports `error_reason` null): its message says why.
    await endRunOnError(db, run.id, error);
    throw error;
  }
}

/** Channel Talk's own user-chat columns (English headers of its desk export): no other tool's. */
const CHANNELTALK_MARKS = new Set(['userchatid', 'firstrepliedatafteropen', 'firstopenedat', 'contactmediumtype']);
/**
 * The Korean headers of its desk export: several are common words of any Korean help desk's file
 * (상담 ID, 상담 상태), so four of them are asked for.
 */
const CHANNELTALK_KO_MARKS = new Set(['상담 id', '유저챗 id', '상담 상태', '상담 태그', '상담 설명', '고객 id', '담당자 id', '생성일시', '종료일시', '상담 만족도', '우선순위']);
/** Zendesk ticket fields beside id and subject/description. */
const ZENDESK_MARKS = new Set(['requester_id', 'submitter_id', 'via', 'raw_subject', 'group_id', 'organization_id', 'satisfaction_rating', 'generated_timestamp', 'comments', 'brand_id', 'ticket_form_id']);

/** The file formats each vendor's export comes in. */
export const VENDOR_FORMATS: Record<VendorExport, readonly string[]> = {
  zendesk: ['json', 'jsonl'],
  channeltalk: ['xlsx', 'csv', 'tsv'],
  googleplay: ['csv', 'tsv'],
};

/**
 * Which vendor's export a file looks like, from what a preview read of it (its format, sheets and
 * columns), or null: a workbook with Channel Talk's "UserChat data" sheet, or a table with two of its
 * own user-chat columns or four of its Korean headers; JSON records with a Zendesk ticket's id,
 * subject or description and two more of its fields, or lines that are tickets pages; a table with
 * Play's review-report columns. Only a format the vendor exports in. The import page offers that
 * vendor's reading.
 */
export function recogniseVendorExport(preview: { format: string; sheets: readonly string[]; columns: readonly { name: string }[] }): VendorExport | null {
  const fits = (vendor: VendorExport) => VENDOR_FORMATS[vendor].includes(preview.format);
  if (fits('channeltalk') && preview.sheets.includes('UserChat data')) return 'channeltalk';
  const headers = preview.columns.map((c) => c.name);
  if (fits('googleplay') && isGooglePlayReviewHeader(headers)) return 'googleplay';
  const names = new Set(headers.map((h) => h.replace(/\s+/g, ' ').trim().toLowerCase()));
  const count = (marks: ReadonlySet<string>) => [...names].filter((n) => marks.has(n)).length;
  if (fits('channeltalk') && (count(CHANNELTALK_MARKS) >= 2 || count(CHANNELTALK_KO_MARKS) >= 4)) return 'channeltalk';
  if (fits('zendesk') && (names.has('tickets') || (names.has('id') && (names.has('subject') || names.has('description')) && count(ZENDESK_MARKS) >= 2))) return 'zendesk';
  return null;
}

/**
 * Whether a JSON file's head is Zendesk's: one object holding a `tickets` array (an incremental-export
 * page), or a first line that is a ticket or such a page (the full export, a ticket per line, saved
 * as .json). An ordinary import refuses both (it wants an array of items).
 */
export function looksLikeZendeskJson(head: string): boolean {
  const text = head.replace(/^\ufeff/, '');
  if (/^\s*\{/.test(text) && /"tickets"\s*:\s*\[/.test(text)) return true;
  const first = text.trimStart().split('\n', 1)[0] ?? '';
  try {
    const value: unknown = JSON.parse(first);
    return isTicket(value) || (typeof value === 'object' && value !== null && Array.isArray((value as { tickets?: unknown }).tickets));
  } catch {
    return false;
  }
}
