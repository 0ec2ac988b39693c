import type { ExtraHoliday, SlaSettings } from '../api';

/**
 * The workspace's own days off (the SLA settings' extra holidays: 창립기념일, 워크숍, a temporary
 * public holiday not in Sori's calendar yet) that fall in `from`–`to` (inclusive, workspace days)
 * and that business-hours lead times therefore skip: one per date, by date. None on a 24/7
 * schedule (it counts every hour), and none on a date the settings also list as worked (the
 * server's calendar drops those, whatever else says the day is off).
 */
export function closuresInRange(hours: SlaSettings['businessHours'], from: string, to: string): ExtraHoliday[] {
  if (hours.twentyFourSeven) return [];
  const worked = new Set(hours.workedHolidays ?? []);
  const byDate = new Map<string, ExtraHoliday>();
  for (const day of hours.extraHolidays ?? []) {
    if (day.date < from || day.date > to || worked.has(day.date) || byDate.has(day.date)) continue;
    byDate.set(day.date, day);
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
