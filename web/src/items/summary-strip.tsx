import type { ItemSummary } from '../api';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';

/** Total items and a count per channel for the current filters; a channel chip narrows to it. */
export function SummaryStrip({
  summary,
  loading,
  activeChannel,
  onPickChannel,
}: {
  summary: ItemSummary | null;
  loading: boolean;
  activeChannel: string;
  onPickChannel: (channel: string) => void;
}) {
  const { t, label, intlLocale } = useI18n();
  const channels = summary ? [...summary.by_channel].sort((a, b) => b.count - a.count) : [];
  return (
    <section className="summary-strip" aria-label={t('items.summaryLabel')} aria-busy={loading} data-testid="summary">
      <div className="summary-total">
        <span className="summary-label">{t('items.total')}</span>
        <span className="summary-value num" data-testid="summary-total">
          {summary ? formatNumber(summary.total, intlLocale) : loading ? <span className="skeleton skeleton-number" /> : '—'}
        </span>
      </div>
      <ul className="summary-channels">
        {channels.map(({ channel, count }) => {
          const active = activeChannel === channel;
          return (
            <li key={channel}>
              <button
                type="button"
                className="channel-chip"
                aria-pressed={active}
                title={t('items.filterByChannel', { channel: label('channel', channel) })}
                onClick={() => onPickChannel(active ? '' : channel)}
                data-testid={`summary-channel-${channel}`}
              >
                <span className={`channel-dot channel-${channel}`} aria-hidden="true" />
                <span className="channel-chip-label">{label('channel', channel)}</span>
                <span className="channel-chip-count num">{formatNumber(count, intlLocale)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
