import { useMemo, type ReactNode } from 'react';
import { getChurnInsights, type Change, type ChurnInsights, type ChurnReason, type RateOverDays } from '../api';
import { EChart } from '../charts/echart';
import { formatNumber } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { formatShare, type ChangeKind, type Polarity } from '../insights/changes';
import { churnChartOption, CHURN_COLORS } from '../insights/chart-options';
import { pointItemsPath } from '../insights/drill-down';
import { ExportLinks } from '../insights/export-links';
import { itemsLink } from '../items/item-filters';
import { InsightsSkeleton } from '../insights/insights-empty';
import { granularityParam, rangeParams } from '../insights/range';
import { RangeControl } from '../insights/range-control';
import { useInsight } from '../insights/use-insight';
import { usePageRange } from '../insights/use-page-range';
import { ChangeValue, VerdictBadge } from '../insights/verdict';
import { Link, navigate } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';

/**
 * 해지 사유: how many cancellations and leaves (회원 탈퇴: account items asking to leave) had a reason
 * we can act on (controllable) against involuntary ones, each reason's share against the period
 * before with the customers' own words, the trend, and the cancellation rate when the workspace
 * records it. The page says which types it counts and how many of each.
 */
export function ChurnPage() {
  const { t } = useI18n();
  useDocumentTitle(t('churn.title'));
  const { range, today, timeZone, params, setParams } = usePageRange('/churn');
  const granularity = granularityParam(params.get('granularity'));
  const query = useMemo(() => ({ from: range.from, to: range.to, granularity }), [range.from, range.to, granularity]);
  const churn = useInsight((signal) => getChurnInsights(query, signal), JSON.stringify(query));
  const data = churn.data;
  const empty = data !== null && data.total.current === 0 && data.total.previous === 0;

  return (
    <div className="page" data-testid="churn-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('churn.title')}</h1>
          <p className="page-subtitle">{t('churn.subtitle')}</p>
          <p className="muted small" data-testid="churn-counted">{t('churn.counted')}</p>
        </div>
        {churn.loading && data && <Spinner label={t('common.loading')} />}
      </header>

      <RangeControl value={range} today={today} onChange={(next) => setParams(rangeParams(next))} />

      {churn.error !== null && <ErrorMessage error={churn.error} onRetry={churn.retry} compact={data !== null} testId="churn-error" />}
      {!data && churn.loading && <InsightsSkeleton cards={3} />}
      {data && empty && (
        <div className="empty-state" data-testid="churn-empty">
          <p className="empty-title">{t('churn.empty')}</p>
          <p className="muted">{t('churn.emptyHint')}</p>
        </div>
      )}

      {data && !empty && (
        <div className={`insights-body${churn.loading ? ' is-refreshing' : ''}`} aria-busy={churn.loading} data-testid="churn-body">
          <ChurnCards data={data} />
          <TrendCard data={data} timeZone={timeZone} />
          <ReasonsCard data={data} />
        </div>
      )}
    </div>
  );
}

function Card({ id, title, value, change, kind, polarity, previous, note, children }: { id: string; title: string; value: string; change?: Change; kind?: ChangeKind; polarity?: Polarity; previous?: string | null; note?: string; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <article className="kpi-card" data-testid={`churn-kpi-${id}`}>
      <h3 className="kpi-title">{title}</h3>
      <p className="kpi-value num" data-testid="kpi-value">
        {value}
      </p>
      {change && kind && polarity && (
        <p className="kpi-change">
          {change.change !== null && <ChangeValue change={change} kind={kind} polarity={polarity} />}
          <VerdictBadge change={change} kind={kind} polarity={polarity} />
        </p>
      )}
      {previous != null && <p className="kpi-previous muted num">{t('change.previous', { value: previous })}</p>}
      {note && <p className="kpi-note">{note}</p>}
      {children}
    </article>
  );
}

