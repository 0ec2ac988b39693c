import { useMemo, type ReactNode } from 'react';
import { ApiError, getSlaSettings, getSupportKpis, type BacklogRow, type SlaSettings, type ItemType, type SupportClock, type SupportDimension, type SupportKpis, type SupportRow } from '../api';
import { formatDay, formatNumber } from '../format';
import { useI18n, type I18n } from '../i18n';
import { ExportLinks } from '../insights/export-links';
import { formatDuration } from '../insights/durations';
import { formatShare } from '../insights/changes';
import { InsightsEmpty, InsightsSkeleton } from '../insights/insights-empty';
import { rangeParams } from '../insights/range';
import { RangeControl } from '../insights/range-control';
import { SegmentedChoice } from '../insights/segmented-choice';
import { useInsight } from '../insights/use-insight';
import { usePageRange } from '../insights/use-page-range';
import { typeName } from '../labels/labels';
import { useLabelCatalog } from '../labels/use-label-catalog';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';
import { Link } from '../router';
import { closuresInRange } from './closures';
import { byHandlerOf, headlineGroup, HANDLER_CHOICES, supportHandlerParam, type HandlerChoice, type HandlerLeadTimes, type SupportByHandler } from './by-handler';
import { ChangeValue, VerdictBadge } from '../insights/verdict';

const DIMENSIONS: readonly SupportDimension[] = ['channel', 'assignee', 'type', 'handled_by'];
const CLOCKS: readonly SupportClock[] = ['calendar', 'business'];

/** `calendar` (the default: every hour counts) or `business` (only business hours) from the URL. */
export function supportClockParam(value: string | null): SupportClock {
  return CLOCKS.find((c) => c === value) ?? 'calendar';
}

/** Lead times as people read them: in business hours never in days ("30시간", not "1일 6시간": a day would read as a working day). */
const leadTime = (seconds: number | null, clock: SupportClock, locale: I18n['locale']) => formatDuration(seconds, locale, { largest: clock === 'business' ? 'hour' : 'day' });

/** `channel` (the default), `assignee`, `type` or `handled_by` from the URL. */
export function supportDimensionParam(value: string | null): SupportDimension {
  return DIMENSIONS.find((d) => d === value) ?? 'channel';
}

/**
 * 응대 지표: response rate, first-response and resolution lead times (median and p90) for the
 * range — on the 24-hour clock or in business hours (`clock` in the address) — split by channel,
 * assignee, type or who handled it, the repeat contact rate (재문의율: the same customer again within
 * 7 days), and the open backlog now.
 */
