import { useMemo, useState, type ReactNode } from 'react';
import { CHANNELS, getVolume, SENTIMENTS, UNCERTAIN_TYPE, type ItemType, type Topic, type Volume, type VolumeLine, type VolumeSplit } from '../api';
import { useMe } from '../auth/session';
import { EChart } from '../charts/echart';
import { lineColor } from '../charts/palette';
import { formatNumber, safeTimeZone, todayIn } from '../format';
import { useI18n, type I18n } from '../i18n';
import { topicOptions, typeName } from '../labels/labels';
import { useLabelCatalog } from '../labels/use-label-catalog';
import { Link, navigate, useLocation } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';
import { formatRatePair, rateUnit, splitPolarity } from './changes';
import { chartHitHandler, volumeChartOption, type VolumeChartLine } from './chart-options';
import type { ChartEvent } from '../events/events-api';
import { EventsControl } from '../events/events-panel';
import { rangeAroundEvent } from '../events/focus-range';
import { useEvents } from '../events/use-events';
import { SavedViewsMenu } from '../views/saved-views-menu';
import { itemsPath, lineFilter, OTHER_KEY, pointItemsPath, topicInsightsPath } from './drill-down';
import { exploreItemsPath, exploreStateFromParams, lineDrillFilters, nestSubtopics, SPLITS, volumeQueryOf, type ExploreState } from './explore-state';
import { InsightsEmpty, InsightsSkeleton } from './insights-empty';
import { rangeParams, withParams } from './range';
import { RangeControl } from './range-control';
import { rateMetricMissing } from './rate-metric';
import { RateMetricMissing, RateMetricSelect, useMetricNames } from './rate-metric-select';
import { SegmentSelect, useSegments } from './segment-select';
import { SegmentedChoice } from './segmented-choice';
import { useInsight } from './use-insight';
import { ChangeValue, VerdictBadge } from './verdict';

/** A line's name in the user's language; topic names as the operator typed them. */
export function lineName(by: VolumeSplit | null, line: Pick<VolumeLine, 'key' | 'name'>, types: readonly ItemType[], i18n: I18n): string {
  const { t, label, locale } = i18n;
  if (line.key === OTHER_KEY) return t('explore.other');
  switch (by) {
    case null:
      return t('explore.total');
    case 'channel':
      return label('channel', line.key);
    case 'type':
      return line.key ? typeName(line.key, types, locale, t) : t('splits.noType');
    case 'topic':
      return line.key === '0' ? t('labels.noTopic') : line.name ?? `#${line.key}`;
    case 'sentiment':
      return line.key ? label('sentiment', line.key) : t('explore.noSentiment');
    case 'segment':
      return line.key || t('explore.noSegment');
  }
}

/**
 * 탐색: items over time for any filter, split by channel, type, topic, sentiment or customer
 * segment, as lines or
 * stacked bars, with each line's change against the period before (verdicts controlled for many
 * lines at once). A click on a point, or a legend row's link, opens the items behind it.
 */
