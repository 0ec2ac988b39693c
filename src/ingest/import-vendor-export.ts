import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import readline from 'node:readline';
import { SoriError } from '../domain/errors.js';
import type { ItemInput } from '../domain/item.js';
import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { mapChannelTalkExport } from './adapters/channeltalk.js';
import { mapZendeskTickets } from './adapters/zendesk.js';
import { detectFormat, readRecords } from './files/read-records.js';
import { ingestItems } from './pipeline.js';
import { ingestLatestStates } from './latest-states.js';
import { ADAPTERS } from './adapters/index.js';
import { prepareItem, storedConversationId } from './prepare-item.js';
import { redactPii } from '../text/pii.js';

export const VENDOR_EXPORTS = ['zendesk', 'channeltalk'] as const;
export type VendorExport = (typeof VENDOR_EXPORTS)[number];

const BATCH = 5_000;
const MAX_IGNORED_LISTED = 1_000;

export interface VendorImportSummary {
  items: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Tickets older than what is stored for them (a webhook delivered a newer state): left alone. */
  stale: number;
  /** Why entries were left out (deleted tickets, non-objects), the first 1,000; `ignoredCount` counts all. */
  ignored: string[];
  ignoredCount: number;
  rejects: { item: string; field: string | null; reason: string }[];
}

/** A file this size or more must be JSON Lines: a single JSON document is parsed whole. */
const MAX_JSON_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** A part of an export as its adapter mapped it, or a line or row that could not be read (`where`: "line 2 / 2번째 줄"). */
type VendorChunk = { items: ItemInput[]; ignored: string[] } | { where: string; error: string };

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
        yield { where: lineAt(n), error: `line ${n} is not JSON / ${n}번째 줄이 JSON이 아닙니다` };
        continue;
      } finally {
        seenContent = true;
      }
      try {
        yield map(value);
      } catch (e) {
        yield { where: lineAt(n), error: `line ${n}: ${(e as Error).message}` };
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
async function* channelTalkChunks(path: string, source: string, timeZone: string): AsyncGenerator<VendorChunk> {
  const xlsx = detectFormat(path) === 'xlsx';
  const unreadable: VendorChunk[] = [];
  const sheet = async (name?: string) => {
    const rows: Record<string, unknown>[] = [];
    let read = name;
    for await (const r of readRecords(path, { sheet: name, timeZone, onInfo: (info) => (read = info.sheet ?? read) })) {
      if (!('error' in r)) rows.push(r.values);
      else {
        const where = xlsx && read ? `${read} row ${r.rowNumber} / ${read} 시트 ${r.rowNumber}행` : `row ${r.rowNumber} / ${r.rowNumber}행`;
        unreadable.push({ where, error: redactPii(r.reason).text });
      }
    }
    return rows;
  };
  const optional = async (name: string) => {
    try {
      return await sheet(name);
    } catch (e) {
      // The export may leave this sheet out; any other failure is the file's.
      if (e instanceof SoriError && e.detail?.reason === 'sheet_not_found') return undefined;
      throw e;
    }
  };
  const userChats = xlsx ? ((await optional('UserChat data')) ?? (await sheet())) : await sheet();
  const messages = xlsx ? await optional('Message data') : undefined;
  const users = xlsx ? await optional('User data') : undefined;
  yield* unreadable;
  // The three sheets are joined by chat, so they are read whole (a desk export is a spreadsheet's size).
  const mapped = mapChannelTalkExport({ userChats: userChats as never, messages: messages as never, users: users as never }, { source, timeZone });
  yield { items: mapped.items, ignored: mapped.ignored ?? [] };
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
    summary.ignoredCount++;
    if (summary.ignored.length < MAX_IGNORED_LISTED) {
      summary.ignored.push(`user chat ${chat}: already stored message by message (webhook); not stored again as one item / 메시지별로 이미 저장된 상담이라 다시 저장하지 않았습니다`);
    }
    return false;
  });
}

/**
 * Imports a vendor's own export file through its adapter (the same mapping as its webhooks), so a
 * team can load its history before connecting the live webhook. Idempotent like every import.
 */
export async function importVendorExport(db: Db, ws: Workspace, vendor: VendorExport, path: string, opts: { source?: string; dryRun?: boolean } = {}): Promise<VendorImportSummary> {
  const source = opts.source ?? vendor;
  const summary: VendorImportSummary = { items: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, stale: 0, ignored: [], ignoredCount: 0, rejects: [] };
  const store = async (given: ItemInput[]) => {
    let batch = given;
    if (opts.dryRun) {
      batch.forEach((item) => {
        const p = prepareItem(item, ws);
        if (!p.ok) {
          summary.rejected++;
          summary.rejects.push({ item: String(item.external_id), field: p.errors[0].field, reason: p.errors.map((e) => e.message).join('; ') });
        }
      });
      return;
    }
    if (vendor === 'channeltalk') batch = await withoutChatsStoredByMessage(db, ws, source, batch, summary);
    if (!batch.length) return;
    // An export is a snapshot: a ticket a webhook has since stored in a newer state keeps that state.
    const r =
      vendor === 'zendesk'
        ? await ingestLatestStates(db, ws, batch, { source, versionKey: ADAPTERS.zendesk.stateVersionKey! })
        : { ...(await ingestItems(db, ws, batch)), stale: [] as string[] };
    summary.stale += r.stale.length;
    summary.inserted += r.inserted;
    summary.updated += r.updated;
    summary.unchanged += r.unchanged;
    summary.rejected += r.rejected;
    for (const e of r.errors) summary.rejects.push({ item: String(batch[e.index].external_id), field: e.field, reason: e.message });
  };
  let batch: ItemInput[] = [];
  const chunks = vendor === 'zendesk' ? zendeskChunks(path, source) : channelTalkChunks(path, source, ws.timezone);
  for await (const chunk of chunks) {
    if ('error' in chunk) {
      summary.rejected++;
      summary.rejects.push({ item: chunk.where, field: null, reason: chunk.error });
      continue;
    }
    summary.items += chunk.items.length;
    // Ignored entries are listed up to a point; a large export's deleted tickets would be thousands.
    for (const why of chunk.ignored) if (summary.ignored.length < MAX_IGNORED_LISTED) summary.ignored.push(why);
    summary.ignoredCount += chunk.ignored.length;
    for (const item of chunk.items) {
      batch.push(item);
      if (batch.length === BATCH) {
        await store(batch);
        batch = [];
      }
    }
  }
  if (batch.length) await store(batch);
  return summary;
}
