/**
 * The dashboard's only way to the server: same-origin JSON under /api/v1, session cookie,
 * RFC 9457 problem+json errors turned into `ApiError`.
 */

export const API_BASE = '/api/v1';

export const CHANNELS = [
  'chat', 'phone', 'email', 'board', 'survey', 'review', 'app_store', 'social', 'chatbot', 'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const ITEM_KINDS = ['inquiry', 'review', 'survey_response', 'chatbot_session', 'note'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export type Role = 'admin' | 'operator' | 'viewer';

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** The type stored when the model's confidence is below the workspace's threshold. */
export const UNCERTAIN_TYPE = 'uncertain';

/** Where a label came from: a model, a topic rule, or an operator's correction. */
export type LabelSource = 'model' | 'default_model' | 'rule' | 'correction';

export interface User {
  id: number | string;
  email: string;
  name: string | null;
  role: Role;
}

export interface Workspace {
  id: number | string;
  slug: string;
  name: string;
  timezone: string;
  is_demo: boolean;
}

export interface Me {
  user: User;
  workspace: Workspace;
  /** What this server takes: the largest file the import page may upload (SORI_MAX_UPLOAD_MB). */
  limits: { upload_bytes: number };
}

/** One customer voice as the API returns it; enrichment fields may still be null. */
export interface Item {
  id: string;
  workspace_id: number | string;
  channel: string;
  source: string;
  external_id: string | null;
  kind: string;
  created_at: string;
  received_at: string | null;
  title: string | null;
  text: string;
  language: string | null;
  pii_kinds: string[] | null;
  customer_ref: string | null;
  customer_segment: string | null;
  customer_plan: string | null;
  rating: number | null;
  score: number | null;
  order_ref: string | null;
  product_ref: string | null;
  metadata: Record<string, unknown> | null;
  status: string | null;
  assignee: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  reopened_count: number | null;
  handled_by: string | null;
  /** A type key from the taxonomy, or "uncertain" when the model was not sure enough. */
  type: string | null;
  type_confidence: number | null;
  type_source: LabelSource | null;
  topic_id: string | null;
  topic_name: string | null;
  topic_source: LabelSource | null;
  /** The topic rule that fired, e.g. "keyword:배송" (only when `topic_source` is "rule"). */
  topic_rule: string | null;
  topic_confidence: number | null;
  sentiment: Sentiment | null;
  /** −1 (negative) … 1 (positive). */
  sentiment_score: number | null;
  /** Id of the duplicate group's first item; null for an item with no near-duplicates. */
  dup_group: string | null;
  /** Items in the duplicate group (1 = no duplicate). */
  dup_group_size?: number;
  model_version: string | null;
  enriched_at: string | null;
  /** Labels an operator corrected ("type", "topic", "sentiment"): re-classification keeps them. */
  locked_labels: string[] | null;
}

export interface ItemPage {
  items: Item[];
  next_cursor: string | null;
}

export interface ItemSummary {
  total: number;
  by_channel: { channel: string; count: number }[];
  by_day: { day: string; count: number }[];
}

/** Filters as the API takes them: `from`/`to` are ISO instants, `to` exclusive. */
export interface ItemQuery {
  channel?: string;
  kind?: string;
  source?: string;
  q?: string;
  from?: string;
  to?: string;
  /** Items written by one import run. */
  import_run?: string;
  /** Comma lists: type keys ("uncertain" included), topic ids ("none" = no topic), sentiments. */
  type?: string;
  topic?: string;
  sentiment?: string;
  /** Customer segments, comma list. */
  segment?: string;
  /** Items of one duplicate group. */
  dup_group?: string;
  /** "true": duplicates as the Overview's duplicate share counts them (items/duplicate-rule.ts). */
  duplicate?: string;
  /** Items late on an SLA target, as the SLA report counts them: breached, breached_first_response, breached_resolution, open_overdue; or done without the target's time: unrecorded_first_response, unrecorded_resolution. */
  sla?: string;
  /** Cancellations with these reasons (comma list of reason keys, "unknown" included), as the churn report counts them. */
  churn_reason?: string;
  /** "true": items with an NPS score, whatever their kind (as the NPS report counts them); "false": without one. */
  has_score?: string;
  customer?: string;
}

/** One type of the workspace's taxonomy (the default taxonomy until an admin edits it). */
export interface ItemType {
  key: string;
  name_ko: string;
  name_en: string;
  position: number;
  archived: boolean;
}

export interface TopicRule {
  kind: 'keyword' | 'regex';
  pattern: string;
}

/** A topic of the workspace's two-level tree. */
export interface Topic {
  id: string;
  parent_id: string | null;
  name: string;
  description: string | null;
  rules: TopicRule[];
  position: number;
  archived: boolean;
  /** Items labelled with this topic or, for a parent, with any of its subtopics (GET /topics only). */
  item_count?: number;
  /** Items labelled with this topic itself (GET /topics only). */
  own_item_count?: number;
  /** Stored rules that are not applied, and why (GET /topics only). */
  rule_problems?: { index: number; pattern: string; problem: string }[];
}

export interface TopicInput {
  name: string;
  parent_id?: string | null;
  description?: string | null;
  rules?: TopicRule[];
}

export interface TopicPatch {
  name?: string;
  description?: string | null;
  rules?: TopicRule[];
  position?: number;
  archived?: boolean;
}

/** A cluster of items no topic covers, found by topic discovery. */
export interface DiscoveredCluster {
  id: string;
  run_at: string;
  name: string;
  keywords: string[];
  size: number;
  coherence: number;
  /** Members in the last 7 days, and in the 7 days before. */
  recent: number;
  previous: number;
  example_ids: string[];
  /** Up to three example items, distinct texts only (sent with the list: no fetch per item). */
  examples: { id: string; title: string | null; text: string }[];
  /** Members per day, last 7 days against the 7 before, with the movers' verdict. */
  change: Change & { reason?: string };
  promoted_topic_id: string | null;
}

/** A keyword suggested as a promoted topic's rule, with how much it matches (GET /topics/discovered/{id}/rules). */
export interface SuggestedRule {
  kind: 'keyword';
  pattern: string;
  /** The cluster's members it matches. */
  members: number;
  /** Recent items it matches, members included. */
  matches: number;
  /** Specific enough to keep by default. */
  recommended: boolean;
}

export type ModelTask = 'type' | 'topic';

export interface TextModel {
  id: string;
  task: ModelTask;
  version: string;
  examples: number;
  metrics: Record<string, unknown>;
  /** active: in use; candidate: held for an admin; rejected: discarded or superseded; retired: was in use. */
  status: 'active' | 'candidate' | 'rejected' | 'retired';
  /** Why a candidate was held: worse, no_comparison, first_model (superseded when a later training replaced it). */
  hold_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  activated_at: string | null;
  created_at: string;
}

export interface TrainResult {
  model: TextModel;
  examples: number;
  corrections: number;
  labels: string[];
  /** Accuracy on a held-out fifth of the workspace's own labelled items (null when too few). */
  holdout: { accuracy: number; macroF1: number; examples: number } | null;
  /** How it compares with the model it replaced (a manual training is always put in use). */
  gate?: ModelGate;
}

/** A re-classification of stored items with the current models and rules (src/labels/reclassify.ts). */
export interface ReclassifyRun {
  id: string;
  tasks: ModelTask[];
  reason: 'model_trained' | 'topic_rules_changed' | 'manual';
  status: 'running' | 'completed' | 'failed';
  scanned: number;
  changed: number;
  types_changed: number;
  topics_changed: number;
  /** Stored items' types it moved, "from>to" → count ("none": no type). */
  type_moves: Record<string, number>;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface LabelCorrection {
  type?: string;
  topic_id?: string | null;
  sentiment?: Sentiment;
}

export interface ImportReject {
  row: number;
  field: string | null;
  reason: string;
}

export interface ImportResult {
  run_id: string;
  file_name: string;
  total_rows: number;
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows not written: their source_updated_at (수정일시, Updated at) is older than the stored ticket's. */
  older?: number;
  /** Rows whose ticket came again in the same file (one was stored: the later, or the newer version). */
  repeated?: number;
  rejected: number;
  rejects: ImportReject[];
  rejects_url: string | null;
  /** File columns that matched no field; their values are kept in each item's metadata. */
  unmapped_columns?: string[];
  /** The text encoding the file was read in (detected or as asked); null for XLSX. */
  encoding?: string | null;
}

export interface ImportRequest {
  file: File;
  /** '' to take each row's channel from the file. */
  channel: string;
  source: string;
  /** '' for the automatic mapping, else a ColumnMapping as JSON (see buildMapping). */
  mapping: string;
  /** '' to detect it. */
  encoding: string;
  /** XLSX: '' for the first visible sheet. */
  sheet: string;
  dryRun: boolean;
}

/** How file columns become item fields (the server's ColumnMapping). */
export interface ColumnMapping {
  fields: Partial<Record<string, string>>;
  /** Columns kept in each item's metadata; columns in neither list are left out. */
  metadata?: string[];
  /** Sori's own export columns copied as they are (customer_ref, pii_kinds). */
  passthrough?: string[];
}

/** The head of a file read by the server before anything is imported. */
export interface ImportPreview {
  /** The name the server records the file's import runs under. */
  file_name: string;
  format: 'csv' | 'tsv' | 'jsonl' | 'json' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  sheets: string[];
  columns: { name: string; samples: string[]; filled: number }[];
  rows: ImportPreviewRow[];
  errors: ImportReject[];
  sampled_rows: number;
  mapping: ColumnMapping;
  unmapped: string[];
  fields: { name: string; required: boolean }[];
  /** The sampled rows read as the import would read them under the mapping and options sent (absent from an older server). */
  read?: ImportPreviewRead;
  /**
   * The server recognised the file as this vendor's own export (Channel Talk: a workbook with a
   * "UserChat data" sheet or a table of its user-chat columns; Zendesk: JSON of tickets), to be
   * imported with its adapter rather than mapped column by column; null (or absent, an older
   * server) for any other file.
   */
  vendor_export?: VendorExport | null;
}

/** One shown row of a preview: the file's cells, and the item as Sori would store it, or why it would be rejected. */
export interface ImportPreviewRow {
  row_number: number;
  values: Record<string, string>;
  /** Item field → value as stored (times on the workspace's clock, text masked); null when rejected or not read. */
  read?: Record<string, string> | null;
  problem?: { field: string | null; reason: string } | null;
}

/** What reading a preview's sampled rows found (see ImportPreview.read). */
export interface ImportPreviewRead {
  time_zone: string;
  /** Required fields no column nor option gives: no row was read (the import would refuse the file). */
  missing_fields: string[];
  missing_columns: string[];
  accepted: number;
  rejected: number;
  rejects: ImportReject[];
}

/** The vendors whose own export files the server reads with an adapter (no column mapping). */
export const VENDOR_EXPORTS = ['channeltalk', 'zendesk', 'googleplay'] as const;
export type VendorExport = (typeof VENDOR_EXPORTS)[number];
/** The source a vendor's items are stored under when none is given (the server's VENDOR_DEFAULT_SOURCE). */
export const VENDOR_DEFAULT_SOURCE: Record<VendorExport, string> = { channeltalk: 'channeltalk', zendesk: 'zendesk', googleplay: 'google-play' };

export interface VendorImportRequest {
  file: File;
  adapter: VendorExport;
  /** '' for the adapter's name. */
  source: string;
  dryRun: boolean;
}

/** One reason entries of a vendor export were left out, with how many and where the first are ("English / 한국어"). */
export interface VendorSkipGroup {
  reason: string;
  count: number;
  where: string[];
  /** Left out for lacking what makes it this vendor's record (no id, not an object), not on purpose. */
  unreadable: boolean;
  /** Left out as a record of this vendor's the server knows (a deleted ticket, a chat the webhook stored). */
  recognised: boolean;
}

/** One rejected record of a vendor export: `item` names it ("ticket 7 / 티켓 7"); all three are the server's (bilingual) text. */
export interface VendorReject {
  item: string;
  field: string | null;
  reason: string;
}

/** What importing (or dry-running) a vendor's export did. */
export interface VendorImportResult {
  /** null when no run was recorded. */
  run_id: string | null;
  file_name: string;
  adapter: VendorExport;
  dry_run: boolean;
  /** Records the adapter read as items. */
  items: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records listed more than once in the file: stored once. */
  repeated: number;
  /** Tickets older than what is stored (a webhook stored a newer state): left alone. */
  stale: number;
  rejected: number;
  /** Entries left out on purpose or unreadable (deleted tickets, chats stored message by message, rows without id). */
  skipped: number;
  unreadable_skipped: number;
  skip_groups: VendorSkipGroup[];
  /** The first 200; the whole list is at `rejects_url`. */
  rejects: VendorReject[];
  rejects_url: string | null;
  /** false when nothing could be read as this vendor's records: most likely another kind of file. */
  looks_like_export: boolean;
}

/** One import run, as `GET /imports` lists them (newest first). */
export interface ImportRun {
  id: string;
  file_name: string;
  format: string;
  source: string | null;
  channel: string | null;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  dry_run: boolean;
  total_rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows older than their stored ticket (source_updated_at), not written. */
  older?: number;
  rejected: number;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  created_by: string | null;
  /** Who asked this run to stop (it stops before its next batch). */
  cancel_requested_by?: string | null;
  /** When the run was undone (the items it created deleted), by whom, and how many items went. */
  undone_at?: string | null;
  undone_by?: string | null;
  undone_items?: number | null;
  /** The vendor whose own export this run read (its older count is its stale tickets); null for an ordinary file. */
  adapter?: VendorExport | null;
  /** Entries a vendor export's run left out (deleted tickets, chats stored by the webhook, rows without id). */
  skipped?: number;
}

export function listImports(signal?: AbortSignal): Promise<{ runs: ImportRun[] }> {
  return request('/imports', { signal });
}

/** Asks a running import to stop before its next batch (the batches stored so far stay). */
export function cancelImport(runId: string): Promise<ImportRun> {
  return request(`/imports/${encodeURIComponent(runId)}/cancel`, { method: 'POST' });
}

/** What undoing a run would do: the items it created (deleted) and the ones it only updated (kept). */
export interface ImportUndoPreview {
  run_id: string;
  file_name: string;
  status: ImportRun['status'];
  /** Why the run cannot be undone (running: stop it first), or null. */
  not_undoable: 'running' | 'undone' | 'dry_run' | null;
  undone_at: string | null;
  undone_by: string | null;
  items_to_delete: number;
  corrected: number;
  updated_kept: number;
}

export interface ImportUndoResult {
  run_id: string;
  deleted: number;
  corrected: number;
  updated_kept: number;
}

/** The undo's preview (admins): nothing changes. */
export function previewImportUndo(runId: string, signal?: AbortSignal): Promise<ImportUndoPreview> {
  return request(`/imports/${encodeURIComponent(runId)}/undo`, { signal });
}

/** Deletes the items a run created, when their number is still the one the admin was shown. */
export function undoImport(runId: string, expectedCount: number): Promise<ImportUndoResult> {
  return request(`/imports/${encodeURIComponent(runId)}/undo`, { method: 'POST', body: { expected_count: expectedCount } });
}

/** The rejected rows of a run as CSV (a plain link: the workspace goes in the query). */
export function importRejectsUrl(runId: string, workspaceSlug: string): string {
  return `${API_BASE}/imports/${encodeURIComponent(runId)}/rejects.csv?workspace=${encodeURIComponent(workspaceSlug)}`;
}

/** What a business-metrics file gave (values are one per day and metric name). */
export interface MetricsImportResult {
  file_name: string;
  dry_run: boolean;
  accepted: number;
  /** Values repeating a day and metric of the file with the same number: stored once (another number is refused: a clash). */
  repeated?: number;
  /** Refusals, whole rows and single cells together. */
  rejected: number;
  /** Of `rejected`, a wide row's single cells: refused alone, the row's other cells landed. */
  rejected_cells: number;
  /** `column`: the refused cell's header; null when the whole row was refused (its day, an unreadable row, a long-layout row). */
  rejects: { row: number; column: string | null; reason: string }[];
  names: string[];
  from: string | null;
  to: string | null;
  /** Columns read as no metric (a notes column, a column of text, a name no metric can be stored under), each once with why. */
  skipped_columns: { column: string; reason: string }[];
}

/** Uploads daily business numbers (orders, MAU, …): wide `일자,주문,MAU` or long `day,name,value`. */
export function uploadMetrics(file: File, options: { dryRun: boolean; signal?: AbortSignal }): Promise<MetricsImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('dry_run', options.dryRun ? 'true' : 'false');
  return request('/imports/metrics', { method: 'POST', body: form, signal: options.signal });
}

/** CSV and JSON files are previewed from their first megabyte; a workbook must be sent whole. */
const PREVIEW_BYTES = 1024 * 1024;

/** Whether previewImport sends the whole file (a workbook, or a file no bigger than the slice it sends). */
export function previewSendsWhole(file: File): boolean {
  return /\.xls[xm]$/i.test(file.name) || file.size <= PREVIEW_BYTES;
}

/**
 * Reads the file's columns and first rows on the server (nothing is stored), each row also as the
 * import would read it with `mapping` and `channel` ('' for the automatic mapping / the file's column).
 */
export function previewImport(
  file: File,
  options: { encoding: string; sheet: string; mapping?: string; channel?: string; signal?: AbortSignal },
): Promise<ImportPreview> {
  const whole = previewSendsWhole(file);
  const form = new FormData();
  form.append('file', whole ? file : file.slice(0, PREVIEW_BYTES), file.name);
  if (!whole) form.append('partial', 'true');
  if (options.encoding) form.append('encoding', options.encoding);
  if (options.sheet) form.append('sheet', options.sheet);
  if (options.mapping) form.append('mapping', options.mapping);
  if (options.channel) form.append('channel', options.channel);
  return request('/imports/preview', { method: 'POST', body: form, signal: options.signal });
}

/** One invalid input field of a validation_failed problem (`field` is a path such as "rules.1"). */
export interface FieldError {
  field: string | null;
  message: string;
}

/** A failed request: `status` 0 means the server was not reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly detail: string | null,
    readonly title: string | null = null,
    readonly errors: FieldError[] = [],
  ) {
    super(detail ?? title ?? code ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/** True for errors from an aborted request, which callers ignore. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

const WORKSPACE_KEY = 'sori.workspace';

function storedWorkspace(): string {
  try {
    return localStorage.getItem(WORKSPACE_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * `?workspace=SLUG` in the address a page was opened with (a link a colleague shared, any address
 * of the app, the rejects link an import gives): the workspace the page works on, whatever this
 * browser used last ('' = the default workspace). It is remembered like a choice in the picker once
 * the server has answered for it (getMe); a workspace it cannot open is an error, not a silent
 * answer from another workspace. null when the address names none.
 */
function linkedWorkspace(): string | null {
  try {
    const slug = new URLSearchParams(window.location.search).get('workspace');
    if (slug === null) return null;
    return slug === 'default' ? '' : slug;
  } catch {
    return null;
  }
}

const WORKSPACE_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The workspace the address named when the page loaded (see linkedWorkspace), or null. */
const linked = linkedWorkspace();

let workspaceSlug = linked !== null && (linked === '' || WORKSPACE_SLUG.test(linked)) ? linked : storedWorkspace();

/** The workspace every request works on ('' = the server's default workspace). */
export function currentWorkspace(): string {
  return workspaceSlug;
}

/** Switches workspace for this browser (remembered); callers reload the page's data. */
export function setWorkspace(slug: string): void {
  workspaceSlug = slug;
  try {
    if (slug) localStorage.setItem(WORKSPACE_KEY, slug);
    else localStorage.removeItem(WORKSPACE_KEY);
  } catch {
    // private mode: the choice lasts until the page closes
  }
}

/**
 * Why the workspace the address named cannot be opened (404 workspace_not_found: no such
 * workspace), or null. A malformed name is refused here, before asking the server.
 */
function linkedWorkspaceProblem(): ApiError | null {
  if (linked === null || linked === '' || WORKSPACE_SLUG.test(linked)) return null;
  return new ApiError(404, 'workspace_not_found', `no workspace "${linked}" / 워크스페이스가 없습니다`);
}

/** The workspace named by the address the page was opened with (as written; 'default' for the default), or null. */
export function addressWorkspace(): string | null {
  return linked === null ? null : linked === '' ? 'default' : linked;
}

function workspaceHeaders(): Record<string, string> {
  return workspaceSlug ? { 'X-Sori-Workspace': workspaceSlug } : {};
}

const unauthorizedListeners = new Set<() => void>();

/** Called when a signed-in request comes back 401 (the session ended); returns an unsubscribe. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type QueryValue = string | number | boolean | null | undefined;

/** Builds `?a=1&b=2`, leaving out empty values; '' when nothing is left. */
export function toQueryString(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON; a FormData as multipart (the browser sets its content type). */
  body?: unknown;
  signal?: AbortSignal;
  /** false for login and the session probe, whose 401 is an answer, not an expired session. */
  signedIn?: boolean;
}

/** The `errors` list of a problem body, keeping only well-formed entries. */
function fieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is { field?: unknown; message: string } => !!e && typeof e === 'object' && typeof e.message === 'string')
    .map((e) => ({ field: typeof e.field === 'string' ? e.field : null, message: e.message }));
}

