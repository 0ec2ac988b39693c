import { useMemo } from 'react';
import { getNpsInsights, type Change, type Granularity, type NpsDriver, type NpsInsights, type NpsSummary } from '../api';
import { EChart } from '../charts/echart';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { formatChange, formatChangeAmount, formatNps, formatPValue, formatShare } from '../insights/changes';
import { chartHitHandler, npsChartOption, NPS_BAND_COLOR, NPS_LINE_COLOR } from '../insights/chart-options';
import type { ChartEvent } from '../events/events-api';
import { EventsControl } from '../events/events-panel';
import { rangeAroundEvent } from '../events/focus-range';
import { useEvents } from '../events/use-events';
import { itemsPath, NPS_ANSWERS, pointItemsPath, topicFilterOf } from '../insights/drill-down';
import { ExportLinks } from '../insights/export-links';
import { InsightsSkeleton } from '../insights/insights-empty';
import { granularityParam, rangeParams } from '../insights/range';
import { RangeControl } from '../insights/range-control';
import { SegmentedChoice } from '../insights/segmented-choice';
import { useInsight } from '../insights/use-insight';
import { usePageRange } from '../insights/use-page-range';
import { ChangeValue, VerdictBadge } from '../insights/verdict';
import { Link, navigate } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';

/**
 * NPS: the score with its 95% interval against the period before (with the verdict), the split
 * into promoters, passives and detractors, the trend inside its interval, and the topics
 * detractors mention more than promoters (each opens its items in the range).
 */
export function NpsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('nps.title'));
  const { range, today, timeZone, params, setParams } = usePageRange('/nps');
  // Daily NPS is mostly noise (a few answers a day): weeks unless the URL or a short range says otherwise.
  const granularity = granularityParam(params.get('granularity')) ?? (range.days > 14 ? 'week' : undefined);
  const query = useMemo(() => ({ from: range.from, to: range.to, granularity }), [range.from, range.to, granularity]);
  const nps = useInsight((signal) => getNpsInsights(query, signal), JSON.stringify(query));
  const data = nps.data;
  const empty = data !== null && data.current.n === 0 && data.previous.n === 0;
  const events = useEvents(range);
  const focusEvent = (event: ChartEvent) => {
    const around = rangeAroundEvent(event, today);
    if (around) setParams(rangeParams(around));
  };

  return (
    <div className="page" data-testid="nps-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('nps.title')}</h1>
          <p className="page-subtitle">{t('nps.subtitle')}</p>
        </div>
        {nps.loading && data && <Spinner label={t('common.loading')} />}
      </header>

      <RangeControl value={range} today={today} onChange={(next) => setParams(rangeParams(next))} />
      <EventsControl state={events} onFocus={focusEvent} />

      {nps.error !== null && <ErrorMessage error={nps.error} onRetry={nps.retry} compact={data !== null} testId="nps-error" />}
      {!data && nps.loading && <InsightsSkeleton cards={2} />}
      {data && empty && (
        <div className="empty-state" data-testid="nps-empty">
          <p className="empty-title">{t('nps.empty')}</p>
          <p className="muted">{t('nps.emptyHint')}</p>
        </div>
      )}

      {data && !empty && (
        <div className={`insights-body${nps.loading ? ' is-refreshing' : ''}`} aria-busy={nps.loading} data-testid="nps-body">
          <section className="kpi-grid kpi-grid-2" aria-label={t('nps.title')}>
            <NpsCard data={data} />
            <SplitCard summary={data.current} />
          </section>
          <TrendCard data={data} timeZone={timeZone} onGranularity={(g) => setParams({ granularity: g })} events={events.events} onEvent={focusEvent} />
          <DriversCard data={data} />
        </div>
      )}
    </div>
  );
}

function NpsCard({ data }: { data: NpsInsights }) {
  const { t, intlLocale } = useI18n();
  const { current, previous, change } = data;
  return (
    <article className="kpi-card" data-testid="nps-kpi">
      <h3 className="kpi-title">NPS</h3>
      <p className="kpi-value num" data-testid="kpi-value">
        {current.nps === null ? <span className="kpi-empty">{t('overview.noValue')}</span> : formatNps(current.nps, intlLocale)}
      </p>
      <p className="kpi-change">
        {change.change !== null && <ChangeValue change={change} kind="nps" polarity="up_good" />}
        <VerdictBadge change={change} kind="nps" polarity="up_good" />
      </p>
      {previous.nps !== null && <p className="kpi-previous muted num">{t('change.previous', { value: formatNps(previous.nps, intlLocale) })}</p>}
      <p className="kpi-note" data-testid="nps-interval">
        {current.interval
          ? t('overview.npsNote', { n: formatNumber(current.n, intlLocale), lower: formatNps(current.interval.lower, intlLocale), upper: formatNps(current.interval.upper, intlLocale) })
          : t('overview.responses', { n: formatNumber(current.n, intlLocale) })}
      </p>
    </article>
  );
}