export function SupportPage() {
  const i18n = useI18n();
  const { t } = i18n;
  useDocumentTitle(t('support.title'));
  const { range, today, params, setParams } = usePageRange('/support');
  const by = supportDimensionParam(params.get('by'));
  const clock = supportClockParam(params.get('clock'));
  // Whose lead times the headline shows: people (the default), the chatbot, or every item. Not sent to the API: it answers all three.
  const handler = supportHandlerParam(params.get('handler'));
  // The 24-hour clock is the API's default: its requests and links stay as they were.
  const query = useMemo(() => ({ from: range.from, to: range.to, by, clock: clock === 'business' ? clock : undefined }), [range.from, range.to, by, clock]);
  const kpis = useInsight((signal) => getSupportKpis(query, signal), JSON.stringify(query));
  // In business hours, the SLA settings too (read with the numbers, as the server reads them): the
  // note names the workspace's own days off in the range, which the KPIs' answer does not list.
  const sla = useInsight((signal) => (clock === 'business' ? getSlaSettings(signal) : Promise.resolve(null)), JSON.stringify(query));
  const data = kpis.data;
  const catalog = useLabelCatalog();
  const empty = data !== null && data.total.received === 0 && data.backlog.total.open === 0;
  // Business hours asked of a workspace without any: said plainly, with the way back (no numbers on another clock beneath).
  const noHours = kpis.error instanceof ApiError && kpis.error.code === 'no_business_hours';
  const nameOf = (key: string) => splitName(data?.by ?? by, key, i18n, catalog.types);
  const byHandler = data ? byHandlerOf(data) : null;

  return (
    <div className="page" data-testid="support-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('support.title')}</h1>
          <p className="page-subtitle">{t('support.subtitle')}</p>
        </div>
        {kpis.loading && data && <Spinner label={t('common.loading')} />}
      </header>

      <RangeControl value={range} today={today} onChange={(next) => setParams(rangeParams(next))} />
      <div className="range-bar" data-testid="support-clock-bar">
        <LabelledChoice
          label={t('support.clock.label')}
          options={CLOCKS.map((c) => ({ value: c, label: t(`support.clock.${c}`) }))}
          value={clock}
          onChange={(next) => setParams({ clock: next === 'calendar' ? null : next })}
          testId="support-clock"
        />
        {/* Without a chatbot in either period people's lead times are every item's: no choice to make. */}
        {byHandler?.bot && (
          <LabelledChoice
            label={t('supportHandler.label')}
            options={HANDLER_CHOICES.map((c) => ({ value: c, label: t(`supportHandler.choice.${c}`) }))}
            value={handler}
            onChange={(next) => setParams({ handler: next === 'people' ? null : next })}
            testId="support-handler"
          />
        )}
      </div>

      {noHours ? (
        <div className="alert alert-warning" role="alert" data-testid="support-no-business-hours">
          <div className="alert-body">
            <p className="alert-message">{t('support.clock.noHours')}</p>
            <p className="muted small">
              {t('support.clock.noHoursHint')} <Link to="/sla">{t('support.clock.setHours')}</Link>
            </p>
          </div>
          <button type="button" className="button" onClick={() => setParams({ clock: null })} data-testid="support-clock-back">
            {t('support.clock.backToCalendar')}
          </button>
        </div>
      ) : (
        kpis.error !== null && <ErrorMessage error={kpis.error} onRetry={kpis.retry} compact={data !== null} testId="support-error" />
      )}
      {!data && kpis.loading && <InsightsSkeleton cards={5} />}
      {data && empty && !noHours && <InsightsEmpty returnTo="/support" />}

      {data && !empty && !noHours && (
        <div className={`insights-body${kpis.loading ? ' is-refreshing' : ''}`} aria-busy={kpis.loading} data-testid="support-body">
          <SupportCards total={data.total} rateBefore={data.response_rate_before} clock={data.clock} answersRecorded={data.answer_times_recorded} byHandler={byHandler} handler={handler} />
          <RepeatNote data={data} />
          <ClockNote data={data} hours={sla.data?.businessHours ?? null} />
          {byHandler && <HandlerCard data={data} byHandler={byHandler} />}
          <section className="card" aria-labelledby="support-split-title" data-testid="support-split-card">
            <div className="card-header">
              <h2 className="section-title" id="support-split-title">
                {t('support.split.title')}
              </h2>
              <div className="card-actions">
                <SegmentedChoice
                  label={t('support.split.by')}
                  options={DIMENSIONS.map((d) => ({ value: d, label: t(`support.by.${d}`) }))}
                  value={by}
                  onChange={(next) => setParams({ by: next === 'channel' ? null : next })}
                  testId="support-by"
                />
                <ExportLinks table="support" query={{ from: range.from, to: range.to, by, clock: query.clock }} />
              </div>
            </div>
            <SupportTable data={data} nameOf={nameOf} />
          </section>
          <BacklogCard data={data} nameOf={nameOf} />
        </div>
      )}
    </div>
  );
}

/** A segmented choice in the range bar with its label shown beside it (the group carries the same label for screen readers). */
function LabelledChoice<T extends string>(props: Parameters<typeof SegmentedChoice<T>>[0]) {
  return (
    <div className="field field-inline">
      <span className="field-label" aria-hidden="true">
        {props.label}
      </span>
      <SegmentedChoice {...props} />
    </div>
  );
}

/** The name of a split value: channel and handler labels, type names, assignees as they are. */
function splitName(by: SupportDimension, key: string, { t, label, locale }: I18n, types: readonly ItemType[]): string {
  if (key === 'all') return t('support.total');
  if (!key) return t('support.none');
  if (by === 'channel') return label('channel', key);
  if (by === 'handled_by') return label('handledBy', key);
  if (by === 'type') return typeName(key, types, locale, t);
  return key;
}

/** How many of the workspace's own days off the note names; the rest are counted. */
const CLOSURES_NAMED = 3;

/**
 * What the lead times count, said beside them: every hour (from a log histogram, within 2 %), or
 * the business hours they were counted on (the SLA settings': days, blocks, zone, holidays) and
 * the workspace's own days off in the range (the first few named, the rest counted; or none) —
 * `hours` is the SLA settings' business hours, null until read (the note then says the rest).
 */
