import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { addTopicComment, getTopicDetail, type TopicDetail, type TopicSplitRow } from '../api';
import { canEdit, useMe } from '../auth/session';
import { EChart } from '../charts/echart';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { changeKind, formatChangeAmount, formatRate, rateBasis } from '../insights/changes';
import { chartHitHandler, overviewChartOption } from '../insights/chart-options';
import type { ChartEvent } from '../events/events-api';
import { EventsControl } from '../events/events-panel';
import { rangeAroundEvent } from '../events/focus-range';
import { useEvents } from '../events/use-events';
import { itemsPath, pointItemsPath } from '../insights/drill-down';
import { inferGranularity } from '../insights/granularity';
import { InsightsSkeleton } from '../insights/insights-empty';
import { rangeParams } from '../insights/range';
import { RangeControl } from '../insights/range-control';
import { rateMetricMissing, rateMetricParam } from '../insights/rate-metric';
import { RateMetricBar, RateMetricMissing, useMetricNames } from '../insights/rate-metric-select';
import { SplitBars } from '../insights/split-bars';
import { useInsight } from '../insights/use-insight';
import { usePageRange } from '../insights/use-page-range';
import { ChangeValue, VerdictBadge } from '../insights/verdict';
import { duplicateGroupSearch, EMPTY_FILTERS, filtersToSearch } from '../items/item-filters';
import { Link, navigate } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';
import { asPreset, topicHeadlineChanges } from './topic-headline';

/**
 * One topic over the range: its items and rate against the period before (with the verdict), the
 * trend, the split by sentiment and channel, the newest items in the customers' own words, the
 * largest duplicate groups, and the operators' comments (operators and admins add them).
 */
export function TopicInsightsPage({ id }: { id: string }) {
  const { t } = useI18n();
  const page = usePageRange(`/topics/${encodeURIComponent(id)}/insights`);
  const { today, timeZone, params, setParams } = page;
  // Overview and Explore link here with days; days that are "the last 28 days" show as that preset.
  const range = useMemo(() => asPreset(page.range, today), [page.range, today]);
  const detectedPreset = range.preset !== null && page.range.preset === null;
  useEffect(() => {
    // …and the address says so too, so the nav links carry the preset (it moves with the days).
    if (detectedPreset) setParams({ ...rangeParams(range) });
  }, [detectedPreset]);
  // The rate metric of the page the link came from (Overview, Explore), or the one chosen here.
  const metric = rateMetricParam(params.get('metric'));
  const query = useMemo(() => ({ from: range.from, to: range.to, ...(metric ? { metric } : {}) }), [range.from, range.to, metric]);
  const detail = useInsight((signal) => getTopicDetail(id, query, signal), JSON.stringify({ id, ...query }));
  const data = detail.data && detail.data.topic.id === id ? detail.data : null;
  const metricNames = useMetricNames();
  useDocumentTitle(data ? `${data.topic.name} · ${t('topicInsights.title')}` : t('topicInsights.title'));
  const events = useEvents(range);
  const focusEvent = (event: ChartEvent) => {
    const around = rangeAroundEvent(event, today);
    if (around) setParams({ ...rangeParams(around) });
  };

  return (
    <div className="page" data-testid="topic-insights-page">
      <header className="page-header">
        <div>
          <p className="small">
            <Link to="/topics">{t('nav.topics')}</Link> ›
          </p>
          <h1 className="page-title" data-testid="topic-insights-name">
            {data ? data.topic.name : t('topicInsights.title')}
          </h1>
          {data && data.topic.children.length > 0 && (
            <p className="page-subtitle">{t('topicInsights.children', { names: data.topic.children.map((c) => c.name).join(', ') })}</p>
          )}
        </div>
        {detail.loading && data && <Spinner label={t('common.loading')} />}
      </header>

      <RangeControl value={range} today={today} onChange={(next) => setParams({ ...rangeParams(next) })} />
      <EventsControl state={events} onFocus={focusEvent} />

      <RateMetricBar
        value={metric}
        names={metricNames}
        automatic={metric || detail.loading ? null : data?.denominator?.metric ?? null}
        onChange={(next) => setParams({ metric: next })}
        testId="topic-rate-metric"
      />
      {data && data.denominator && rateMetricMissing(data.total.rate) && <RateMetricMissing metric={data.denominator.metric} testId="topic-rate-metric-missing" />}

      {detail.error !== null && <ErrorMessage error={detail.error} onRetry={detail.retry} compact={data !== null} notFound={t('topicInsights.notFound')} testId="topic-insights-error" />}
      {!data && detail.loading && <InsightsSkeleton cards={2} />}

      {data && (
        <div className={`insights-body${detail.loading ? ' is-refreshing' : ''}`} aria-busy={detail.loading} data-testid="topic-insights-body">
          <TopicHeadline data={data} />
          <TopicTrend data={data} timeZone={timeZone} events={events.events} onEvent={focusEvent} />
          <div className="split-grid">
            <TopicSplit data={data} dimension="sentiment" rows={data.by_sentiment} />
            <TopicSplit data={data} dimension="channel" rows={data.by_channel} />
          </div>
          <div className="split-grid">
            <NewestItems data={data} timeZone={timeZone} />
            <DuplicateGroups data={data} />
          </div>
        </div>
      )}
      {data && <TopicComments topicId={id} initial={data.comments} timeZone={timeZone} />}
    </div>
  );
}