const GROUPS = [
  { key: 'promotersPct', label: 'nps.promoters', className: 'stack-good' },
  { key: 'passivesPct', label: 'nps.passives', className: 'stack-muted' },
  { key: 'detractorsPct', label: 'nps.detractors', className: 'stack-bad' },
] as const;

/** Promoters / passives / detractors as one bar with their shares. */
function SplitCard({ summary }: { summary: NpsSummary }) {
  const { t, intlLocale } = useI18n();
  return (
    <article className="kpi-card" data-testid="nps-split">
      <h3 className="kpi-title">{t('nps.split')}</h3>
      <span className="stack-bar stack-bar-tall" aria-hidden="true">
        {GROUPS.map((g) => (
          <span key={g.key} className={`stack-part ${g.className}`} style={{ width: `${summary[g.key] ?? 0}%` }} />
        ))}
      </span>
      <ul className="stack-legend">
        {GROUPS.map((g) => (
          <li key={g.key} data-testid={`nps-${g.key}`}>
            <span className={`legend-dot ${g.className}`} aria-hidden="true" />
            {t(g.label)} <strong className="num">{formatShare(summary[g.key], intlLocale)}</strong>
          </li>
        ))}
      </ul>
      <p className="kpi-note">{t('nps.splitHint')}</p>
    </article>
  );
}

function TrendCard({ data, timeZone, onGranularity, events, onEvent }: { data: NpsInsights; timeZone: string; onGranularity: (g: Granularity) => void; events: readonly ChartEvent[]; onEvent: (event: ChartEvent) => void }) {
  const { t, intlLocale } = useI18n();
  const points = data.series;
  const granularity = data.granularity;
  const option = useMemo(() => npsChartOption({ points, granularity, timeZone, locale: intlLocale, t, events }), [points, granularity, timeZone, intlLocale, t, events]);
  // A point opens the scored answers of its period (those its NPS counts).
  const open = (index: number) => {
    const point = points[index];
    const path = point && pointItemsPath(point, timeZone, NPS_ANSWERS);
    if (path) navigate(path);
  };
  return (
    <section className="card chart-card" aria-labelledby="nps-trend-title" data-testid="nps-trend-card">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="nps-trend-title">
            {t('nps.trend')}
          </h2>
          <p className="muted small">{t('nps.trendHint')}</p>
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
          testId="nps-granularity"
        />
      </div>
      <ul className="chart-legend" aria-hidden="true">
        <li>
          <span className="legend-line" style={{ background: NPS_LINE_COLOR }} />
          NPS
        </li>
        <li>
          <span className="legend-bar" style={{ background: NPS_BAND_COLOR }} />
          {t('nps.chart.interval')}
        </li>
      </ul>
      <EChart
        option={option}
        onHit={chartHitHandler(option, events, onEvent, (hit) => open(hit.dataIndex))}
        label={t('nps.trend')}
        testId="nps-chart"
      />
    </section>
  );
}

/** A driver's difference as a `Change`, so its amount is coloured like everything else's. */
function driverChange(d: NpsDriver): Change {
  return { current: d.detractor_share_pct, previous: d.promoter_share_pct, unit: 'points', change: d.difference_pp, interval: d.difference_interval, p_value: d.p_adjusted, verdict: d.verdict };
}

type DriverFinding = 'more_among_detractors' | 'more_among_promoters' | 'no_clear_difference' | 'insufficient_data';

/** What a driver's test found between detractors and promoters (servers before session 26 send only the verdict). */
function findingOf(d: NpsDriver & { finding?: DriverFinding }): DriverFinding {
  if (d.finding) return d.finding;
  return d.verdict === 'significant_increase' ? 'more_among_detractors' : d.verdict === 'significant_decrease' ? 'more_among_promoters' : d.verdict === 'within_noise' ? 'no_clear_difference' : 'insufficient_data';
}

const FINDING_TONE: Record<DriverFinding, string> = { more_among_detractors: 'bad', more_among_promoters: 'good', no_clear_difference: 'quiet', insufficient_data: 'unknown' };

