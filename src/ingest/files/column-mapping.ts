import fs from 'node:fs';
import { z } from 'zod';
import { SoriError } from '../../domain/errors.js';
import { ITEM_INPUT_FIELDS, setOwn } from '../../domain/item.js';
import { needsFormulaGuard } from './write-records.js';

export type ItemField = (typeof ITEM_INPUT_FIELDS)[number];

/**
 * How file columns become item fields. `fields` maps an item field to a column name;
 * `constants` fill a field the row leaves empty; `metadata` lists columns copied into
 * `metadata` — when it is absent, every column not used by `fields` is copied.
 */
export interface ColumnMapping {
  fields: Partial<Record<ItemField, string>>;
  constants?: Partial<Record<ItemField, unknown>>;
  metadata?: string[];
  /** Columns copied under their own name, unvalidated here (Sori's own `customer_ref`, `pii_kinds`). */
  passthrough?: string[];
  /**
   * Only some fields named (`--map "text=고객 메시지"`): the file's other columns are still
   * recognised by their headers (`resolveMapping`). A mapping with `metadata` is complete.
   */
  partial?: boolean;
  /**
   * The file is one Sori wrote (its export or rejects file, see isSoriExport): only then are
   * cells un-guarded (the apostrophe the exporter put before a formula character removed).
   * Set by resolveMapping/autoMapping from the headers; a hand-made file keeps its apostrophes.
   */
  unguard?: boolean;
}

/**
 * The mapping for a file with these columns: the automatic one when none is given; a partial one
 * laid over the automatic one (a column it names is taken from any field the headers gave it
 * to); a complete one as it is. `missing` lists the columns the given mapping names that the
 * file does not have.
 */
export function resolveMapping(
  headers: string[],
  given?: ColumnMapping,
): { mapping: ColumnMapping; unmapped: string[]; ignored: string[]; missing: string[] } {
  const present = new Set(headers);
  const named = given ? [...Object.values(given.fields), ...(given.metadata ?? []), ...(given.passthrough ?? [])] : [];
  const missing = [...new Set(named.filter((c) => c !== undefined && !present.has(c)))] as string[];
  const unguard = isSoriExport(headers);
  if (given && !given.partial) {
    // A complete mapping keeps only its `metadata` columns; the others are dropped, not kept.
    const kept = new Set(given.metadata ?? []);
    const unmapped = headers.filter((h) => kept.has(h));
    const ignored = headers.filter((h) => !named.includes(h));
    return { mapping: unguard ? { ...given, unguard } : given, unmapped, ignored, missing };
  }
  const auto = autoMapping(headers);
  if (!given) return { ...auto, ignored: [], missing };
  const taken = new Set(Object.values(given.fields));
  const fields: Partial<Record<ItemField, string>> = {};
  for (const field of ITEM_INPUT_FIELDS) {
    const column = given.fields[field] ?? auto.mapping.fields[field];
    if (column !== undefined && (given.fields[field] !== undefined || !taken.has(column))) fields[field] = column;
  }
  const used = new Set(Object.values(fields));
  const passthrough = (auto.mapping.passthrough ?? []).filter((h) => !used.has(h));
  const unmapped = headers.filter((h) => !used.has(h) && !SORI_DERIVED_COLUMNS.has(h) && !SORI_PASSTHROUGH_COLUMNS.has(h));
  const mapping: ColumnMapping = {
    fields,
    metadata: unmapped,
    ...(given.constants ? { constants: given.constants } : {}),
    ...(passthrough.length ? { passthrough } : {}),
    unguard,
  };
  return { mapping, unmapped, ignored: [], missing };
}

/** Fields a row cannot do without, and whether this mapping (with the import's defaults) gives each. */
export function missingRequiredFields(mapping: ColumnMapping, defaults: { channel?: string; source?: string } = {}): ItemField[] {
  const has = (f: ItemField) => mapping.fields[f] !== undefined || mapping.constants?.[f] !== undefined;
  const out: ItemField[] = [];
  if (!has('text')) out.push('text');
  if (!has('created_at')) out.push('created_at');
  if (!has('channel') && !defaults.channel) out.push('channel');
  if (!has('source') && !defaults.source) out.push('source');
  return out;
}

