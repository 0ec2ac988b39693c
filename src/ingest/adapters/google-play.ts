/**
 * Google Play Console review reports → Sori items.
 *
 * Built from the Play Console's downloadable reports as documented in the Play Console Help
 * ("Download and export monthly reports" → Reviews: `reviews/reviews_<package>_<YYYYMM>.csv` in the
 * developer account's Cloud Storage bucket, UTF-16 CSV, one file per app and month) and the columns
 * those files carry (as of 2024–2026): Package Name, App Version Code, App Version Name, Reviewer
 * Language, Device, Review Submit Date and Time, Review Submit Millis Since Epoch, Review Last
 * Update Date and Time, Review Last Update Millis Since Epoch, Star Rating, Review Title, Review
 * Text, Developer Reply Date and Time, Developer Reply Millis Since Epoch, Developer Reply Text,
 * Review Link. Times are UTC (`2026-01-02T03:04:05Z`).
 *
 * Decisions:
 * - One item per review: channel app_store, kind review, source `google-play` unless named.
 *   external_id = the `reviewId` of the Review Link (the Android Publisher API's review id); without
 *   a link, `<package>:<submit millis>` — both stay the same when the reviewer edits the review, so
 *   a later month's report updates it instead of adding a second one.
 * - text = Review Title, a blank line, Review Text (the text alone without a title); title = Review
 *   Title. A star rating without any text is stored as a review without text (it counts in the
 *   ratings; nothing to label); a row with neither is skipped, counted and said.
 * - rating = Star Rating (1–5); created_at = Review Submit (the first time), source_updated_at =
 *   Review Last Update, so an older report imported after a newer one never rolls the review back.
 * - first_response_at = Developer Reply (when the team answered on Play); the reply's text is not
 *   stored (it is the team's words, and reviews are no support channel: the support KPIs leave
 *   app_store out).
 * - metadata: package_name, app_version_name, app_version_code, device, reviewer_language (the
 *   device's language, not necessarily the review's: Sori detects the text's own), review_link.
 */
import type { ItemInput } from '../../domain/item.js';

type Row = Record<string, unknown>;

/** The report's columns, by what they hold (headers compared case- and space-insensitively). */
export const GOOGLE_PLAY_COLUMNS = {
  packageName: 'Package Name',
  versionCode: 'App Version Code',
  versionName: 'App Version Name',
  language: 'Reviewer Language',
  device: 'Device',
  submitted: 'Review Submit Date and Time',
  submittedMillis: 'Review Submit Millis Since Epoch',
  updated: 'Review Last Update Date and Time',
  updatedMillis: 'Review Last Update Millis Since Epoch',
  rating: 'Star Rating',
  title: 'Review Title',
  text: 'Review Text',
  replied: 'Developer Reply Date and Time',
  repliedMillis: 'Developer Reply Millis Since Epoch',
  link: 'Review Link',
} as const;

const key = (header: string) => header.replace(/\s+/g, ' ').trim().toLowerCase();
const WANTED = new Map(Object.entries(GOOGLE_PLAY_COLUMNS).map(([field, header]) => [key(header), field as keyof typeof GOOGLE_PLAY_COLUMNS]));

/** Whether a table's headers are a Play Console review report's (its submit time and star rating columns). */
export function isGooglePlayReviewHeader(headers: readonly string[]): boolean {
  const have = new Set(headers.map(key));
  return (have.has(key(GOOGLE_PLAY_COLUMNS.submitted)) || have.has(key(GOOGLE_PLAY_COLUMNS.submittedMillis))) && have.has(key(GOOGLE_PLAY_COLUMNS.rating));
}

const text = (v: unknown): string | undefined => {
  if (v === null || v === undefined) return undefined;
  const s = (v instanceof Date ? v.toISOString() : String(v)).trim();
  return s === '' ? undefined : s;
};

/** A report time: its date-and-time text, else its milliseconds since the epoch; undefined when neither reads. */
function instant(dateText: unknown, millis: unknown): string | undefined {
  if (dateText instanceof Date && !Number.isNaN(dateText.getTime())) return dateText.toISOString();
  const d = text(dateText);
  if (d !== undefined) return d;
  const ms = text(millis);
  if (ms !== undefined && /^\d{10,14}$/.test(ms)) return new Date(Number(ms)).toISOString();
  return ms;
}

/** The review id in a Review Link (`…/review-details?reviewId=gp:AOqpTO…`), or undefined. */
export function reviewIdOf(link: string | undefined): string | undefined {
  if (!link) return undefined;
  const m = /[?&#]reviewId=([^&#\s]+)/.exec(link);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1];
  }
}

/**
 * Maps one report's rows (as read by the file reader, keyed by header) to items; rows left out
 * (neither text nor rating, a row without a review id or time) are said in `ignored`, by row.
 */
export function mapGooglePlayReviews(rows: readonly Row[], opts: { source?: string } = {}): { items: ItemInput[]; ignored: string[]; ignoredIndex: number[] } {
  const source = opts.source ?? 'google-play';
  const items: ItemInput[] = [];
  const ignored: string[] = [];
  const ignoredIndex: number[] = [];
  rows.forEach((raw, index) => {
    const row: Partial<Record<keyof typeof GOOGLE_PLAY_COLUMNS, unknown>> = {};
    for (const [header, value] of Object.entries(raw)) {
      const field = WANTED.get(key(header));
      if (field) row[field] = value;
    }
    const title = text(row.title);
    const body = text(row.text);
    const submitted = instant(row.submitted, row.submittedMillis);
    const link = text(row.link);
    const pkg = text(row.packageName);
    const millis = text(row.submittedMillis);
    const id = reviewIdOf(link) ?? (pkg && millis ? `${pkg}:${millis}` : undefined);
    if (!id) {
      ignored.push('review without id');
      ignoredIndex.push(index);
      return;
    }
    const rating = text(row.rating);
    // Stars alone are a review too (most are): stored without text, counted in the ratings.
    if (!title && !body && rating === undefined) {
      ignored.push(`review ${id}: neither text nor rating`);
      ignoredIndex.push(index);
      return;
    }
    const metadata: Record<string, unknown> = {};
    const put = (name: string, value: unknown) => {
      const v = text(value);
      if (v !== undefined) metadata[name] = v;
    };
    put('package_name', row.packageName);
    put('app_version_name', row.versionName);
    put('app_version_code', row.versionCode);
    put('device', row.device);
    put('reviewer_language', row.language);
    put('review_link', link);
    const item: ItemInput = {
      external_id: id,
      channel: 'app_store',
      source,
      kind: 'review',
      created_at: submitted ?? '',
      text: title && body ? `${title}\n\n${body}` : (body ?? title ?? ''),
      metadata,
    };
    if (title) item.title = title;
    if (rating !== undefined) item.rating = Number.isFinite(Number(rating)) ? Number(rating) : (rating as never);
    const replied = instant(row.replied, row.repliedMillis);
    if (replied !== undefined) item.first_response_at = replied;
    const updated = instant(row.updated, row.updatedMillis);
    if (updated !== undefined) item.source_updated_at = updated;
    items.push(item);
  });
  return { items, ignored, ignoredIndex };
}
