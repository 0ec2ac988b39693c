import type { ReactNode } from 'react';
import type { Change, Overview } from '../api';
import { formatNumber } from '../format';
import { countKey, useI18n, type MessageKey } from '../i18n';
import { formatNps, formatPercentNumber, formatRateNumber, formatShare, rateUnit, type ChangeKind, type Polarity } from './changes';
import { ChangeValue, VerdictBadge } from './verdict';
import { DuplicateCounts } from './duplicate-counts';

/**
 * The Overview's headline numbers, each against the period before: the number, its change with
 * the interval in a tooltip, and the verdict in plain words.
 */
export function HeadlineCards({ overview, hasMetrics = false }: { overview: Overview; hasMetrics?: boolean }) {
  const { t, intlLocale } = useI18n();
  const n = (value: number) => formatNumber(value, intlLocale);
  /** One number of a card with its decimals written out, so now and before read alike (29.0 / 29.5, 3.70). */
  const fixed = (value: number, digits: number) => new Intl.NumberFormat(intlLocale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  // A card writes its percentages as every page does (formatShare: "66%", "45.3%", never 100% below 100).
  const share = (change: Change) => formatShare(change.previous, intlLocale);
  const rate = overview.contact_rate;
  const nps = overview.nps;
  const csat = overview.csat;
  // Review and app-store stars, apart from CSAT (servers before migration 021 do not send them).
  const stars = (overview as Overview & { review_rating?: Overview['csat'] }).review_rating;
  const rateUnitText = rate ? rateUnit(rate.metric, rate.per, intlLocale, t, rate.aggregation, rate.metric_unit) : '';
  // The response rate's headline counts people's conversations (an agent, or no handler recorded);
  // the chatbot's own rate and every item's are beside it (servers before session 26: every item).
  const byHandler = (overview as Overview & { response_rate_by_handler?: { people: Change; bot: Change | null } }).response_rate_by_handler;
  const responseHeadline = byHandler?.people ?? overview.response_rate;
  const botResponse = byHandler?.bot ?? null;
  // Korean puts the unit first (주문 100건당 1.03건), English after (1.03 per 100 orders).
  const rateBefore = t('rate.cardBefore', { unit: rateUnitText });

  return (
    <section className="kpi-grid" aria-label={t('overview.headlines')} data-testid="headline-cards">
      <KpiCard
        id="contact-rate"
        title="overview.card.contactRate"
        help="overview.help.contactRate"
        change={rate}
        kind="percent"
        polarity="up_bad"
        value={
          rate && rate.current !== null ? (
            <>
              {rateBefore && <span className="kpi-prefix">{rateBefore}</span>}{' '}
              <span className="nowrap">
                {formatRateNumber(rate.current, intlLocale)}
                <span className="kpi-unit">{t('rate.cardAfter', { unit: rateUnitText })}</span>
              </span>
            </>
          ) : null
        }
        previous={rate && rate.previous !== null ? formatRateNumber(rate.previous, intlLocale) : null}
        note={
          !rate
            ? // Metrics of its own only: none to pick automatically, but one to choose above.
              t(hasMetrics ? 'rateMetric.noDefault' : 'overview.noRateHint')
            : rate.covered_days.current < rate.covered_days.of
              ? t('overview.coveredDays', { covered: rate.covered_days.current, of: rate.covered_days.of })
              : null
        }
      />
      <KpiCard
        id="volume"
        title="overview.card.volume"
        help="overview.help.volume"
        change={overview.volume}
        kind="percent"
        polarity="up_bad"
        value={
          <>
            {n(overview.volume.current ?? 0)}
            <span className="kpi-unit">{t(countKey('overview.itemsUnit', overview.volume.current ?? 0))}</span>
          </>
        }
        previous={overview.volume.previous === null ? null : n(overview.volume.previous)}
      />
      <ShareCard id="duplicate-share" title="overview.card.duplicateShare" help="overview.help.duplicateShare" change={overview.duplicate_share} polarity="up_bad" previous={share(overview.duplicate_share)} note={overview.duplicate_counts ? <DuplicateCounts overview={overview} /> : null} />
      <ShareCard id="self-service" title="overview.card.selfService" help="overview.help.selfService" change={overview.self_service_share} polarity="up_good" previous={share(overview.self_service_share)} />
      {overview.answer_times_recorded ? (
        <ShareCard
          id="response-rate"
          title={botResponse ? 'overview.card.responseRatePeople' : 'overview.card.responseRate'}
          help={botResponse ? 'overview.help.responseRatePeople' : 'overview.help.responseRate'}
          change={responseHeadline}
          polarity="up_good"
          previous={share(responseHeadline)}
          note={
            botResponse
              ? t('overview.responseRateBotNote', { bot: formatShare(botResponse.current, intlLocale), all: formatShare(overview.response_rate.current, intlLocale) })
              : null
          }
        />
      ) : (
        // No item has ever had an answer time: 0 % would read as a team that answers nobody.
        <KpiCard id="response-rate" title="overview.card.responseRate" help="overview.help.responseRate" change={null} kind="pp" polarity="up_good" value={null} previous={null} note={t('insights.noAnswerTimes')} />
      )}
      <ShareCard id="reopen-rate" title="overview.card.reopenRate" help="overview.help.reopenRate" change={overview.reopen_rate} polarity="up_bad" previous={share(overview.reopen_rate)} />
      <KpiCard
        id="nps"
        title="overview.card.nps"
        help="overview.help.nps"
        change={nps.change}
        kind="nps"
        polarity="up_good"
        value={nps.current.nps === null ? null : formatNps(nps.current.nps, intlLocale)}
        previous={nps.previous.nps === null ? null : formatNps(nps.previous.nps, intlLocale)}
        note={
          nps.current.n === 0
            ? null
            : nps.current.interval
              ? t(countKey('overview.npsNote', nps.current.n), {
                  n: n(nps.current.n),
                  lower: formatNps(nps.current.interval.lower, intlLocale),
                  upper: formatNps(nps.current.interval.upper, intlLocale),
                })
              : t(countKey('overview.responses', nps.current.n), { n: n(nps.current.n) })
        }
      />
      <KpiCard
        id="csat"
        title="overview.card.csat"
        help="overview.help.csat"
        change={csat.change}
        kind="pp"
        polarity="up_good"
        value={csat.current.csat_pct === null ? null : formatShare(csat.current.csat_pct, intlLocale)}
        previous={csat.previous.csat_pct === null ? null : formatShare(csat.previous.csat_pct, intlLocale)}
        note={
          csat.current.n === 0
            ? null
            : t(countKey('overview.csatNote', csat.current.n), {
                n: n(csat.current.n),
                lower: formatPercentNumber(csat.current.interval?.lower ?? 0, intlLocale),
                upper: formatPercentNumber(csat.current.interval?.upper ?? 0, intlLocale),
                mean: csat.current.mean_rating === null ? '—' : fixed(csat.current.mean_rating, 2),
              })
        }
      />
      {stars && (stars.current.n > 0 || stars.previous.n > 0) && (
        <KpiCard
          id="review-stars"
          title="overview.card.reviewStars"
          help="overview.help.reviewStars"
          change={stars.change}
          kind="pp"
          polarity="up_good"
          value={stars.current.csat_pct === null ? null : formatShare(stars.current.csat_pct, intlLocale)}
          previous={stars.previous.csat_pct === null ? null : formatShare(stars.previous.csat_pct, intlLocale)}
          note={
            stars.current.n === 0
              ? null
              : t(countKey('overview.reviewStarsNote', stars.current.n), {
                  n: n(stars.current.n),
                  mean: stars.current.mean_rating === null ? '—' : fixed(stars.current.mean_rating, 2),
                })
          }
        />
      )}
    </section>
  );
}

/** A share card (duplicates, self-service, response, reopen): percent now, change in points. */
function ShareCard({ id, title, help, change, polarity, previous, note = null }: { id: string; title: MessageKey; help: MessageKey; change: Change; polarity: Polarity; previous: string; note?: ReactNode }) {
  const { intlLocale } = useI18n();
  return (
    <KpiCard
      id={id}
      title={title}
      help={help}
      change={change}
      kind="pp"
      polarity={polarity}
      value={change.current === null ? null : formatShare(change.current, intlLocale)}
      previous={change.previous === null ? null : previous}
      note={note}
    />
  );
}

function KpiCard({
  id,
  title,
  help,
  change,
  kind,
  polarity,
  value,
  previous,
  note = null,
}: {
  id: string;
  title: MessageKey;
  help: MessageKey;
  change: Change | null;
  kind: ChangeKind;
  polarity: Polarity;
  /** null: no data in the period. */
  value: ReactNode;
  previous: string | null;
  note?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <article className="kpi-card" data-testid={`kpi-${id}`} aria-labelledby={`kpi-${id}-title`}>
      <h3 className="kpi-title" id={`kpi-${id}-title`} title={t(help)}>
        {t(title)}
      </h3>
      <p className="kpi-value num" data-testid="kpi-value">
        {value ?? <span className="kpi-empty">{t('overview.noValue')}</span>}
      </p>
      {change && (
        <p className="kpi-change">
          {change.change !== null && <ChangeValue change={change} kind={kind} polarity={polarity} />}
          <VerdictBadge change={change} kind={kind} polarity={polarity} />
        </p>
      )}
      {previous !== null && <p className="kpi-previous muted num">{t('change.previous', { value: previous })}</p>}
      {note && <p className="kpi-note">{note}</p>}
    </article>
  );
}
