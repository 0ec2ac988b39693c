import type { KeyCount } from '../api';
import { CHANNEL_COLORS, SENTIMENT_COLORS, SERIES_PALETTE } from '../charts/palette';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { itemsPath, type DrillFilters } from './drill-down';
import { formatShare, splitPolarity } from './changes';
import { ChangeValue } from './verdict';

/**
 * Items per channel or type in the range as horizontal bars, with a tick where the previous
 * period stood and the change, coloured as a rise is everywhere (splitPolarity); each row links to its items.
 */
export function SplitBars({
  rows,
  dimension,
  days,
  nameOf,
  testId,
  baseFilter = {},
}: {
  rows: readonly KeyCount[];
  dimension: 'channel' | 'type' | 'sentiment';
  days: { from: string; to: string };
  nameOf: (key: string) => string;
  testId: string;
  /** Filters every row's link keeps (a topic page narrows to its topic). */
  baseFilter?: DrillFilters;
}) {
  const { t, intlLocale } = useI18n();
  const max = Math.max(1, ...rows.map((r) => Math.max(r.current, r.previous)));
  const total = rows.reduce((s, r) => s + r.current, 0);
  return (
    <ul className="split-list" data-testid={testId}>
      {rows.map((row, i) => {
        const name = nameOf(row.key);
        // A row with nothing in this period (it had some before) has no items to open.
        const filter: DrillFilters | null = row.key && row.current > 0 ? { ...baseFilter, [dimension]: row.key } : null;
        const palette: Readonly<Record<string, string | undefined>> = dimension === 'channel' ? CHANNEL_COLORS : dimension === 'sentiment' ? SENTIMENT_COLORS : {};
        const color = palette[row.key] ?? (dimension === 'type' ? SERIES_PALETTE[0] : SERIES_PALETTE[i % SERIES_PALETTE.length]);
        const body = (
          <>
            <span className="split-head">
              <span className="split-name">
                {dimension !== 'type' && <span className="channel-dot" style={{ background: color }} aria-hidden="true" />}
                <span className="split-label" title={name}>
                  {name}
                </span>
              </span>
              <span className="split-numbers num">
                <strong>{formatNumber(row.current, intlLocale)}</strong>
                <span className="muted">{total ? ` · ${formatShare((row.current / total) * 100, intlLocale)}` : ''}</span>
              </span>
            </span>
            <span className="split-bar-row">
              <span className="split-track" aria-hidden="true">
                <span className="split-bar" style={{ width: `${(row.current / max) * 100}%`, background: color }} />
                {row.previous > 0 && <span className="split-prev" style={{ left: `${(row.previous / max) * 100}%` }} />}
              </span>
              {row.change.change !== null && <ChangeValue change={row.change} kind="percent" polarity={splitPolarity(dimension, row.key)} />}
            </span>
          </>
        );
        return (
          <li key={row.key}>
            {filter ? (
              <Link to={itemsPath(days, filter)} className="split-row" title={t('splits.open', { name })} data-testid="split-row" data-key={row.key}>
                {body}
              </Link>
            ) : (
              <div className="split-row" data-testid="split-row" data-key={row.key}>
                {body}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
