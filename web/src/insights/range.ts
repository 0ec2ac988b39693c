import type { Granularity } from '../api';
import { addDays, daysInclusive, isDay } from '../format';

/**
 * The period an insight page shows, kept in its URL: `?range=7|28|90` (the last N whole days,
 * ending yesterday in the workspace's time zone) or `?from=…&to=…` (custom days, inclusive).
 */

export const RANGE_PRESETS = [7, 28, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = 28;
/** The server's limit (10 years of days). */
export const MAX_RANGE_DAYS = 3_660;

export interface RangeChoice {
  /** null for a custom range. */
  preset: RangePreset | null;
  from: string;
  to: string;
  days: number;
}

/**
 * The last `preset` days before today. Today is left out on purpose: a half-finished day would
 * read as a drop against the whole days of the period before.
 */
export function presetRange(preset: RangePreset, today: string): RangeChoice {
  const to = addDays(today, -1);
  return { preset, from: addDays(to, -(preset - 1)), to, days: preset };
}

/** A custom range when both days are valid and in order, else null. */
export function customRange(from: string, to: string): RangeChoice | null {
  if (!isDay(from) || !isDay(to) || from > to) return null;
  const days = daysInclusive(from, to);
  return days > MAX_RANGE_DAYS ? null : { preset: null, from, to, days };
}

/** Reads the range from a page's query string; anything malformed falls back to the default preset. */
export function rangeFromParams(params: URLSearchParams, today: string): RangeChoice {
  const preset = Number(params.get('range'));
  if ((RANGE_PRESETS as readonly number[]).includes(preset)) return presetRange(preset as RangePreset, today);
  const custom = customRange(params.get('from') ?? '', params.get('to') ?? '');
  return custom ?? presetRange(DEFAULT_PRESET, today);
}

/** The URL parameters for a range (the default preset writes none). */
export function rangeParams(choice: RangeChoice): Record<string, string | null> {
  if (choice.preset !== null) return { range: choice.preset === DEFAULT_PRESET ? null : String(choice.preset), from: null, to: null };
  return { range: null, from: choice.from, to: choice.to };
}

/** The period of equal length just before a range (what its changes compare against). */
export function previousPeriod(choice: Pick<RangeChoice, 'from' | 'days'>): { from: string; to: string } {
  return { from: addDays(choice.from, -choice.days), to: addDays(choice.from, -1) };
}

/** `search` with some parameters set (null or '' removes one), as `?…` or ''. */
export function withParams(search: string | URLSearchParams, changes: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];

/** `day`, `week` or `month` from the URL; undefined lets the server pick by the range's length. */
export function granularityParam(value: string | null): Granularity | undefined {
  return GRANULARITIES.find((g) => g === value);
}