function ClockNote({ data, hours: settings }: { data: SupportKpis; hours: SlaSettings['businessHours'] | null }) {
  const { t, locale, intlLocale } = useI18n();
  const hours = data.business_hours;
  if (data.clock !== 'business' || !hours) {
    return (
      <p className="muted small" data-testid="support-precision" data-clock="calendar">
        <strong>{t('support.clock.calendar')}</strong> · {t('support.precision')}
      </p>
    );
  }
  const schedule = hours.twentyFourSeven
    ? t('support.clock.allDay')
    : hours.blocks.map((b) => `${b.days.map((d) => t(`weekday.${d}`)).join('·')} ${b.start}–${b.end}`).join(', ');
  // A 24/7 clock counts every hour: no day off to name.
  const closures = settings && !hours.twentyFourSeven ? closuresInRange(settings, data.range.from, data.range.to) : null;
  let closuresNote: string | null = null;
  if (closures) {
    const named = closures
      .slice(0, CLOSURES_NAMED)
      .map((day) => `${formatDay(day.date, intlLocale)} ${locale === 'ko' ? day.nameKo : day.nameEn}`)
      .join(', ');
    const rest = closures.length - CLOSURES_NAMED;
    const list = rest > 0 ? t('support.clock.closuresMore', { list: named, count: formatNumber(rest, intlLocale) }) : named;
    closuresNote = closures.length === 0 ? t('support.clock.closuresNone') : t('support.clock.closures', { count: formatNumber(closures.length, intlLocale), list });
  }
  return (
    <p className="muted small" data-testid="support-precision" data-clock="business">
      <strong>{t('support.clock.business')}</strong> ·{' '}
      {t('support.clock.businessNote', {
        schedule,
        timeZone: hours.timeZone,
        holidays: hours.twentyFourSeven ? '' : hours.koreanPublicHolidays ? t('support.clock.holidaysOff') : t('support.clock.holidaysWorked'),
      })}{' '}
      {closuresNote !== null && (
        <>
          <span data-testid="support-closures" data-count={closures!.length}>
            {closuresNote}
          </span>{' '}
        </>
      )}
      <Link to="/sla">{t('support.clock.seeHours')}</Link>
    </p>
  );
}

function SupportCards({
  total,
  rateBefore,
  clock,
  answersRecorded,
  byHandler,
  handler,
}: {
  total: SupportRow;
  rateBefore: string | null;
  clock: SupportClock;
  answersRecorded: boolean;
  /** Lead times by handler (null from older servers: the cards show every item's). */
  byHandler: SupportByHandler | null;
  handler: HandlerChoice;
}) {
  const { t, locale, intlLocale } = useI18n();
  const d = (v: number | null) => leadTime(v, clock, locale);
  // The lead-time cards show the chosen handler group's figures (people by default), compared with the period before.
  const headline = byHandler ? headlineGroup(byHandler, handler) : null;
  const leads = headline ? headline.group : total;
  const leadTitle = (key: 'support.card.firstResponse' | 'support.card.resolution') =>
    headline && byHandler?.bot ? t('supportHandler.cardTitle', { title: t(key), handler: t(`supportHandler.choice.${headline.choice}`) }) : t(key);
  const leadExtra = (target: 'first_response' | 'resolution') => (headline ? <HeadlineChange byHandler={byHandler!} choice={headline.choice} group={headline.group} target={target} clock={clock} /> : null);
  const onClock = t(`support.clock.${clock}`);
  // No time recorded in the range: a sentence that says so, not "90% within —".
  const leadTimeNote = (p90: number | null, target: 'firstResponse' | 'resolution') =>
    p90 === null ? t(`support.card.noTimes.${target}`) : `${t('support.card.p90', { value: d(p90) })} · ${onClock}`;
  // The rate's own counts: days whose answers are all due (items under a day old are left out).
  const answered = t('support.card.responded', { responded: formatNumber(total.rate_responded, intlLocale), received: formatNumber(total.rate_received, intlLocale) });
  const cards = [
    {
      id: 'response-rate',
      title: t('support.card.responseRate'),
      // No item has ever had an answer time: 0 % would read as a team that answers nobody.
      value: formatShare(answersRecorded ? total.response_rate_pct : null, intlLocale),
      // The chatbot's share of the conversations beside the rate it is part of (it sat on the reopen card).
      note: `${!answersRecorded ? t('insights.noAnswerTimes') : rateBefore ? `${answered} · ${t('support.card.before', { day: formatDay(rateBefore, intlLocale) })}` : answered} · ${t('support.card.botShare', { share: formatShare(total.bot_share_pct, intlLocale) })}`,
    },
    { id: 'first-response', title: leadTitle('support.card.firstResponse'), value: d(leads.first_response.p50_seconds), note: leadTimeNote(leads.first_response.p90_seconds, 'firstResponse'), extra: leadExtra('first_response') },
    { id: 'resolution', title: leadTitle('support.card.resolution'), value: d(leads.resolution.p50_seconds), note: leadTimeNote(leads.resolution.p90_seconds, 'resolution'), extra: leadExtra('resolution') },
    { id: 'reopen-rate', title: t('support.card.reopenRate'), value: formatShare(total.reopen_rate_pct, intlLocale), note: t('support.card.reopenNote') },
    {
      id: 'repeat-rate',
      title: t('support.card.repeatRate'),
      help: t('support.repeat.help'),
      value: formatShare(total.repeat_rate_pct, intlLocale),
      note: total.repeat_due === 0 ? t('support.card.repeatNone') : `${t('support.card.repeatCounts', { repeated: formatNumber(total.repeat_repeated, intlLocale), due: formatNumber(total.repeat_due, intlLocale) })} · ${repeatInterval(total, t, intlLocale)}`,
    },
  ] as { id: string; title: string; help?: string; value: string; note: string; extra?: ReactNode }[];
  return (
    <section className="kpi-grid support-kpis" aria-label={t('support.title')} data-testid="support-cards">
      {cards.map((card) => (
        <article key={card.id} className="kpi-card" data-testid={`support-kpi-${card.id}`} data-handler={card.extra && headline ? headline.choice : undefined}>
          <h3 className="kpi-title" title={card.help}>
            {card.title}
          </h3>
          <p className="kpi-value num" data-testid="kpi-value">
            {card.value}
          </p>
          <p className="kpi-note">{card.note}</p>
          {card.extra}
        </article>
      ))}
    </section>
  );
}

