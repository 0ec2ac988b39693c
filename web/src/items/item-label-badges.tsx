import type { MouseEvent } from 'react';
import { UNCERTAIN_TYPE, type Item, type ItemType } from '../api';
import { useI18n } from '../i18n';
import { formatNumber } from '../format';
import { Link } from '../router';
import { duplicateCountLabel, typeName } from '../labels/labels';
import { countsAsDuplicate } from './duplicate-rule';
import { duplicateGroupSearch } from './item-filters';

/**
 * An item's type, topic and sentiment as small badges, plus a link to its duplicate group — only on
 * channels whose items count as duplicates (duplicate-rule.ts, the Overview's rule): a review's group
 * of "좋아요" is no duplicate, and its panel links it as similar texts instead.
 * Topic names are operator-typed and render as text only.
 */
export function ItemLabelBadges({ item, types }: { item: Item; types: readonly ItemType[] }) {
  const { t, label, locale, intlLocale } = useI18n();
  const duplicates = item.dup_group && (item.dup_group_size ?? 0) > 1 && countsAsDuplicate(item.channel) ? item.dup_group_size! : 0;
  if (!item.type && !item.topic_id && !item.sentiment && !duplicates) return null;
  // A row is a click target of its own: the group link must not also open the item.
  const stop = (event: MouseEvent) => event.stopPropagation();
  return (
    <ul className="badge-list label-badges" data-testid="item-labels">
      {item.type && (
        <li
          className={`badge badge-type${item.type === UNCERTAIN_TYPE ? ' is-uncertain' : ''}`}
          title={`${t('detail.type')}: ${typeName(item.type, types, locale, t)}`}
          data-testid="badge-type"
          data-type={item.type}
        >
          {typeName(item.type, types, locale, t)}
        </li>
      )}
      {item.topic_id && (
        <li
          className="badge badge-topic"
          title={`${t('detail.topic')}: ${item.topic_name ?? item.topic_id}`}
          data-testid="badge-topic"
          data-topic-id={item.topic_id}
        >
          {item.topic_name ?? item.topic_id}
        </li>
      )}
      {item.sentiment && (
        <li
          className={`badge badge-sentiment sentiment-${item.sentiment}`}
          title={`${t('detail.sentiment')}: ${label('sentiment', item.sentiment)}`}
          data-testid="badge-sentiment"
          data-sentiment={item.sentiment}
        >
          {label('sentiment', item.sentiment)}
        </li>
      )}
      {duplicates > 0 && item.dup_group && (
        <li>
          <Link
            to={`/items${duplicateGroupSearch(item.dup_group)}`}
            className="badge badge-dup"
            title={t('dupRule.badgeTitle', { count: formatNumber(duplicates, intlLocale) })}
            onClick={stop}
            data-testid="badge-dup"
            data-dup-group={item.dup_group}
          >
            {duplicateCountLabel(duplicates, intlLocale, t)}
          </Link>
        </li>
      )}
    </ul>
  );
}
