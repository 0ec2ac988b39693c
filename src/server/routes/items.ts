import { PassThrough, Readable } from 'node:stream';
import type { Hono } from 'hono';
import { z } from 'zod';
import { SoriError } from '../../domain/errors.js';
import { SENTIMENT_LABELS } from '../../text/sentiment.js';
import { CHANNELS, HANDLED_BY, inInstantRange, ITEM_INPUT_FIELDS, ITEM_KINDS, ITEM_STATUSES, PII_KINDS, itemInputSchema, parseTimestamp, SOURCE_VERSION_FIELD } from '../../domain/item.js';
import { addDays, isLocalDay } from '../../domain/local-day.js';
import { ingestSourceStates, staleCount } from '../../ingest/latest-states.js';
import { createRecordWriter, type ExportFormat } from '../../ingest/files/write-records.js';
import { EXPORT_COLUMNS, exportRow } from '../../ingest/export-items.js';
import { labelledHeaders, labelRow } from '../../ingest/export-labels.js';
import { localDayOf } from '../../domain/local-day.js';
import { fillMissingReasons } from '../../insights/churn.js';
import { ensureSlaDueDates } from '../../insights/sla.js';
import type { Db } from '../../store/db.js';
import { CHURN_REASON_FILTERS, getItem, iterateItems, listItems, matchingItemIds, parseCursor, SLA_FILTERS, summarizeItems, type ItemFilter } from '../../store/queries/list-items.js';
import { deleteItems, MAX_DELETE } from '../../removal/remove-items.js';
import { listItemSources, MAX_LISTED_SOURCES } from '../../store/queries/list-item-sources.js';
import { customerRefOf } from '../../ingest/prepare-item.js';
import { listItemTypes, resolveTypeNames } from '../../store/queries/item-types.js';
import type { Workspace } from '../../store/queries/workspaces.js';
import { bigIdDoc, CSV_TYPE, instantDoc, NDJSON_TYPE, XLSX_TYPE, type RouteDoc } from '../openapi.js';
import { problem } from '../problem.js';
import { csvEnum, csvList, defineRoute, idParam, issueMessage, type Deps } from '../route.js';

export const MAX_BATCH = 10_000;

/** How a comma-list filter of fixed values is documented: its values (the schema itself is a string). */
export const oneOrMoreOf = (values: readonly string[], what?: string) =>
  `${what ? `${what}; ` : ''}comma-separated, each one of: ${values.join(', ')} (e.g. ${values.slice(0, 2).join(',')})`;

/** The item filters of `GET /items` (also a bulk correction's `filter`). */
export const filterQuery = z.object({
  channel: csvEnum(CHANNELS).describe(oneOrMoreOf(CHANNELS, 'channels')),
  kind: csvEnum(ITEM_KINDS).describe(oneOrMoreOf(ITEM_KINDS, 'kinds')),
  status: csvEnum(ITEM_STATUSES).describe(oneOrMoreOf(ITEM_STATUSES, 'conversation statuses')),
  source: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  from: z.string().max(40).optional().describe('YYYY-MM-DD (workspace time zone) or ISO 8601'),
  to: z.string().max(40).optional().describe('YYYY-MM-DD inclusive, or ISO 8601 exclusive'),
  import_run: z.string().regex(/^\d{1,18}$/).optional().describe('items written by this import run'),
  type: csvList.describe('type keys or names (bug, 버그, Delivery), uncertain, none; an unknown one is refused'),
  topic: csvList.describe('topic ids; "none" = items without a topic'),
  sentiment: csvEnum([...SENTIMENT_LABELS, 'none']).describe(oneOrMoreOf([...SENTIMENT_LABELS, 'none'], 'sentiments; none = not given a sentiment yet')),
  dup_group: z.string().regex(/^\d{1,18}$/).optional().describe('items of one duplicate group'),
  duplicate: z
    .enum(['true'])
    .optional()
    .describe('true: duplicates as the Overview’s duplicate share counts them — items on a channel that expects an answer whose near-duplicate group has another item from the 7 days before (reviews and survey answers are never duplicates)'),
  segment: csvList.describe('customer segments, e.g. VIP,신규'),
  customer: z
    .string()
    .max(100)
    .optional()
    .describe('one customer’s items: their pseudonymous reference (customer_ref, e.g. c_v3YxCC7pC7-sljR2), as items show it, or their id in your systems (customer_id as sent: pseudonymised the same way)'),
  sla: z
    .enum(SLA_FILTERS)
    .optional()
    .describe(
      'items late on an SLA target, as the SLA report counts them (answerable channels): breached (any target), breached_first_response, breached_resolution, or open_overdue (not done and past a deadline now); or unrecorded_first_response / unrecorded_resolution: done by their status without the target’s time (the report’s unrecorded, 해결 시각 없음)',
    ),
  has_score: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: items with an NPS score (0–10), whatever their kind, as the NPS report counts them; false: items without one'),
  // .optional() (unlike the csv filters above): sori export builds this query by hand and need not name the key.
  churn_reason: csvEnum(CHURN_REASON_FILTERS).optional().describe(
    `items with these churn reasons, as the churn report counts them (cancellations, and account items that leave the service — 회원 탈퇴; unknown = no known reason; order = an order cancelled, refunded or returned — not churn; churn = every reason but order); ${oneOrMoreOf(CHURN_REASON_FILTERS)}`,
  ),
});

