import type { ItemType, Mover, TopicMover } from '../api';
import { formatDecimal, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { typeName } from '../labels/labels';
import { Link, navigate } from '../router';
import { formatChange, formatRatePair, rateUnit, type RateBasis } from './changes';
import { itemsPath, topicFilterOf, topicInsightsPath } from './drill-down';
import { ChangeValue, VerdictBadge } from './verdict';

/**
 * Topics (or types, when the workspace has no topics) that moved against the period before:
 * real changes first, largest excess first. A row opens its items in the range.
 */
export function MoversTable({
  movers,
  dimension,
  days,
  types,
  rate,
  metric = null,
}: {
  movers: readonly (Mover | TopicMover)[];
  dimension: 'topic' | 'type';
  days: { from: string; to: string };
  types: readonly ItemType[];
  /** The business number the rates are per (as the contact rate); null: items per day. */
  rate: RateBasis | null;
  /** The rate metric chosen on the page (null: automatic), carried to a topic's page. */
  metric?: string | null;
}) {
  const { t, intlLocale, locale } = useI18n();
  const n = (value: number) => formatNumber(value, intlLocale);

  const nameOf = (mover: Mover | TopicMover) => {
    if (dimension === 'type') return mover.key ? typeName(mover.key, types, locale, t) : t('splits.noType');
    const topic = mover as TopicMover;
    if (topic.key === '0') return t('labels.noTopic');
    return topic.name ?? `#${topic.key}`;
  };
  const pathOf = (mover: Mover | TopicMover) =>
    dimension === 'topic' ? itemsPath(days, { topic: topicFilterOf(mover.key) }) : mover.key ? itemsPath(days, { type: mover.key }) : null;

  return (
    <div className="table-wrap">
      <table className="data-table movers-table" data-testid="movers-table" data-dimension={dimension}>
        <thead>
          <tr>
            <th scope="col">{t(dimension === 'topic' ? 'movers.col.topic' : 'movers.col.type')}</th>
            <th scope="col" className="col-num">{t('movers.col.items')}</th>
            {rate && (
              <th scope="col" className="col-num" data-testid="movers-rate-head">
                {t('movers.col.rate', { unit: rateUnit(rate.metric, rate.per, intlLocale, t, rate.aggregation, rate.metric_unit) })}
              </th>
            )}
            <th scope="col" className="col-num">{t(rate ? 'movers.col.rateChange' : 'movers.col.change')}</th>
            <th scope="col" className="col-num" title={t('movers.excessHelp')}>{t('movers.col.excess')}</th>
            <th scope="col">{t('movers.col.verdict')}</th>
          </tr>
        </thead>
        <tbody>
          {movers.map((mover) => {
            const name = nameOf(mover);
            const path = pathOf(mover);
            const parent = dimension === 'topic' ? (mover as TopicMover).parent_name : null;
            return (
              <tr
                key={mover.key}
                className={path ? 'is-clickable' : undefined}
                onClick={(event) => {
                  // The name is a real link; a click elsewhere on the row does what the link does.
                  if (!path || (event.target as HTMLElement).closest('a')) return;
                  navigate(path);
                }}
                data-testid="mover-row"
                data-key={mover.key}
              >
                <th scope="row" className="mover-name" data-label={t(dimension === 'topic' ? 'movers.col.topic' : 'movers.col.type')}>
                  {parent && <span className="mover-parent">{parent} › </span>}
                  {path ? (
                    <Link to={path} title={t('movers.open', { name })} data-testid="mover-link">
                      {name}
                    </Link>
                  ) : (
                    name
                  )}
                  {dimension === 'topic' && /^[1-9]\d*$/.test(mover.key) && (
                    <Link to={topicInsightsPath(mover.key, days, metric)} className="topic-detail-link small" title={t('topicInsights.open', { name })} data-testid="mover-topic-link">
                      {t('topicInsights.short')}
                    </Link>
                  )}
                </th>
                <td className="col-num num" data-label={t('movers.col.items')}>
                  <strong>{n(mover.current_items)}</strong>
                  <span className="muted"> / {n(mover.previous_items)}</span>
                </td>
                {rate && (
                  <td className="col-num num" data-label={t('movers.col.rate', { unit: rateUnit(rate.metric, rate.per, intlLocale, t, rate.aggregation, rate.metric_unit) })} data-testid="mover-rate">
                    <strong>{formatRatePair(mover.rate.current, mover.rate.previous, intlLocale)[0]}</strong>
                    <span className="muted"> / {formatRatePair(mover.rate.current, mover.rate.previous, intlLocale)[1]}</span>
                  </td>
                )}
                <td className="col-num" data-label={t(rate ? 'movers.col.rateChange' : 'movers.col.change')}>
                  {mover.rate.change === null ? formatChange(mover.rate, 'percent', intlLocale, t) : <ChangeValue change={mover.rate} kind="percent" polarity="up_bad" adjusted fixed />}
                </td>
                <td className="col-num num" data-label={t('movers.col.excess')}>
                  {mover.excess_items === 0 ? '0' : t('movers.excess', { value: formatDecimal(mover.excess_items, intlLocale, 0, true) })}
                </td>
                <td className="cell-verdict" data-label={t('movers.col.verdict')}>
                  <VerdictBadge change={mover.rate} kind="percent" polarity="up_bad" adjusted testId="mover-verdict" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