async function problemFrom(response: Response): Promise<ApiError> {
  let problem: { code?: unknown; detail?: unknown; title?: unknown; errors?: unknown } = {};
  try {
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) problem = await response.json();
  } catch {
    // an error page that is not problem+json: status alone will do
  }
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return new ApiError(response.status, str(problem.code), str(problem.detail), str(problem.title), fieldErrors(problem.errors));
}

/** One API call: the workspace header, JSON or multipart body, problem+json → ApiError, a 401 on a signed-in request ends the session. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal, signedIn = true } = options;
  const headers: Record<string, string> = { Accept: 'application/json', ...workspaceHeaders() };
  const multipart = body instanceof FormData;
  if (method !== 'GET' && !multipart) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : multipart ? body : JSON.stringify(body ?? {}),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(0, 'network', null);
  }
  if (!response.ok) {
    const error = await problemFrom(response);
    if (response.status === 401 && signedIn) unauthorizedListeners.forEach((listener) => listener());
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Signs in; the server sets the session cookie. */
export function login(email: string, password: string): Promise<{ user: User }> {
  return request('/auth/login', { method: 'POST', body: { email, password }, signedIn: false });
}

/** First run: creates the first admin with the one-time secret from the server's setup link. */
export function setupFirstAdmin(input: { secret: string; email: string; name?: string; password: string }): Promise<{ user: User }> {
  return request('/auth/setup', { method: 'POST', body: input, signedIn: false });
}

