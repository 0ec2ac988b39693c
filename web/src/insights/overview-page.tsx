import { useMemo } from 'react';
import { getOverview, type Granularity, type ItemType, type Overview } from '../api';
import { useMe } from '../auth/session';
import { EChart } from '../charts/echart';
import { RATE_LINE_COLOR, VOLUME_BAR_COLOR } from '../charts/palette';
import { formatNumber, safeTimeZone, todayIn } from '../format';
import { useI18n } from '../i18n';
import { typeName } from '../labels/labels';
import { useLabelCatalog } from '../labels/use-label-catalog';
import { Link, navigate, useLocation } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';
import { formatRate, formatShare, rateBasis, rateUnit } from './changes';
import { chartHitHandler, overviewChartOption, periodLabels } from './chart-options';
import type { ChartEvent } from '../events/events-api';
import { EventsControl } from '../events/events-panel';
import { rangeAroundEvent } from '../events/focus-range';
import { useEvents } from '../events/use-events';
import { pointItemsPath } from './drill-down';
import { ExportLinks } from './export-links';
import { HeadlineCards } from './headline-cards';
import { HolidayNote } from './holiday-note';
import { InsightsEmpty, InsightsSkeleton } from './insights-empty';
import { MoversTable } from './movers-table';
import { granularityParam, rangeFromParams, rangeParams, withParams } from './range';
import { RangeControl } from './range-control';
import { rateMetricMissing, rateMetricParam } from './rate-metric';
import { RateMetricBar, RateMetricMissing, useMetricNames } from './rate-metric-select';
import { SegmentedChoice } from './segmented-choice';
import { SplitBars } from './split-bars';
import { useInsight } from './use-insight';

/**
 * 개요: the period's headline numbers against the period before (with verdicts), items and
 * contact rate over time, the topics that moved, and the split by channel and type. Everything
 * drills down to the items list; the period is kept in the URL.
 */
export function OverviewPage() {
  const { t } = useI18n();
  const { workspace } = useMe();
  const timeZone = safeTimeZone(workspace.timezone);
  const location = useLocation();
  useDocumentTitle(t('overview.title'));

  const today = todayIn(timeZone);
  const range = useMemo(() => rangeFromParams(location.params, today), [location.params, today]);
  const granularity = granularityParam(location.params.get('granularity'));
  const metric = rateMetricParam(location.params.get('metric'));
  const query = useMemo(() => ({ from: range.from, to: range.to, granularity, ...(metric ? { metric } : {}) }), [range.from, range.to, granularity, metric]);
  const overview = useInsight((signal) => getOverview(query, signal), JSON.stringify(query));
  const events = useEvents(range);
  const data = overview.data;
  const catalog = useLabelCatalog();
  const metricNames = useMetricNames();
  const empty = data !== null && data.volume.current === 0 && data.volume.previous === 0;

  const setParams = (changes: Record<string, string | null>) => navigate(`/overview${withParams(location.params, changes)}`, { replace: true });
  const focusEvent = (event: ChartEvent) => {
    const around = rangeAroundEvent(event, today);
    if (around) setParams(rangeParams(around));
  };

  return (
    <div className="page" data-testid="overview-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('overview.title')}</h1>
          <p className="page-subtitle">{t('overview.subtitle')}</p>
        </div>
        {overview.loading && data && <Spinner label={t('common.loading')} />}
      </header>

      <RangeControl value={range} today={today} onChange={(next) => setParams(rangeParams(next))} />
      <EventsControl state={events} onFocus={focusEvent} />

      {!empty && (
        <RateMetricBar
          value={metric}
          names={metricNames}
          automatic={metric || overview.loading ? null : data?.contact_rate?.metric ?? null}
          onChange={(next) => setParams({ metric: next })}
          testId="rate-metric"
        />
      )}
      {data && !empty && data.contact_rate && rateMetricMissing(data.contact_rate) && <RateMetricMissing metric={data.contact_rate.metric} testId="rate-metric-missing" />}
      {data && !empty && <HolidayNote holidays={data.holidays} />}

      {overview.error !== null && (
        <ErrorMessage error={overview.error} onRetry={overview.retry} compact={data !== null} testId="overview-error" />
      )}

      {!data && overview.loading && <InsightsSkeleton />}

      {data && empty && <InsightsEmpty returnTo="/overview" />}

      {data && !empty && (
        <div className={`insights-body${overview.loading ? ' is-refreshing' : ''}`} aria-busy={overview.loading} data-testid="overview-body">
          <HeadlineCards overview={data} hasMetrics={metricNames.length > 0} />
          <SeriesCard overview={data} timeZone={timeZone} onGranularity={(g) => setParams({ granularity: g })} events={events.events} onEvent={focusEvent} />
          <MoversCard overview={data} types={catalog.types} metric={metric} />
          <div className="split-grid">
            <SplitCard overview={data} dimension="channel" types={catalog.types} />
            <SplitCard overview={data} dimension="type" types={catalog.types} />
          </div>
        </div>
      )}
    </div>
  );
}

