import type { Overview } from '../api';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { itemsLink } from '../items/item-filters';
import { Link } from '../router';

/**
 * The duplicate share's counts and the list of the items it counts (the list's duplicate filter,
 * the same rule: items/duplicate-rule.ts), so the card's number and the list's can be compared.
 * Nothing for a server that does not send the counts.
 */
export function DuplicateCounts({ overview }: { overview: Overview }) {
  const { t, intlLocale } = useI18n();
  const counts = overview.duplicate_counts?.current;
  if (!counts) return null;
  return (
    <span data-testid="duplicate-counts">
      <span className="num">{t('dupRule.overviewCounts', { duplicates: formatNumber(counts.duplicates, intlLocale), items: formatNumber(counts.items, intlLocale) })}</span>
      {counts.duplicates > 0 && (
        <>
          {' · '}
          <Link to={itemsLink({ duplicate: 'true', from: overview.range.from, to: overview.range.to })} data-testid="duplicate-counts-link">
            {t('dupRule.overviewLink')}
          </Link>
        </>
      )}
    </span>
  );
}
