import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CHANNELS, ITEM_KINDS } from '../api';
import { useI18n } from '../i18n';
import { SearchIcon } from '../ui/icons';
import { EMPTY_FILTERS, hasActiveFilters, type ItemFilters } from './item-filters';

const TYPING_PAUSE_MS = 400;

/**
 * Channel, kind, source, dates and search. Selects and dates apply at once; the two text
 * boxes apply after a pause in typing or on Enter.
 */
export function ItemFilterBar({ filters, onChange }: { filters: ItemFilters; onChange: (next: ItemFilters) => void }) {
  const { t, label } = useI18n();
  const [draft, setDraft] = useState({ q: filters.q, source: filters.source });
  // What this bar last sent, so a URL change it caused does not overwrite newer typing.
  const sent = useRef({ q: filters.q, source: filters.source });

  useEffect(() => {
    if (filters.q !== sent.current.q || filters.source !== sent.current.source) {
      sent.current = { q: filters.q, source: filters.source };
      setDraft({ q: filters.q, source: filters.source });
    }
  }, [filters.q, filters.source]);

  const latest = useRef({ filters, onChange });
  useEffect(() => {
    latest.current = { filters, onChange };
  });

  const commitText = (text: { q: string; source: string }) => {
    const current = latest.current.filters;
    if (text.q === current.q && text.source === current.source) return;
    sent.current = text;
    latest.current.onChange({ ...current, ...text });
  };

  useEffect(() => {
    const timer = window.setTimeout(() => commitText(draft), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [draft]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    commitText(draft);
  };

  const set = (key: keyof ItemFilters, value: string) => {
    sent.current = draft;
    onChange({ ...filters, ...draft, [key]: value });
  };

  return (
    <form className="filter-bar" onSubmit={submit} role="search" aria-label={t('filters.label')} data-testid="item-filters">
      <label className="field field-search">
        <span className="field-label">{t('filters.q')}</span>
        <span className="input-with-icon">
          <SearchIcon size={16} />
          <input
            className="input"
            type="search"
            value={draft.q}
            placeholder={t('filters.qPlaceholder')}
            onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
            data-testid="filter-q"
          />
        </span>
      </label>
      <label className="field">
        <span className="field-label">{t('filters.channel')}</span>
        <select
          className="input"
          value={filters.channel}
          onChange={(e) => set('channel', e.target.value)}
          data-testid="filter-channel"
        >
          <option value="">{t('filters.allChannels')}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {label('channel', channel)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('filters.kind')}</span>
        <select className="input" value={filters.kind} onChange={(e) => set('kind', e.target.value)} data-testid="filter-kind">
          <option value="">{t('filters.allKinds')}</option>
          {ITEM_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {label('kind', kind)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('filters.source')}</span>
        <input
          className="input"
          type="text"
          value={draft.source}
          placeholder={t('filters.sourcePlaceholder')}
          onChange={(e) => setDraft((d) => ({ ...d, source: e.target.value }))}
          data-testid="filter-source"
        />
      </label>
      <label className="field field-date">
        <span className="field-label">{t('filters.from')}</span>
        <input
          className="input num"
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => set('from', e.target.value)}
          data-testid="filter-from"
        />
      </label>
      <label className="field field-date">
        <span className="field-label">{t('filters.to')}</span>
        <input
          className="input num"
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => set('to', e.target.value)}
          data-testid="filter-to"
        />
      </label>
      <div className="filter-actions">
        {/* A form with several text boxes submits on Enter only if it has a submit button. */}
        <button type="submit" className="visually-hidden" tabIndex={-1}>
          {t('filters.q')}
        </button>
        <button
          type="button"
          className="button button-ghost button-small"
          disabled={!hasActiveFilters({ ...filters, ...draft })}
          onClick={() => {
            sent.current = { q: '', source: '' };
            setDraft({ q: '', source: '' });
            onChange(EMPTY_FILTERS);
          }}
          data-testid="filter-reset"
        >
          {t('filters.reset')}
        </button>
      </div>
    </form>
  );
}