export function ExplorePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { workspace } = useMe();
  const timeZone = safeTimeZone(workspace.timezone);
  const location = useLocation();
  useDocumentTitle(t('explore.title'));

  const today = todayIn(timeZone);
  const state = useMemo(() => exploreStateFromParams(location.params, today), [location.params, today]);
  const query = useMemo(() => volumeQueryOf(state), [state]);
  const volume = useInsight((signal) => getVolume(query, signal), JSON.stringify(query));
  const events = useEvents(state.range);
  const catalog = useLabelCatalog();
  const segments = useSegments(state.range.from, state.range.to);
  const metricNames = useMetricNames();
  const data = volume.data;

  const setParams = (changes: Record<string, string | null>) => navigate(`/explore${withParams(location.params, changes)}`, { replace: true });
  const focusEvent = (event: ChartEvent) => {
    const around = rangeAroundEvent(event, today);
    if (around) setParams(rangeParams(around));
  };
  const filtered = Object.values(state.filters).some(Boolean);
  const empty = data !== null && data.total.items === 0 && data.total.previous_items === 0;

  return (
    <div className="page" data-testid="explore-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('explore.title')}</h1>
          <p className="page-subtitle">{t('explore.subtitle')}</p>
        </div>
        {volume.loading && data && <Spinner label={t('common.loading')} />}
      </header>

      <SavedViewsMenu page="explore" search={location.search} onApply={(query) => navigate(`/explore${query ? `?${query}` : ''}`)} />
      <RangeControl value={state.range} today={today} onChange={(next) => setParams(rangeParams(next))} />
      <EventsControl state={events} onFocus={focusEvent} />

      <ExploreFilters
        state={state}
        types={catalog.types}
        topics={catalog.topics}
        onChange={(key, value) => setParams({ [key]: value })}
        segments={segments}
        onReset={() => setParams({ channel: null, type: null, topic: null, sentiment: null, segment: null })}
        rateMetric={
          <RateMetricSelect
            value={state.metric}
            names={metricNames}
            automatic={state.metric || volume.loading ? null : data?.denominator?.metric ?? null}
            onChange={(next) => setParams({ metric: next })}
            testId="explore-rate-metric"
          />
        }
      />

      {data && data.denominator && !empty && rateMetricMissing(data.total.rate) && <RateMetricMissing metric={data.denominator.metric} testId="explore-rate-metric-missing" />}

      {volume.error !== null && <ErrorMessage error={volume.error} onRetry={volume.retry} compact={data !== null} testId="explore-error" />}

      {!data && volume.loading && <InsightsSkeleton cards={0} />}

      {data && empty && !filtered && <InsightsEmpty returnTo={`/explore${location.search}`} />}

      {data && (!empty || filtered) && (
        <div className={volume.loading ? 'is-refreshing' : undefined} aria-busy={volume.loading} data-testid="explore-body">
          <VolumeCard volume={data} state={state} types={catalog.types} timeZone={timeZone} setParams={setParams} empty={empty} events={events.events} onEvent={focusEvent} />
        </div>
      )}

      <div className="explore-footer">
        <Link to={exploreItemsPath(state)} className="button button-secondary" data-testid="explore-view-items">
          {t('explore.viewItems')}
        </Link>
      </div>
    </div>
  );
}