function TopicHeadline({ data }: { data: TopicDetail }) {
  const { t, intlLocale } = useI18n();
  const rate = data.total.rate;
  const kind = changeKind(rate);
  const days = { from: data.range.from, to: data.range.to };
  // Each change beside the number it is about: the count's with the count, the rate's (and its verdict) with the rate.
  const changes = topicHeadlineChanges(data);
  const countPercent = changes.count.percent;
  return (
    <section className="kpi-grid kpi-grid-2" aria-label={t('topicInsights.headline')}>
      <article className="kpi-card" data-testid="topic-kpi-items">
        <h3 className="kpi-title">{t('topicInsights.items')}</h3>
        <p className="kpi-value num" data-testid="kpi-value">
          {formatNumber(data.total.items, intlLocale)}
          <span className="kpi-unit">{t('overview.itemsUnit')}</span>
        </p>
        {changes.count.change ? (
          <p className="kpi-change" data-testid="topic-count-change">
            {changes.count.change.change !== null && <ChangeValue change={changes.count.change} kind={kind} polarity="up_bad" />}
            <VerdictBadge change={changes.count.change} kind={kind} polarity="up_bad" />
          </p>
        ) : (
          countPercent !== null && (
            <p className="kpi-change" data-testid="topic-count-change">
              <span className="change change-quiet num" title={t('topicInsights.countChangeNote')} data-testid="change-value">
                {countPercent !== 0 && (
                  <span className="change-arrow" aria-hidden="true">
                    {countPercent > 0 ? '▲' : '▼'}
                  </span>
                )}
                {formatChangeAmount(countPercent, 'percent', intlLocale, t)}
              </span>{' '}
              <span className="muted small">{t('topicInsights.countChangeNote')}</span>
            </p>
          )
        )}
        <p className="kpi-previous muted num">{t('change.previous', { value: formatNumber(data.total.previous_items, intlLocale) })}</p>
        <p className="kpi-note">
          <Link to={itemsPath(days, { topic: data.topic.id })} data-testid="topic-items-link">
            {t('topicInsights.viewItems')}
          </Link>
        </p>
      </article>
      <article className="kpi-card" data-testid="topic-kpi-rate">
        <h3 className="kpi-title">{t('overview.card.contactRate')}</h3>
        <p className="kpi-value num" data-testid="kpi-value">
          {data.denominator && rate.current !== null ? formatRate(rate.current, data.denominator.metric, data.denominator.per, intlLocale, t, data.denominator.aggregation, data.denominator.metric_unit) : <span className="kpi-empty">{t('overview.noValue')}</span>}
        </p>
        {changes.rate && (
          <p className="kpi-change" data-testid="topic-rate-change">
            {changes.rate.change !== null && <ChangeValue change={changes.rate} kind={kind} polarity="up_bad" />}
            <VerdictBadge change={changes.rate} kind={kind} polarity="up_bad" />
          </p>
        )}
        {data.denominator && rate.previous !== null && (
          <p className="kpi-previous muted num">{t('change.previous', { value: formatRate(rate.previous, data.denominator.metric, data.denominator.per, intlLocale, t, data.denominator.aggregation, data.denominator.metric_unit) })}</p>
        )}
        {!data.denominator && <p className="kpi-note">{t('overview.noRateHint')}</p>}
      </article>
    </section>
  );
}