/** Turns query strings into a filter; a bare day is a whole day in the workspace's time zone. */
export function toFilter(q: z.output<typeof filterQuery>, timeZone: string): ItemFilter {
  const bound = (value: string | undefined, name: string, endOfDay: boolean): Date | undefined => {
    if (!value) return undefined;
    // Without an offset ("2026-11-01", "2026-11-01 10:00") it is the workspace's wall-clock time;
    // a bare day's end is the next local midnight (23 or 25 hours away on a DST change).
    const date = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? isLocalDay(value)
        ? parseTimestamp(`${endOfDay ? addDays(value, 1) : value} 00:00`, timeZone)
        : null
      : parseTimestamp(value, timeZone);
    if (!date || !inInstantRange(date)) {
      // An offset's + arrives as a space when it is not percent-encoded (…T00:30:00 09:00).
      const plus = /\d \d{2}:?\d{2}$/.test(value) ? ' (an offset’s + must be sent as %2B / 시간대의 +는 %2B로 보내세요)' : '';
      const message = `not a date from 1970 to 2199 / 1970–2199년의 날짜가 아닙니다${plus}`;
      throw new SoriError('validation_failed', `${name}: ${message}`, { errors: [{ field: name, message }] });
    }
    return date;
  };
  return {
    channel: q.channel,
    kind: q.kind,
    status: q.status,
    source: q.source,
    q: q.q,
    importRun: q.import_run,
    type: q.type,
    topic: q.topic,
    sentiment: q.sentiment,
    dupGroup: q.dup_group,
    duplicate: q.duplicate === 'true' || undefined,
    segment: q.segment,
    customer: q.customer?.trim() || undefined,
    sla: q.sla,
    churnReason: q.churn_reason,
    hasScore: q.has_score === undefined ? undefined : q.has_score === 'true',
    from: bound(q.from, 'from', false),
    to: bound(q.to, 'to', true),
  };
}

/**
 * The SLA and churn filters read per-item facts the reports fill in lazily (deadlines after a
 * settings change, reasons of items typed as cancellations later): fill them first, as the reports do.
 */