/** A repeat rate's 95 % interval as people read it ("95% 구간 15.2%–58.3%"). */
function repeatInterval(r: SupportRow, t: I18n['t'], locale: string): string {
  return t('support.card.repeatInterval', { lower: formatShare(r.repeat_rate_lower_pct, locale), upper: formatShare(r.repeat_rate_upper_pct, locale) });
}

/**
 * What the repeat contact rate is, said beside it: the definition, the last day whose contacts it
 * judges when the range runs past it (a later contact still has time to come back), and how many
 * contacts were left out for want of a customer id.
 */
function RepeatNote({ data }: { data: SupportKpis }) {
  const { t, intlLocale } = useI18n();
  const cut = data.repeat_counted_until < data.range.to;
  return (
    <p className="muted small" data-testid="support-repeat-note" data-counted-until={data.repeat_counted_until} data-without-customer={data.repeat_without_customer}>
      {t('support.repeat.help')}
      {cut && <> {t('support.repeat.until', { day: formatDay(data.repeat_counted_until, intlLocale) })}</>}
      {data.repeat_without_customer > 0 && <> {t('support.repeat.withoutCustomer', { count: formatNumber(data.repeat_without_customer, intlLocale) })}</>}
    </p>
  );
}

function SupportTable({ data, nameOf }: { data: SupportKpis; nameOf: (key: string) => string }) {
  const { t, locale, intlLocale } = useI18n();
  const n = (v: number) => formatNumber(v, intlLocale);
  const d = (v: number | null) => leadTime(v, data.clock, locale);
  // The lead-time columns name their clock: a table copied out of the page still says which.
  const onClock = (label: string) => `${label} (${t(`support.clock.short.${data.clock}`)})`;
  const cols = [t('support.col.received'), t('support.col.responseRate'), onClock(t('support.col.firstP50')), onClock(t('support.col.firstP90')), onClock(t('support.col.resolutionP50')), onClock(t('support.col.resolutionP90')), t('support.col.reopenRate'), t('support.col.repeatRate')];
  const repeatTitle = (r: SupportRow) =>
    r.repeat_due === 0 ? undefined : t('support.col.repeatTitle', { repeated: n(r.repeat_repeated), due: n(r.repeat_due), lower: formatShare(r.repeat_rate_lower_pct, intlLocale), upper: formatShare(r.repeat_rate_upper_pct, intlLocale) });
  const row = (r: SupportRow, total = false) => (
    <tr key={r.key} className={total ? 'row-total' : undefined} data-testid={total ? 'support-total-row' : 'support-row'} data-key={r.key}>
      <th scope="row" data-label={t(`support.by.${data.by}`)}>{nameOf(r.key)}</th>
      <NumberCells
        cols={cols}
        values={[n(r.received), formatShare(data.answer_times_recorded ? r.response_rate_pct : null, intlLocale), d(r.first_response.p50_seconds), d(r.first_response.p90_seconds), d(r.resolution.p50_seconds), d(r.resolution.p90_seconds), formatShare(r.reopen_rate_pct, intlLocale)]}
      />
      <td className="col-num num" data-label={cols[7]} title={repeatTitle(r)} data-testid="support-repeat-cell">
        {formatShare(r.repeat_rate_pct, intlLocale)}
      </td>
    </tr>
  );
  if (data.rows.length === 0) return <p className="muted empty-inline">{t('support.empty')}</p>;
  return (
    <NumbersTable rowLabel={t(`support.by.${data.by}`)} cols={cols} testId="support-table">
      {data.rows.map((r) => row(r))}
      {row(data.total, true)}
    </NumbersTable>
  );
}