const FIELD_SET: ReadonlySet<string> = new Set(ITEM_INPUT_FIELDS);

/**
 * Header names each field is recognised by, best first. Matching ignores case, spaces,
 * `_`, `-` and `.`, so "Created At", "created-at" and "CREATED_AT" are the same name.
 */
const HEADER_ALIASES: Partial<Record<ItemField, string[]>> = {
  text: [
    '문의내용', '상담내용', '리뷰내용', '후기내용', '응답내용', '내용', '본문', '메시지', '후기', '의견',
    'body', 'description', 'message', 'content', 'comment', 'review', 'feedback', 'ticket description',
  ],
  title: ['제목', '문의제목', 'subject', 'summary', 'ticket subject'],
  created_at: [
    '접수일시', '문의일시', '작성일시', '등록일시', '생성일시', '접수일', '등록일', '작성일', '문의일', '생성일',
    '접수일자', '등록일자', '작성일자', '문의일자', '생성일자', '상담일시', '상담일자', '리뷰작성일',
    // A survey's answer time (when the customer answered: the item's time). After the desks' own
    // times, so a ticket export with both keeps 접수일시 and leaves 응답일시 in metadata; never
    // first_response_at (review s19). 제출일시: 'submitted at'. 타임스탬프: Google Forms' Korean export.
    '응답일시', '응답일자', '설문응답일시', '제출일시', '타임스탬프',
    '일시', '날짜', '일자',
    'created', 'created date', 'created time', 'date', 'timestamp', 'submitted at', 'ticket created',
  ],
  // Not a bare 번호 / No / 순번: board exports number their rows 1, 2, 3… on every page and month,
  // so it would make November's and December's files the same tickets (see ROW_NUMBER_HEADERS).
  // Spaces and case do not count (headerKey): 상담 번호, 티켓 번호 and 상담 ID are these too. Vendors'
  // ids (Channel Talk's 상담ID, 채팅ID) rank after the boards' own numbers.
  external_id: [
    '티켓번호', '문의번호', '접수번호', '상담번호', '리뷰번호',
    '상담ID', '상담아이디', '채팅ID', '채팅번호', '유저챗ID', '문의ID', '티켓ID', '접수ID', '대화ID', '케이스번호',
    'id', 'ticket id', 'ticket number', 'ticket', 'ticket no', 'chat id', 'userchatid', 'conversation id', 'case id', 'case number',
  ],
  customer_id: [
    '고객ID', '고객번호', '회원번호', '회원ID', '고객아이디', '회원아이디',
    'requester id', 'user id', 'member id', 'client id', 'customer number',
  ],
  rating: ['평점', '별점', '만족도', 'stars', 'star rating', 'satisfaction rating', 'satisfaction score', 'satisfaction'],
  // 0–10 (the NPS question, 추천 의향). Not 만족도점수: such a score is as often out of 10 or 100
  // as out of 5, and rating takes 1–5 only (every other row would be refused): it stays metadata.
  score: ['점수', 'NPS', 'NPS점수', '추천점수', '추천의향점수', 'nps score', 'likelihood to recommend'],
  order_ref: ['주문번호', '주문ID', 'order id', 'order number', 'order no'],
  product_ref: ['상품코드', '상품번호', '상품ID', '제품코드', 'product id', 'product code', 'sku'],
  status: ['상태', '처리상태', '진행상태', 'ticket status'],
  assignee: ['담당자', '상담원', '처리자', '담당상담원', '상담사', '담당상담사', 'agent', 'assignee name', 'assigned to'],
  channel: ['채널', '유입채널', '문의채널', '접수채널', '접수경로', 'via', 'ticket channel'],
  // A board's 답변일시 is when the inquiry was answered: its first response (one answer per post).
  first_response_at: [
    '최초응답일시', '첫응답일시', '최초답변일시', '첫답변일시', '첫응답시간', '최초응답시간', '답변일시', '답변일자',
    'first response', 'first response at', 'first replied at', 'first reply at',
  ],
  resolved_at: ['해결일시', '완료일시', '처리완료일시', '종료일시', 'solved at', 'closed at', 'completed at'],
  customer_segment: ['등급', '세그먼트', '고객등급', '회원등급', '고객군', '고객구분', '회원구분', '고객유형', '회원유형', '멤버십등급', 'segment', 'tier', 'customer tier', 'customer type'],
  customer_plan: ['요금제', '플랜', '상품플랜', 'plan', 'subscription', 'pricing plan'],
  language: ['언어', 'lang', 'locale'],
  reopened_count: ['재오픈횟수', '재문의횟수', 'reopens', 'reopen count'],
  handled_by: ['처리주체'],
  source: ['출처'],
  // When the ticket was last changed in the system it came from: an older row never replaces a
  // newer stored state (an old export imported after live updates). `updated_at` only in a file
  // Sori did not write (in Sori's own files it is when Sori stored the item: SORI_DERIVED_COLUMNS).
  source_updated_at: [
    '수정일시', '최종수정일시', '최종수정일', '수정일', '수정일자', '변경일시', '최종변경일시', '최근수정일시', '업데이트일시', '최종업데이트일시',
    // Not a bare "updated" or "modified": such a column may be a yes/no flag, and every row would be refused.
    'updated_at', 'last updated', 'last modified', 'modified at', 'ticket updated', 'date modified',
  ],
};

