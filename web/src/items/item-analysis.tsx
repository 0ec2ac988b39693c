import { useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent, type ReactNode } from 'react';
import { correctItemLabels, SENTIMENTS, UNCERTAIN_TYPE, undoLabelCorrection, type Item, type LabelCorrection, type Sentiment } from '../api';
import { formatDateTime, formatNumber } from '../format';
import { hasMessage, useI18n, type MessageKey } from '../i18n';
import { CorrectedMark } from '../labels/corrected-mark';
import { formatShare } from '../insights/changes';
import { describeRule, duplicateCountLabel, formatScore, parseFiredRule, topicOptions, typeName } from '../labels/labels';
import type { LabelCatalog } from '../labels/use-label-catalog';
import { Link } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { FieldSection } from './detail-fields';
import { countsAsDuplicate } from './duplicate-rule';
import { duplicateGroupSearch } from './item-filters';

export type LabelField = 'type' | 'topic' | 'sentiment';

/**
 * The detail panel's "분석" section: type with confidence and where it came from, topic with the
 * rule that fired, sentiment with its score, the duplicate group (a link that filters the list)
 * and the model versions. Corrected labels carry a "수정됨" mark.
 */
export function ItemAnalysis({ item, catalog, timeZone }: { item: Item; catalog: LabelCatalog; timeZone: string }) {
  const { t, label, locale, intlLocale } = useI18n();
  const locked = new Set(item.locked_labels ?? []);
  const analyzed =
    item.enriched_at != null || item.type != null || item.topic_id != null || item.sentiment != null || item.dup_group != null;
  // A corrected label's row carries the "수정됨" mark: its source ("직접 수정") would say it twice.
  const sourceName = (source: string | null, corrected = false) => {
    if (corrected && source === 'correction') return null;
    const key = `labels.source.${source ?? ''}`;
    return source && hasMessage(key) ? t(key) : source;
  };
  const meta = (...parts: (string | null | false | undefined)[]) => parts.filter(Boolean).join(' · ');

  if (!analyzed) {
    return (
      <section className="detail-section" data-testid="item-analysis">
        <h3 className="detail-section-title">{t('detail.section.analysis')}</h3>
        <p className="muted small">{t('detail.notAnalyzed')}</p>
      </section>
    );
  }

  const firedRule = item.topic_source === 'rule' ? parseFiredRule(item.topic_rule) : null;
  return (
    <FieldSection title={t('detail.section.analysis')} testId="item-analysis">
      {item.type && (
        <LabelRow k="detail.type" testId="analysis-type" corrected={locked.has('type')}>
          <span className="label-value" data-type={item.type}>
            {typeName(item.type, catalog.types, locale, t)}
          </span>
          <span className="label-meta">
            {meta(
              item.type_source !== 'correction' &&
                item.type_confidence != null &&
                t('detail.confidence', { value: formatShare(item.type_confidence * 100, intlLocale) }),
              sourceName(item.type_source, locked.has('type')),
            )}
          </span>
        </LabelRow>
      )}
      <LabelRow k="detail.topic" testId="analysis-topic" corrected={locked.has('topic')}>
        <span className={`label-value${item.topic_id ? '' : ' muted'}`} data-topic-id={item.topic_id ?? 'none'}>
          {item.topic_id ? (item.topic_name ?? `#${item.topic_id}`) : t('labels.noTopic')}
        </span>
        {item.topic_id && (
          <span className="label-meta">
            {meta(
              item.topic_source === 'model' &&
                item.topic_confidence != null &&
                t('detail.confidence', { value: formatShare(item.topic_confidence * 100, intlLocale) }),
              sourceName(item.topic_source, locked.has('topic')),
            )}
          </span>
        )}
        {(firedRule || (item.topic_source === 'rule' && item.topic_rule)) && (
          <span className="label-rule" data-testid="analysis-topic-rule">
            {t('detail.topicRule')}{' '}
            <span className={`badge badge-rule rule-${firedRule?.kind ?? 'keyword'}`}>
              {firedRule ? describeRule(firedRule, t) : item.topic_rule}
            </span>
          </span>
        )}
      </LabelRow>
      {item.sentiment && (
        <LabelRow k="detail.sentiment" testId="analysis-sentiment" corrected={locked.has('sentiment')}>
          <span className={`label-value sentiment-text-${item.sentiment}`}>{label('sentiment', item.sentiment)}</span>
          {item.sentiment_score != null && (
            <span className="label-meta num">{t('detail.sentimentScore', { value: formatScore(item.sentiment_score, intlLocale) })}</span>
          )}
        </LabelRow>
      )}
      {/* A duplicate by the Overview's rule only on channels that expect an answer (duplicate-rule.ts); a review's group is similar texts. */}
      {item.dup_group && (item.dup_group_size ?? 0) > 1 && countsAsDuplicate(item.channel) && (
        <LabelRow k="detail.dupGroup" testId="analysis-dup">
          <Link to={`/items${duplicateGroupSearch(item.dup_group)}`} data-testid="analysis-dup-link">
            {t('detail.dupGroupLink')}
          </Link>
          <span className="label-meta num">{duplicateCountLabel(item.dup_group_size!, intlLocale, t)}</span>
          <span className="label-rule" data-testid="analysis-dup-rule">{t('dupRule.hint')}</span>
        </LabelRow>
      )}
      {item.dup_group && (item.dup_group_size ?? 0) > 1 && !countsAsDuplicate(item.channel) && (
        <LabelRow k="dupRule.similar" testId="analysis-similar">
          <Link to={`/items${duplicateGroupSearch(item.dup_group)}`} data-testid="analysis-similar-link">
            {t('detail.dupGroupLink')}
          </Link>
          <span className="label-meta num">{t('dupRule.similarCount', { count: formatNumber(item.dup_group_size!, intlLocale) })}</span>
          <span className="label-rule" data-testid="analysis-similar-rule">{t('dupRule.similarHint')}</span>
        </LabelRow>
      )}
      {item.model_version && (
        <LabelRow k="detail.modelVersion" testId="analysis-model">
          <span className="mono small model-version">{item.model_version}</span>
        </LabelRow>
      )}
      {item.enriched_at && (
        <LabelRow k="detail.enrichedAt">
          <span>{formatDateTime(item.enriched_at, intlLocale, timeZone, 'long')}</span>
        </LabelRow>
      )}
    </FieldSection>
  );
}

