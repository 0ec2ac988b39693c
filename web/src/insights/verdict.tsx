import type { Change } from '../api';
import { useI18n } from '../i18n';
import { changeDirection, changeTitle, formatChange, verdictKey, verdictReason, verdictTone, type ChangeKind, type Polarity } from './changes';

/**
 * A verdict as a badge in plain words (유의미한 증가, 변동 범위 내(노이즈), …); its title carries
 * the change's 95% interval and p-value. Colour says good or bad news; the words never do.
 */
export function VerdictBadge({
  change,
  kind,
  polarity,
  adjusted = false,
  testId = 'verdict',
}: {
  change: Change;
  kind: ChangeKind;
  polarity: Polarity;
  /** The verdict was adjusted for many comparisons (movers, split lines). */
  adjusted?: boolean;
  testId?: string;
}) {
  const { t, intlLocale } = useI18n();
  const tone = verdictTone(change.verdict, polarity);
  // The previous period began before the data did (wholly or in part), or before a promoted
  // topic's items were labelled, or the range ends today: say so, not just "not enough data".
  const reason = (change as Change & { reason?: string }).reason;
  const why = verdictReason(change);
  return (
    <span
      className={`verdict verdict-${tone}`}
      title={why ? t(`verdict.${why}Help`) : changeTitle(change, kind, intlLocale, t, adjusted)}
      data-verdict={change.verdict}
      data-reason={why ? reason : undefined}
      data-testid={testId}
    >
      {t(why ? `verdict.${why}` : verdictKey(change.verdict))}
    </span>
  );
}

/** The change with an arrow ("▲ +12.3%"; none when it shows as zero), coloured like its verdict; the interval in its title. `fixed` keeps one decimal ("+1.0%p"), for a column that must align. */
export function ChangeValue({ change, kind, polarity, adjusted = false, fixed = false }: { change: Change; kind: ChangeKind; polarity: Polarity; adjusted?: boolean; fixed?: boolean }) {
  const { t, intlLocale } = useI18n();
  const tone = verdictTone(change.verdict, polarity);
  // No arrow beside a change shown as zero (an NPS change of -0.1 reads "±0점").
  const direction = changeDirection(change, kind, intlLocale, fixed);
  const arrow = direction === null ? '' : direction === 'up' ? '▲' : '▼';
  return (
    <span className={`change change-${tone} num`} title={changeTitle(change, kind, intlLocale, t, adjusted)} data-testid="change-value">
      {arrow && (
        <span className="change-arrow" aria-hidden="true">
          {arrow}
        </span>
      )}
      {formatChange(change, kind, intlLocale, t, fixed)}
    </span>
  );
}