function BacklogCard({ data, nameOf }: { data: SupportKpis; nameOf: (key: string) => string }) {
  const { t, locale, intlLocale } = useI18n();
  const cols = [t('support.backlog.open'), t('support.backlog.unanswered'), t('support.backlog.ageP50'), t('support.backlog.ageP90')];
  const row = (r: BacklogRow, total = false) => (
    <tr key={r.key} className={total ? 'row-total' : undefined} data-testid={total ? 'backlog-total-row' : 'backlog-row'}>
      <th scope="row" data-label={t(`support.by.${data.by}`)}>{nameOf(r.key)}</th>
      <NumberCells cols={cols} values={[formatNumber(r.open, intlLocale), formatNumber(r.unanswered, intlLocale), formatDuration(r.age_p50_seconds, locale), formatDuration(r.age_p90_seconds, locale)]} />
    </tr>
  );
  return (
    <TableCard id="backlog-title" title={t('support.backlog.title')} hint={t('support.backlog.hint')} testId="backlog-card">
      {data.backlog.total.open === 0 ? (
        <p className="muted empty-inline">{t('support.backlog.empty')}</p>
      ) : (
        <NumbersTable rowLabel={t(`support.by.${data.by}`)} cols={cols} testId="backlog-table">
          {data.backlog.rows.map((r) => row(r))}
          {row(data.backlog.total, true)}
        </NumbersTable>
      )}
    </TableCard>
  );
}

/**
 * Under a lead-time card: the median against the previous period (its change and verdict; on the
 * 24-hour clock only), and beside people's figure the chatbot's and every item's medians, and how
 * many of people's items carry no handler.
 */
function HeadlineChange({ byHandler, choice, group, target, clock }: { byHandler: SupportByHandler; choice: HandlerChoice; group: HandlerLeadTimes; target: 'first_response' | 'resolution'; clock: SupportClock }) {
  const { t, locale, intlLocale } = useI18n();
  const d = (v: number | null) => leadTime(v, clock, locale);
  const change = group.change?.[target] ?? null;
  return (
    <>
      {change ? (
        <p className="kpi-change" data-testid="support-handler-change" data-verdict={change.verdict}>
          <ChangeValue change={change} kind="percent" polarity="up_bad" /> <VerdictBadge change={change} kind="percent" polarity="up_bad" />{' '}
          <span className="muted small">{t('supportHandler.previous', { value: d(change.previous) })}</span>
        </p>
      ) : (
        <p className="muted small" data-testid="support-handler-no-compare">{t('supportHandler.noCompareBusiness')}</p>
      )}
      {choice === 'people' && byHandler.bot && (
        <p className="muted small" data-testid="support-handler-others">
          {t('supportHandler.others', { bot: d(byHandler.bot[target].p50_seconds), all: d(byHandler.all[target].p50_seconds) })}
          {group.without_handler > 0 && <> · {t('supportHandler.withoutHandler', { count: formatNumber(group.without_handler, intlLocale) })}</>}
        </p>
      )}
    </>
  );
}

/**
 * 처리 주체별 응대 시간: first-response and resolution medians and p90 with their counts for people,
 * the chatbot and every item, each median against the previous period with its verdict.
 */