function ExploreFilters({
  state,
  types,
  topics,
  segments,
  onChange,
  onReset,
  rateMetric,
}: {
  state: ExploreState;
  types: readonly ItemType[];
  topics: readonly Topic[];
  segments: readonly { segment: string; items: number }[];
  onChange: (key: 'channel' | 'type' | 'topic' | 'sentiment' | 'segment', value: string) => void;
  onReset: () => void;
  /** 문의율 기준: not a filter (the reset leaves it), but set in the same bar. */
  rateMetric: ReactNode;
}) {
  const { t, label, locale } = useI18n();
  const { filters } = state;
  const typeChoices = types.filter((type) => !type.archived || type.key === filters.type);
  const topicChoices = topicOptions(topics.filter((topic) => !topic.archived || topic.id === filters.topic));
  const unknownType = filters.type && filters.type !== UNCERTAIN_TYPE && !typeChoices.some((type) => type.key === filters.type);
  const unknownTopic = filters.topic && filters.topic !== 'none' && !topicChoices.some((o) => o.topic.id === filters.topic);
  return (
    <div className="filter-bar insight-filters" role="search" aria-label={t('filters.label')} data-testid="explore-filters">
      <label className="field">
        <span className="field-label">{t('filters.channel')}</span>
        <select className="input" value={filters.channel} onChange={(e) => onChange('channel', e.target.value)} data-testid="explore-filter-channel">
          <option value="">{t('filters.allChannels')}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {label('channel', channel)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('filters.type')}</span>
        <select className="input" value={filters.type} onChange={(e) => onChange('type', e.target.value)} data-testid="explore-filter-type">
          <option value="">{t('filters.allTypes')}</option>
          {typeChoices.map((type) => (
            <option key={type.key} value={type.key}>
              {typeName(type.key, types, locale, t)}
            </option>
          ))}
          <option value={UNCERTAIN_TYPE}>{t('labels.type.uncertain')}</option>
          {unknownType && <option value={filters.type}>{filters.type}</option>}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('filters.topic')}</span>
        <select className="input" value={filters.topic} onChange={(e) => onChange('topic', e.target.value)} data-testid="explore-filter-topic">
          <option value="">{t('filters.allTopics')}</option>
          <option value="none">{t('labels.noTopic')}</option>
          {topicChoices.map(({ topic, depth }) => (
            <option key={topic.id} value={topic.id}>
              {depth > 0 ? `\u00a0\u00a0└ ${topic.name}` : topic.name}
            </option>
          ))}
          {unknownTopic && <option value={filters.topic}>{`#${filters.topic}`}</option>}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('filters.sentiment')}</span>
        <select className="input" value={filters.sentiment} onChange={(e) => onChange('sentiment', e.target.value)} data-testid="explore-filter-sentiment">
          <option value="">{t('filters.allSentiments')}</option>
          {SENTIMENTS.map((sentiment) => (
            <option key={sentiment} value={sentiment}>
              {label('sentiment', sentiment)}
            </option>
          ))}
        </select>
      </label>
      <SegmentSelect value={filters.segment} segments={segments} onChange={(value) => onChange('segment', value)} testId="explore-filter-segment" />
      {rateMetric}
      <div className="filter-actions">
        <button type="button" className="button button-ghost button-small" disabled={!Object.values(filters).some(Boolean)} onClick={onReset} data-testid="explore-filter-reset">
          {t('filters.reset')}
        </button>
      </div>
    </div>
  );
}

