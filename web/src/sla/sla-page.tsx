import { useMemo, useState } from 'react';
import { getSlaReport, type SlaBreach, type SlaCount, type SlaReport, type SlaSummaryCount } from '../api';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { itemsLink } from '../items/item-filters';
import { formatShare } from '../insights/changes';
import { formatDuration, formatTargetMs } from '../insights/durations';
import { ExportLinks } from '../insights/export-links';
import { InsightsEmpty, InsightsSkeleton } from '../insights/insights-empty';
import { rangeParams } from '../insights/range';
import { RangeControl } from '../insights/range-control';
import { useInsight } from '../insights/use-insight';
import { ChangeValue, VerdictBadge } from '../insights/verdict';
import { usePageRange } from '../insights/use-page-range';
import { Link } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';
import { breachDeadlineText } from './breach-deadline';
import { policyDisplayName } from './policy-name';
import { slaCountsTitle, slaUnrecordedNote } from './sla-counts';
import { SlaSettingsSection } from './sla-settings-form';

/** The two targets' cards: test id, the report's key and the items filter's stem. */
const MET_CARDS = [
  { id: 'first-response', target: 'firstResponse', filter: 'first_response' },
  { id: 'resolution', target: 'resolution', filter: 'resolution' },
] as const;

/**
 * SLA: the share of items that met their first-response and resolution targets (business hours,
 * Korean public holidays) overall, per policy and per channel; the breaches, newest first; and
 * the business hours and policies behind them (editable by admins).
 */
export function SlaPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('sla.title'));
  const { range, today, timeZone, setParams } = usePageRange('/sla');
  const query = useMemo(() => ({ from: range.from, to: range.to }), [range.from, range.to]);
  const report = useInsight((signal) => getSlaReport(query, signal), JSON.stringify(query));
  const data = report.data;
  const empty = data !== null && data.evaluated === 0;

  return (
    <div className="page" data-testid="sla-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('sla.title')}</h1>
          <p className="page-subtitle">{t('sla.subtitle')}</p>
        </div>
        {report.loading && data && <Spinner label={t('common.loading')} />}
      </header>

      <RangeControl value={range} today={today} onChange={(next) => setParams(rangeParams(next))} />

      {report.error !== null && <ErrorMessage error={report.error} onRetry={report.retry} compact={data !== null} testId="sla-error" />}
      {!data && report.loading && <InsightsSkeleton cards={2} />}
      {data && empty && <InsightsEmpty returnTo="/sla" />}

      {data && !empty && (
        <div className={`insights-body${report.loading ? ' is-refreshing' : ''}`} aria-busy={report.loading} data-testid="sla-body">
          <section className="kpi-grid kpi-grid-2" aria-label={t('sla.summary')} data-testid="sla-cards">
            {MET_CARDS.map(({ id, target, filter }) => (
              <MetCard
                key={id}
                id={id}
                target={target}
                title={t(`sla.target.${target}`)}
                count={data.summary[target]}
                itemsPath={itemsLink({ sla: `breached_${filter}`, from: data.range.from, to: data.range.to })}
                unrecordedPath={itemsLink({ sla: `unrecorded_${filter}`, from: data.range.from, to: data.range.to })}
              />
            ))}
          </section>
          <div className="split-grid">
            <SplitTable
              title={t('sla.byPolicy')}
              testId="sla-policy-table"
              firstCol={t('sla.col.policy')}
              rows={data.by_policy.map((p) => ({ key: p.policy_id, name: policyDisplayName({ id: p.policy_id, name: p.name }, locale), sub: t(`sla.clock.${p.calendar}`), firstResponse: p.firstResponse, resolution: p.resolution }))}
            />
            <ChannelTable data={data} />
          </div>
          <BreachList data={data} timeZone={timeZone} />
        </div>
      )}

      <SlaSettingsSection onSaved={report.retry} />
    </div>
  );
}

/**
 * A target's % met, its change against the previous period with the verdict and the previous % (as
 * the Overview's share cards: points, higher is good); its breached count opens those items
 * (`itemsPath`). Items done by their status without the target's time are neither met nor
 * breached: counted and said, outside the share.
 */