function ChurnCards({ data }: { data: ChurnInsights }) {
  const { t, intlLocale } = useI18n();
  const n = (v: number) => formatNumber(v, intlLocale);
  const pct = (v: number | null) => formatShare(v, intlLocale);
  const rateCard = (id: string, rate: RateOverDays | null | undefined, title: MessageKey, hint: MessageKey, coveredHint: MessageKey) =>
    rate && (
      <Card
        id={id}
        title={t(title)}
        // A churn rate lives below 1 %: two decimals (formatShare's rule for such rates), never 0% above 0.
        value={formatShare(rate.current, intlLocale, false, 2)}
        change={rate}
        kind="percent"
        polarity="up_bad"
        previous={rate.previous === null ? null : formatShare(rate.previous, intlLocale, false, 2)}
        // Only days with both numbers count (servers before covered_days: the plain hint).
        note={rate.covered_days && rate.covered_days.current < rate.covered_days.of ? t(coveredHint, { covered: rate.covered_days.current, of: rate.covered_days.of }) : t(hint)}
      />
    );
  return (
    <section className="kpi-grid" aria-label={t('churn.title')} data-testid="churn-cards">
      <Card id="controllable" title={t('churn.card.controllable')} value={pct(data.controllable_share.current)} change={data.controllable_share} kind="pp" polarity="up_bad" previous={data.controllable_share.previous === null ? null : pct(data.controllable_share.previous)} note={t('churn.card.controllableHint')} />
      <Card id="total" title={t('churn.card.total')} value={n(data.total.current)} previous={n(data.total.previous)} note={t('churn.card.classified', { share: pct(data.classified_share.current) })}>
        {data.by_type && (
          // 해지·취소 and 탈퇴 apart, each opening its items.
          <p className="kpi-note" data-testid="churn-by-type">
            {CHURN_TYPES.map((type, i) => (
              <span key={type}>
                {i > 0 && ' · '}
                <Link
                  to={itemsLink({ type, churn_reason: CHURN_ONLY, from: data.range.from, to: data.range.to })}
                  title={t('churn.type.open', { type: t(`churn.type.${type}`) })}
                  data-testid={`churn-by-type-${type}`}
                >
                  {t(`churn.type.${type}`)} {n(data.by_type![type].current)}
                </Link>
              </span>
            ))}
          </p>
        )}
      </Card>
      {rateCard('churn-rate', data.churn_rate, 'churn.card.churnRate', 'churn.card.churnRateHint', 'churn.card.churnRateCoveredDays')}
      {rateCard('rate', data.cancellation_rate, 'churn.card.rate', 'churn.card.rateHint', 'churn.card.rateCoveredDays')}
    </section>
  );
}

const KINDS = ['controllable', 'involuntary', 'unknown'] as const;
/** The report's key for an order's cancellation (src/domain/churn-reasons.ts ORDER_CANCELLATION): not churn. */
export const ORDER_CANCELLATION = 'order';
/** The items filter for every churn reason, unknown included, but no order cancellation (src/store/queries/list-items.ts ALL_CHURN). */
export const CHURN_ONLY = 'churn';
/**
 * The item types churn is counted from (src/domain/churn-reasons.ts CHURN_TYPES): 해지·취소, and 탈퇴 —
 * account items asking to leave. The churn-reason filter alone lists both, so the page's links name no
 * type, except to show one of them.
 */
export const CHURN_TYPES = ['cancellation', 'account'] as const;

function TrendCard({ data, timeZone }: { data: ChurnInsights; timeZone: string }) {
  const { t, intlLocale } = useI18n();
  const series = data.series;
  const granularity = data.granularity;
  const option = useMemo(() => churnChartOption({ series, granularity, locale: intlLocale, t }), [series, granularity, intlLocale, t]);
  // A bar opens the churn of its period (every reason, unknown included; not order cancellations).
  const open = (index: number) => {
    const point = series[index];
    const path = point && pointItemsPath(point, timeZone, { churn_reason: CHURN_ONLY });
    if (path) navigate(path);
  };
  return (
    <section className="card chart-card" aria-labelledby="churn-trend-title" data-testid="churn-trend-card">
      <div className="card-header">
        <h2 className="section-title" id="churn-trend-title">
          {t('churn.trend')}
        </h2>
      </div>
      <ul className="chart-legend" aria-hidden="true">
        {KINDS.map((k) => (
          <li key={k}>
            <span className="legend-bar" style={{ background: CHURN_COLORS[k] }} />
            {t(`churn.${k}`)}
          </li>
        ))}
      </ul>
      <EChart option={option} onHit={(hit) => open(hit.dataIndex)} label={t('churn.trend')} testId="churn-chart" />
    </section>
  );
}

const kindOf = (r: ChurnReason): (typeof KINDS)[number] => (r.controllable === null ? 'unknown' : r.controllable ? 'controllable' : 'involuntary');

