import type { SlaCount } from '../api';
import { formatNumber } from '../format';
import { countKey, type Translate } from '../i18n';

type SlaTarget = 'firstResponse' | 'resolution';

/**
 * "달성 1,234 · 위반 56 · 진행 중 7": a target's counts behind its share, grouped in the user's language;
 * with "· 해결 시각 없음 22" when items done by their status carry no time for `target` (outside the share).
 */
export function slaCountsTitle(count: SlaCount, intlLocale: string, t: Translate, target?: SlaTarget): string {
  const counts = t('sla.counts', { met: formatNumber(count.met, intlLocale), breached: formatNumber(count.breached, intlLocale), pending: formatNumber(count.pending, intlLocale) });
  const unrecorded = count.unrecorded ?? 0;
  return target && unrecorded > 0 ? `${counts} · ${t(`sla.unrecorded.${target}`, { count: formatNumber(unrecorded, intlLocale) })}` : counts;
}

/** Why the share leaves some items out: those done by their status with no time for `target`; null when there are none. */
export function slaUnrecordedNote(count: SlaCount, intlLocale: string, t: Translate, target: SlaTarget): string | null {
  const unrecorded = count.unrecorded ?? 0;
  if (unrecorded === 0) return null;
  return t(countKey(`sla.unrecordedNote.${target}`, unrecorded), { count: formatNumber(unrecorded, intlLocale) });
}
