import type { SlaBreach } from '../api';
import type { Translate } from '../i18n';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** An instant as a deadline reads: weekday, day and time in the workspace's zone ("12. 4. (금) 18:00", "Fri, Dec 4, 18:00"). */
export function formatSlaMoment(iso: string, intlLocale: string, timeZone: string): string {
  const key = `${intlLocale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale, {
      timeZone,
      weekday: 'short',
      month: intlLocale.startsWith('en') ? 'short' : 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f.format(new Date(iso));
}

/**
 * The deadline a breach missed and when the item was answered or resolved ("기한 12. 4. (금) 18:00 →
 * 답변 12. 5. (토) 00:24"): on business hours the time taken can equal the target (the hours after
 * closing count nothing) and still be late, which only the two moments show. Open: the deadline only.
 */
export function breachDeadlineText(breach: Pick<SlaBreach, 'target' | 'due_at' | 'completed_at'>, t: Translate, intlLocale: string, timeZone: string): string {
  const due = formatSlaMoment(breach.due_at, intlLocale, timeZone);
  if (breach.completed_at === null) return t('sla.breaches.dueOpen', { due });
  return t(`sla.breaches.dueDone.${breach.target}`, { due, done: formatSlaMoment(breach.completed_at, intlLocale, timeZone) });
}