function MetCard({ id, target, title, count, itemsPath, unrecordedPath }: { id: string; target: 'firstResponse' | 'resolution'; title: string; count: SlaSummaryCount; itemsPath: string; unrecordedPath: string }) {
  const { t, intlLocale } = useI18n();
  const unrecorded = slaUnrecordedNote(count, intlLocale, t, target);
  const n = (v: number) => formatNumber(v, intlLocale);
  return (
    <article className="kpi-card" data-testid={`sla-kpi-${id}`}>
      <h3 className="kpi-title">{title}</h3>
      <p className="kpi-value num" data-testid="kpi-value">
        {count.met_pct === null ? <span className="kpi-empty">{t('overview.noValue')}</span> : formatShare(count.met_pct, intlLocale)}
      </p>
      {count.change && (
        <p className="kpi-change">
          {count.change.change !== null && <ChangeValue change={count.change} kind="pp" polarity="up_good" />}
          <VerdictBadge change={count.change} kind="pp" polarity="up_good" />
        </p>
      )}
      {count.previous && count.previous.met_pct !== null && (
        <p className="kpi-previous muted num" data-testid="sla-kpi-previous">
          {t('change.previous', { value: formatShare(count.previous.met_pct, intlLocale) })}
        </p>
      )}
      <MetBar count={count} />
      <p className="kpi-note" data-testid="sla-kpi-counts">
        {slaCountsTitle(count, intlLocale, t, target)}
      </p>
      {unrecorded && (
        <p className="kpi-note" data-testid="sla-kpi-unrecorded" data-count={count.unrecorded}>
          {unrecorded}{' '}
          {/* The items behind the number: done by their status, without this target's time. */}
          <Link to={unrecordedPath} title={t('slaUnrecorded.linkHint', { target: title })} data-testid="sla-kpi-unrecorded-link">
            {t('slaUnrecorded.link', { count: n(count.unrecorded ?? 0) })}
          </Link>
        </p>
      )}
      {count.breached > 0 && (
        <p className="kpi-note">
          <Link to={itemsPath} title={t('sla.breachedItemsHint', { target: title })} data-testid="sla-kpi-breached-link">
            {t('sla.breachedItems', { count: n(count.breached) })}
          </Link>
        </p>
      )}
    </article>
  );
}

/** Met / breached / pending as one stacked bar. */
function MetBar({ count }: { count: SlaCount }) {
  const total = count.met + count.breached + count.pending;
  if (total === 0) return null;
  return (
    <span className="stack-bar" aria-hidden="true">
      <span className="stack-part stack-good" style={{ width: `${(count.met / total) * 100}%` }} />
      <span className="stack-part stack-bad" style={{ width: `${(count.breached / total) * 100}%` }} />
      <span className="stack-part stack-muted" style={{ width: `${(count.pending / total) * 100}%` }} />
    </span>
  );
}

interface SplitRow {
  key: string;
  name: string;
  sub?: string;
  firstResponse: SlaCount;
  resolution: SlaCount;
}

