import { listSegments } from '../api';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { useInsight } from './use-insight';

/** The workspace's segments with their counts in a range of days (absent: the server's default). */
export function useSegments(from: string | undefined, to: string | undefined): readonly { segment: string; items: number }[] {
  const range = { from: from || undefined, to: to || undefined };
  return useInsight((signal) => listSegments(range, signal), JSON.stringify(range)).data?.segments ?? [];
}

/**
 * 고객군 filter: the workspace's customer segments (as its data names them), largest first, with
 * their item counts; a value from a shared link that the list does not hold still shows as itself.
 */
export function SegmentSelect({
  value,
  segments,
  onChange,
  testId,
}: {
  value: string;
  segments: readonly { segment: string; items: number }[];
  onChange: (value: string) => void;
  testId: string;
}) {
  const { t, intlLocale } = useI18n();
  const named = segments.filter((s) => s.segment !== '');
  const unknown = value && !named.some((s) => s.segment === value);
  return (
    <label className="field">
      <span className="field-label">{t('filters.segment')}</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{t('filters.allSegments')}</option>
        {named.map((s) => (
          <option key={s.segment} value={s.segment}>
            {`${s.segment} (${formatNumber(s.items, intlLocale)})`}
          </option>
        ))}
        {unknown && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}
