import type { Locale } from '../i18n.js';

/**
 * Lead times for people: the two largest units, rounded on the smaller one — "3분 20초",
 * "2시간 5분", "1일 4시간" ("3 min 20 s", "2 h 5 min", "1 d 4 h"). A zero second unit is left
 * out ("2시간"). Null (nothing measured) reads "—".
 */

const UNITS = [
  { seconds: 86_400, ko: '일', en: 'd' },
  { seconds: 3_600, ko: '시간', en: 'h' },
  { seconds: 60, ko: '분', en: 'min' },
  { seconds: 1, ko: '초', en: 's' },
] as const;

/**
 * A duration in seconds as at most two units, in Korean or English. `largest: 'hour'` never says
 * days: business time, where "1일" would read as a working day, not 24 business hours ("30시간 5분").
 */
export function formatDuration(seconds: number | null | undefined, locale: Locale, { largest = 'day' }: { largest?: 'day' | 'hour' } = {}): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  if (total === 0) return locale === 'ko' ? '0초' : '0 s';
  const first = largest === 'hour' ? 1 : 0;
  const bigIndex = Math.max(first, UNITS.findIndex((u) => total >= u.seconds));
  const big = UNITS[bigIndex];
  const small = UNITS[bigIndex + 1];
  const part = (n: number, unit: (typeof UNITS)[number]) => (locale === 'ko' ? `${n}${unit.ko}` : `${n} ${unit.en}`);
  if (!small) return part(total, big);
  // Round on the smaller unit, then carry (1시간 59분 59초 → 2시간).
  const smallCount = Math.round(total / small.seconds);
  const perBig = big.seconds / small.seconds;
  const bigCount = Math.floor(smallCount / perBig);
  const rest = smallCount - bigCount * perBig;
  return rest === 0 ? part(bigCount, big) : `${part(bigCount, big)} ${part(rest, small)}`;
}

/** Milliseconds as a target ("3분", "8시간", "1일"); the SLA API counts in ms. */
export function formatTargetMs(ms: number | null | undefined, locale: Locale): string {
  return ms === null || ms === undefined ? '—' : formatDuration(ms / 1000, locale);
}