/** Ends the session. */
export function logout(): Promise<void> {
  return request('/auth/logout', { method: 'POST', signedIn: false });
}

/**
 * The signed-in user and workspace; 401 when nobody is signed in. A remembered workspace that is gone
 * falls back to the default; the workspace the page's address names does not (404 workspace_not_found).
 */
export async function getMe(signal?: AbortSignal): Promise<Me> {
  const problem = linkedWorkspaceProblem();
  if (problem) throw problem;
  try {
    const me = await request<Me>('/auth/me', { signal, signedIn: false });
    // The address's workspace opened: remembered as the last one used.
    if (linked !== null && workspaceSlug === linked) setWorkspace(linked);
    return me;
  } catch (error) {
    // A remembered workspace that is gone falls back to the default; one the address names does not
    // (its page would show another workspace's numbers): the caller says it cannot be opened.
    if (error instanceof ApiError && error.code === 'workspace_not_found' && workspaceSlug && workspaceSlug !== linked) {
      setWorkspace('');
      return request<Me>('/auth/me', { signal, signedIn: false });
    }
    throw error;
  }
}

/** Workspaces this user can open. */
export function listWorkspaces(signal?: AbortSignal): Promise<{ workspaces: Workspace[] }> {
  return request('/workspaces', { signal });
}

/** What loading the demo workspace made (POST /demo): the same figures `sori demo` prints. */
export interface DemoLoadResult {
  workspace: Workspace;
  items: number;
  inserted: number;
  metrics: number;
  incidents: { name: string; from: string; to: string; description: string }[];
}