/** Items as bars and the contact rate as a line; a click on a column opens that period's items. */
function SeriesCard({
  overview,
  timeZone,
  onGranularity,
  events,
  onEvent,
}: {
  overview: Overview;
  timeZone: string;
  onGranularity: (g: Granularity) => void;
  events: readonly ChartEvent[];
  onEvent: (event: ChartEvent) => void;
}) {
  const { t, intlLocale } = useI18n();
  const points = overview.series.points;
  const contactRate = overview.contact_rate;
  const rate = useMemo(() => (contactRate ? rateBasis(contactRate) : null), [contactRate]);
  const granularity = overview.series.granularity;
  const option = useMemo(
    () => overviewChartOption({ points, granularity, timeZone, locale: intlLocale, t, rate, events }),
    [points, granularity, timeZone, intlLocale, t, rate, events],
  );
  const labels = useMemo(() => periodLabels(points, granularity, timeZone, intlLocale), [points, granularity, timeZone, intlLocale]);

  const open = (index: number) => {
    const point = points[index];
    const path = point && pointItemsPath(point, timeZone);
    if (path) navigate(path);
  };

  return (
    <section className="card chart-card" aria-labelledby="series-title" data-testid="series-card">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="series-title">
            {t('overview.chart.title')}
          </h2>
          <p className="muted small">{t('overview.chart.hint')}</p>
        </div>
        <SegmentedChoice
          label={t('chart.granularity')}
          options={[
            { value: 'day', label: t('granularity.day') },
            { value: 'week', label: t('granularity.week') },
            { value: 'month', label: t('granularity.month') },
          ]}
          value={granularity}
          onChange={onGranularity}
          testId="granularity"
        />
      </div>
      <ul className="chart-legend" aria-hidden="true">
        <li>
          <span className="legend-bar" style={{ background: VOLUME_BAR_COLOR }} />
          {t('overview.chart.items')}
        </li>
        {rate && (
          <li>
            <span className="legend-line" style={{ background: RATE_LINE_COLOR }} />
            {t('overview.chart.rate')} ({rateUnit(rate.metric, rate.per, intlLocale, t, rate.aggregation, rate.metric_unit)})
          </li>
        )}
      </ul>
      <EChart
        option={option}
        onHit={chartHitHandler(option, events, onEvent, (hit) => open(hit.dataIndex))}
        label={t('overview.chart.label')}
        testId="overview-chart"
      />
      <details className="chart-table">
        <summary>{t('chart.showTable')}</summary>
        <div className="table-wrap">
          <table className="data-table compact-table">
            <thead>
              <tr>
                <th scope="col">{t('chart.period')}</th>
                <th scope="col" className="col-num">{t('overview.chart.items')}</th>
                {rate && <th scope="col" className="col-num">{t('overview.chart.rate')}</th>}
              </tr>
            </thead>
            <tbody>
              {points.map((point, i) => (
                <tr key={point.period}>
                  <th scope="row">
                    <Link to={pointItemsPath(point, timeZone) ?? '/items'} data-testid="series-table-link">
                      {labels.title[i]}
                    </Link>
                  </th>
                  <td className="col-num num">{formatNumber(point.items, intlLocale)}</td>
                  {rate && <td className="col-num num">{point.rate === null ? '—' : formatRate(point.rate, rate.metric, rate.per, intlLocale, t, rate.aggregation, rate.metric_unit)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** Topic movers, or type movers when no item has a topic. */
function MoversCard({ overview, types, metric }: { overview: Overview; types: readonly ItemType[]; metric: string | null }) {
  const { t, intlLocale } = useI18n();
  const byTopic = overview.topic_movers.length > 0;
  const movers = byTopic ? overview.topic_movers : overview.type_movers;
  const days = { from: overview.range.from, to: overview.range.to };
  const contactRate = overview.contact_rate;
  const rate = contactRate ? rateBasis(contactRate) : null;
  return (
    <section className="card" aria-labelledby="movers-title" data-testid="movers-card">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="movers-title">
            {t(byTopic ? 'movers.title' : 'movers.titleTypes')}
          </h2>
          <p className="muted small">
            {byTopic
              ? rate
                ? t('movers.subtitleRate', { unit: rateUnit(rate.metric, rate.per, intlLocale, t, rate.aggregation, rate.metric_unit) })
                : t('movers.subtitle')
              : t('movers.fallback')}
          </p>
        </div>
        <div className="card-actions">
          {byTopic && overview.topic_coverage.current !== null && (
            <span className="muted small num" title={t('movers.coverageHelp')}>
              {t('movers.coverage', { share: formatShare(overview.topic_coverage.current, intlLocale) })}
            </span>
          )}
          {movers.length > 0 && <ExportLinks table={byTopic ? 'topic_movers' : 'type_movers'} query={metric ? { ...days, metric } : days} />}
        </div>
      </div>
      {movers.length > 0 ? (
        <MoversTable
          movers={movers}
          dimension={byTopic ? 'topic' : 'type'}
          days={days}
          types={types}
          rate={rate}
          metric={metric}
        />
      ) : (
        <p className="muted empty-inline">{t('movers.empty')}</p>
      )}
    </section>
  );
}

function SplitCard({ overview, dimension, types }: { overview: Overview; dimension: 'channel' | 'type'; types: readonly ItemType[] }) {
  const { t, label, locale } = useI18n();
  const rows = dimension === 'channel' ? overview.by_channel : overview.by_type;
  const nameOf = (key: string) =>
    dimension === 'channel' ? label('channel', key) : key ? typeName(key, types, locale, t) : t('splits.noType');
  return (
    <section className="card" aria-labelledby={`split-${dimension}`} data-testid={`split-${dimension}-card`}>
      <div className="card-header">
        <h2 className="section-title" id={`split-${dimension}`}>
          {t(dimension === 'channel' ? 'splits.byChannel' : 'splits.byType')}
        </h2>
        <div className="card-actions">
          <span className="muted small">{t('splits.legend')}</span>
          {dimension === 'channel' && rows.length > 0 && <ExportLinks table="channels" query={{ from: overview.range.from, to: overview.range.to }} />}
        </div>
      </div>
      {rows.length > 0 ? (
        <SplitBars rows={rows} dimension={dimension} days={{ from: overview.range.from, to: overview.range.to }} nameOf={nameOf} testId={`split-${dimension}`} />
      ) : (
        <p className="muted empty-inline">{t('splits.empty')}</p>
      )}
    </section>
  );
}