function ReasonsCard({ data }: { data: ChurnInsights }) {
  const { t, locale, intlLocale } = useI18n();
  const cols: MessageKey[] = ['churn.col.count', 'churn.col.share', 'churn.col.change', 'movers.col.verdict'];
  // A row opens the cancellations and leaves it counts: the items filter takes the report's reasons as they are ("unknown" too).
  const rowItems = (r: ChurnReason) => itemsLink({ churn_reason: r.key, from: data.range.from, to: data.range.to });
  return (
    <section className="card" aria-labelledby="churn-reasons-title" data-testid="churn-reasons-card">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="churn-reasons-title">
            {t('churn.reasons.title')}
          </h2>
          <p className="muted small">{t('churn.reasons.hint')}</p>
        </div>
        <ExportLinks table="churn_reasons" query={{ from: data.range.from, to: data.range.to }} />
      </div>
      <div className="table-wrap">
        <table className="data-table stack-table churn-table" data-testid="churn-reasons">
          <thead>
            <tr>
              <th scope="col">{t('churn.col.reason')}</th>
              {cols.map((c) => (
                <th key={c} scope="col" className={c === 'movers.col.verdict' ? undefined : 'col-num'}>
                  {t(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.reasons.map((r) => (
              <tr key={r.key} data-testid="churn-reason" data-key={r.key}>
                <th scope="row" data-label={t('churn.col.reason')}>
                  <Link to={rowItems(r)} title={t('churn.reasons.open', { name: locale === 'ko' ? r.name_ko : r.name_en })} data-testid="churn-reason-link">
                    <span className="churn-reason-name" data-testid="churn-reason-name">
                      {locale === 'ko' ? r.name_ko : r.name_en}
                    </span>
                  </Link>{' '}
                  <span className={`badge badge-${kindOf(r)}`}>{t(`churn.${kindOf(r)}`)}</span>
                  {r.examples.length > 0 && (
                    <ul className="churn-examples">
                      {r.examples.slice(0, 2).map((e) => (
                        <li key={e.item_id}>
                          {e.type === 'account' && (
                            <span className="badge" data-testid="churn-example-leave">
                              {t('churn.type.account')}
                            </span>
                          )}{' '}
                          <Link to={`/items?item=${encodeURIComponent(e.item_id)}`} className="quote-text small" data-testid="churn-example">
                            “{e.text}”
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </th>
                <td className="col-num num" data-label={t('churn.col.count')}>
                  {/* The same link as the name's, for the number (one tab stop per row). */}
                  <Link to={rowItems(r)} tabIndex={-1} aria-hidden="true" data-testid="churn-reason-count">
                    <strong>{formatNumber(r.current, intlLocale)}</strong>
                  </Link>
                  <span className="muted"> / {formatNumber(r.previous, intlLocale)}</span>
                  {r.by_type && r.by_type.account > 0 && (
                    <div className="muted small" data-testid="churn-reason-by-type">
                      {t('churn.reasons.byType', { cancellation: formatNumber(r.by_type.cancellation, intlLocale), account: formatNumber(r.by_type.account, intlLocale) })}
                    </div>
                  )}
                </td>
                <td className="col-num num" data-label={t('churn.col.share')}>
                  {formatShare(r.share.current, intlLocale)}
                </td>
                <td className="col-num" data-label={t('churn.col.change')}>
                  {r.share.change === null ? '—' : <ChangeValue change={r.share} kind="pp" polarity="neutral" adjusted />}
                </td>
                <td className="cell-verdict" data-label={t('movers.col.verdict')}>
                  <VerdictBadge change={r.share} kind="pp" polarity="neutral" adjusted testId="churn-reason-verdict" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(data.order_cancellations?.current ?? 0) > 0 && (
        // Order cancellations, refunds and returns are typed as cancellations but are not churn.
        <p className="muted small" data-testid="churn-orders">
          {t('churn.orders.note', { count: formatNumber(data.order_cancellations!.current, intlLocale) })}{' '}
          <Link to={itemsLink({ type: 'cancellation', churn_reason: ORDER_CANCELLATION, from: data.range.from, to: data.range.to })} data-testid="churn-orders-link">
            {t('churn.orders.open')}
          </Link>
        </p>
      )}
    </section>
  );
}