function HandlerCard({ data, byHandler }: { data: SupportKpis; byHandler: SupportByHandler }) {
  const { t, locale, intlLocale } = useI18n();
  const n = (v: number) => formatNumber(v, intlLocale);
  const d = (v: number | null) => leadTime(v, data.clock, locale);
  const groups = ([['people', byHandler.people], ['bot', byHandler.bot], ['all', byHandler.all]] as const).filter((g): g is readonly [HandlerChoice, HandlerLeadTimes] => g[1] !== null);
  const measure = (target: 'first_response' | 'resolution') => t(`supportHandler.section.${target}`);
  // The count of lead times sits under each median: a median of 3 reads differently from one of 3,000.
  const cols = (target: 'first_response' | 'resolution') => [
    `${measure(target)} ${t('supportHandler.col.p50')}`,
    `${measure(target)} ${t('supportHandler.col.p90')}`,
    `${measure(target)} ${t('supportHandler.col.previous')}`,
    `${measure(target)} ${t('supportHandler.col.change')}`,
  ];
  const header = [t('supportHandler.col.received'), ...cols('first_response'), ...cols('resolution')];
  const cells = (g: HandlerLeadTimes, target: 'first_response' | 'resolution') => {
    const change = g.change?.[target] ?? null;
    return [
      <span data-testid="support-handler-median" data-target={target} data-count={g[target].count}>
        {d(g[target].p50_seconds)}
        <span className="muted small row-sub">{t('supportHandler.count', { count: n(g[target].count) })}</span>
      </span>,
      d(g[target].p90_seconds),
      change ? (
        <span>
          {d(change.previous)}
          <span className="muted small row-sub">{t('supportHandler.count', { count: n(g.change!.previous[target].count) })}</span>
        </span>
      ) : (
        '—'
      ),
      change ? (
        <span className="nowrap" data-testid="support-handler-verdict" data-target={target} data-verdict={change.verdict}>
          <ChangeValue change={change} kind="percent" polarity="up_bad" /> <VerdictBadge change={change} kind="percent" polarity="up_bad" />
        </span>
      ) : (
        '—'
      ),
    ];
  };
  return (
    <TableCard
      id="support-handler-title"
      title={t('supportHandler.title')}
      hint={
        <>
          {t('supportHandler.hint')}{' '}
          {data.clock === 'business'
            ? t('supportHandler.noCompareBusiness')
            : data.response_rate_before
              ? t('supportHandler.compareBefore', { day: formatDay(data.response_rate_before, intlLocale) })
              : t('supportHandler.compare')}
        </>
      }
      testId="support-handler-card"
    >
      <NumbersTable rowLabel={t('supportHandler.label')} cols={header} testId="support-handler-table">
        {groups.map(([key, g]) => (
          <tr key={key} className={key === 'all' ? 'row-total' : undefined} data-testid="support-handler-row" data-key={key}>
            <th scope="row" data-label={t('supportHandler.label')}>
              {t(`supportHandler.choice.${key}`)}
              {key === 'people' && g.without_handler > 0 && <span className="muted small row-sub">{t('supportHandler.withoutHandler', { count: n(g.without_handler) })}</span>}
            </th>
            <NumberCells cols={header} values={[n(g.received), ...cells(g, 'first_response'), ...cells(g, 'resolution')]} />
          </tr>
        ))}
      </NumbersTable>
    </TableCard>
  );
}

/** A card of the page with a title and a hint over its body (the title names the card for screen readers). */
function TableCard({ id, title, hint, testId, children }: { id: string; title: ReactNode; hint: ReactNode; testId: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id} data-testid={testId}>
      <div className="card-header">
        <div>
          <h2 className="section-title" id={id}>
            {title}
          </h2>
          <p className="muted small">{hint}</p>
        </div>
      </div>
      {children}
    </section>
  );
}

/** A table of numbers by row (stacked on a narrow screen, each cell then shown with its column's name): the row header's column, then `cols`. */
function NumbersTable({ rowLabel, cols, testId, children }: { rowLabel: string; cols: readonly string[]; testId: string; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="data-table stack-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{rowLabel}</th>
            {cols.map((c) => (
              <th key={c} scope="col" className="col-num">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A row's numbers, each cell labelled with its column (`data-label`, shown when the table stacks). */
function NumberCells({ cols, values }: { cols: readonly string[]; values: readonly ReactNode[] }) {
  return (
    <>
      {values.map((value, i) => (
        <td key={i} className="col-num num" data-label={cols[i]}>
          {value}
        </td>
      ))}
    </>
  );
}
