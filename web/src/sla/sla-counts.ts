import type { SlaCount } from '../api';
import { formatNumber } from '../format';
import type { Translate } from '../i18n';

/** "달성 1,234 · 위반 56 · 진행 중 7": a target's counts behind its share, grouped in the user's language. */
export function slaCountsTitle(count: SlaCount, intlLocale: string, t: Translate): string {
  return t('sla.counts', { met: formatNumber(count.met, intlLocale), breached: formatNumber(count.breached, intlLocale), pending: formatNumber(count.pending, intlLocale) });
}