function SplitTable({ title, testId, firstCol, rows }: { title: string; testId: string; firstCol: string; rows: SplitRow[] }) {
  const { t, intlLocale } = useI18n();
  const cell = (c: SlaCount, target: 'firstResponse' | 'resolution') =>
    c.met_pct === null ? (
      // No share, but items done without a time: the dash says how many on hover.
      <span className="muted" title={(c.unrecorded ?? 0) > 0 ? slaCountsTitle(c, intlLocale, t, target) : undefined}>
        —
      </span>
    ) : (
      <span title={slaCountsTitle(c, intlLocale, t, target)}>{formatShare(c.met_pct, intlLocale)}</span>
    );
  return (
    <section className="card" aria-label={title} data-testid={`${testId}-card`}>
      <div className="card-header">
        <h2 className="section-title">{title}</h2>
      </div>
      <div className="table-wrap">
        <table className="data-table stack-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{firstCol}</th>
              <th scope="col" className="col-num">{t('sla.target.firstResponse')}</th>
              <th scope="col" className="col-num">{t('sla.target.resolution')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid={`${testId}-row`} data-key={r.key}>
                <th scope="row" data-label={firstCol}>
                  {r.name}
                  {r.sub && <span className="muted small row-sub">{r.sub}</span>}
                </th>
                <td className="col-num num" data-label={t('sla.target.firstResponse')}>
                  {cell(r.firstResponse, 'firstResponse')}
                </td>
                <td className="col-num num" data-label={t('sla.target.resolution')}>
                  {cell(r.resolution, 'resolution')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ChannelTable({ data }: { data: SlaReport }) {
  const { t, label } = useI18n();
  return (
    <SplitTable
      title={t('sla.byChannel')}
      testId="sla-channel-table"
      firstCol={t('sla.col.channel')}
      rows={data.by_channel.map((c) => ({ key: c.channel, name: label('channel', c.channel), firstResponse: c.firstResponse, resolution: c.resolution }))}
    />
  );
}

/** Breached items listed before "show more": the newest are the ones to act on. */
const BREACHES_SHOWN = 15;

/** The API's breaches (one per late target) grouped per item, newest item first. */
function groupBreaches(breaches: readonly SlaBreach[]): SlaBreach[][] {
  const byItem = new Map<string, SlaBreach[]>();
  for (const b of breaches) {
    const group = byItem.get(b.item_id);
    if (group) group.push(b);
    else byItem.set(b.item_id, [b]);
  }
  const order = (b: SlaBreach) => (b.target === 'firstResponse' ? 0 : 1);
  return [...byItem.values()]
    .map((group) => group.sort((a, b) => order(a) - order(b)))
    .sort((a, b) => b[0]!.created_at.localeCompare(a[0]!.created_at));
}

function BreachList({ data, timeZone }: { data: SlaReport; timeZone: string }) {
  const { t, label, locale, intlLocale } = useI18n();
  const items = useMemo(() => groupBreaches(data.breaches), [data.breaches]);
  // The API lists the newest breached items only; older servers did not say how many there are.
  const total = Math.max(data.breached_items ?? items.length, items.length);
  const policies = useMemo(() => new Map(data.settings.policies.map((p) => [p.id, p])), [data.settings.policies]);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? items : items.slice(0, BREACHES_SHOWN);
  const n = (value: number) => formatNumber(value, intlLocale);
  return (
    <section className="card" aria-labelledby="sla-breaches-title" data-testid="sla-breaches-card">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="sla-breaches-title">
            {t('sla.breaches.title')}
          </h2>
          <p className="muted small" data-testid="sla-breaches-hint">
            {total > items.length ? t('sla.breaches.hintCapped', { count: n(items.length), total: n(total) }) : t('sla.breaches.hint', { count: n(items.length) })}
          </p>
        </div>
        <div className="card-actions">
          {total > 0 && (
            <Link
              to={itemsLink({ sla: 'breached', from: data.range.from, to: data.range.to })}
              className="button button-secondary button-small"
              title={t('sla.breaches.allHint', { total: n(total) })}
              data-testid="sla-breaches-all"
            >
              {t('sla.breaches.all')}
            </Link>
          )}
          <ExportLinks table="sla_breaches" query={{ from: data.range.from, to: data.range.to }} />
        </div>
      </div>
      {items.length === 0 ? (
        <p className="muted empty-inline">{t('sla.breaches.empty')}</p>
      ) : (
        <ul className="quote-list" data-testid="sla-breaches" data-total={items.length} data-breached-items={total}>
          {shown.map((group) => {
            const first = group[0]!;
            return (
              <li key={first.item_id} className="quote-row" data-testid="sla-breach" data-item-id={first.item_id}>
                <div className="quote-meta small">
                  <span className="badge">{label('channel', first.channel)}</span>
                  {group.map((b) => (
                    <span key={b.target} className="verdict verdict-bad">
                      {t(`sla.target.${b.target}`)}
                    </span>
                  ))}
                  <span className="muted num">{formatDateTime(first.created_at, intlLocale, timeZone)}</span>
                  {first.assignee && <span className="muted">· {first.assignee}</span>}
                </div>
                <Link to={`/items?item=${encodeURIComponent(first.item_id)}`} className="quote-text" data-testid="sla-breach-link">
                  {first.text}
                </Link>
                {group.map((b) => (
                  <p key={b.target} className="muted small num" data-testid="sla-breach-elapsed" data-open={b.completed_at === null}>
                    {group.length > 1 && `${t(`sla.target.${b.target}`)}: `}
                    {/* Still open: the time so far, not a time it "took". */}
                    {t(b.completed_at === null ? 'sla.breaches.openFor' : 'sla.breaches.elapsed', { elapsed: formatDuration(b.elapsed_ms / 1000, locale), target: formatTargetMs(b.target_ms, locale) })}
                    {/* On business hours the time taken can equal the target and still be late: the missed deadline says why. */}
                    {policies.get(b.policy_id)?.calendar === 'business' && (
                      <span data-testid="sla-breach-deadline">{` · ${breachDeadlineText(b, t, intlLocale, timeZone)}`}</span>
                    )}
                    {` · ${policyDisplayName({ id: b.policy_id, name: b.policy_name }, locale)}`}
                    {b.completed_at === null && ` · ${t('sla.breaches.open')}`}
                  </p>
                ))}
              </li>
            );
          })}
        </ul>
      )}
      {shown.length < items.length && (
        <button type="button" className="button button-secondary button-small show-more" onClick={() => setShowAll(true)} data-testid="sla-breaches-more">
          {t('sla.breaches.more', { count: n(items.length - shown.length) })}
        </button>
      )}
    </section>
  );
}