/**
 * Headers of a list's row position (게시판 번호, Excel's No, 순번): never an item field. Such a
 * column is kept as metadata; with no id column an item's identity comes from its content
 * (channel, time, customer, text — prepareItem), so two months' exports stay distinct.
 */
const ROW_NUMBER_HEADERS = new Set(['번호', 'no', '순번', '연번', '일련번호', '#', 'row', 'rowno', 'rownumber', 'number', 'nr']);

/**
 * Whether a cell reads as a column name Sori knows (an item field's name or alias, or a list's
 * row-number header): tells a header row from a report's title line above it (read-records.ts).
 */
export function isKnownHeader(cell: string): boolean {
  const key = headerKey(cell);
  return ALIAS_INDEX.has(key) || ROW_NUMBER_HEADERS.has(key);
}

/** Whether a header names a list's row position (번호, No, 순번…), which must not become the item id. */
export function isRowNumberHeader(header: string): boolean {
  return ROW_NUMBER_HEADERS.has(headerKey(header));
}

function headerKey(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_.\-]+/g, '');
}

/** Every field's aliases by key, for a test that no alias names two fields. */
export const HEADER_ALIAS_KEYS = (): [ItemField, string][] =>
  (Object.entries(HEADER_ALIASES) as [ItemField, string[]][]).flatMap(([field, names]) => names.map((n): [ItemField, string] => [field, headerKey(n)]));

/** Alias key → [field, rank]; the field's own name ranks first. */
const ALIAS_INDEX: Map<string, { field: ItemField; rank: number }> = (() => {
  const index = new Map<string, { field: ItemField; rank: number }>();
  for (const field of ITEM_INPUT_FIELDS) {
    const names = [field, ...(HEADER_ALIASES[field] ?? [])];
    names.forEach((name, rank) => {
      const key = headerKey(name);
      if (!index.has(key) && !ROW_NUMBER_HEADERS.has(key)) index.set(key, { field, rank });
    });
  }
  return index;
})();

/**
 * Maps headers that name an item field by themselves (field names, common Korean and vendor
 * headers); each field takes at most one column, the best-ranked name winning. Every other
 * column is listed in `unmapped` and copied into metadata.
 */