function LabelRow({ k, testId, corrected = false, children }: { k: MessageKey; testId?: string; corrected?: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="field-row" data-testid={testId} data-corrected={corrected ? 'true' : undefined}>
      <dt>{t(k)}</dt>
      <dd className="label-cell">
        {children}
        {corrected && <CorrectedMark testId={testId ? `${testId}-corrected` : undefined} />}
      </dd>
    </div>
  );
}

/**
 * Corrections for admins and operators. Picking a type, topic or sentiment only marks it
 * pending (a keyboard arrow on a closed select changes its value at once, and every saved
 * correction counts toward retraining); 저장 or Enter on the control saves it (PATCH
 * /items/:id/labels), which locks the label and reloads the item; 취소 or Escape puts the
 * control back. The controls stay enabled while saving so the focus stays where it was.
 */
export function LabelCorrections({
  item,
  catalog,
  onCorrected,
  onUnsavedChange,
}: {
  item: Item;
  catalog: LabelCatalog;
  onCorrected: () => Promise<void>;
  /** The fields with a pick not saved yet (the panel asks before closing over them). */
  onUnsavedChange?: (fields: LabelField[]) => void;
}) {
  const { t, label, locale } = useI18n();
  const [saving, setSaving] = useState<LabelField | null>(null);
  /** The last save (or its undo): its field, its batch to take back, whether it was taken back, or its error. */
  const [outcome, setOutcome] = useState<{ field: LabelField; error: unknown; batchId?: string | null; undone?: boolean } | null>(null);
  const [pending, setPending] = useState<Partial<Record<LabelField, string>>>({});
  const controls = useRef<Partial<Record<LabelField, HTMLSelectElement | null>>>({});

  const current: Record<LabelField, string> = { type: item.type ?? '', topic: item.topic_id ?? 'none', sentiment: item.sentiment ?? '' };
  const shown = (field: LabelField) => pending[field] ?? current[field];
  const dirty = (field: LabelField) => pending[field] !== undefined && pending[field] !== current[field];
  const unsaved = (['type', 'topic', 'sentiment'] as const).filter(dirty);
  const unsavedKey = unsaved.join(',');
  const reportUnsaved = useRef(onUnsavedChange);
  reportUnsaved.current = onUnsavedChange;
  useEffect(() => {
    reportUnsaved.current?.(unsavedKey ? (unsavedKey.split(',') as LabelField[]) : []);
  }, [unsavedKey]);

  const pick = (field: LabelField, value: string) => {
    setOutcome(null);
    setPending((p) => {
      const next = { ...p };
      if (value === current[field]) delete next[field];
      else next[field] = value;
      return next;
    });
  };
  const cancel = (field: LabelField) => {
    setPending((p) => {
      const next = { ...p };
      delete next[field];
      return next;
    });
    controls.current[field]?.focus();
  };

  const correctionOf = (field: LabelField, value: string): LabelCorrection =>
    field === 'type' ? { type: value } : field === 'topic' ? { topic_id: value === 'none' ? null : value } : { sentiment: value as Sentiment };

  const commit = (field: LabelField) => {
    const value = pending[field];
    if (saving !== null || value === undefined || !dirty(field)) return;
    // Saved from its 저장 button (which goes away once saved): the focus goes back to the control.
    controls.current[field]?.focus();
    setSaving(field);
    setOutcome(null);
    let batchId: string | null = null;
    correctItemLabels(item.id, correctionOf(field, value))
      .then((answer) => {
        batchId = answer.batch_id;
        return onCorrected();
      })
      .then(
        () => {
          setPending((p) => {
            const next = { ...p };
            if (next[field] === value) delete next[field];
            return next;
          });
          setOutcome({ field, error: null, batchId });
        },
        (error) => setOutcome({ field, error }),
      )
      .finally(() => setSaving(null));
  };
  /** 되돌리기 after a save: the label gets back what it had (POST /items/labels/undo), and the item is read again. */
  const undo = () => {
    if (!outcome?.batchId || saving !== null) return;
    const { field, batchId } = outcome;
    setSaving(field);
    undoLabelCorrection(batchId)
      .then(() => onCorrected())
      .then(
        () => setOutcome({ field, error: null, undone: true }),
        (error) => setOutcome({ field, error }),
      )
      .finally(() => setSaving(null));
  };

  const keys = (field: LabelField) => (e: KeyboardEvent<HTMLSelectElement>) => {
    if (!dirty(field)) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      commit(field);
    } else if (e.key === 'Escape') {
      // Takes the pick back; the panel stays open.
      e.preventDefault();
      e.stopPropagation();
      cancel(field);
    }
  };

  /** What each correction select shares: its pending value, its keys, and where focus returns after a save. */
  const control = (field: LabelField) => ({
    id: `correct-${field}-${item.id}`,
    ref: (el: HTMLSelectElement | null) => {
      controls.current[field] = el;
    },
    className: 'input',
    value: shown(field),
    'aria-busy': saving === field,
    onChange: (e: ChangeEvent<HTMLSelectElement>) => pick(field, e.target.value),
    onKeyDown: keys(field),
    'data-pending': dirty(field) ? 'true' : undefined,
  });

  const types = catalog.types.filter((type) => !type.archived || type.key === item.type);
  const typeKnown = !!item.type && types.some((type) => type.key === item.type);
  const topics = topicOptions(catalog.topics.filter((topic) => !topic.archived || topic.id === item.topic_id));
  const topicKnown = !item.topic_id || topics.some((o) => o.topic.id === item.topic_id);
  const busy = saving !== null;

  const actions = (field: LabelField) =>
    dirty(field) && (
      <span className="correction-actions" data-testid={`correct-${field}-pending`}>
        <span className="muted small">{t('detail.correct.unsaved')}</span>{' '}
        <button
          type="button"
          className="button button-primary button-small"
          disabled={busy}
          onClick={() => commit(field)}
          aria-label={t('detail.correct.saveField', { label: t(`detail.${field}`) })}
          data-testid={`correct-${field}-save`}
        >
          {t('common.save')}
        </button>{' '}
        <button type="button" className="button button-ghost button-small" disabled={saving === field} onClick={() => cancel(field)} data-testid={`correct-${field}-cancel`}>
          {t('common.cancel')}
        </button>
      </span>
    );

  return (
    <section className="detail-section correction-box" data-testid="label-corrections" aria-busy={busy}>
      <h3 className="detail-section-title">{t('detail.correct.title')}</h3>
      <div className="correction-grid">
        <div className="field">
          <label className="field-label" htmlFor={`correct-type-${item.id}`}>
            {t('detail.type')}
          </label>
          <select {...control('type')} data-testid="correct-type">
            {!typeKnown && (
              <option value={item.type ?? ''} disabled>
                {item.type === UNCERTAIN_TYPE || !item.type ? t('detail.correct.pickType') : typeName(item.type, catalog.types, locale, t)}
              </option>
            )}
            {types.map((type) => (
              <option key={type.key} value={type.key}>
                {typeName(type.key, catalog.types, locale, t)}
              </option>
            ))}
          </select>
          {actions('type')}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`correct-topic-${item.id}`}>
            {t('detail.topic')}
          </label>
          <select {...control('topic')} data-testid="correct-topic">
            <option value="none">{t('labels.noTopic')}</option>
            {topics.map(({ topic, depth }) => (
              <option key={topic.id} value={topic.id}>
                {depth > 0 ? `\u00a0\u00a0└ ${topic.name}` : topic.name}
              </option>
            ))}
            {!topicKnown && item.topic_id && <option value={item.topic_id}>{item.topic_name ?? `#${item.topic_id}`}</option>}
          </select>
          {actions('topic')}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`correct-sentiment-${item.id}`}>
            {t('detail.sentiment')}
          </label>
          <select {...control('sentiment')} data-testid="correct-sentiment">
            {!item.sentiment && (
              <option value="" disabled>
                {t('detail.correct.pickSentiment')}
              </option>
            )}
            {SENTIMENTS.map((sentiment) => (
              <option key={sentiment} value={sentiment}>
                {label('sentiment', sentiment)}
              </option>
            ))}
          </select>
          {actions('sentiment')}
        </div>
      </div>
      <div className="correction-status" aria-live="polite">
        {saving ? (
          <Spinner label={t('detail.correct.saving')} showLabel />
        ) : outcome && outcome.error === null && outcome.undone ? (
          <span className="success-text small" data-testid="correction-undone">
            {t('detail.correct.undone', { label: t(`detail.${outcome.field}`) })}
          </span>
        ) : outcome && outcome.error === null ? (
          <span className="success-text small" data-testid="correction-saved">
            {t('detail.correct.saved', { label: t(`detail.${outcome.field}`) })}
            {outcome.batchId && (
              <>
                {' '}
                <button type="button" className="button button-ghost button-small" onClick={undo} data-testid="correction-undo" title={t('bulk.undoHint')}>
                  {t('bulk.undo')}
                </button>
              </>
            )}
          </span>
        ) : (
          <span className="hint">{t('detail.correct.hintConfirm')}</span>
        )}
      </div>
      {outcome && outcome.error !== null && <ErrorMessage error={outcome.error} testId="correction-error" />}
      {catalog.status === 'error' && <ErrorMessage error={catalog.error} compact onRetry={catalog.reload} testId="catalog-error" />}
    </section>
  );
}