function VolumeCard({
  volume,
  state,
  types,
  timeZone,
  setParams,
  empty,
  events,
  onEvent,
}: {
  volume: Volume;
  state: ExploreState;
  types: readonly ItemType[];
  timeZone: string;
  setParams: (changes: Record<string, string | null>) => void;
  empty: boolean;
  events: readonly ChartEvent[];
  onEvent: (event: ChartEvent) => void;
}) {
  const i18n = useI18n();
  const { t, intlLocale } = i18n;
  const by = state.by;
  // Hidden lines belong to one split: switching the split shows every line again.
  const [hidden, setHidden] = useState<{ by: VolumeSplit | null; keys: ReadonlySet<string> }>({ by, keys: new Set() });
  const hiddenKeys = useMemo(() => (hidden.by === by ? hidden.keys : new Set<string>()), [hidden, by]);

  const lines = useMemo(
    () =>
      volume.lines.map((line, i): VolumeChartLine & { source: VolumeLine } => ({
        key: line.key,
        name: lineName(by, line, types, i18n),
        color: lineColor(by, line.key, i),
        points: line.points,
        source: line,
      })),
    [volume, by, types, i18n],
  );
  const shown = useMemo(() => lines.filter((line) => !hiddenKeys.has(line.key)), [lines, hiddenKeys]);
  // Stacked bars add up: a parent topic's bar holds its subtopics' items, so a subtopic whose parent
  // is drawn is not stacked again (the lines view draws both).
  const visible = useMemo(
    () => (state.chart === 'stacked' ? shown.filter((line) => !(line.source.parent_key && shown.some((p) => p.key === line.source.parent_key))) : shown),
    [shown, state.chart],
  );
  const subtopicsInParents = visible.length < shown.length;
  const periods = volume.lines[0]?.points ?? [];
  const option = useMemo(
    () => volumeChartOption({ lines: visible, periods, granularity: volume.granularity, mode: state.chart, timeZone, locale: intlLocale, t, events }),
    [visible, periods, volume.granularity, state.chart, timeZone, intlLocale, t, events],
  );

  const toggle = (key: string) => {
    const keys = new Set(hiddenKeys);
    if (keys.has(key)) keys.delete(key);
    else keys.add(key);
    setHidden({ by, keys });
  };

  const open = (seriesIndex: number | null, dataIndex: number) => {
    const point = periods[dataIndex];
    if (!point) return;
    const line = seriesIndex === null ? null : visible[seriesIndex];
    const path = pointItemsPath(point, timeZone, lineDrillFilters(state, line ? line.key : null));
    if (path) navigate(path);
  };

  return (
    <section className="card chart-card" aria-labelledby="volume-title" data-testid="volume-card">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="volume-title">
            {t('explore.chartTitle')}
          </h2>
          <p className="muted small num" data-testid="explore-total">
            {t('explore.totalLine', { items: formatNumber(volume.total.items, intlLocale), previous: formatNumber(volume.total.previous_items, intlLocale) })}
          </p>
        </div>
        <div className="chart-controls">
          <SegmentedChoice
            label={t('explore.splitBy')}
            options={[{ value: 'none', label: t('explore.split.none') }, ...SPLITS.map((s) => ({ value: s, label: t(`explore.split.${s}`) }))]}
            value={by ?? 'none'}
            onChange={(value) => setParams({ by: value === 'none' ? null : value })}
            testId="split-by"
          />
          <SegmentedChoice
            label={t('chart.granularity')}
            options={[
              { value: 'day', label: t('granularity.day') },
              { value: 'week', label: t('granularity.week') },
              { value: 'month', label: t('granularity.month') },
            ]}
            value={volume.granularity}
            onChange={(value) => setParams({ granularity: value })}
            testId="granularity"
          />
          <SegmentedChoice
            label={t('explore.chartType')}
            options={[
              { value: 'line', label: t('explore.chart.line') },
              { value: 'stacked', label: t('explore.chart.stacked') },
            ]}
            value={state.chart}
            onChange={(value) => setParams({ chart: value === 'line' ? null : value })}
            testId="chart-mode"
          />
        </div>
      </div>

      {empty ? (
        <div className="empty-state empty-state-compact" data-testid="explore-empty">
          <p className="empty-title">{t('explore.empty')}</p>
          <p className="muted">{t('explore.emptyHint')}</p>
        </div>
      ) : (
        <>
          <EChart
            option={option}
            onHit={chartHitHandler(option, events, onEvent, (hit) => open(hit.seriesIndex, hit.dataIndex))}
            label={t('explore.chartLabel')}
            testId="volume-chart"
          />
          <p className="muted small chart-hint">{t('explore.clickHint')}</p>
          {subtopicsInParents && (
            <p className="muted small chart-hint" data-testid="explore-stacked-subtopics">
              {t('explore.stackedSubtopics')}
            </p>
          )}
          <LinesLegend lines={lines} by={by} state={state} denominator={volume.denominator} hiddenKeys={hiddenKeys} onToggle={toggle} />
        </>
      )}
    </section>
  );
}

/**
 * Every line with its colour (a button that hides or shows it), numbers, change and verdict, and a
 * link to its items. With a business number the change and verdict are of the rate per that number
 * (counts can rise while the rate falls), so the rate is shown beside them and the column says so.
 */
