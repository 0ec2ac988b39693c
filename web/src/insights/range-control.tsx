import { useEffect, useState, type FormEvent } from 'react';
import { formatDayRange, formatNumber } from '../format';
import { countKey, useI18n } from '../i18n';
import { customRange, MAX_RANGE_DAYS, presetRange, previousPeriod, RANGE_PRESETS, type RangeChoice } from './range';

/**
 * The period of an insight page: last 7 / 28 / 90 whole days, or custom days (applied with a
 * button, so a half-typed date does not fire a query). Shows the exact days and the period
 * every change is compared with.
 */
export function RangeControl({ value, today, onChange }: { value: RangeChoice; today: string; onChange: (next: RangeChoice) => void }) {
  const { t, intlLocale } = useI18n();
  const [editing, setEditing] = useState(value.preset === null);
  const [draft, setDraft] = useState({ from: value.from, to: value.to });
  const [problem, setProblem] = useState<string | null>(null);

  // A new range from outside (back, a link, a preset) resets the form to it.
  useEffect(() => {
    setDraft({ from: value.from, to: value.to });
    setEditing(value.preset === null);
  }, [value.from, value.to, value.preset]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = customRange(draft.from, draft.to);
    if (!next) {
      setProblem(draft.from && draft.to && draft.from > draft.to ? t('range.invalid') : t('range.tooLong', { days: formatNumber(MAX_RANGE_DAYS, intlLocale) }));
      return;
    }
    setProblem(null);
    onChange(next);
  };

  const previous = previousPeriod(value);
  return (
    <section className="range-bar" aria-label={t('range.label')} data-testid="range-control">
      <div className="range-options">
        <div className="segmented" role="group" aria-label={t('range.label')}>
          {RANGE_PRESETS.map((days) => (
            <button
              key={days}
              type="button"
              className="segmented-option"
              aria-pressed={!editing && value.preset === days}
              onClick={() => {
                setEditing(false);
                setProblem(null);
                onChange(presetRange(days, today));
              }}
              data-testid={`range-preset-${days}`}
            >
              {t('range.last', { days })}
            </button>
          ))}
          <button
            type="button"
            className="segmented-option"
            aria-pressed={editing}
            aria-expanded={editing}
            onClick={() => setEditing(true)}
            data-testid="range-custom"
          >
            {t('range.custom')}
          </button>
        </div>
        {editing && (
          <form className="range-custom" onSubmit={apply} data-testid="range-custom-form">
            <label className="field field-inline-label">
              <span className="visually-hidden">{t('range.from')}</span>
              <input
                className="input num"
                type="date"
                value={draft.from}
                max={draft.to || today}
                onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
                aria-label={t('range.from')}
                required
                data-testid="range-from"
              />
            </label>
            <span className="muted" aria-hidden="true">
              –
            </span>
            <label className="field field-inline-label">
              <span className="visually-hidden">{t('range.to')}</span>
              <input
                className="input num"
                type="date"
                value={draft.to}
                min={draft.from || undefined}
                max={today}
                onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
                aria-label={t('range.to')}
                required
                data-testid="range-to"
              />
            </label>
            <button type="submit" className="button button-secondary button-small" data-testid="range-apply">
              {t('range.apply')}
            </button>
          </form>
        )}
      </div>
      <p className="range-summary small" data-testid="range-summary">
        <span className="range-current num">
          {t(countKey('range.summary', value.days), { range: formatDayRange(value.from, value.to, intlLocale), days: formatNumber(value.days, intlLocale) })}
        </span>
        <span className="muted num">{t('range.compare', { range: formatDayRange(previous.from, previous.to, intlLocale) })}</span>
        {value.to >= today && (
          <span className="muted" data-testid="range-partial">
            {t('range.partialToday')}
          </span>
        )}
      </p>
      {problem && (
        <p className="field-error" role="alert" data-testid="range-error">
          {problem}
        </p>
      )}
    </section>
  );
}