export function autoMapping(headers: string[]): { mapping: ColumnMapping; unmapped: string[] } {
  const best = new Map<ItemField, { header: string; rank: number }>();
  for (const header of headers) {
    const hit = ALIAS_INDEX.get(headerKey(header));
    if (!hit) continue;
    const current = best.get(hit.field);
    if (!current || hit.rank < current.rank) best.set(hit.field, { header, rank: hit.rank });
  }
  const fields: Partial<Record<ItemField, string>> = {};
  const soriFile = isSoriExport(headers);
  for (const field of ITEM_INPUT_FIELDS) {
    const hit = best.get(field);
    if (hit && !(soriFile && SORI_DERIVED_COLUMNS.has(hit.header))) fields[field] = hit.header;
  }
  const used = new Set(Object.values(fields));
  // Sori's own export columns: values Sori derived itself are dropped (they are recomputed),
  // the pseudonymous customer ref and the PII kinds pass through, so export → import round-trips.
  const passthrough = headers.filter((h) => !used.has(h) && SORI_PASSTHROUGH_COLUMNS.has(h));
  const unmapped = headers.filter((h) => !used.has(h) && !SORI_DERIVED_COLUMNS.has(h) && !SORI_PASSTHROUGH_COLUMNS.has(h));
  return { mapping: { fields, metadata: unmapped, ...(passthrough.length ? { passthrough } : {}), unguard: soriFile }, unmapped };
}

/** Columns only Sori's own exports have (export-items.ts EXPORT_COLUMNS). */
const SORI_EXPORT_MARKERS = ['received_at', 'customer_ref', 'pii_kinds', 'model_version', 'dup_group', 'topic_rule', 'sentiment_score', 'type_confidence'];

/**
 * Whether these headers are a file Sori wrote: its CSV/XLSX export (several export-only columns,
 * so a user who deleted a few still counts) or its rejects file (reject_row and reject_reason).
 * Only such files had their cells formula-guarded by Sori, so only they are un-guarded.
 */
export function isSoriExport(headers: readonly string[]): boolean {
  const has = new Set(headers);
  if (has.has('reject_row') && has.has('reject_reason')) return true;
  return SORI_EXPORT_MARKERS.filter((h) => has.has(h)).length >= 3;
}

/** Columns of `sori export` that Sori computes itself, and of its rejects files; ignored on import. */
const SORI_DERIVED_COLUMNS = new Set([
  'id', 'received_at', 'updated_at', 'type', 'type_confidence', 'topic', 'topic_id', 'topic_name', 'topic_rule',
  'sentiment', 'sentiment_score', 'dup_group', 'model_version',
  // A rejects file's own columns (rejects-file.ts): a corrected rejects file imports as the original rows.
  'reject_row', 'reject_field', 'reject_reason', 'reject_other',
]);
/** Columns of `sori export` copied into the item under their own name (see prepareItem). */
const SORI_PASSTHROUGH_COLUMNS = new Set(['customer_ref', 'pii_kinds']);

const mappingFileSchema = z.union([
  z.object({
    fields: z.record(z.string(), z.string().min(1)),
    constants: z.record(z.string(), z.unknown()).optional(),
    metadata: z.array(z.string()).optional(),
    passthrough: z.array(z.enum(['customer_ref', 'pii_kinds'])).optional(),
  }),
  // The short form: just { "field": "Column" }.
  z.record(z.string(), z.string().min(1)),
]);

/**
 * Reads `--map` (and the upload form's `mapping`): either `field=Column,field=Column` (a column
 * name holding `,` or `=` goes in double quotes: `text="내용, 상세"`), a JSON object — a
 * ColumnMapping or a plain `{ "field": "Column" }` — or, with `files` (the CLI's, not a request's:
 * a client must not make the server read its files), the path of a `.json` file holding one.
 */
