import type { ItemQuery } from '../api';
import { addDays, isDay, zonedDayStart } from '../format';

/**
 * The Items page's filters as the user sees them: plain strings, '' for "any", days as
 * YYYY-MM-DD in the workspace's time zone. They live in the URL so a filtered list can be shared.
 */
export interface ItemFilters {
  channel: string;
  kind: string;
  source: string;
  q: string;
  from: string;
  to: string;
  /** Set by the import page's "view these items" link; cleared by reset. */
  import_run: string;
  /** A type key ("uncertain" included). */
  type: string;
  /** A topic id, or "none" for items without a topic. */
  topic: string;
  sentiment: string;
  /** A customer segment (VIP, 신규, …). */
  segment: string;
  /** Set by a duplicate-group link; cleared by reset. */
  dup_group: string;
  /** "true": duplicates as the Overview's duplicate share counts them (duplicate-rule.ts), set by its card's link. */
  duplicate: string;
  /** Late on an SLA target (breached, breached_first_response, breached_resolution, open_overdue), or done without its time (unrecorded_first_response, unrecorded_resolution): set by the SLA page's links. */
  sla: string;
  /** Cancellation reason keys, comma list ("unknown" included): set by the churn page's reason rows. */
  churn_reason: string;
  /** "true": items with an NPS score, as the NPS page counts them (its links set it); "false": without one. */
  has_score: string;
  /**
   * One customer's items: their id as the team's systems know it (a member number, M10000050 — the server
   * pseudonymises it as at ingest) typed in the customer box, or their reference (customer_ref, c_…) set by
   * the item panel's contact-history link.
   */
  customer: string;
}

export const EMPTY_FILTERS: ItemFilters = {
  channel: '', kind: '', source: '', q: '', from: '', to: '', import_run: '', type: '', topic: '', sentiment: '', segment: '', dup_group: '', duplicate: '',
  sla: '', churn_reason: '', has_score: '', customer: '',
};

/** The SLA filter's values, as the API takes them. */
export const SLA_FILTERS = ['breached', 'breached_first_response', 'breached_resolution', 'open_overdue', 'unrecorded_first_response', 'unrecorded_resolution'] as const;

/** The list narrowed to one duplicate group (other filters dropped: they could hide its members). */
export function duplicateGroupSearch(group: string): string {
  return filtersToSearch({ ...EMPTY_FILTERS, dup_group: group });
}

const FILTER_KEYS = Object.keys(EMPTY_FILTERS) as (keyof ItemFilters)[];

/** `/items?…` narrowed to some filters, the rest "any" (the insight pages' drill-down links). */
export function itemsLink(filters: Partial<ItemFilters>): string {
  return `/items${filtersToSearch({ ...EMPTY_FILTERS, ...filters })}`;
}

/** Reads filters from the page's query string, dropping malformed days. */
export function filtersFromParams(params: URLSearchParams): ItemFilters {
  const filters = { ...EMPTY_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = (params.get(key) ?? '').trim();
  if (filters.from && !isDay(filters.from)) filters.from = '';
  if (filters.to && !isDay(filters.to)) filters.to = '';
  return filters;
}

/** Writes filters (plus extra page state such as the open item) as `?…`, in a stable order. */
export function filtersToSearch(filters: ItemFilters, extra: Record<string, string | null> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key].trim() !== '') params.set(key, filters[key].trim());
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** True when any filter narrows the list. */
export function hasActiveFilters(filters: ItemFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key].trim() !== '');
}

/** True when both days are set and the first comes after the last: no day can match. */
export function isReversedRange(filters: Pick<ItemFilters, 'from' | 'to'>): boolean {
  return isDay(filters.from) && isDay(filters.to) && filters.from > filters.to;
}

/** How many filters narrow the list (the phone's collapsed filter button shows it). */
export function activeFilterCount(filters: ItemFilters): number {
  return FILTER_KEYS.filter((key) => filters[key].trim() !== '').length;
}

/**
 * Filters as API parameters: whole days become instants in `timeZone`, `from` at that day's
 * midnight and `to` at the next day's midnight (exclusive), so "to 5/31" includes all of 5/31.
 */
export function filtersToQuery(filters: ItemFilters, timeZone: string): ItemQuery {
  const query: ItemQuery = {};
  if (filters.channel) query.channel = filters.channel;
  if (filters.kind) query.kind = filters.kind;
  if (filters.source.trim()) query.source = filters.source.trim();
  if (filters.q.trim()) query.q = filters.q.trim();
  if (/^\d+$/.test(filters.import_run)) query.import_run = filters.import_run;
  if (filters.type) query.type = filters.type;
  if (filters.topic === 'none' || /^\d+$/.test(filters.topic)) query.topic = filters.topic;
  if (filters.sentiment) query.sentiment = filters.sentiment;
  if (filters.segment.trim()) query.segment = filters.segment.trim();
  if (/^\d+$/.test(filters.dup_group)) query.dup_group = filters.dup_group;
  if (filters.duplicate === 'true') query.duplicate = 'true';
  // Passed as given: an unknown value is the API's 400, shown on the page rather than silently dropped.
  if (filters.sla) query.sla = filters.sla;
  if (filters.churn_reason) query.churn_reason = filters.churn_reason;
  if (filters.has_score) query.has_score = filters.has_score;
  if (filters.customer.trim()) query.customer = filters.customer.trim();
  if (filters.from && isDay(filters.from)) query.from = zonedDayStart(filters.from, timeZone).toISOString();
  if (filters.to && isDay(filters.to)) query.to = zonedDayStart(addDays(filters.to, 1), timeZone).toISOString();
  return query;
}
