import { listMetricNames, type MetricNameSummary } from '../api';
import { useI18n } from '../i18n';
import { metricName } from './changes';
import { rateMetricOptions } from './rate-metric';
import { useInsight } from './use-insight';

/** The workspace's business metric names (GET /metrics/names); empty while loading or on an error. */
export function useMetricNames(): readonly MetricNameSummary[] {
  return useInsight((signal) => listMetricNames(signal), 'metric-names').data?.metrics ?? [];
}

/**
 * 문의율 기준 / Rate against: automatic (naming what the server picked, once it has answered) or
 * one of the workspace's metrics. Nothing at all while the workspace has no metrics and none is
 * chosen (the pages already say how to upload them).
 */
export function RateMetricSelect({
  value,
  names,
  automatic,
  onChange,
  testId,
  inline = false,
}: {
  /** The chosen metric, or null for automatic. */
  value: string | null;
  names: readonly MetricNameSummary[];
  /** The metric the server used when none is chosen (null: not known, or none). */
  automatic: string | null;
  onChange: (value: string | null) => void;
  testId: string;
  /** Sized to its content, beside other controls (the Overview); else a cell of a filter bar. */
  inline?: boolean;
}) {
  const { t } = useI18n();
  if (!names.length && !value) return null;
  const options = rateMetricOptions(names.map((n) => n.name), value, t);
  return (
    <label className={`field${inline ? ' field-inline' : ''}`} title={t('rateMetric.help')}>
      <span className="field-label">{t('rateMetric.label')}</span>
      <select className="input" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} data-testid={testId}>
        <option value="">{!value && automatic ? t('rateMetric.automaticIs', { metric: metricName(automatic, t) }) : t('rateMetric.automatic')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The choice as a row of its own under a page's range control (the Overview, a topic's page). */
export function RateMetricBar(props: Omit<Parameters<typeof RateMetricSelect>[0], 'inline'>) {
  if (!props.names.length && !props.value) return null;
  return (
    <div className="range-bar">
      <RateMetricSelect {...props} inline />
    </div>
  );
}

/** Says that the chosen metric has no numbers in the range (the rate would otherwise just be empty). */
export function RateMetricMissing({ metric, testId }: { metric: string; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="alert alert-warning" role="status" data-testid={testId}>
      {t('rateMetric.missing', { metric: metricName(metric, t) })}
    </div>
  );
}
