import { readFile } from 'node:fs/promises';
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
import { prepareItem } from './prepare-item.js';

export const VENDOR_EXPORTS = ['zendesk', 'channeltalk'] as const;
export type VendorExport = (typeof VENDOR_EXPORTS)[number];

export interface VendorImportSummary {
  items: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Tickets older than what is stored for them (a webhook delivered a newer state): left alone. */
  stale: number;
  ignored: string[];
  rejects: { item: string; field: string | null; reason: string }[];
}

/** Zendesk: a tickets page `{tickets: [...]}`, a JSON array of tickets, or JSONL of pages (incremental export). */
async function zendeskItems(path: string, source: string): Promise<{ items: ItemInput[]; ignored: string[] }> {
  const text = (await readFile(path, 'utf8')).replace(/^\ufeff/, '');
  const pages: unknown[] = [];
  try {
    const whole = JSON.parse(text);
    pages.push(Array.isArray(whole) ? { tickets: whole } : whole);
  } catch {
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      try {
        pages.push(JSON.parse(line));
      } catch {
        throw new SoriError('validation_failed', `line ${i + 1} is not JSON / ${i + 1}번째 줄이 JSON이 아닙니다`);
      }
    });
  }
  const items: ItemInput[] = [];
  const ignored: string[] = [];
  for (const page of pages) {
    const mapped = mapZendeskTickets(page, { source });
    items.push(...mapped.items);
    ignored.push(...(mapped.ignored ?? []));
  }
  return { items, ignored };
}

/**
 * Channel Talk desk export: the XLSX with "UserChat data", "Message data" and "User data" sheets,
 * or the user-chat sheet alone as CSV. Its times carry no offset: read in the workspace's zone.
 */
async function channelTalkItems(path: string, source: string, timeZone: string): Promise<{ items: ItemInput[]; ignored: string[] }> {
  const sheet = async (name?: string) => {
    const rows: Record<string, unknown>[] = [];
    for await (const r of readRecords(path, { sheet: name, timeZone })) if (!('error' in r)) rows.push(r.values);
    return rows;
  };
  const optional = async (name: string) => {
    try {
      return await sheet(name);
    } catch {
      return undefined; // the export may leave this sheet out
    }
  };
  const xlsx = detectFormat(path) === 'xlsx';
  const userChats = xlsx ? ((await optional('UserChat data')) ?? (await sheet())) : await sheet();
  const messages = xlsx ? await optional('Message data') : undefined;
  const users = xlsx ? await optional('User data') : undefined;
  return mapChannelTalkExport({ userChats: userChats as never, messages: messages as never, users: users as never }, { source, timeZone });
}

/**
 * Imports a vendor's own export file through its adapter (the same mapping as its webhooks), so a
 * team can load its history before connecting the live webhook. Idempotent like every import.
 */
export async function importVendorExport(db: Db, ws: Workspace, vendor: VendorExport, path: string, opts: { source?: string; dryRun?: boolean } = {}): Promise<VendorImportSummary> {
  const source = opts.source ?? vendor;
  const { items, ignored } = vendor === 'zendesk' ? await zendeskItems(path, source) : await channelTalkItems(path, source, ws.timezone);
  const summary: VendorImportSummary = { items: items.length, inserted: 0, updated: 0, unchanged: 0, rejected: 0, stale: 0, ignored, rejects: [] };
  for (let i = 0; i < items.length; i += 5_000) {
    const batch = items.slice(i, i + 5_000);
    if (opts.dryRun) {
      batch.forEach((item) => {
        const p = prepareItem(item, ws);
        if (!p.ok) {
          summary.rejected++;
          summary.rejects.push({ item: String(item.external_id), field: p.errors[0].field, reason: p.errors.map((e) => e.message).join('; ') });
        }
      });
      continue;
    }
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
  }
  return summary;
}