export function parseMappingSpec(spec: string, opts: { files?: boolean } = {}): ColumnMapping {
  const trimmed = spec.trim();
  if (trimmed.startsWith('{')) return parseMappingJson(trimmed, 'mapping');
  if (/\.json$/i.test(trimmed)) {
    if (opts.files === false) throw mappingError('a mapping file is read by the CLI only: send the mapping itself (JSON or field=Column)', '매핑 파일 경로는 CLI에서만 읽습니다. 매핑 내용(JSON 또는 필드=열)을 보내세요');
    return readMappingFile(trimmed);
  }
  const fields: Partial<Record<ItemField, string>> = {};
  for (const pair of splitPairs(spec)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw mappingError(`"${pair}" is not field=Column`, `"${pair}"은(는) 필드=열 형식이 아닙니다`);
    const field = pair.slice(0, eq).trim();
    const column = unquote(pair.slice(eq + 1).trim());
    if (!FIELD_SET.has(field)) throw mappingError(`unknown item field "${field}" (fields: ${ITEM_INPUT_FIELDS.join(', ')})`, `알 수 없는 항목 필드 "${field}"`);
    if (!column) throw mappingError(`no column given for "${field}"`, `"${field}"에 열 이름이 없습니다`);
    if (fields[field as ItemField] !== undefined) throw mappingError(`"${field}" is mapped twice`, `"${field}"를 두 번 지정했습니다`);
    fields[field as ItemField] = column;
  }
  if (!Object.keys(fields).length) throw mappingError('the mapping is empty', '매핑이 비어 있습니다');
  return { fields, partial: true };
}

function readMappingFile(file: string): ColumnMapping {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw mappingError(`cannot read mapping file ${file}: ${(e as Error).message}`, `매핑 파일을 읽을 수 없습니다: ${file}`);
  }
  return parseMappingJson(text, `mapping file ${file}`);
}