/** Loads (or refreshes) the demo workspace on the server (admins; takes seconds). 409 conflict while a load runs already. */
export function loadDemoWorkspace(): Promise<DemoLoadResult> {
  return request('/demo', { method: 'POST', body: {} });
}

/** One page of items, newest first. */
/** The sources of the workspace's items (kakaotalk, channeltalk, zendesk, an import's source …), in order: the source filter's choices. */
export function listItemSources(signal?: AbortSignal): Promise<{ sources: string[] }> {
  return request('/items/sources', { signal });
}

export function listItems(
  query: ItemQuery & { cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<ItemPage> {
  return request(`/items${toQueryString({ ...query })}`, { signal });
}

/** Totals for the same filters as `listItems`. */
export function getItemSummary(query: ItemQuery, signal?: AbortSignal): Promise<ItemSummary> {
  return request(`/items/summary${toQueryString({ ...query })}`, { signal });
}

/** One item with its full text. */
export function getItem(id: string, signal?: AbortSignal): Promise<{ item: Item }> {
  return request(`/items/${encodeURIComponent(id)}`, { signal });
}

/** Corrects an item's type, topic (null = none) or sentiment; the corrected labels are locked. */
export function correctItemLabels(id: string, correction: LabelCorrection): Promise<{ item_id: string; changed: string[]; batch_id: string | null }> {
  return request(`/items/${encodeURIComponent(id)}/labels`, { method: 'PATCH', body: correction });
}

/** What one correction of many items did: items found, items changed per label, ids that are no item. */
export interface BulkCorrectionResult {
  matched: number;
  changed: { type: number; topic: number; sentiment: number };
  not_found: string[];
  /** The correction, to take back with undoLabelCorrection; null when it changed nothing. */
  batch_id: string | null;
}

/** What taking a correction back did (POST /items/labels/undo). */
export interface CorrectionUndoResult {
  batch_id: string;
  /** Labels put back as they were before the correction. */
  restored: { type: number; topic: number; sentiment: number };
  /** Labels of it corrected again since: left as they are. */
  kept: number;
}

/** Takes a correction back: its labels get what they had before (409 already_undone the second time). */
export function undoLabelCorrection(batchId: string): Promise<CorrectionUndoResult> {
  return request('/items/labels/undo', { method: 'POST', body: { batch_id: batchId } });
}

/** One correction as the history lists it (GET /labels/corrections): what it set, on how many, and whether it was taken back. */
export interface CorrectionHistoryEntry {
  /** The correction's batch, to take back with undoLabelCorrection. */
  id: string;
  created_at: string;
  created_by: string | null;
  /** The labels it set; a key null or absent was not part of it (`clears_topic`: it took the topic away). */
  correction: {
    type?: string | null;
    topic_id?: string | null;
    topic_name?: string | null;
    sentiment?: string | null;
    clears_topic?: boolean;
  };
  /** Labels it changed. */
  changed: number;
  /** Distinct items it changed (still said once it is taken back). */
  items: number;
  /** Up to three of its items still stored (text past 120 characters cut, with "…"), for context. */
  sample: { id: string; text: string }[];
  undone_at: string | null;
  undone_by: string | null;
  /** Labels the undo put back. */
  undone_labels: number | null;
  /** Labels an undo would put back now: 0 when undone, or when all were corrected again since. */
  undoable: number;
}

export interface CorrectionHistoryPage {
  corrections: CorrectionHistoryEntry[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  next_before: string | null;
}

/** The workspace's label corrections, newest first; `before` (a page's next_before) reads older ones. */
export function listLabelCorrections(
  query: { before?: string | null; limit?: number } = {},
  signal?: AbortSignal,
): Promise<CorrectionHistoryPage> {
  return request(`/labels/corrections${toQueryString({ ...query })}`, { signal });
}

/** A list filter as a request body's `filter`: only the keys that hold a value. */
function filterBody(filter: ItemQuery): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== null && value !== ''));
}

/** Many items at once: the selected ids, or every item the list's filters match with the count the operator saw. */
export type BulkTarget = { ids: string[] } | { filter: ItemQuery; expected_count: number };

/**
 * The same correction to many items: the selected ids, or every item the list's filters match
 * (with the count the operator saw: another count now is a 409 and nothing changes).
 */
export function correctManyItemLabels(
  target: BulkTarget,
  correction: LabelCorrection,
): Promise<BulkCorrectionResult> {
  const body =
    'ids' in target
      ? { ids: target.ids, ...correction }
      : {
          filter: filterBody(target.filter),
          expected_count: target.expected_count,
          ...correction,
        };
  return request('/items/labels', { method: 'POST', body });
}

/** What a deletion of items did (or, on a dry run, would do). */
export interface DeleteItemsResult {
  dry_run: boolean;
  matched: number;
  deleted: number;
  /** Of them, items with an operator's label correction (deleted with them). */
  corrected: number;
  not_found: string[];
}

/**
 * Deletes items (admins): the selected ids, or every item the list's filters match with the count
 * the admin saw (another count now is a 409 and nothing is deleted).
 */
export function deleteItems(target: BulkTarget): Promise<DeleteItemsResult> {
  const body =
    'ids' in target
      ? { ids: target.ids }
      : { filter: filterBody(target.filter), expected_count: target.expected_count };
  return request('/items/delete', { method: 'POST', body });
}

/** One customer's erasure (개인정보 삭제 요청): counted on a dry run, else done. */
export interface CustomerErasure {
  customer_ref: string;
  dry_run: boolean;
  matched: number;
  deleted: number;
  corrected: number;
  rejects_deleted: number;
}

/** Erases every item of one customer (admins), by the id the source sent; a dry run only counts. */
export function eraseCustomer(customerId: string, options: { dryRun: true } | { dryRun: false; expectedCount: number }): Promise<CustomerErasure> {
  return request('/customers/erase', {
    method: 'POST',
    body: options.dryRun ? { customer_id: customerId, dry_run: true } : { customer_id: customerId, expected_count: options.expectedCount },
  });
}

/** The workspace's item types. */
export function listItemTypes(signal?: AbortSignal): Promise<{ types: ItemType[]; is_default: boolean }> {
  return request('/taxonomy/types', { signal });
}

/** Replaces the workspace's item types (admins): every type, in order; retire one by archiving it. */
export function saveItemTypes(types: Pick<ItemType, 'key' | 'name_ko' | 'name_en' | 'archived'>[]): Promise<{ types: ItemType[]; is_default: boolean }> {
  return request('/taxonomy/types', { method: 'PUT', body: { types } });
}

export const WEBHOOK_ADAPTERS = ['channeltalk', 'zendesk', 'generic'] as const;
export type WebhookAdapter = (typeof WEBHOOK_ADAPTERS)[number];

/** A webhook receiver of the workspace (its secret is never listed). */
export interface WebhookEndpointInfo {
  id: number;
  adapter: WebhookAdapter;
  source: string;
  slug: string;
  disabled: boolean;
  url: string;
}

export function listWebhookEndpoints(signal?: AbortSignal): Promise<{ endpoints: WebhookEndpointInfo[] }> {
  return request('/webhook-endpoints', { signal });
}

/** Creates a receiver; the signing secret (or the Channel Talk token) is in this answer only. */
export function createWebhookEndpoint(input: { adapter: WebhookAdapter; source?: string; secret?: string }): Promise<{ endpoint: Pick<WebhookEndpointInfo, 'id' | 'adapter' | 'source' | 'url'>; secret: string }> {
  return request('/webhook-endpoints', { method: 'POST', body: input });
}

/**
 * Switches a receiver off or on, or gives it a new secret (`rotate_secret`: made by the server and in
 * this answer only); the old secret stops working at once.
 */
export function updateWebhookEndpoint(
  id: number,
  change: { disabled?: boolean; rotate_secret?: true },
): Promise<{ endpoint: Pick<WebhookEndpointInfo, 'id' | 'adapter' | 'source' | 'url' | 'disabled'>; secret?: string }> {
  return request(`/webhook-endpoints/${id}`, { method: 'PATCH', body: change });
}

/** The workspace's topics, parents before their children, with item counts. */
export function listTopics(signal?: AbortSignal): Promise<{ topics: Topic[] }> {
  return request('/topics', { signal });
}