export async function prepareFilter(db: Db, workspace: Workspace, filter: ItemFilter): Promise<ItemFilter> {
  if (filter.sla) await ensureSlaDueDates(db, workspace);
  if (filter.churnReason?.length) await fillMissingReasons(db, workspace.id);
  // Types by key or by name (버그, Delivery), as `sori export --type` reads them; an unknown one is
  // refused (it matched nothing, silently) with the workspace's types listed.
  if (filter.type?.length) {
    const r = await resolveTypeNames(db, workspace.id, filter.type);
    if (!r.ok) {
      const message = r.several.length
        ? `type ${r.value} names several types (${r.several.join(', ')}): give the key / 여러 유형의 이름입니다. 유형 키로 주세요`
        : `unknown type ${r.value}; one of ${[...r.types.map((x) => `${x.key} (${x.ko} / ${x.en})`), 'uncertain', 'none'].join(', ')} / 알 수 없는 유형입니다`;
      throw new SoriError('validation_failed', `type: ${message}`, { errors: [{ field: 'type', message }] });
    }
    filter = { ...filter, type: r.keys };
  }
  // The customer's own id in the team's systems finds their items too: pseudonymised as stored.
  if (filter.customer) filter = { ...filter, customer: customerRefOf(workspace, filter.customer) };
  return filter;
}

/**
 * A body's `filter` (the query keys of GET /items, strictly) as the items it matches, at most
 * `max` (more: 400 too_many); every refused key named under `filter.` (filter.from).
 */
