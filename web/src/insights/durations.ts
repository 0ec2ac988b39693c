import type { Locale } from '../i18n.js';
import { durationIn } from '../../../src/domain/labels-ko-en.js';

/**
 * Lead times for people: the two largest units, rounded on the smaller one — "3분 20초",
 * "2시간 5분", "1일 4시간" ("3 min 20 s", "2 h 5 min", "1 d 4 h"); the server's people-exports write the
 * same words (src/domain/labels-ko-en.ts durationIn, which this reads). Null (nothing measured) reads "—".
 * `largest: 'hour'` never says days: business time, where "1일" would read as a working day ("30시간 5분").
 */
export function formatDuration(seconds: number | null | undefined, locale: Locale, opts: { largest?: 'day' | 'hour' } = {}): string {
  return durationIn(seconds, locale, opts) ?? '—';
}

/** Milliseconds as a target ("3분", "8시간", "1일"); the SLA API counts in ms. */
export function formatTargetMs(ms: number | null | undefined, locale: Locale): string {
  return ms === null || ms === undefined ? '—' : formatDuration(ms / 1000, locale);
}