function TopicTrend({ data, timeZone, events, onEvent }: { data: TopicDetail; timeZone: string; events: readonly ChartEvent[]; onEvent: (event: ChartEvent) => void }) {
  const { t, intlLocale } = useI18n();
  const points = data.points;
  // The server names the bucket size; inferred only from an answer that does not (an older server).
  const granularity = data.granularity ?? inferGranularity(points);
  const denominator = data.denominator;
  const rate = useMemo(() => (denominator ? rateBasis(denominator) : null), [denominator]);
  const option = useMemo(() => overviewChartOption({ points, granularity, timeZone, locale: intlLocale, t, rate, events }), [points, granularity, timeZone, intlLocale, t, rate, events]);
  const open = (index: number) => {
    const point = points[index];
    const path = point && pointItemsPath(point, timeZone, { topic: data.topic.id });
    if (path) navigate(path);
  };
  return (
    <section className="card chart-card" aria-labelledby="topic-trend-title" data-testid="topic-trend-card">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="topic-trend-title">
            {t('topicInsights.trend')}
          </h2>
          <p className="muted small">{t('overview.chart.hint')}</p>
        </div>
      </div>
      {/* No item in any bucket: an empty plot reads as "still loading" or "broken"; say it. */}
      {points.every((point) => point.items === 0) ? (
        <p className="muted empty-inline chart-empty" data-testid="topic-trend-empty">
          {t('topicInsights.noTrend')}
        </p>
      ) : (
        <EChart
          option={option}
          onHit={chartHitHandler(option, events, onEvent, (hit) => open(hit.dataIndex))}
          label={t('topicInsights.trend')}
          testId="topic-chart"
        />
      )}
    </section>
  );
}

function TopicSplit({ data, dimension, rows }: { data: TopicDetail; dimension: 'sentiment' | 'channel'; rows: TopicSplitRow[] }) {
  const { t, label } = useI18n();
  const keyCounts = rows.map((r) => ({ key: r.key, current: r.items, previous: r.previous_items, change: r.rate }));
  return (
    <section className="card" aria-labelledby={`topic-split-${dimension}`} data-testid={`topic-split-${dimension}-card`}>
      <div className="card-header">
        <h2 className="section-title" id={`topic-split-${dimension}`}>
          {t(dimension === 'channel' ? 'splits.byChannel' : 'topicInsights.bySentiment')}
        </h2>
        <span className="muted small">{t('splits.legend')}</span>
      </div>
      {keyCounts.length > 0 ? (
        <SplitBars
          rows={keyCounts}
          dimension={dimension}
          days={{ from: data.range.from, to: data.range.to }}
          nameOf={(key) => label(dimension, key)}
          baseFilter={{ topic: data.topic.id }}
          testId={`topic-split-${dimension}`}
        />
      ) : (
        <p className="muted empty-inline">{t('splits.empty')}</p>
      )}
    </section>
  );
}