/** Creates a topic (409 when the name is taken, 400 with `errors` for bad rules). */
export function createTopic(input: TopicInput): Promise<{ topic: Topic; reclassify: 'started' | null }> {
  return request('/topics', { method: 'POST', body: input });
}

/** Renames, re-rules, reorders or archives a topic. */
export function updateTopic(id: string, patch: TopicPatch): Promise<{ topic: Topic }> {
  return request(`/topics/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

/** The clusters the last discovery run found. */
export function listDiscoveredTopics(signal?: AbortSignal): Promise<{ clusters: DiscoveredCluster[] }> {
  return request('/topics/discovered', { signal });
}

/** Runs topic discovery over the last `days` days of items without a topic. */
export function discoverTopics(days: number): Promise<{ clusters: DiscoveredCluster[] }> {
  return request('/topics/discover', { method: 'POST', body: { days } });
}

/** Keyword rules suggested for a discovered cluster about to become a topic. */
export function suggestClusterRules(id: string, signal?: AbortSignal): Promise<{ rules: SuggestedRule[] }> {
  return request(`/topics/discovered/${encodeURIComponent(id)}/rules`, { signal });
}

/** Turns a discovered cluster into a topic (with the rules given) and labels its items with it. */
export function promoteCluster(
  id: string,
  input: { name?: string; parent_id?: string | null; rules?: TopicRule[] },
): Promise<{ topic: Topic; labelled: number }> {
  return request(`/topics/discovered/${encodeURIComponent(id)}/promote`, { method: 'POST', body: input });
}

/** A starter topic tree the workspace can apply (GET /topics/templates). */
export interface TopicTemplate {
  id: string;
  name_ko: string;
  name_en: string;
  description_ko: string;
  description_en: string;
  topics: { name_ko: string; name_en: string; children: { name_ko: string; name_en: string; rules: TopicRule[]; fallback: boolean }[] }[];
  /** Topics the template makes (parents and children). */
  topic_count: number;
  /** Of those, topics the workspace has already (applying skips them). */
  present: number;
}

/** The starter topic trees, with how many of each one's topics the workspace has. */
export function listTopicTemplates(signal?: AbortSignal): Promise<{ templates: TopicTemplate[] }> {
  return request('/topics/templates', { signal });
}

/** Creates a template's topics the workspace lacks (names in `language`); stored items are re-labelled. */
export function applyTopicTemplate(
  id: string,
  language: 'ko' | 'en',
): Promise<{ template: string; created: number; skipped: number; topics: Topic[]; reclassify: 'started' | null }> {
  return request(`/topics/templates/${encodeURIComponent(id)}/apply`, { method: 'POST', body: { language } });
}

/** Models trained for this workspace, newest first. */
/** Corrections counted towards each model's next automatic retraining (0 = automatic retraining off). */
export interface Retraining {
  after_corrections: number;
  pending: Record<ModelTask, number>;
}

export function listModels(signal?: AbortSignal): Promise<{ models: TextModel[]; retraining: Retraining }> {
  return request('/models', { signal });
}

/** Trains the workspace's type or topic model (422 not_enough_labels when there is too little to learn from). */
export function trainModel(task: ModelTask): Promise<TrainResult> {
  return request('/models/train', { method: 'POST', body: { task } });
}

/** The gate's comparison of a new model with the one in use (src/labels/model-gate.ts). */
export interface ModelGate {
  verdict: 'first_model' | 'not_worse' | 'worse' | 'no_comparison';
  apply: boolean;
  holdReason: 'worse' | 'no_comparison' | 'first_model' | null;
  comparison: { examples: number; basis: 'probe' | 'shipped_default' | 'model_in_use'; candidate: { accuracy: number; macroF1: number }; current: { accuracy: number; macroF1: number } } | null;
  delta: { accuracy: number; macroF1: number } | null;
}

/** What putting a model in use would change, on a sample of the newest stored items (nothing written). */
export interface ModelImpact {
  /** null: none — the default (a rollback from a first model: the shipped type model, or topic rules alone). */
  model_id: string | null;
  task: ModelTask;
  eligible: number;
  sampled: number;
  changed: number;
  moves: Record<string, number>;
  topic_names: Record<string, string>;
}

export function previewModelImpact(id: string, signal?: AbortSignal): Promise<ModelImpact> {
  return request(`/models/${encodeURIComponent(id)}/impact`, { signal });
}

/** Admin: what rolling back a task's model (rollbackModel) would change, counted like previewModelImpact. */
export function previewRollbackImpact(task: ModelTask, signal?: AbortSignal): Promise<ModelImpact> {
  return request(`/models/rollback/impact?task=${encodeURIComponent(task)}`, { signal });
}

/** Admin: puts a held candidate in use; stored items are re-labelled (corrections kept). */
export function approveModel(id: string): Promise<{ model: TextModel; replaced: TextModel | null }> {
  return request(`/models/${encodeURIComponent(id)}/approve`, { method: 'POST' });
}

/** Admin: discards a held candidate. */
export function rejectModel(id: string): Promise<{ model: TextModel }> {
  return request(`/models/${encodeURIComponent(id)}/reject`, { method: 'POST' });
}

/** Admin: goes back to the model in use before the current one; stored items are re-labelled. */
/** Back to the model used before, or from a first model to the default (`model` null: the shipped type model, or topic rules alone). */
export function rollbackModel(task: ModelTask): Promise<{ model: TextModel | null; replaced: TextModel | null }> {
  return request('/models/rollback', { method: 'POST', body: { task } });
}

/** The latest re-classification runs, newest first. */
export function listReclassifyRuns(signal?: AbortSignal): Promise<{ runs: ReclassifyRun[] }> {
  return request('/reclassify', { signal });
}

/** Re-labels stored items with the current models and rules, in the background (corrections are kept). */
export function startReclassify(tasks: ModelTask[] = ['type', 'topic']): Promise<{ reclassify: 'started' }> {
  return request('/reclassify', { method: 'POST', body: { tasks } });
}

/** A user as an admin sees them in Settings. */
export interface ManagedUser extends User {
  disabled: boolean;
  created_at: string;
  last_login_at: string | null;
}

export const TOKEN_SCOPES = ['ingest', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** An API token without its secret (only its first characters, to tell tokens apart). */
export interface ApiTokenInfo {
  id: number;
  name: string;
  token_prefix: string;
  scopes: TokenScope[];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Who made it (its scopes follow their role); null: made with the `sori tokens` command. */
  created_by_email: string | null;
}

export function listUsers(signal?: AbortSignal): Promise<{ users: ManagedUser[] }> {
  return request('/users', { signal });
}

export function createUser(input: { email: string; name?: string; role: Role; password: string }): Promise<{ user: User }> {
  return request('/users', { method: 'POST', body: input });
}

export function updateUser(email: string, change: { role?: Role; disabled?: boolean; password?: string }): Promise<{ user: User }> {
  return request(`/users/${encodeURIComponent(email)}`, { method: 'PATCH', body: change });
}

/** The shortest password the server takes (src/auth/password.ts, which also refuses common ones and the e-mail). */
export const MIN_PASSWORD = 10;

/** Changes the signed-in user's own password; their other sessions end, this one stays. */
export function changeOwnPassword(currentPassword: string, newPassword: string): Promise<void> {
  return request('/auth/password', { method: 'POST', body: { current_password: currentPassword, new_password: newPassword } });
}

export function listTokens(signal?: AbortSignal): Promise<{ tokens: ApiTokenInfo[] }> {
  return request('/tokens', { signal });
}

/** Creates a token; `secret` is in this answer only (it is stored hashed). */
export function createToken(input: { name: string; scopes: TokenScope[] }): Promise<{ token: ApiTokenInfo; secret: string }> {
  return request('/tokens', { method: 'POST', body: input });
}

export function revokeToken(id: number): Promise<void> {
  return request(`/tokens/${id}`, { method: 'DELETE' });
}

/** Link that downloads a backup of the current workspace (admins; the same file as `sori backup`). */
export function backupUrl(): string {
  return `${API_BASE}/backup${toQueryString({ workspace: workspaceSlug })}`;
}

/**
 * Link that downloads the filtered items as a file (the cookie rides along), for people: columns
 * and coded values by the names the screens use in `labels`' language (GET /items/export?labels=).
 */
export function itemsExportUrl(format: 'csv' | 'xlsx', query: ItemQuery, labels: 'ko' | 'en'): string {
  return `${API_BASE}/items/export${toQueryString({ format, ...query, labels, workspace: workspaceSlug })}`;
}

/**
 * Sends a file by XMLHttpRequest (fetch cannot report upload progress): `onProgress` gets 0–1 while
 * bytes go up (1 once they all have), then the server works; its JSON answer, or an ApiError.
 */
function uploadForm<T>(apiPath: string, form: FormData, options: { onProgress?: (fraction: number) => void; signal?: AbortSignal }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new DOMException('Upload aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}${apiPath}`);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(workspaceHeaders())) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.upload.onload = () => options.onProgress?.(1);
    xhr.onerror = () => reject(new ApiError(0, 'network', null));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        // not JSON: handled by status below
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as unknown as T);
        return;
      }
      const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      if (xhr.status === 401) unauthorizedListeners.forEach((listener) => listener());
      reject(new ApiError(xhr.status, str(body.code), str(body.detail), str(body.title), fieldErrors(body.errors)));
    };
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/**
 * Imports a vendor's own export file (Channel Talk desk export, Zendesk tickets) with its adapter:
 * no column mapping, no channel (the adapter maps every field). Recorded in the import history and
 * undoable like any run; progress as `uploadImport`'s.
 */
