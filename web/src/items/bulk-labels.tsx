import { useEffect, useState } from 'react';
import { SENTIMENTS, type BulkCorrectionResult, type DeleteItemsResult, type LabelCorrection, type Sentiment } from '../api';
import { formatNumber } from '../format';
import { countKey, useI18n } from '../i18n';
import { topicOptions, typeName } from '../labels/labels';
import type { LabelCatalog } from '../labels/use-label-catalog';
import { ConfirmButton } from '../ui/confirm';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

/** Most items one bulk correction may change (the server's MAX_BULK_CORRECTION). */
export const MAX_BULK_ITEMS = 10_000;

/**
 * The bar over the list while items are selected: how many, "select all N matching" (Gmail's
 * way: the page's rows first, then every item the filters match), and one correction — a type,
 * a topic (or none) and/or a sentiment — applied to all of them after a second press that says
 * how many items it changes. Corrections train the next model, so the question says that too.
 */
export function BulkLabelBar({
  count,
  allMatching,
  selectAll,
  catalog,
  onSelectAll,
  onClear,
  onApply,
  onDelete,
}: {
  /** Items selected (all matching: the filter's total). */
  count: number;
  allMatching: boolean;
  /**
   * Every loaded row is selected and more items match: offer to select all of them, or say
   * there are more than one correction may change. Null otherwise.
   */
  selectAll: { total: number; state: 'offer' | 'too_many' } | null;
  catalog: LabelCatalog;
  onSelectAll: () => void;
  onClear: () => void;
  onApply: (correction: LabelCorrection) => Promise<BulkCorrectionResult>;
  /** Deletes the selected items (admins only: absent for others, and no button is shown). */
  onDelete?: () => Promise<DeleteItemsResult>;
}) {
  const { t, label, locale, intlLocale } = useI18n();
  const [type, setType] = useState('');
  const [topic, setTopic] = useState('');
  const [sentiment, setSentiment] = useState('');
  const [asking, setAsking] = useState(false);
  // A question answers for the items it named: when the selection grows or shrinks ("select all",
  // a shift-click), it is asked again rather than applied to a count the operator was not shown.
  /** The delete's own question: asked apart from a correction's, and answered for the same count. */
  const [askingDelete, setAskingDelete] = useState(false);
  useEffect(() => {
    setAsking(false);
    setAskingDelete(false);
  }, [count, allMatching]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const correction: LabelCorrection = {
    ...(type ? { type } : {}),
    ...(topic ? { topic_id: topic === 'none' ? null : topic } : {}),
    ...(sentiment ? { sentiment: sentiment as Sentiment } : {}),
  };
  const picked = Object.keys(correction).length > 0;
  const types = catalog.types.filter((item) => !item.archived);
  const topics = topicOptions(catalog.topics.filter((item) => !item.archived));
  const n = formatNumber(count, intlLocale);

  const apply = () => {
    setSaving(true);
    setError(null);
    onApply(correction).then(
      () => {
        setSaving(false);
        setAsking(false);
        setType('');
        setTopic('');
        setSentiment('');
      },
      (e) => {
        setSaving(false);
        setAsking(false);
        setError(e);
      },
    );
  };
  const remove = () => {
    if (!onDelete) return;
    setSaving(true);
    setError(null);
    onDelete().then(
      () => {
        setSaving(false);
        setAskingDelete(false);
      },
      (e) => {
        setSaving(false);
        setAskingDelete(false);
        setError(e);
      },
    );
  };
  const change = (set: (value: string) => void) => (value: string) => {
    set(value);
    setAsking(false);
    setAskingDelete(false);
    setError(null);
  };

  return (
    <section className="bulk-bar" aria-label={t('bulk.label')} data-testid="bulk-bar" aria-busy={saving}>
      <div className="bulk-bar-row">
        <strong className="num" data-testid="bulk-count" aria-live="polite">
          {allMatching ? t('bulk.allSelected', { count: n }) : t('bulk.selected', { count: n })}
        </strong>
        {selectAll?.state === 'offer' && (
          <button type="button" className="button button-ghost button-small" onClick={onSelectAll} data-testid="bulk-select-all">
            {t('bulk.selectAll', { total: formatNumber(selectAll.total, intlLocale) })}
          </button>
        )}
        {selectAll?.state === 'too_many' && (
          <span className="muted small" data-testid="bulk-too-many">
            {t('bulk.tooMany', { total: formatNumber(selectAll.total, intlLocale), max: formatNumber(MAX_BULK_ITEMS, intlLocale) })}
          </span>
        )}
        <button type="button" className="button button-ghost button-small" onClick={onClear} disabled={saving} data-testid="bulk-clear">
          {t('bulk.clear')}
        </button>
        {onDelete && (
          <span className="bulk-delete">
            <ConfirmButton
              asking={askingDelete}
              label={t('bulk.delete')}
              confirmLabel={t('bulk.delete.confirm', { count: n })}
              question={t('bulk.delete.question', { count: n })}
              onAsk={() => {
                setAsking(false);
                setError(null);
                setAskingDelete(true);
              }}
              onConfirm={remove}
              onCancel={() => setAskingDelete(false)}
              disabled={saving}
              testId="bulk-delete"
            />
          </span>
        )}
      </div>
      <div className="bulk-bar-row">
        <label className="bulk-field">
          <span className="field-label">{t('detail.type')}</span>
          <select className="input" value={type} onChange={(e) => change(setType)(e.target.value)} disabled={saving} data-testid="bulk-type">
            <option value="">{t('bulk.keep')}</option>
            {types.map((item) => (
              <option key={item.key} value={item.key}>
                {typeName(item.key, catalog.types, locale, t)}
              </option>
            ))}
          </select>
        </label>
        <label className="bulk-field">
          <span className="field-label">{t('detail.topic')}</span>
          <select className="input" value={topic} onChange={(e) => change(setTopic)(e.target.value)} disabled={saving} data-testid="bulk-topic">
            <option value="">{t('bulk.keep')}</option>
            <option value="none">{t('labels.noTopic')}</option>
            {topics.map(({ topic: item, depth }) => (
              <option key={item.id} value={item.id}>
                {depth > 0 ? `\u00a0\u00a0└ ${item.name}` : item.name}
              </option>
            ))}
          </select>
        </label>
        <label className="bulk-field">
          <span className="field-label">{t('detail.sentiment')}</span>
          <select className="input" value={sentiment} onChange={(e) => change(setSentiment)(e.target.value)} disabled={saving} data-testid="bulk-sentiment">
            <option value="">{t('bulk.keep')}</option>
            {SENTIMENTS.map((value) => (
              <option key={value} value={value}>
                {label('sentiment', value)}
              </option>
            ))}
          </select>
        </label>
        <div className="bulk-actions">
          {asking && (
            <span className="small confirm-question" role="alert" data-testid="bulk-question">
              {t('bulk.question', { count: n })}
            </span>
          )}
          <button
            type="button"
            className={`button button-small ${asking ? 'button-danger' : 'button-primary'}`}
            disabled={!picked || saving}
            onClick={
              asking
                ? apply
                : () => {
                    setAskingDelete(false);
                    setAsking(true);
                  }
            }
            onKeyDown={(e) => {
              if (asking && e.key === 'Escape') {
                e.preventDefault();
                setAsking(false);
              }
            }}
            data-testid="bulk-apply"
          >
            {saving ? <Spinner label={t('common.saving')} showLabel /> : asking ? t(countKey('bulk.confirm', count), { count: n }) : t('bulk.apply')}
          </button>
          {asking && !saving && (
            <button type="button" className="button button-ghost button-small" onClick={() => setAsking(false)} data-testid="bulk-cancel">
              {t('common.cancel')}
            </button>
          )}
        </div>
      </div>
      {error !== null && <ErrorMessage error={error} testId="bulk-error" />}
    </section>
  );
}