function LinesLegend({
  lines,
  by,
  state,
  denominator,
  hiddenKeys,
  onToggle,
}: {
  lines: readonly (VolumeChartLine & { source: VolumeLine })[];
  by: VolumeSplit | null;
  state: ExploreState;
  denominator: Volume['denominator'];
  hiddenKeys: ReadonlySet<string>;
  onToggle: (key: string) => void;
}) {
  const { t, intlLocale } = useI18n();
  const n = (value: number) => formatNumber(value, intlLocale);
  const adjusted = lines.length > 1;
  // By topic: a subtopic under its parent, whose count holds it (the rows do not add up to the total).
  const { rows, nested } = by === 'topic' ? nestSubtopics(lines) : { rows: lines.map((line) => ({ line, depth: 0 as const })), nested: false };
  const rateLabel = denominator ? t('movers.col.rate', { unit: rateUnit(denominator.metric, denominator.per, intlLocale, t, denominator.aggregation, denominator.metric_unit) }) : null;
  const changeLabel = t(denominator ? 'movers.col.rateChange' : 'movers.col.change');
  return (
    <div className="table-wrap">
      <table className="data-table legend-table" aria-label={t('explore.legend')} data-testid="lines-legend">
        <thead>
          <tr>
            <th scope="col">{by ? t(`explore.split.${by}`) : t('explore.line')}</th>
            <th scope="col" className="col-num">{t('movers.col.items')}</th>
            {rateLabel && (
              <th scope="col" className="col-num" data-testid="legend-rate-head">
                {rateLabel}
              </th>
            )}
            <th scope="col" className="col-num" data-testid="legend-change-head">
              {changeLabel}
            </th>
            <th scope="col">{t('movers.col.verdict')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('explore.viewLineItems')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ line, depth }) => {
            const shown = !hiddenKeys.has(line.key);
            const narrowed = lineFilter(by, line.key);
            return (
              <tr
                key={line.key}
                className={[shown ? '' : 'is-hidden', depth ? 'legend-sub' : ''].filter(Boolean).join(' ') || undefined}
                data-testid="legend-row"
                data-key={line.key}
                data-depth={depth}
              >
                <th scope="row" data-label={by ? t(`explore.split.${by}`) : t('explore.line')}>
                  <button
                    type="button"
                    className="legend-toggle"
                    aria-pressed={shown}
                    title={t(shown ? 'explore.hide' : 'explore.show', { name: line.name })}
                    onClick={() => onToggle(line.key)}
                    data-testid="legend-toggle"
                  >
                    {depth > 0 && (
                      <span className="legend-branch" aria-hidden="true">
                        └
                      </span>
                    )}
                    <span className="legend-swatch" style={{ background: shown ? line.color : 'transparent', borderColor: line.color }} aria-hidden="true" />
                    <span className="legend-name">{line.name}</span>
                  </button>
                </th>
                <td className="col-num num" data-label={t('movers.col.items')}>
                  <strong>{n(line.source.items)}</strong>
                  <span className="muted"> / {n(line.source.previous_items)}</span>
                </td>
                {rateLabel && (
                  <td className="col-num num" data-label={rateLabel} data-testid="legend-rate">
                    <strong>{formatRatePair(line.source.rate.current, line.source.rate.previous, intlLocale)[0]}</strong>
                    <span className="muted"> / {formatRatePair(line.source.rate.current, line.source.rate.previous, intlLocale)[1]}</span>
                  </td>
                )}
                <td className="col-num" data-label={changeLabel} data-testid="legend-change">
                  {line.source.rate.change === null ? '—' : <ChangeValue change={line.source.rate} kind="percent" polarity={splitPolarity(by, line.key)} adjusted={adjusted} />}
                </td>
                <td className="cell-verdict" data-label={t('movers.col.verdict')}>
                  <VerdictBadge change={line.source.rate} kind="percent" polarity={splitPolarity(by, line.key)} adjusted={adjusted} testId="line-verdict" />
                </td>
                <td className="col-link">
                  {by === 'topic' && /^[1-9]\d*$/.test(line.key) && (
                    <Link to={topicInsightsPath(line.key, state.range, state.metric)} className="small topic-detail-link" data-testid="legend-topic-link">
                      {t('topicInsights.short')}
                    </Link>
                  )}
                  {narrowed && (
                    <Link to={itemsPath(state.range, { ...state.filters, ...narrowed })} className="small" data-testid="legend-items-link">
                      {t('explore.viewLineItems')}
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {nested && (
        <p className="muted small table-note" data-testid="legend-subtopics-note">
          {t('explore.parentsHoldSubtopics')}
        </p>
      )}
      {adjusted && <p className="muted small table-note">{t('explore.adjustedNote')}</p>}
    </div>
  );
}