export function uploadVendorImport(
  input: VendorImportRequest,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<VendorImportResult> {
  const form = new FormData();
  form.append('file', input.file, input.file.name);
  form.append('adapter', input.adapter);
  if (input.source.trim() !== '') form.append('source', input.source.trim()); // absent: the adapter's name
  form.append('dry_run', input.dryRun ? 'true' : 'false');
  return uploadForm<VendorImportResult>('/imports/vendor', form, options);
}

/**
 * Uploads a file to import. Uses XMLHttpRequest because fetch cannot report upload progress;
 * `onProgress` gets 0–1 while bytes go up, then the server parses and stores the rows.
 */
export function uploadImport(
  input: ImportRequest,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', input.file, input.file.name);
  if (input.channel) form.append('channel', input.channel); // absent: each row's channel column
  form.append('source', input.source);
  if (input.mapping.trim() !== '') form.append('mapping', input.mapping.trim());
  if (input.encoding) form.append('encoding', input.encoding);
  if (input.sheet) form.append('sheet', input.sheet);
  form.append('dry_run', input.dryRun ? 'true' : 'false');
  return uploadForm<ImportResult>('/imports', form, options);
}

// ---- insights ---------------------------------------------------------------------------------

/** How a headline number moved against the period before, in plain words (BH-adjusted where several are compared). */
export type ChangeVerdict = 'significant_increase' | 'significant_decrease' | 'within_noise' | 'insufficient_data';

/**
 * A number now and in the previous period. `change` and `interval` are in `unit`: percent for
 * counts and rates, points for shares (percentage points) and NPS (NPS points).
 */
export interface Change {
  current: number | null;
  previous: number | null;
  unit: 'percent' | 'points';
  change: number | null;
  interval: { lower: number | null; upper: number | null } | null;
  p_value: number;
  verdict: ChangeVerdict;
}

export type Granularity = 'day' | 'week' | 'month';

/** Whole local days (inclusive) and the period of equal length before them. */
export interface InsightRange {
  from: string;
  to: string;
  days: number;
  previous: { from: string; to: string };
  timezone: string;
  /** The same period as instants: created_at from ≤ t < to. */
  instants: { from: string; to: string };
}

/** One bucket of a series; `from`/`to` are the instants of its items, for drilling down. */
export interface SeriesPoint {
  period: string;
  from: string;
  to: string;
  items: number;
  /** Items per `per` of the business metric; null without one or on days without numbers. */
  rate: number | null;
  /** Days of the bucket with a business number, which `rate` counts over (null without a metric). */
  covered_days?: number | null;
  /** Days of the bucket. */
  days?: number;
}

/** What an Explore rate is of: the days with a business number and the metric over them (null without a metric). */
export interface RateBasis {
  covered_days?: { current: number; previous: number; of: number } | null;
  denominator?: { current: number | null; previous: number | null } | null;
}

export interface KeyCount {
  key: string;
  current: number;
  previous: number;
  change: Change;
}

export interface Mover {
  key: string;
  current_items: number;
  previous_items: number;
  /** Items above (negative: below) what the previous period's rate predicts. */
  excess_items: number;
  rate: Change;
  p_adjusted: number;
}

export interface TopicMover extends Mover {
  name: string | null;
  parent_name: string | null;
}

export interface NpsSummary {
  n: number;
  nps: number | null;
  promotersPct: number | null;
  passivesPct: number | null;
  detractorsPct: number | null;
  interval: { lower: number; upper: number; confidence: number } | null;
}

export interface CsatSummary {
  n: number;
  csat_pct: number | null;
  interval: { lower: number | null; upper: number | null } | null;
  mean_rating: number | null;
}

/** What a rate's metric counts (rates.ts metricUnit): people (명), money in won (원), other things (건). */
export type MetricUnit = 'people' | 'money' | 'count';

/** The business metric a rate is counted against: per this many of it, summed or averaged, and what it counts. */
export interface RateDenominator {
  metric: string;
  per: number;
  aggregation: 'sum' | 'mean';
  /** Absent from servers before it was added: the web then reads levels as people and the rest as 건. */
  metric_unit?: MetricUnit;
}

export interface ContactRate extends Change {
  metric: string;
  per: number;
  aggregation: 'sum' | 'mean';
  /** Not `unit`: that is the change's own (percent). */
  metric_unit?: MetricUnit;
  covered_days: { current: number; previous: number; of: number };
  denominator: { current: number | null; previous: number | null };
}

/** A holiday in a compared period (the workspace's calendar: Korean public holidays and its own closures). */
export interface PeriodHoliday {
  date: string;
  name_ko: string;
  name_en: string;
  /** Monday to Friday. */
  weekday: boolean;
}

export interface Overview {
  range: InsightRange;
  holidays?: { current: PeriodHoliday[]; previous: PeriodHoliday[] };
  volume: Change;
  contact_rate: ContactRate | null;
  duplicate_share: Change;
  /** The duplicate share's counts (servers before session 27 do not send them). */
  duplicate_counts?: { current: { duplicates: number; items: number }; previous: { duplicates: number; items: number } };
  self_service_share: Change;
  response_rate: Change;
  /** The response rate counts the days before this one (later items are not yet due an answer); null when all are counted. */
  response_rate_before: string | null;
  /** False when no item has ever had an answer time: the response rate says nothing. */
  answer_times_recorded: boolean;
  reopen_rate: Change;
  nps: { current: NpsSummary; previous: NpsSummary; change: Change };
  csat: { current: CsatSummary; previous: CsatSummary; change: Change };
  series: { granularity: Granularity; points: SeriesPoint[] };
  by_channel: KeyCount[];
  by_type: KeyCount[];
  topic_movers: TopicMover[];
  type_movers: Mover[];
  topic_coverage: Change;
}

export type VolumeSplit = 'channel' | 'type' | 'topic' | 'sentiment' | 'segment';

/** One line of the volume chart: a value of the split dimension ("all" unsplit, "__other__" the rest). */
export interface VolumeLine extends RateBasis {
  key: string;
  name: string | null;
  /** Split by topic: the parent's key when the parent's line is shown too (that line holds this one's items). */
  parent_key?: string | null;
  items: number;
  previous_items: number;
  rate: Change;
  points: SeriesPoint[];
}

export interface Volume {
  range: InsightRange;
  granularity: Granularity;
  denominator: RateDenominator | null;
  total: { items: number; previous_items: number; rate: Change } & RateBasis;
  lines: VolumeLine[];
}

/** Days are YYYY-MM-DD in the workspace's time zone, `to` inclusive. */
export interface OverviewQuery {
  from: string;
  to: string;
  granularity?: Granularity;
  metric?: string;
  per?: number;
  movers?: number;
}

export interface VolumeQuery {
  from: string;
  to: string;
  granularity?: Granularity;
  by?: VolumeSplit;
  /** Comma lists, as the API takes them. */
  channel?: string;
  type?: string;
  topic?: string;
  sentiment?: string;
  segment?: string;
  limit?: number;
  /** The business metric rates are counted against (the server picks one when absent). */
  metric?: string;
}

/** Headline numbers, series, splits and movers for a range against the period before. */
export function getOverview(query: OverviewQuery, signal?: AbortSignal): Promise<Overview> {
  return request(`/insights/overview${toQueryString({ ...query })}`, { signal });
}

/** Items per day/week/month, filtered and optionally one line per value of a dimension. */
export function getVolume(query: VolumeQuery, signal?: AbortSignal): Promise<Volume> {
  return request(`/insights/volume${toQueryString({ ...query })}`, { signal });
}

/** A business metric the workspace has numbers for, and how a rate counts against it. */
export interface MetricNameSummary {
  name: string;
  days: number;
  first_day: string;
  last_day: string;
  /** Summed over a period (orders) or averaged (a level such as DAU or 활성사용자수). */
  aggregation: 'sum' | 'mean';
  /** What it counts: people (방문자수, DAU), money (revenue, 결제금액) or other things. */
  metric_unit?: MetricUnit;
  /** The rate's default "per": 100; 1,000 for people and levels; 1,000,000 won for money. */
  per: number;
}

/** The workspace's business metric names (the choices of "rate against"), by name. */
export function listMetricNames(signal?: AbortSignal): Promise<{ metrics: MetricNameSummary[] }> {
  return request('/metrics/names', { signal });
}

/** One day's business number. */
export interface MetricPoint {
  day: string;
  name: string;
  value: number;
}

/** A POST /metrics answer: numbers stored, and per-item refusals (a 207). */
export interface MetricsSaveResult {
  received: number;
  upserted: number;
  repeated: number;
  rejected: number;
  errors: { index: number; field: string | null; code: string; message: string }[];
}

/** The daily numbers of a day range (inclusive), all names. */
export function listMetricValues(range: { from: string; to: string }, signal?: AbortSignal): Promise<{ metrics: MetricPoint[] }> {
  return request(`/metrics?from=${range.from}&to=${range.to}`, { signal });
}

/** Stores daily numbers (a day and name already stored takes the new value). */
export function saveMetrics(metrics: MetricPoint[]): Promise<MetricsSaveResult> {
  return request('/metrics', { method: 'POST', body: { metrics } });
}

/** The name a metric is stored under, as the server reads it (주문수 → orders); a 400 when none can be. */
export function resolveMetricName(name: string): Promise<{ name: string }> {
  return request(`/metrics/resolve?name=${encodeURIComponent(name)}`);
}

/** Removes a metric's numbers, on every day or within a range (inclusive). */
export function deleteMetricValues(name: string, range?: { from: string; to: string }): Promise<{ deleted: number }> {
  const days = range ? `&from=${range.from}&to=${range.to}` : '';
  return request(`/metrics?name=${encodeURIComponent(name)}${days}`, { method: 'DELETE' });
}

/** The workspace's customer segments with their item counts in a range of days (default: the last 90), largest first. */
export function listSegments(range: { from?: string; to?: string }, signal?: AbortSignal): Promise<{ segments: { segment: string; items: number }[] }> {
  return request(`/insights/segments${toQueryString({ ...range })}`, { signal });
}

// ---- topic detail, support, SLA, export --------------------------------------------------------

/** One split row of a topic's detail (sentiment or channel). */
export interface TopicSplitRow {
  key: string;
  items: number;
  previous_items: number;
  rate: Change;
}

export interface TopicComment {
  id: string;
  topic_id: string;
  author: string;
  body: string;
  created_at: string;
}

/** A duplicate group inside a topic: the same problem reported again and again. */
export interface DuplicateGroup {
  dup_group: string;
  items: number;
  customers: number;
  example_id: string;
  example: string;
  last_at: string;
}

export interface TopicDetail {
  topic: Topic & { children: { id: string; name: string }[] };
  range: InsightRange;
  /** The bucket size of `points` (absent from a server older than this field: the page infers it). */
  granularity?: Granularity;
  denominator: RateDenominator | null;
  total: { items: number; previous_items: number; rate: Change };
  points: SeriesPoint[];
  by_sentiment: TopicSplitRow[];
  by_channel: TopicSplitRow[];
  examples: Item[];
  duplicate_groups: DuplicateGroup[];
  comments: TopicComment[];
}

/** A topic's trend, splits, newest items, duplicate groups and comments over some days. */
export function getTopicDetail(id: string, query: { from: string; to: string; metric?: string }, signal?: AbortSignal): Promise<TopicDetail> {
  return request(`/insights/topics/${encodeURIComponent(id)}${toQueryString({ ...query })}`, { signal });
}

/** Adds an operator's comment to a topic (operators and admins). */
export function addTopicComment(id: string, body: string): Promise<{ comment: TopicComment }> {
  return request(`/topics/${encodeURIComponent(id)}/comments`, { method: 'POST', body: { body } });
}

export type SupportDimension = 'channel' | 'assignee' | 'type' | 'handled_by';
/** What lead times are measured on: every hour (calendar) or the workspace's business hours. */
export type SupportClock = 'calendar' | 'business';

/** Median and 90th percentile of a lead time: from a log histogram (within 2 %) on the 24-hour clock, exact in business hours. */
export interface LeadTime {
  count: number;
  p50_seconds: number | null;
  p90_seconds: number | null;
}

export interface SupportRow {
  key: string;
  received: number;
  responded: number;
  resolved: number;
  reopened: number;
  bot_handled: number;
  human_handled: number;
  /** Over the days whose answers are all due (see SupportKpis.response_rate_before). */
  response_rate_pct: number | null;
  rate_received: number;
  rate_responded: number;
  reopen_rate_pct: number | null;
  bot_share_pct: number | null;
  first_response: LeadTime;
  resolution: LeadTime;
  /** Repeat contacts (재문의율): contacts by known customers begun in the range, under their first item's key. */
  repeat_contacts: number;
  /** Of those, the ones on days up to SupportKpis.repeat_counted_until (their 7 days are over). */
  repeat_due: number;
  /** Of the due ones, those followed by another contact of the same customer within 7 days. */
  repeat_repeated: number;
  /** repeat_repeated ÷ repeat_due, 0–100, with its 95 % Wilson interval; null when none is due. */
  repeat_rate_pct: number | null;
  repeat_rate_lower_pct: number | null;
  repeat_rate_upper_pct: number | null;
  /** Contacts without a customer id, left out of the repeat figures. */
  repeat_without_customer: number;
}

export interface BacklogRow {
  key: string;
  open: number;
  unanswered: number;
  age_p50_seconds: number | null;
  age_p90_seconds: number | null;
}

export interface SupportKpis {
  range: InsightRange;
  by: SupportDimension;
  channels: string[];
  /** The response rate counts days before this one (newer items are not due an answer); null when the range ends earlier. */
  response_rate_before: string | null;
  /** False when no item has ever had an answer time: the response rate says nothing. */
  answer_times_recorded: boolean;
  /** Repeat contacts: another contact of the same customer within this many days (7). */
  repeat_window_days: number;
  /** The last day whose contacts the repeat figures judge (whatever the range). */
  repeat_counted_until: string;
  /** Contacts begun in the range without a customer id, left out of the repeat figures. */
  repeat_without_customer: number;
  clock: SupportClock;
  /** clock=business: the hours counted (the SLA settings'); else null. */
  business_hours: { timeZone: string; twentyFourSeven: boolean; blocks: WeeklyBlock[]; koreanPublicHolidays: boolean; is_default: boolean } | null;
  total: SupportRow;
  rows: SupportRow[];
  backlog: { total: BacklogRow; rows: BacklogRow[] };
  /** The headline lead times by who handled the conversation (people: agents and no handler recorded). */
  by_handler: SupportByHandler;
}

/** One handler group's lead times in the range, and their comparison with the previous period (24-hour clock only): the server's own type (numbers only, so its JSON has the same shape). */
export type HandlerLeadTimes = import('../../src/insights/support.js').HandlerLeadTimes;

/** GET /insights/support's `by_handler`: the bot is null when it handled nothing in either period. */
export interface SupportByHandler {
  people: HandlerLeadTimes;
  bot: HandlerLeadTimes | null;
  all: HandlerLeadTimes;
}

/** Response rate, lead times and backlog over some days, split by one dimension; lead times on the chosen clock. */
export function getSupportKpis(query: { from: string; to: string; by?: SupportDimension; channel?: string; clock?: SupportClock }, signal?: AbortSignal): Promise<SupportKpis> {
  return request(`/insights/support${toQueryString({ ...query })}`, { signal });
}

export interface SlaCount {
  met: number;
  breached: number;
  pending: number;
  /** Done by their status without the target's time: neither met nor breached, outside met_pct (older servers: absent). */
  unrecorded?: number;
  met_pct: number | null;
}

/** A target's overall counts with the previous period's and the change of % met in points (older servers: absent). */
export interface SlaSummaryCount extends SlaCount {
  previous?: SlaCount;
  change?: Change;
}

export type SlaClock = 'business' | 'calendar';
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklyBlock {
  days: Weekday[];
  start: string;
  end: string;
}

export interface SlaPolicy {
  id: string;
  name: string;
  match: { channels?: string[]; types?: string[]; priorities?: string[] };
  firstResponseTargetMs?: number;
  resolutionTargetMs?: number;
  calendar: SlaClock;
}

/** A workspace's own day off (창립기념일, 워크숍) or a public holiday not in Sori's calendar yet. */
export interface ExtraHoliday {
  date: string;
  nameKo: string;
  nameEn: string;
  kind: 'temporary' | 'election' | 'workspace';
}

/** Business hours and SLA policies, as `GET /settings/sla` answers (other fields kept as they are). */
export interface SlaSettings {
  businessHours: {
    timeZone: string;
    twentyFourSeven: boolean;
    blocks: WeeklyBlock[];
    koreanPublicHolidays: boolean;
    extraHolidays: ExtraHoliday[];
    workedHolidays: string[];
  };
  policies: SlaPolicy[];
  is_default: boolean;
}

export interface SlaBreach {
  item_id: string;
  channel: string;
  type: string | null;
  assignee: string | null;
  text: string;
  created_at: string;
  target: 'firstResponse' | 'resolution';
  policy_id: string;
  policy_name: string;
  target_ms: number;
  elapsed_ms: number;
  due_at: string;
  completed_at: string | null;
}

export interface SlaReport {
  range: InsightRange;
  settings: SlaSettings;
  evaluated: number;
  summary: { firstResponse: SlaSummaryCount; resolution: SlaSummaryCount };
  by_policy: { policy_id: string; name: string; calendar: SlaClock; firstResponse: SlaCount; resolution: SlaCount }[];
  by_channel: { channel: string; firstResponse: SlaCount; resolution: SlaCount }[];
  /** Items that breached at least one target in the range (the list below holds only the newest of them). */
  breached_items?: number;
  /** The newest breached items, one entry per breached target (an item late on both appears twice). */
  breaches: SlaBreach[];
}

/** SLA % met per target, policy and channel, and the breaches, over some days. */
export function getSlaReport(query: { from: string; to: string }, signal?: AbortSignal): Promise<SlaReport> {
  return request(`/insights/sla${toQueryString({ ...query })}`, { signal });
}

export function getSlaSettings(signal?: AbortSignal): Promise<SlaSettings> {
  return request('/settings/sla', { signal });
}

/** Replaces business hours and policies (admins); 400 with `errors` when invalid. */
export function saveSlaSettings(settings: Omit<SlaSettings, 'is_default'>): Promise<SlaSettings> {
  return request('/settings/sla', { method: 'PUT', body: settings });
}

export interface TimeZoneChange {
  from: string;
  to: string;
  items: number;
  indexed: number;
}

/** Moves the workspace to another time zone (admins): rollups recounted, search index rebuilt. */
export function changeWorkspaceTimeZone(timezone: string): Promise<TimeZoneChange> {
  return request('/settings/timezone', { method: 'PUT', body: { timezone } });
}

/** Restores the default business hours and policies (admins). */
export function resetSlaSettings(): Promise<SlaSettings> {
  return request('/settings/sla', { method: 'PUT', body: { reset: true } });
}

export const REPORT_TABLES = ['topic_movers', 'type_movers', 'channels', 'volume', 'support', 'sla_breaches', 'nps_drivers', 'churn_reasons', 'import_runs'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

/** The download URL of a dashboard table as CSV or XLSX (a plain link: the browser saves the file). */
export function insightExportUrl(table: ReportTable, format: 'csv' | 'xlsx', query: Record<string, string | number | undefined>): string {
  return `${API_BASE}/insights/export${toQueryString({ table, format, ...query, workspace: workspaceSlug })}`;
}

// ---- NPS and churn reasons ----------------------------------------------------------------------

export interface NpsPoint {
  period: string;
  from: string;
  to: string;
  n: number;
  nps: number | null;
  interval: { lower: number; upper: number; confidence: number } | null;
  promoters: number;
  detractors: number;
}

/** A topic (or type) detractors mention more (or less) than promoters; BH-adjusted verdict. */
export interface NpsDriver {
  key: string;
  name: string | null;
  detractors: number;
  promoters: number;
  detractor_share_pct: number;
  promoter_share_pct: number;
  difference_pp: number;
  /** 95 % interval of the difference in percentage points (Newcombe); null when a group is empty. */
  difference_interval: { lower: number; upper: number } | null;
  p_adjusted: number;
  verdict: ChangeVerdict;
}

export interface NpsInsights {
  range: InsightRange;
  granularity: Granularity;
  drivers_by: 'topic' | 'type';
  current: NpsSummary;
  previous: NpsSummary;
  change: Change;
  series: NpsPoint[];
  drivers: NpsDriver[];
}

/** NPS with its interval against the period before, a trend and the drivers. */
export function getNpsInsights(query: { from: string; to: string; granularity?: Granularity }, signal?: AbortSignal): Promise<NpsInsights> {
  return request(`/insights/nps${toQueryString({ ...query })}`, { signal });
}

export interface ChurnReason {
  key: string;
  name_ko: string;
  name_en: string;
  /** null for "unknown". */
  controllable: boolean | null;
  current: number;
  previous: number;
  share: Change & { p_adjusted?: number };
  /** This period's count per churn type: cancellation (해지·취소), account (탈퇴). */
  by_type?: { cancellation: number; account: number };
  /** `type`: cancellation or account (a member leaving). */
  examples: { item_id: string; type?: string; text: string; day: string }[];
}

export interface ChurnInsights {
  range: InsightRange;
  granularity: Granularity;
  total: { current: number; previous: number };
  /** The item types churn is counted from: cancellation (해지·취소) and account (탈퇴: only the items that leave). */
  counted_types?: string[];
  /** `total` per counted type. */
  by_type?: { cancellation: { current: number; previous: number }; account: { current: number; previous: number } };
  /** Cancellation-typed items about an order (cancel an order, a refund, a return): not churn, not in `total`. */
  order_cancellations?: { current: number; previous: number; examples: { item_id: string; text: string; day: string }[] };
  controllable_share: Change;
  classified_share: Change;
  reasons: ChurnReason[];
  /** Per bucket, with the instants [from, to) it covers inside the range (for drill-down). */
  series: { period: string; from: string; to: string; controllable: number; involuntary: number; unknown: number }[];
  /** Order cancellations per 100 orders, when the workspace records both (covered_days: days with both numbers). */
  cancellation_rate: RateOverDays | null;
  /** Churn: subscriptions ended (churned) per 100 subscribers over 30 days, when the workspace records both. */
  churn_rate?: RateOverDays | null;
}

/** A rate from two business numbers, counted over the days that have both. */
export type RateOverDays = Change & { covered_days?: { current: number; previous: number; of: number } };

/** Cancellation reasons: controllable vs involuntary, shares against the period before, examples. */
export function getChurnInsights(query: { from: string; to: string; granularity?: Granularity }, signal?: AbortSignal): Promise<ChurnInsights> {
  return request(`/insights/churn${toQueryString({ ...query })}`, { signal });
}
