import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { CHANNELS, ITEM_KINDS, SENTIMENTS, UNCERTAIN_TYPE, type ItemType, type Topic } from '../api';
import { hasMessage, useI18n } from '../i18n';
import { topicOptions, typeName } from '../labels/labels';
import { CloseIcon, SearchIcon } from '../ui/icons';
import { SegmentSelect } from '../insights/segment-select';
import { activeFilterCount, EMPTY_FILTERS, hasActiveFilters, isReversedRange, type ItemFilters } from './item-filters';
import { sourceFilterValue, sourceNote } from './resolve-source';
import { SourceChoices, SourceNote, useItemSources } from './source-choices';

const TYPING_PAUSE_MS = 400;

/** The filters typed into boxes (applied after a pause), apart from the ones picked. */
type TypedText = Pick<ItemFilters, 'q' | 'source' | 'customer'>;

const typedText = (filters: ItemFilters): TypedText => ({ q: filters.q, source: filters.source, customer: filters.customer });

/**
 * True while `text` fits the input's text box in its own font, measured again on every resize: the
 * search box's long hint is cut on a phone ("(단어는 모두 포함, 9"), so it then shows a short one.
 */
function useTextFits(input: RefObject<HTMLInputElement | null>, text: string): boolean {
  const [fits, setFits] = useState(true);
  useLayoutEffect(() => {
    const el = input.current;
    const context = typeof ResizeObserver === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    if (!el || !context) return;
    const measure = () => {
      if (el.clientWidth === 0) return; // not laid out (a hidden page): keep the last answer
      const style = getComputedStyle(el);
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      setFits(context.measureText(text).width <= el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [input, text]);
  return fits;
}

/**
 * Search, channel, kind, type, topic, sentiment, customer segment, source, customer and dates. Selects and
 * dates apply at once; the three text boxes apply after a pause in typing, on Enter or on leaving the box.
 * The customer box takes a customer's id as the team's systems give it (the server pseudonymises it as at
 * ingest) or their reference (c_…) — the item panel's contact-history link fills it. A duplicate-group filter
 * (set by a "중복" link), the import run (set by the import page's links), SLA breaches (the SLA page),
 * cancellation reasons (the churn page) and scored answers (the NPS page) show as chips that clear them. On a phone the controls other than search fold
 * under one button that counts the active ones, so the list comes first.
 */
export function ItemFilterBar({
  filters,
  types,
  topics,
  segments,
  onChange,
}: {
  filters: ItemFilters;
  types: readonly ItemType[];
  topics: readonly Topic[];
  segments: readonly { segment: string; items: number }[];
  onChange: (next: ItemFilters) => void;
}) {
  const { t, label, locale } = useI18n();
  const sources = useItemSources();
  // A source no stored one is named (a typo, 카카오 for kakaotalk, an old link): what to pick instead.
  const note = sourceNote(filters.source, sources);
  // Done without a target's time (the SLA page's 해결 시각 없음) has its own words.
  const slaKey = filters.sla.startsWith('unrecorded_') ? `slaUnrecorded.filter.${filters.sla}` : `filters.sla.${filters.sla}`;
  const typeChoices = types.filter((type) => !type.archived || type.key === filters.type);
  const topicChoices = topicOptions(topics.filter((topic) => !topic.archived || topic.id === filters.topic));
  // A value from a shared link that the lists do not (yet) hold still shows as itself.
  const unknownType = filters.type && filters.type !== UNCERTAIN_TYPE && !typeChoices.some((type) => type.key === filters.type);
  const unknownTopic = filters.topic && filters.topic !== 'none' && !topicChoices.some((o) => o.topic.id === filters.topic);
  const [draft, setDraft] = useState<TypedText>(() => typedText(filters));
  // Phones: the controls fold under one button (the list comes first); wider screens always show them.
  const [open, setOpen] = useState(false);
  // The search box stays in view, so the button counts the other filters.
  const folded = activeFilterCount({ ...filters, ...draft, q: '' });
  const reversed = isReversedRange(filters);
  // What this bar last sent, so a URL change it caused does not overwrite newer typing.
  const sent = useRef<TypedText>(typedText(filters));
  const search = useRef<HTMLInputElement>(null);
  // Where the whole hint does not fit (a phone), the box shows a short one and the rest goes under it.
  const hintFits = useTextFits(search, t('filters.qPlaceholder'));

  useEffect(() => {
    if (filters.q !== sent.current.q || filters.source !== sent.current.source || filters.customer !== sent.current.customer) {
      sent.current = typedText(filters);
      setDraft(typedText(filters));
    }
  }, [filters.q, filters.source, filters.customer]);

  const latest = useRef({ filters, onChange, sources });
  useEffect(() => {
    latest.current = { filters, onChange, sources };
  });

  // The typed source as the filter takes it: the stored source it names (카카오톡 → kakaotalk), else as typed.
  // The customer's id as typed, trimmed: the URL holds it (M10000050), the server pseudonymises it.
  const resolveText = (text: TypedText): TypedText => ({
    q: text.q,
    source: sourceFilterValue(text.source, latest.current.sources),
    customer: text.customer.trim(),
  });

  /** Applies the boxes' text; returns the source filtered by. */
  const commitText = (typed: TypedText): string => {
    const current = latest.current.filters;
    const text = resolveText(typed);
    if (text.q === current.q && text.source === current.source && text.customer === current.customer) return text.source;
    sent.current = text;
    latest.current.onChange({ ...current, ...text });
    return text.source;
  };

  // Enter or leaving a box: the source box then shows the stored name it filters by. A pause in typing
  // filters too but leaves the box alone, so the text under the cursor does not change.
  const commitSource = () => {
    const source = commitText(draft);
    if (source !== draft.source) setDraft((d) => ({ ...d, source }));
  };

  // The customer box's × (and the contact-history link's way back to the whole list).
  const clearCustomer = () => {
    const text = { ...resolveText(draft), customer: '' };
    sent.current = text;
    setDraft((d) => ({ ...d, customer: '' }));
    onChange({ ...latest.current.filters, ...text });
  };

  // A source picked from the note under the box: filters by it as stored.
  const applySource = (source: string) => {
    const text = { ...resolveText(draft), source };
    sent.current = text;
    setDraft((d) => ({ ...d, source }));
    onChange({ ...latest.current.filters, ...text });
  };

  useEffect(() => {
    const timer = window.setTimeout(() => commitText(draft), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [draft]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    commitSource();
  };

  const set = (key: keyof ItemFilters, value: string) => {
    const text = resolveText(draft);
    sent.current = text;
    onChange({ ...filters, ...text, [key]: value });
  };

  return (
    <form
      className={`filter-bar${open ? '' : ' is-collapsed'}`}
      onSubmit={submit}
      role="search"
      aria-label={t('filters.label')}
      data-testid="item-filters"
    >
      <label className="field field-search">
        <span className="field-label">{t('filters.q')}</span>
        <span className="input-with-icon">
          <SearchIcon size={16} />
          <input
            ref={search}
            className="input"
            type="search"
            value={draft.q}
            placeholder={t(hintFits ? 'filters.qPlaceholder' : 'filters.qPlaceholderShort')}
            title={t('filters.qPlaceholder')}
            aria-describedby={hintFits ? undefined : 'filter-q-hint'}
            onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
            data-testid="filter-q"
          />
        </span>
        {!hintFits && (
          <span className="hint filter-q-hint" id="filter-q-hint" data-testid="filter-q-hint">
            {t('filters.qHint')}
          </span>
        )}
      </label>
      <button
        type="button"
        className="button button-secondary button-small filters-toggle"
        aria-expanded={open}
        aria-controls="item-filter-controls"
        onClick={() => setOpen((o) => !o)}
        data-testid="filters-toggle"
        data-count={folded}
      >
        {folded > 0 ? t('filters.toggleActive', { count: folded }) : t('filters.toggle')}
        <span aria-hidden="true" className="filters-toggle-caret">{open ? '▴' : '▾'}</span>
      </button>
      <div className="filter-controls" id="item-filter-controls">
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
        <span className="field-label">{t('filters.type')}</span>
        <select className="input" value={filters.type} onChange={(e) => set('type', e.target.value)} data-testid="filter-type">
          <option value="">{t('filters.allTypes')}</option>
          {typeChoices.map((type) => (
            <option key={type.key} value={type.key}>
              {typeName(type.key, types, locale, t)}
            </option>
          ))}
          <option value={UNCERTAIN_TYPE}>{t('labels.type.uncertain')}</option>
          {unknownType && <option value={filters.type}>{filters.type}</option>}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('filters.topic')}</span>
        <select className="input" value={filters.topic} onChange={(e) => set('topic', e.target.value)} data-testid="filter-topic">
          <option value="">{t('filters.allTopics')}</option>
          <option value="none">{t('labels.noTopic')}</option>
          {topicChoices.map(({ topic, depth }) => (
            <option key={topic.id} value={topic.id}>
              {depth > 0 ? `\u00a0\u00a0└ ${topic.name}` : topic.name}
            </option>
          ))}
          {unknownTopic && <option value={filters.topic}>{`#${filters.topic}`}</option>}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('filters.sentiment')}</span>
        <select
          className="input"
          value={filters.sentiment}
          onChange={(e) => set('sentiment', e.target.value)}
          data-testid="filter-sentiment"
        >
          <option value="">{t('filters.allSentiments')}</option>
          {SENTIMENTS.map((sentiment) => (
            <option key={sentiment} value={sentiment}>
              {label('sentiment', sentiment)}
            </option>
          ))}
        </select>
      </label>
      <SegmentSelect value={filters.segment} segments={segments} onChange={(value) => set('segment', value)} testId="filter-segment" />
      <label className="field">
        <span className="field-label">{t('filters.source')}</span>
        <input
          className="input"
          type="text"
          value={draft.source}
          placeholder={t('filters.sourcePlaceholder')}
          onChange={(e) => setDraft((d) => ({ ...d, source: e.target.value }))}
          onBlur={commitSource}
          list="filter-source-choices"
          aria-describedby={note ? 'filter-source-note' : undefined}
          data-testid="filter-source"
        />
        <SourceChoices id="filter-source-choices" sources={sources} />
      </label>
      <div className="field field-customer">
        <label className="field-label" htmlFor="filter-customer-input">
          {t('filters.customerField')}
        </label>
        <span className="input-with-clear">
          <input
            id="filter-customer-input"
            className="input"
            type="text"
            value={draft.customer}
            placeholder={t('filters.customerPlaceholder')}
            title={t('filters.customerHint')}
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setDraft((d) => ({ ...d, customer: e.target.value }))}
            onBlur={commitSource}
            data-testid="filter-customer-input"
          />
          {filters.customer && (
            <button
              type="button"
              className="input-clear"
              onClick={clearCustomer}
              title={t('filters.clearCustomer', { ref: filters.customer })}
              data-testid="filter-customer"
            >
              <CloseIcon size={14} />
              <span className="visually-hidden">{t('filters.clearCustomer', { ref: filters.customer })}</span>
            </button>
          )}
        </span>
      </div>
      <label className="field field-date">
        <span className="field-label">{t('filters.from')}</span>
        <input
          className="input num"
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          aria-invalid={reversed || undefined}
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
          aria-invalid={reversed || undefined}
          onChange={(e) => set('to', e.target.value)}
          data-testid="filter-to"
        />
      </label>
      </div>
      <div className="filter-actions">
        {filters.dup_group && (
          <FilterChip label={t('filters.dupGroup')} clearLabel={t('filters.clearDupGroup')} onClear={() => set('dup_group', '')} testId="filter-dup-group" />
        )}
        {filters.duplicate && (
          <FilterChip label={t('dupRule.filter')} clearLabel={t('dupRule.clearFilter')} onClear={() => set('duplicate', '')} testId="filter-duplicate" />
        )}
        {filters.import_run && (
          <FilterChip
            label={t('filters.importRun', { id: filters.import_run })}
            clearLabel={t('filters.clearImportRun')}
            onClear={() => set('import_run', '')}
            testId="filter-import-run"
          />
        )}
        {filters.sla && (
          <FilterChip
            label={hasMessage(slaKey) ? t(slaKey) : t('filters.slaOther', { value: filters.sla })}
            clearLabel={t('filters.clearSla')}
            onClear={() => set('sla', '')}
            testId="filter-sla"
          />
        )}
        {filters.churn_reason && (
          <FilterChip
            label={t('filters.churnReason', { names: filters.churn_reason.split(',').map((key) => label('churnReason', key.trim())).join(', ') })}
            clearLabel={t('filters.clearChurnReason')}
            onClear={() => set('churn_reason', '')}
            testId="filter-churn-reason"
          />
        )}
        {filters.has_score && (
          <FilterChip
            label={filters.has_score === 'false' ? t('filters.noScore') : t('filters.hasScore')}
            clearLabel={t('filters.clearHasScore')}
            onClear={() => set('has_score', '')}
            testId="filter-has-score"
          />
        )}
        {/* A form with several text boxes submits on Enter only if it has a submit button. */}
        <button type="submit" className="visually-hidden" tabIndex={-1}>
          {t('filters.q')}
        </button>
        <button
          type="button"
          className="button button-ghost button-small filter-reset"
          disabled={!hasActiveFilters({ ...filters, ...draft })}
          onClick={() => {
            sent.current = { q: '', source: '', customer: '' };
            setDraft({ q: '', source: '', customer: '' });
            onChange(EMPTY_FILTERS);
          }}
          data-testid="filter-reset"
        >
          {t('filters.reset')}
        </button>
      </div>
      {note && <SourceNote id="filter-source-note" note={note} onApply={applySource} />}
    </form>
  );
}

/** A filter set by a link rather than a control (a duplicate group, an import run): its name, and a click clears it. */
function FilterChip({ label, clearLabel, onClear, testId }: { label: string; clearLabel: string; onClear: () => void; testId: string }) {
  return (
    <button type="button" className="filter-chip" onClick={onClear} title={clearLabel} data-testid={testId}>
      <span>{label}</span>
      <CloseIcon size={14} />
      <span className="visually-hidden">{clearLabel}</span>
    </button>
  );
}
