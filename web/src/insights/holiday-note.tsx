import type { PeriodHoliday } from '../api';
import { formatDay } from '../format';
import { useI18n } from '../i18n';

/**
 * Beside the verdicts, when the two compared periods hold a different number of weekday holidays
 * (추석, 설날, a substitute day, the team's own closure): fewer contacts and orders on those days are
 * the calendar's, not the customers' — a −30 % week over 추석 is no improvement. Names the days.
 */
export function HolidayNote({ holidays }: { holidays: { current: PeriodHoliday[]; previous: PeriodHoliday[] } | undefined }) {
  const { t, locale, intlLocale } = useI18n();
  if (!holidays) return null;
  const current = holidays.current.filter((h) => h.weekday);
  const previous = holidays.previous.filter((h) => h.weekday);
  if (current.length === previous.length) return null;
  const names = (list: PeriodHoliday[]) =>
    list.length ? list.map((h) => `${locale === 'ko' ? h.name_ko : h.name_en} (${formatDay(h.date, intlLocale)})`).join(', ') : t('holidays.none');
  return (
    <p className="alert alert-info holiday-note" role="note" data-testid="holiday-note">
      {t('holidays.note', { current: current.length, previous: previous.length })} {t('holidays.thisPeriod')}: {names(current)} · {t('holidays.previousPeriod')}: {names(previous)}
    </p>
  );
}