/**
 * A driver's finding in words of a comparison between two groups of the same period — never a
 * rise or fall, which would read as a change over time; its title carries the interval and p-value.
 */
function DriverBadge({ driver }: { driver: NpsDriver }) {
  const { t, intlLocale } = useI18n();
  const finding = findingOf(driver);
  const parts = [t(`nps.drivers.finding.${finding}`), t('nps.drivers.findingHelp')];
  if (driver.difference_interval) {
    parts.push(t('change.interval', { lower: formatChangeAmount(driver.difference_interval.lower, 'pp', intlLocale, t), upper: formatChangeAmount(driver.difference_interval.upper, 'pp', intlLocale, t) }));
  }
  parts.push(driver.p_adjusted < 0.001 ? t('change.pValueBelow', { p: formatPValue(driver.p_adjusted, intlLocale) }) : t('change.pValue', { p: formatPValue(driver.p_adjusted, intlLocale) }), t('change.adjusted'));
  return (
    <span className={`verdict verdict-${FINDING_TONE[finding]}`} title={parts.join(' · ')} data-verdict={driver.verdict} data-finding={finding} data-testid="nps-driver-verdict">
      {t(`nps.drivers.finding.${finding}`)}
    </span>
  );
}

function DriversCard({ data }: { data: NpsInsights }) {
  const { t, intlLocale } = useI18n();
  const days = { from: data.range.from, to: data.range.to };
  const byTopic = data.drivers_by === 'topic';
  // Drivers are read from the scored answers alone, so their links open those answers, not every item of the topic.
  const pathOf = (d: NpsDriver) =>
    byTopic ? itemsPath(days, { ...NPS_ANSWERS, topic: topicFilterOf(d.key) }) : d.key ? itemsPath(days, { ...NPS_ANSWERS, type: d.key }) : null;
  const nameOf = (d: NpsDriver) => (byTopic && d.key === '0' ? t('labels.noTopic') : (d.name ?? d.key));
  return (
    <section className="card" aria-labelledby="nps-drivers-title" data-testid="nps-drivers-card">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="nps-drivers-title">
            {t('nps.drivers.title')}
          </h2>
          <p className="muted small">{t('nps.drivers.hint')}</p>
        </div>
        {data.drivers.length > 0 && <ExportLinks table="nps_drivers" query={days} />}
      </div>
      {data.drivers.length === 0 ? (
        <p className="muted empty-inline">{t('nps.drivers.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table stack-table" data-testid="nps-drivers">
            <thead>
              <tr>
                <th scope="col">{t(byTopic ? 'movers.col.topic' : 'movers.col.type')}</th>
                <th scope="col" className="col-num">{t('nps.drivers.detractors')}</th>
                <th scope="col" className="col-num">{t('nps.drivers.promoters')}</th>
                <th scope="col" className="col-num">{t('nps.drivers.difference')}</th>
                <th scope="col">{t('movers.col.verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {data.drivers.map((d) => {
                const change = driverChange(d);
                const path = pathOf(d);
                return (
                  <tr
                    key={d.key}
                    className={path ? 'is-clickable' : undefined}
                    onClick={(event) => {
                      if (path && !(event.target as HTMLElement).closest('a')) navigate(path);
                    }}
                    data-testid="nps-driver"
                    data-key={d.key}
                  >
                    <th scope="row" data-label={t(byTopic ? 'movers.col.topic' : 'movers.col.type')}>
                      {path ? (
                        <Link to={path} data-testid="nps-driver-link">
                          {nameOf(d)}
                        </Link>
                      ) : (
                        nameOf(d)
                      )}
                    </th>
                    <td className="col-num num" data-label={t('nps.drivers.detractors')}>
                      {formatShare(d.detractor_share_pct, intlLocale)} <span className="muted">({formatNumber(d.detractors, intlLocale)})</span>
                    </td>
                    <td className="col-num num" data-label={t('nps.drivers.promoters')}>
                      {formatShare(d.promoter_share_pct, intlLocale)} <span className="muted">({formatNumber(d.promoters, intlLocale)})</span>
                    </td>
                    <td className="col-num" data-label={t('nps.drivers.difference')}>
                      <span className={`change change-${FINDING_TONE[findingOf(d)]} num`} data-testid="change-value">
                        {formatChange(change, 'pp', intlLocale, t)}
                      </span>
                    </td>
                    <td className="cell-verdict" data-label={t('movers.col.verdict')}>
                      <DriverBadge driver={d} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
