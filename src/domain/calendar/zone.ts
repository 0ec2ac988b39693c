/**
 * Time-zone arithmetic on IANA zones with Intl only (no tz database of our own): the offset at an
 * instant, the instant a local wall-clock time names, and an instant written as that clock shows it.
 * Used for SLA business hours and for timestamps that carry no offset (file cells, "2026-11-01
 * 10:00"), read — and shown back — in the workspace's zone.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset at an instant, asking Intl (slow: ~5 µs, and imports compute it per item). */
function exactOffsetMs(epochMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(epochMs)) {
    if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const seconds = Math.floor(epochMs / 1000) * 1000;
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second) - seconds;
}

// Offsets change a few times a year, at most once in an hour: remember each UTC hour's offset when
// it is the same at both ends of the hour (else, around a change, ask Intl every time).
const HOUR_MS = 3_600_000;
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_HOURS = 100_000;

/** Milliseconds to add to an instant to get its wall-clock time in `timeZone` (+9 h in Seoul). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  let hours = offsetCache.get(timeZone);
  if (!hours) offsetCache.set(timeZone, (hours = new Map()));
  const hour = Math.floor(epochMs / HOUR_MS);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const start = exactOffsetMs(hour * HOUR_MS, timeZone);
    offset = start === exactOffsetMs(hour * HOUR_MS + HOUR_MS - 1, timeZone) ? start : Number.NaN;
    if (hours.size >= OFFSET_CACHE_HOURS) hours.clear();
    hours.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactOffsetMs(epochMs, timeZone) : offset;
}

const DAY_MS = 86_400_000;

/**
 * The instant a local wall-clock time names; `wallMs` is that wall-clock time written as if it were
 * UTC (`Date.UTC(y, m - 1, d, h, mi)`). A time skipped by a DST jump (02:30 on a spring-forward
 * night) maps to the same distance past the jump (03:30); a repeated one takes its first occurrence.
 */
export function epochOfWallClock(wallMs: number, timeZone: string): number {
  // The instant lies within 14 h of `wallMs` read as UTC, so a day before and a day after it are on
  // either side of any change near it. The offset in force before a change names the earlier of a
  // repeated time in every zone (the offset at `wallMs` read as UTC is already the later one east of UTC).
  const before = zoneOffsetMs(wallMs - DAY_MS, timeZone);
  const early = wallMs - before;
  if (zoneOffsetMs(early, timeZone) === before) return early;
  const after = zoneOffsetMs(wallMs + DAY_MS, timeZone);
  const late = wallMs - after;
  if (zoneOffsetMs(late, timeZone) === after) return late;
  // Skipped: read with the offset before the jump, which lands past it by the same distance.
  return Math.max(early, late);
}

/**
 * An instant as the zone's wall clock shows it, `2024-03-05 14:13:07` (an instant Sori stores:
 * years 1970–2199), or '' for an invalid date. `seconds: 'when-set'` leaves `:00` seconds out
 * (`2024-03-05 14:13`), as the import preview shows a cell; 'always' writes them, as a reject says
 * what the file wrote.
 */
export function wallClockText(at: Date, timeZone: string, seconds: 'always' | 'when-set' = 'always'): string {
  const epochMs = at.getTime();
  if (Number.isNaN(epochMs)) return '';
  const text = new Date(epochMs + zoneOffsetMs(epochMs, timeZone)).toISOString().slice(0, 19).replace('T', ' ');
  return seconds === 'when-set' ? text.replace(/:00$/, '') : text;
}