function parseMappingJson(text: string, where: string): ColumnMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw mappingError(`${where} is not JSON: ${(e as Error).message}`, 'JSON 형식이 아닙니다');
  }
  const parsed = mappingFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw mappingError(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`, '매핑 형식이 맞지 않습니다');
  }
  const data = parsed.data;
  const full = typeof data.fields === 'object' ? (data as z.infer<(typeof mappingFileSchema.options)[0]>) : null;
  const fields = full ? full.fields : (data as Record<string, string>);
  const unknown = [...Object.keys(fields), ...Object.keys(full?.constants ?? {})].filter((f) => !FIELD_SET.has(f));
  if (unknown.length) throw mappingError(`${where}: unknown item field(s) ${unknown.map((f) => `"${f}"`).join(', ')}`, `알 수 없는 항목 필드: ${unknown.join(', ')}`);
  return {
    fields: fields as ColumnMapping['fields'],
    ...(full?.constants ? { constants: full.constants as ColumnMapping['constants'] } : {}),
    ...(full?.metadata ? { metadata: full.metadata } : {}),
    ...(full?.passthrough ? { passthrough: full.passthrough } : {}),
    // Only fields (no metadata list): the other columns keep their automatic mapping.
    ...(full?.metadata ? {} : { partial: true }),
  };
}

/** Splits on commas outside double quotes. */
function splitPairs(spec: string): string[] {
  const pairs: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of spec) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      if (current.trim()) pairs.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (quoted) throw mappingError('unbalanced double quote', '큰따옴표가 닫히지 않았습니다');
  if (current.trim()) pairs.push(current.trim());
  return pairs;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/""/g, '"').trim() : s;
}

function mappingError(message: string, ko: string): SoriError {
  return new SoriError('bad_request', `column mapping: ${message} / 열 매핑: ${ko}`, { reason: 'invalid_mapping' });
}

/** Korean and vendor words for enum values, keyed as enumKey() writes them. */
const ENUM_WORDS: Partial<Record<ItemField, Record<string, string>>> = {
  status: {
    new: 'new', 신규: 'new', 접수: 'new', 미처리: 'new',
    open: 'open', 처리중: 'open', 진행중: 'open', 답변중: 'open', 상담중: 'open', inprogress: 'open',
    pending: 'pending', 대기: 'pending', 답변대기: 'pending', 고객대기: 'pending', waiting: 'pending',
    onhold: 'on_hold', hold: 'on_hold', 보류: 'on_hold',
    resolved: 'resolved', solved: 'resolved', 완료: 'resolved', 해결: 'resolved', 처리완료: 'resolved', 답변완료: 'resolved',
    closed: 'closed', 종료: 'closed', 닫힘: 'closed', 상담종료: 'closed',
  },
  channel: {
    chat: 'chat', 채팅: 'chat', 채널톡: 'chat', 카카오톡: 'chat', 카톡: 'chat', 톡상담: 'chat', livechat: 'chat', messaging: 'chat',
    phone: 'phone', 전화: 'phone', 콜: 'phone', 유선: 'phone', voice: 'phone', call: 'phone',
    email: 'email', 이메일: 'email', 메일: 'email', mail: 'email',
    board: 'board', '1:1문의': 'board', '1대1문의': 'board', 게시판: 'board', 웹문의: 'board', web: 'board', webform: 'board', form: 'board',
    survey: 'survey', 설문: 'survey', 설문조사: 'survey',
    review: 'review', 리뷰: 'review', 상품리뷰: 'review', 후기: 'review',
    appstore: 'app_store', 앱리뷰: 'app_store', 앱스토어: 'app_store', 플레이스토어: 'app_store', googleplay: 'app_store', playstore: 'app_store',
    social: 'social', sns: 'social', 소셜: 'social', twitter: 'social', facebook: 'social', instagram: 'social',
    chatbot: 'chatbot', 챗봇: 'chatbot', bot: 'chatbot',
    other: 'other', 기타: 'other',
  },
  kind: {
    inquiry: 'inquiry', 문의: 'inquiry',
    review: 'review', 리뷰: 'review', 후기: 'review',
    surveyresponse: 'survey_response', survey: 'survey_response', 설문: 'survey_response', 설문응답: 'survey_response',
    chatbotsession: 'chatbot_session', 챗봇: 'chatbot_session', 챗봇대화: 'chatbot_session',
    note: 'note', 메모: 'note',
  },
  handled_by: {
    bot: 'bot', 봇: 'bot', 챗봇: 'bot', human: 'human', 상담원: 'human', 사람: 'human', 상담사: 'human', agent: 'human',
  },
};

function enumKey(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_\-]+/g, '');
}

/**
 * Korean and vendor spellings of enum values (status, channel, kind, handled_by) → the item's
 * value; "5점" / "★★★★☆" → 5 for rating and score. Anything unknown is returned unchanged
 * so validation reports it.
 */
export function normalizeEnumValue(field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (field === 'rating' || field === 'score') return normalizeRating(value);
  const words = ENUM_WORDS[field as ItemField];
  if (!words) return value;
  return words[enumKey(value)] ?? value;
}

/**
 * Five-point Korean survey answers, and Zendesk's two-level CSAT (good/bad → 5/1; "offered" means
 * the survey went out unanswered, so no rating).
 */
const RATING_WORDS: Record<string, number | ''> = {
  매우만족: 5, 만족: 4, 보통: 3, 불만족: 2, 매우불만족: 1, 불만: 2, 매우불만: 1,
  good: 5, bad: 1, offered: '', unoffered: '', notoffered: '',
};

function normalizeRating(value: string): unknown {
  const s = value.trim();
  const points = /^(\d{1,2})\s*점$/.exec(s);
  if (points) return Number(points[1]);
  if (/^[★☆]+$/.test(s)) return [...s].filter((c) => c === '★').length;
  return RATING_WORDS[enumKey(s)] ?? value;
}

/**
 * One raw row → the object handed to itemInputSchema (not validated here): mapped columns by
 * field name with enum words normalised, constants where the row is empty, and the metadata
 * columns (empty cells left out) merged over a `metadata` column if the file has one.
 * The mapping is compiled once per object, so do not change a mapping after using it.
 */
export function applyMapping(values: Record<string, unknown>, mapping: ColumnMapping): Record<string, unknown> {
  let plan = PLANS.get(mapping);
  if (!plan) {
    plan = compileMapping(mapping);
    PLANS.set(mapping, plan);
  }
  const item: Record<string, unknown> = {};
  // Sori's JSONL export is never guarded; it has the same columns as its CSV/XLSX but pii_kinds
  // is a JSON array there (a joined string in a spreadsheet), which tells the two apart.
  const unguarding = plan.unguard && !Array.isArray(values.pii_kinds);
  const unguard = unguarding ? unguardCell : (v: unknown) => v;
  for (const { field, column, convert } of plan.fields) {
    const value = unguard(values[column]);
    if (value !== undefined) item[field] = convert ? convert(value) : value;
  }
  if (mapping.passthrough) {
    for (const column of mapping.passthrough) {
      const value = values[column];
      if (value !== undefined && value !== null && value !== '') item[column] = value;
    }
  }
  for (const [field, constant] of plan.constants) {
    const current = item[field];
    if (current === undefined || current === null || current === '') item[field] = constant;
  }
  let extra: Record<string, unknown> | null = null;
  if (plan.metadataColumns) {
    for (const column of plan.metadataColumns) {
      const value = unguard(values[column]);
      if (value !== undefined && value !== null && value !== '') setOwn((extra ??= {}), column, value);
    }
  } else {
    for (const column in values) {
      if (plan.used.has(column)) continue;
      const value = unguard(values[column]);
      if (value !== undefined && value !== null && value !== '') setOwn((extra ??= {}), column, value);
    }
  }
  const base = item.metadata;
  if (base !== undefined && base !== null && base !== '' && (typeof base !== 'object' || Array.isArray(base))) {
    // A column mapped to metadata whose cell is no JSON object (a plain 카테고리 column chosen as
    // "metadata" on the import page): kept under the column's own name — it was dropped (audit s18).
    const column = plan.fields.find((f) => f.field === 'metadata')?.column ?? 'metadata';
    extra = { [column]: base, ...extra };
    item.metadata = extra;
  } else if (extra) {
    item.metadata = base !== null && typeof base === 'object' ? { ...(base as object), ...extra } : extra;
  }
  return item;
}

/**
 * A cell as it was before Sori's spreadsheet export guarded it against formula injection
 * (guardFormula in write-records.ts): the exact inverse, one apostrophe removed from a value
 * guardFormula would have guarded. applyMapping applies it only to files Sori wrote
 * (ColumnMapping.unguard): a customer's own `'-' 표시가 이상해요` in a hand-made file is text.
 */
export function unguardCell(value: unknown): unknown {
  return typeof value === 'string' && value.charCodeAt(0) === 0x27 && needsFormulaGuard(value.slice(1)) ? value.slice(1) : value;
}

/** The same as unguardCell (its earlier name). */
export const unguard = unguardCell;

interface MappingPlan {
  fields: { field: string; column: string; convert: ((value: unknown) => unknown) | null }[];
  constants: [string, unknown][];
  /** null: every column not used by `fields`. */
  metadataColumns: string[] | null;
  used: Set<string>;
  unguard: boolean;
}

const PLANS = new WeakMap<ColumnMapping, MappingPlan>();
const NORMALISED_FIELDS = new Set(['status', 'channel', 'kind', 'handled_by', 'rating', 'score']);
const MAX_CACHED_WORDS = 1_000;

function compileMapping(mapping: ColumnMapping): MappingPlan {
  const fields: MappingPlan['fields'] = [];
  const used = new Set<string>();
  for (const [field, column] of Object.entries(mapping.fields)) {
    if (!column) continue;
    used.add(column);
    fields.push({
      field,
      column,
      convert: field === 'metadata' ? parseMetadata : NORMALISED_FIELDS.has(field) ? cachedNormalizer(field) : null,
    });
  }
  return {
    fields,
    constants: Object.entries(mapping.constants ?? {}),
    metadataColumns: mapping.metadata ?? null,
    used,
    unguard: mapping.unguard === true,
  };
}

/** Enum cells repeat a handful of words over millions of rows: remember the answers. */
function cachedNormalizer(field: string): (value: unknown) => unknown {
  const seen = new Map<string, unknown>();
  return (value) => {
    if (typeof value !== 'string') return normalizeEnumValue(field, value);
    const hit = seen.get(value);
    if (hit !== undefined || seen.has(value)) return hit;
    const result = normalizeEnumValue(field, value);
    if (seen.size < MAX_CACHED_WORDS) seen.set(value, result);
    return result;
  };
}

/** A metadata cell from a CSV holds JSON text (as `sori export` writes it); parse it when it does. */
function parseMetadata(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const s = value.trim();
  if (!s) return undefined;
  if (!s.startsWith('{')) return value;
  try {
    return JSON.parse(s);
  } catch {
    return value;
  }
}