export async function itemsMatchingBodyFilter(db: Db, workspace: Workspace, filter: Record<string, string>, max: number): Promise<string[]> {
  // One validation error naming each refused field under `filter.`; a bad date names its field as the list's query does.
  const filterProblem = (fieldErrors: { field: string; message: string }[]) => {
    const errors = fieldErrors.map((e) => ({ ...e, field: `filter.${e.field}` }));
    return new SoriError('validation_failed', `filter: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { errors });
  };
  const parsed = filterQuery.strict().safeParse(filter);
  if (!parsed.success) {
    throw filterProblem(parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : ''), message: issueMessage(issue) })));
  }
  let bounded: ItemFilter;
  try {
    bounded = await prepareFilter(db, workspace, toFilter(parsed.data, workspace.timezone));
  } catch (error) {
    if (!(error instanceof SoriError) || !Array.isArray(error.detail?.errors)) throw error;
    throw filterProblem(error.detail.errors as { field: string; message: string }[]);
  }
  const ids = await matchingItemIds(db, workspace.id, bounded, max + 1);
  if (ids.length > max) {
    throw new SoriError(
      'validation_failed',
      `more than ${max.toLocaleString('en')} items match: narrow the filter / ${max.toLocaleString('ko')}건이 넘게 해당합니다. 조건을 좁혀 주세요`,
      { field: 'filter', reason: 'too_many' },
    );
  }
  return ids;
}

/** `POST /items/delete`: chosen ids, or every item a filter matches, with the count the admin was shown. */
const deleteItemsBody = z
  .object({
    ids: z
      .array(z.string().regex(/^\d{1,18}$/, 'an item id (digits) / 항목 id(숫자)'))
      .min(1)
      .max(MAX_DELETE)
      .optional()
      .describe('the items to delete'),
    filter: z
      .record(z.string(), z.string())
      .optional()
      .describe('or every item these filters match — the query keys of GET /items (e.g. {"source": "test-upload", "from": "2026-11-01"})'),
    expected_count: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'how many items the admin was shown (required with a filter unless dry_run; with ids, optional: ids no longer there are listed in not_found): when another number of them is found now, nothing is deleted (409 count_changed) / 화면에서 본 건수',
      ),
    dry_run: z.boolean().optional().describe('true: only count what would be deleted (matched, corrected, not_found)'),
  })
  .strict()
  .refine((b) => (b.ids === undefined) !== (b.filter === undefined), 'give either ids or filter / ids와 filter 중 하나를 주세요')
  .refine((b) => b.dry_run || b.ids !== undefined || b.expected_count !== undefined, {
    message: 'give expected_count: how many items you were shown / 화면에서 본 삭제 건수(expected_count)를 주세요',
    path: ['expected_count'],
  });

const deleteItemsAnswer = z.object({
  dry_run: z.boolean(),
  matched: z.number().int().describe('items found: deleted, or to delete on a dry run'),
  deleted: z.number().int(),
  corrected: z.number().int().describe('of those, items with an operator label correction (the corrections are deleted with them; the next model will not learn from them)'),
  not_found: z.array(bigIdDoc).describe('ids given that are not items of this workspace: nothing done to them'),
});

/** 409 count_changed as documented: the number found now (count) and the one sent (expected). */
export const countChangedDoc = {
  description: 'count_changed: another number of items would be deleted now (count) than expected_count; nothing was deleted',
  contentType: 'application/problem+json',
  schema: z.looseObject({ type: z.string(), title: z.string(), status: z.literal(409), detail: z.string(), code: z.literal('count_changed'), count: z.number().int(), expected: z.number().int() }),
};

const KNOWN_FIELDS: ReadonlySet<string> = new Set(ITEM_INPUT_FIELDS);

/** One item object, or `{"items": [...]}`: each shape wrong in its own words (zod's union says only "Invalid input"). */
const itemsBody = z.unknown().transform((v, ctx): { items: unknown[] } | Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    ctx.addIssue({
      code: 'custom',
      message: `send one item as a JSON object, or a batch as {"items": [...]}${Array.isArray(v) ? ' (not a bare array)' : ''} / 항목 하나는 JSON 객체로, 여러 개는 {"items": [...]}로 보내세요`,
    });
    return z.NEVER;
  }
  // A batch is {"items": [...]}; an object with item fields is one item, whatever else it carries
  // (an order's line items under "items" are then an unknown field, warned about, not a batch).
  if (!('items' in v) || Object.keys(v).some((key) => KNOWN_FIELDS.has(key))) return v as Record<string, unknown>;
  const items = (v as { items: unknown }).items;
  if (!Array.isArray(items) || items.length < 1 || items.length > MAX_BATCH) {
    ctx.addIssue({
      code: 'custom',
      path: ['items'],
      message: `a batch is {"items": [...]} with 1–${MAX_BATCH.toLocaleString('en')} items${Array.isArray(items) ? `, not ${items.length.toLocaleString('en')}` : ''} / 한 번에 1–${MAX_BATCH.toLocaleString('en')}개를 보내세요`,
    });
    return z.NEVER;
  }
  // What else the wrapper holds ({"dry_run": true, "items": [...]}) is not read: said so in the answer.
  const ignored = Object.keys(v).filter((key) => key !== 'items');
  return ignored.length ? { items, ignored } : { items };
});

/** Most unknown-field warnings one answer lists (a batch of 10,000 items all with the same typo). */
export const MAX_WARNINGS = 1_000;

/**
 * A field of an item that was not stored because no item field has its name (a typo: `ratting`),
 * or an item not stored because its record's stored state is newer (`stale`).
 */
export interface FieldWarning {
  /** null for a key of the batch wrapper itself. */
  index: number | null;
  field: string;
  code: 'unknown_field' | 'stale';
  message: string;
}

/** The fields of each input object that are not item fields: ignored, and said so. */
export function unknownFieldWarnings(inputs: unknown[]): FieldWarning[] {
  const warnings: FieldWarning[] = [];
  for (let index = 0; index < inputs.length && warnings.length < MAX_WARNINGS; index++) {
    const input = inputs[index];
    if (input === null || typeof input !== 'object' || Array.isArray(input)) continue;
    for (const field of Object.keys(input)) {
      if (KNOWN_FIELDS.has(field)) continue;
      warnings.push({
        index,
        field: field.slice(0, 100),
        code: 'unknown_field',
        message: 'not an item field; ignored (put extra data in metadata) / 항목 필드가 아니라 무시했습니다(추가 정보는 metadata에 넣으세요)',
      });
      if (warnings.length >= MAX_WARNINGS) break;
    }
  }
  return warnings;
}

/** Text as the API takes it: a string, or a number written out (a spreadsheet's cell). */
// A number is written out as text; an integer past 2^53 − 1 is refused (JSON has already rounded it: send it as a string).
const textDoc = (max: number, what: string) =>
  z.union([z.string().max(max), z.number().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)]).optional().describe(`${what}; a number is written out as text, an integer beyond ±(2^53 − 1) is refused — send large ids as strings`);
const timeDoc = (what: string) =>
  z
    .union([z.string(), z.number()])
    .describe(`${what}: ISO 8601 with an offset as given; without one (2026-11-01 10:00, 2026. 11. 1. 오후 3시) the workspace's wall-clock time (default Asia/Seoul); a number is epoch seconds or milliseconds, or a spreadsheet's serial day`);

/**
 * One item as documented: the fields `itemInputSchema` validates, with the types it takes
 * (its transforms say nothing to JSON Schema: text fields would be documented as anything).
 */
export const itemDocSchema = z.object({
  ...itemInputSchema.shape,
  external_id: textDoc(200, "the sender's id: a re-send with the same (source, external_id) updates the item; without one, an id derived from the content"),
  created_at: timeDoc('when the customer said it'),
  text: z
    .union([z.string().max(100_000), z.number()])
    .optional()
    .describe(
      'what the customer said (personal data is masked before it is stored). Required, except for a survey answer or review (kind survey_response or review, ' +
        'or channel survey, review or app_store) given a score or rating and no title: stored with empty text, counted in NPS and ratings, not read for type, topic or sentiment ' +
        '/ 본문. 필수이지만, 점수·별점만 있는 설문 응답과 리뷰는 본문 없이 저장합니다',
    ),
  title: textDoc(100_000, 'subject; cut to 500 characters'),
  language: textDoc(10, 'ISO 639-1 (ko, en); guessed when absent'),
  customer_id: textDoc(200, "the customer's id in the sender's system (stored pseudonymised)"),
  customer_segment: textDoc(100, 'e.g. VIP, 신규'),
  customer_plan: textDoc(100, 'e.g. premium'),
  rating: z.union([z.number().int().min(1).max(5), z.string()]).optional().describe('stars 1–5 (a string of digits is read as its number)'),
  score: z.union([z.number().int().min(0).max(10), z.string()]).optional().describe('NPS score 0–10 (a string of digits is read as its number)'),
  order_ref: textDoc(200, 'order number'),
  product_ref: textDoc(200, 'product code'),
  metadata: z.record(z.string(), z.unknown()).optional().describe('free JSON object (personal data masked at any depth; at most 16 levels)'),
  assignee: textDoc(200, 'agent'),
  first_response_at: timeDoc('first answer to the customer').optional(),
  resolved_at: timeDoc('when it was resolved').optional(),
  reopened_count: z.union([z.number().int().min(0).max(10_000), z.string()]).optional(),
  source_updated_at: timeDoc(
    "when your system last changed this record (its own updated_at). Optional: with it, an item older than the record's stored source_updated_at " +
      'is not stored (a late or retried delivery cannot roll the record back; answer: stale, and a warning with code stale); an equal one is stored ' +
      '(an identical re-send stays unchanged); without it the later write wins. Kept as metadata.source_updated_at. ' +
      '/ 보내는 시스템에서 이 레코드를 마지막으로 바꾼 시각. 저장된 것보다 오래된 항목은 저장하지 않습니다(stale)',
  ).optional(),
});

/** One item's error or warning in an ingest answer. */
export const ingestItemErrorDoc = z.object({
  index: z.number().int().nullable().describe("the item's 0-based position in the batch; null for a warning about the batch wrapper's own keys (anything but items)"),
  field: z.string().nullable().describe('the field, or null when the whole item is wrong'),
  code: z.string().describe('stable: invalid_value, invalid_type, invalid_field, not_an_object, unknown_field, stale …'),
  message: z.string().describe('why, in English / Korean'),
});
const ingestAnswerDoc = z.object({
  received: z.number().int(),
  accepted: z.number().int().describe('stored or left unchanged'),
  rejected: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int().describe('identical re-sends, not written'),
  repeated: z.number().int().describe('an identity repeated within the batch: one is stored (the later, unless it carries an older source_updated_at)'),
  stale: z
    .number()
    .int()
    .describe("items not stored because their source_updated_at is older than their record's stored one (or a later copy in the batch); each has a warning with code stale"),
  errors: z.array(ingestItemErrorDoc).describe('why each rejected item was rejected'),
  warnings: z
    .array(ingestItemErrorDoc)
    .describe(
      `stale items (code stale, field source_updated_at), then fields that are not item fields, ignored (code unknown_field, at most ${MAX_WARNINGS.toLocaleString('en')})`,
    ),
});

/** An item as the API answers it (store/queries/list-items.ts ItemView); `#/components/schemas/Item`. */
export const itemSchema = z
  .object({
    id: bigIdDoc.describe("the item's id in Sori: a string of digits (a bigint)"),
    workspace_id: z.number().int().describe("the workspace's id: a number"),
    channel: z.enum(CHANNELS),
    source: z.string().describe('the sending system (channeltalk, zendesk, upload …)'),
    external_id: z.string().describe("the sender's id (with source, the item's identity)"),
    kind: z.enum(ITEM_KINDS),
    created_at: instantDoc.describe('when the customer said it'),
    received_at: instantDoc.describe('when Sori first stored it'),
    updated_at: instantDoc.describe('when Sori last wrote it'),
    title: z.string().nullable(),
    text: z.string().describe('what the customer said, personal data masked ([전화번호] …)'),
    language: z.string().nullable(),
    pii_kinds: z.array(z.enum(PII_KINDS)).describe('kinds of personal data masked in it'),
    customer_ref: z.string().nullable().describe("the customer's pseudonym (c_…), never the customer_id sent"),
    customer_segment: z.string().nullable(),
    customer_plan: z.string().nullable(),
    rating: z.number().int().nullable().describe('stars 1–5'),
    score: z.number().int().nullable().describe('NPS score 0–10'),
    order_ref: z.string().nullable(),
    product_ref: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()).describe('the free JSON object sent (masked), with source_updated_at when given'),
    status: z.enum(ITEM_STATUSES).nullable(),
    assignee: z.string().nullable(),
    first_response_at: instantDoc.nullable(),
    resolved_at: instantDoc.nullable(),
    reopened_count: z.number().int(),
    handled_by: z.enum(HANDLED_BY).nullable(),
    type: z.string().nullable().describe('type key of the workspace taxonomy (GET /taxonomy/types)'),
    type_confidence: z.number().nullable(),
    type_source: z.string().nullable().describe('what gave the type: default_model, model, rule, correction …'),
    topic_id: bigIdDoc.nullable().describe("the topic's id: a string of digits"),
    topic_name: z.string().nullable(),
    topic_source: z.string().nullable(),
    topic_rule: z.string().nullable().describe('the rule pattern that gave the topic'),
    topic_confidence: z.number().nullable(),
    sentiment: z.enum(SENTIMENT_LABELS).nullable(),
    sentiment_score: z.number().nullable(),
    dup_group: bigIdDoc.nullable().describe('duplicate group: a string of digits (filter dup_group); null when it has no near-duplicate'),
    model_version: z.string().nullable(),
    enriched_at: instantDoc.nullable(),
    locked_labels: z.array(z.string()).describe('labels an operator corrected (type, topic, sentiment): re-classification leaves them alone'),
    dup_group_size: z.number().int().optional().describe("items in this item's duplicate group; present only when dup_group is set (absent, not 1, without one)"),
  })
  .meta({ id: 'Item', description: 'An item as stored: personal data masked, the customer pseudonymised, with its labels' });

const itemPageSchema = z.object({
  items: z.array(itemSchema),
  next_cursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});

const summarySchema = z.object({
  total: z.number().int(),
  by_channel: z.array(z.object({ channel: z.enum(CHANNELS), count: z.number().int() })),
  by_day: z.array(z.object({ day: z.string().meta({ format: 'date' }).describe('YYYY-MM-DD in the workspace time zone'), count: z.number().int() })),
});

/** Items: ingest one or a batch, list, summarize, export, get one. */
export function itemRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/items',
      operationId: 'ingestItems',
      tag: 'items',
      summary: 'Ingest one item or a batch of up to 10,000 ({"items": [...]}); idempotent on (source, external_id)',
      access: 'ingest',
      body: itemsBody,
      // A NUL in an item is that item's business (prepare-item strips it), not the request's.
      itemsBody: true,
      docBody: z.union([itemDocSchema, z.object({ items: z.array(itemDocSchema).min(1).max(MAX_BATCH) })]),
      responses: {
        '200': {
          description: 'every item stored (inserted, updated, or unchanged when identical) or skipped as stale (older than its stored state); warnings name fields that were ignored and stale items',
          schema: ingestAnswerDoc,
        },
        '207': { description: 'some items rejected, the others stored (or skipped as stale); errors: [{index, field, code, message}]', schema: ingestAnswerDoc },
        '422': {
          description: 'every item rejected: problem+json with code items_rejected and the same fields (errors per item)',
          schema: ingestAnswerDoc.extend({ type: z.string(), title: z.string(), status: z.literal(422), detail: z.string(), code: z.literal('items_rejected') }),
          contentType: 'application/problem+json',
        },
      },
    },
    async ({ c, body, workspace, deps: { db } }) => {
      const batch = 'items' in body && Array.isArray(body.items) && !Object.keys(body).some((key) => KNOWN_FIELDS.has(key));
      const inputs = batch ? (body.items as unknown[]) : [body];
      const wrapperWarnings = batch ? ((body as { ignored?: string[] }).ignored ?? []).map((key): FieldWarning => ({
        index: null,
        field: key.slice(0, 100),
        code: 'unknown_field',
        message: 'not read: a batch is {"items": [...]} and nothing else (a dry run is POST /imports with dry_run) / 읽지 않았습니다: 묶음은 {"items": [...]}만 받습니다',
      })) : [];
      // Concurrent small calls share one statement (ingest-queue.ts); only items with
      // source_updated_at are checked against their stored state (latest-states.ts).
      const stored = await ingestSourceStates(db, workspace, inputs);
      const { stale, staleIndex, older: _older, ...counts } = stored;
      const staleWarnings = stale.map((message, i): FieldWarning => ({ index: staleIndex[i]!, field: SOURCE_VERSION_FIELD, code: 'stale', message }));
      const result = { ...counts, stale: staleCount(stored), warnings: [...wrapperWarnings, ...staleWarnings, ...unknownFieldWarnings(inputs)] };
      // Every item rejected; not when some were only stale (their record's newer state is stored).
      if (result.rejected === result.received) {
        // A refusal is a problem like any other error, with the per-item reasons beside it.
        return problem(c, 422, 'items_rejected', `every item was rejected (${result.rejected}); see errors / 모든 항목이 거부되었습니다. errors를 확인하세요`, result);
      }
      return c.json(result, (result.rejected ? 207 : 200) as 200);
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/items/delete',
      operationId: 'deleteItems',
      tag: 'items',
      summary:
        `Delete items (admin): chosen ids, or every item a filter matches (at most ${MAX_DELETE.toLocaleString('en')}), in one transaction; their label corrections, ` +
        'daily counts, duplicate flags and kept conversation updates follow. expected_count is the number the admin was shown: another number now deletes nothing (409 count_changed). dry_run: true only counts. Audited (items.delete)',
      access: 'admin',
      body: deleteItemsBody,
      responses: {
        '200': { description: 'deleted (or counted, on a dry run)', schema: deleteItemsAnswer },
        '409': countChangedDoc,
      },
    },
    async ({ body, actor, workspace, deps: { db } }) => {
      const ids = body.filter ? await itemsMatchingBodyFilter(db, workspace, body.filter, MAX_DELETE) : body.ids!;
      return deleteItems(db, workspace, ids, {
        expectedCount: body.expected_count,
        dryRun: body.dry_run,
        actor: actor.label,
        auditDetail: body.filter ? { filter: body.filter } : { ids: new Set(ids).size },
      });
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/items/summary', operationId: 'summarizeItems', tag: 'items', summary: 'Totals by channel and by day for a filter', access: 'read', query: filterQuery, response: summarySchema },
    async ({ query, workspace, deps: { db } }) =>
      summarizeItems(db, workspace.id, workspace.timezone, await prepareFilter(db, workspace, toFilter(query, workspace.timezone))),
  );

  const exportQuery = filterQuery.extend({
    format: z.enum(['csv', 'xlsx', 'jsonl']).default('csv'),
    labels: z
      .enum(['ko', 'en'])
      .optional()
      .describe('CSV/XLSX for people: columns by the names the screens use and coded values by name (채널 1:1 문의, 상태 해결, 문의 유형 버그); without it, field names and codes — the file to import again'),
  });
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/items/export',
      operationId: 'exportItems',
      tag: 'items',
      summary: 'Export matching items as CSV, XLSX or JSONL (redacted text, formula-injection guarded)',
      access: 'read',
      query: exportQuery,
      responseDescription: 'the items as a file (Content-Disposition: attachment): format=csv text/csv (UTF-8), xlsx a workbook, jsonl one JSON object a line',
      produces: [CSV_TYPE, XLSX_TYPE, NDJSON_TYPE],
    },
    async ({ query, workspace, deps: { db } }) => {
      const filter = await prepareFilter(db, workspace, toFilter(query, workspace.timezone));
      const format = query.format as ExportFormat;
      if (query.labels && format === 'jsonl') {
        throw new SoriError('validation_failed', 'labels is for csv and xlsx; JSONL keeps field names and codes / labels는 csv·xlsx에만 씁니다', {
          errors: [{ field: 'labels', message: 'not with format=jsonl / format=jsonl에는 쓸 수 없습니다' }],
        });
      }
      const labels = query.labels;
      const types = labels ? await listItemTypes(db, workspace.id) : [];
      const headers = labels ? labelledHeaders(labels) : EXPORT_COLUMNS;
      const out = new PassThrough();
      const writer = createRecordWriter(format, out, headers, { timeZone: workspace.timezone });
      (async () => {
        for await (const item of iterateItems(db, workspace.id, filter)) {
          const row = exportRow(item, format as ExportFormat);
          if (!labels) await writer.write(row);
          else {
            const named = labelRow(row, labels, types);
            await writer.write(Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [headers[i]!, named[c]])));
          }
        }
        await writer.close();
      })().catch((error) => out.destroy(error));
      const type = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', jsonl: 'application/x-ndjson' }[format];
      // The workspace's own date (an export at 08:15 in Seoul is that day's, not yesterday's in UTC).
      const name = `sori-${workspace.slug}-items-${localDayOf(new Date(), workspace.timezone)}.${format}`;
      return new Response(Readable.toWeb(out) as ReadableStream, {
        headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
      });
    },
  );

  const listQuery = filterQuery.extend({
    cursor: z
      .string()
      .max(200)
      .refine((c) => parseCursor(c) !== null, 'not a cursor this API gave (pass next_cursor as it is) / 이 API가 준 커서가 아닙니다(next_cursor를 그대로 보내세요)')
      .optional()
      .describe('next_cursor of the page before'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  });
  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/items', operationId: 'listItems', tag: 'items', summary: 'List items newest first, filtered, with cursor pagination', access: 'read', query: listQuery, response: itemPageSchema },
    async ({ query, workspace, deps: { db } }) =>
      listItems(db, workspace.id, await prepareFilter(db, workspace, toFilter(query, workspace.timezone)), { cursor: query.cursor, limit: query.limit }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/items/sources',
      operationId: 'listItemSources',
      tag: 'items',
      summary: 'The sources of the workspace’s items (the `source` filter’s values: kakaotalk, channeltalk, zendesk, an import’s source …), in order',
      access: 'read',
      response: z.object({ sources: z.array(z.string()).describe(`at most ${MAX_LISTED_SOURCES}`) }),
    },
    async ({ workspace, deps: { db } }) => ({ sources: await listItemSources(db, workspace.id) }),
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/items/:id', operationId: 'getItem', tag: 'items', summary: 'One item', access: 'read', params: z.object({ id: idParam() }), response: z.object({ item: itemSchema }) },
    async ({ params, workspace, deps: { db } }) => {
      const item = await getItem(db, workspace.id, params.id);
      if (!item) throw new SoriError('not_found', `no item ${params.id} / 항목이 없습니다`);
      return { item };
    },
  );
}