function NewestItems({ data, timeZone }: { data: TopicDetail; timeZone: string }) {
  const { t, label, intlLocale } = useI18n();
  return (
    <section className="card" aria-labelledby="topic-examples-title" data-testid="topic-examples-card">
      <div className="card-header">
        <h2 className="section-title" id="topic-examples-title">
          {t('topicInsights.newest')}
        </h2>
      </div>
      {data.examples.length === 0 ? (
        <p className="muted empty-inline">{t('topicInsights.noItems')}</p>
      ) : (
        <ul className="quote-list">
          {data.examples.map((item) => (
            <li key={item.id} className="quote-row" data-testid="topic-example">
              <div className="quote-meta small">
                <span className="badge">{label('channel', item.channel)}</span>
                {item.sentiment && <span className="muted">{label('sentiment', item.sentiment)}</span>}
                <span className="muted num">{formatDateTime(item.created_at, intlLocale, timeZone)}</span>
              </div>
              {/* With the topic and the page's days: closing the item leaves the operator on this topic's items. */}
              <Link
                to={`/items${filtersToSearch({ ...EMPTY_FILTERS, topic: data.topic.id, from: data.range.from, to: data.range.to }, { item: item.id })}`}
                className="quote-text"
                data-testid="topic-example-text"
              >
                {item.text}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DuplicateGroups({ data }: { data: TopicDetail }) {
  const { t, intlLocale } = useI18n();
  return (
    <section className="card" aria-labelledby="topic-dups-title" data-testid="topic-dups-card">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="topic-dups-title">
            {t('topicInsights.duplicates')}
          </h2>
          <p className="muted small">{t('topicInsights.duplicatesHint')}</p>
        </div>
      </div>
      {data.duplicate_groups.length === 0 ? (
        <p className="muted empty-inline">{t('topicInsights.noDuplicates')}</p>
      ) : (
        <ul className="quote-list">
          {data.duplicate_groups.map((g) => (
            <li key={g.dup_group} className="quote-row" data-testid="topic-dup-group">
              <div className="quote-meta small">
                <Link to={`/items${duplicateGroupSearch(g.dup_group)}`} className="badge badge-link num" data-testid="topic-dup-link">
                  {/* Reviews and surveys often name no customer: no "고객 0명" then. */}
                  {g.customers > 0
                    ? t('topicInsights.groupSize', { items: formatNumber(g.items, intlLocale), customers: formatNumber(g.customers, intlLocale) })
                    : t('topicInsights.groupSizeItems', { items: formatNumber(g.items, intlLocale) })}
                </Link>
              </div>
              <p className="quote-text">{g.example}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TopicComments({ topicId, initial, timeZone }: { topicId: string; initial: TopicDetail['comments']; timeZone: string }) {
  const { t, intlLocale } = useI18n();
  const { user } = useMe();
  const [added, setAdded] = useState<TopicDetail['comments']>([]);
  const [body, setBody] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // New comments first; the page's answer may already hold one we added (after a range change).
  const comments = useMemo(() => {
    const seen = new Set(initial.map((c) => c.id));
    return [...added.filter((c) => !seen.has(c.id)), ...initial];
  }, [added, initial]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setSaving(true);
    setError(null);
    addTopicComment(topicId, body)
      .then(({ comment }) => {
        setAdded((list) => [comment, ...list]);
        setBody('');
      })
      .catch(setError)
      .finally(() => setSaving(false));
  };

  return (
    <section className="card" aria-labelledby="topic-comments-title" data-testid="topic-comments">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="topic-comments-title">
            {t('topicInsights.comments')}
          </h2>
          <p className="muted small">{t('topicInsights.commentsHint')}</p>
        </div>
      </div>
      {canEdit(user.role) && (
        <form className="comment-form" onSubmit={submit} data-testid="topic-comment-form">
          <label className="field">
            <span className="visually-hidden">{t('topicInsights.commentLabel')}</span>
            <textarea
              className="input"
              rows={3}
              maxLength={4000}
              value={body}
              placeholder={t('topicInsights.commentPlaceholder')}
              onChange={(e) => setBody(e.target.value)}
              data-testid="topic-comment-body"
            />
          </label>
          {error !== null && <ErrorMessage error={error} testId="topic-comment-error" />}
          <div className="form-actions">
            <button type="submit" className="button button-primary button-small" disabled={saving || !body.trim()} data-testid="topic-comment-submit">
              {saving ? t('common.saving') : t('topicInsights.addComment')}
            </button>
          </div>
        </form>
      )}
      {comments.length === 0 ? (
        <p className="muted empty-inline">{t('topicInsights.noComments')}</p>
      ) : (
        <ul className="comment-list" data-testid="topic-comment-list">
          {comments.map((c) => (
            <li key={c.id} className="comment" data-testid="topic-comment">
              <p className="comment-meta small">
                <strong>{c.author}</strong> <span className="muted num">{formatDateTime(c.created_at, intlLocale, timeZone)}</span>
              </p>
              <p className="comment-body" data-testid="topic-comment-body-text">
                {c.body}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
