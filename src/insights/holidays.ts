import { koreanHolidays, extraHolidaySchema, KOREAN_HOLIDAY_YEARS, type ExtraHoliday } from '../domain/calendar/korean-holidays.js';
import type { BusinessScheduleSettings } from '../domain/calendar/business-hours.js';

/** A holiday inside a compared period, for the note beside a verdict. */
export interface PeriodHoliday {
  date: string;
  name_ko: string;
  name_en: string;
  /** Monday to Friday: a day customers (and orders) behave unlike the weekday it replaces. */
  weekday: boolean;
}

/**
 * The holidays between `from` and `to` (inclusive) by the workspace's calendar (its SLA business
 * hours): Korean public holidays with their substitutes when it keeps them, and its own closures. A
 * week with 추석 against one without reads as a fall in count that is the calendar's, not the
 * customers': the Overview names such days beside its verdicts. A public holiday the team works
 * (workedHolidays) is still one to its customers, so it stays in.
 */
export function holidaysBetween(settings: BusinessScheduleSettings, from: string, to: string): PeriodHoliday[] {
  const extra: readonly ExtraHoliday[] = settings.extraHolidays ?? [];
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  const out: PeriodHoliday[] = [];
  const seen = new Set<string>();
  for (let year = first; year <= last; year++) {
    const days =
      settings.koreanPublicHolidays !== false && year >= KOREAN_HOLIDAY_YEARS.first && year <= KOREAN_HOLIDAY_YEARS.last
        ? koreanHolidays(year, extra)
        : extra.map((e) => extraHolidaySchema.parse(e)).filter((e) => e.date.startsWith(`${year}-`));
    for (const h of days) {
      if (h.date < from || h.date > to || seen.has(h.date)) continue;
      seen.add(h.date);
      const weekday = new Date(`${h.date}T00:00:00Z`).getUTCDay();
      out.push({ date: h.date, name_ko: h.nameKo, name_en: h.nameEn, weekday: weekday !== 0 && weekday !== 6 });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}
