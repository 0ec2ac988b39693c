import { useId, useState, type FormEvent } from 'react';
import { ApiError, type Topic, type TopicRule } from '../api';
import { useI18n } from '../i18n';
import { keywordOverlaps, rulesFromLines, rulesToLines } from '../labels/labels';
import { ErrorMessage, fieldReasonLine } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

export interface TopicFormValues {
  name: string;
  parentId: string;
  description: string;
  keywords: string;
  regexes: string;
}

export const EMPTY_TOPIC_FORM: TopicFormValues = { name: '', parentId: '', description: '', keywords: '', regexes: '' };

/** A topic's values as the form edits them. */
export function topicFormValues(topic: Topic): TopicFormValues {
  return { name: topic.name, parentId: topic.parent_id ?? '', description: topic.description ?? '', ...rulesToLines(topic.rules) };
}

export interface TopicFormSubmit {
  name: string;
  parent_id: string | null;
  description: string | null;
  rules: TopicRule[];
}

/**
 * Create or edit a topic: name, parent (on create; the tree has two levels), description, and
 * keyword / regex rules one per line. A taken name (409) and refused rules (400 with `errors`)
 * are shown next to the form, each rule problem with its pattern.
 */
export function TopicForm({
  initial,
  parents,
  mode,
  onSubmit,
  onCancel,
  topics = [],
  editing,
}: {
  initial: TopicFormValues;
  /** Top-level topics a new topic may go under (create only). */
  parents: readonly Topic[];
  mode: 'create' | 'edit';
  onSubmit: (values: TopicFormSubmit) => Promise<void>;
  onCancel?: () => void;
  /** Every topic, to warn where a keyword meets another topic's keyword; and the topic being edited. */
  topics?: readonly Topic[];
  editing?: Topic;
}) {
  const { t } = useI18n();
  const id = useId();
  const [values, setValues] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nameMissing, setNameMissing] = useState(false);
  const set = (key: keyof TopicFormValues, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const rules = rulesFromLines(values.keywords, values.regexes);
  const overlaps = keywordOverlaps(
    rules.filter((rule) => rule.kind === 'keyword').map((rule) => rule.pattern),
    editing ? { id: editing.id, parentId: editing.parent_id, position: editing.position } : { id: null, parentId: values.parentId || null, position: 0 },
    topics,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!values.name.trim()) {
      setNameMissing(true);
      return;
    }
    setNameMissing(false);
    setBusy(true);
    setError(null);
    onSubmit({
      name: values.name.trim(),
      parent_id: values.parentId || null,
      description: values.description.trim() || null,
      rules,
    })
      .then(() => {
        if (mode === 'create') setValues(EMPTY_TOPIC_FORM);
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <form className="form-stack topic-form" onSubmit={submit} noValidate data-testid={`topic-form-${mode}`}>
      <div className="form-row">
        <label className="field">
          <span className="field-label">{t('topics.field.name')}</span>
          <input
            className="input"
            type="text"
            value={values.name}
            maxLength={100}
            aria-invalid={nameMissing || undefined}
            aria-describedby={nameMissing ? `${id}-name-error` : undefined}
            onChange={(e) => set('name', e.target.value)}
            data-testid="topic-name"
          />
          {nameMissing && (
            <span id={`${id}-name-error`} className="field-error" role="alert">
              {t('topics.needName')}
            </span>
          )}
        </label>
        {mode === 'create' && (
          <label className="field">
            <span className="field-label">{t('topics.field.parent')}</span>
            <select className="input" value={values.parentId} onChange={(e) => set('parentId', e.target.value)} data-testid="topic-parent">
              <option value="">{t('topics.field.noParent')}</option>
              {parents.map((parent) => (
                <option key={parent.id} value={parent.id}>
                  {parent.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <label className="field">
        <span className="field-label">{t('topics.field.description')}</span>
        <input
          className="input"
          type="text"
          value={values.description}
          maxLength={1000}
          onChange={(e) => set('description', e.target.value)}
          data-testid="topic-description"
        />
      </label>
      <div className="form-row">
        <label className="field">
          <span className="field-label">{t('topics.field.keywords')}</span>
          <textarea
            className="input textarea"
            rows={4}
            value={values.keywords}
            placeholder={t('topics.field.keywordsPlaceholder')}
            onChange={(e) => set('keywords', e.target.value)}
            data-testid="topic-keywords"
          />
          <span className="hint">{t('topics.field.keywordsHelp')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('topics.field.regexes')}</span>
          <textarea
            className="input textarea mono"
            rows={4}
            value={values.regexes}
            placeholder={t('topics.field.regexesPlaceholder')}
            spellCheck={false}
            onChange={(e) => set('regexes', e.target.value)}
            data-testid="topic-regexes"
          />
          <span className="hint">{t('topics.field.regexesHelp')}</span>
        </label>
      </div>
      {overlaps.length > 0 && (
        // Rules are read subtopics first, then in order: a keyword another topic also has may never fire here.
        <div className="alert alert-info" role="status" data-testid="topic-overlaps">
          <div className="alert-body">
            <p className="alert-message">{t('topics.overlap.title')}</p>
            <ul className="rule-errors">
              {overlaps.slice(0, 8).map((o, i) => (
                <li key={i} data-testid="topic-overlap" data-kind={o.kind}>
                  {t(`topics.overlap.${o.kind}`, { keyword: o.keyword, other: o.otherKeyword, topic: o.topicName })}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {error !== null && <TopicFormError error={error} name={values.name.trim()} rules={rules} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid={`topic-${mode}-submit`}>
          {busy ? (
            <Spinner label={t('common.saving')} showLabel />
          ) : mode === 'create' ? (
            t('topics.create.submit')
          ) : (
            t('common.save')
          )}
        </button>
        {onCancel && (
          <button type="button" className="button button-ghost" onClick={onCancel} disabled={busy} data-testid="topic-edit-cancel">
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** A taken name in words; refused rules listed with their patterns; anything else as usual. */
function TopicFormError({ error, name, rules }: { error: unknown; name: string; rules: TopicRule[] }) {
  const { t, locale } = useI18n();
  if (error instanceof ApiError && error.status === 409) {
    return (
      <div className="alert alert-error" role="alert" data-testid="topic-form-error">
        <p className="alert-message">{t('topics.nameTaken', { name })}</p>
      </div>
    );
  }
  const ruleErrors =
    error instanceof ApiError
      ? error.errors.flatMap((fieldError) => {
          const m = /^rules\.(\d+)/.exec(fieldError.field ?? '');
          const rule = m ? rules[Number(m[1])] : undefined;
          return rule ? [{ rule, message: fieldError.message }] : [];
        })
      : [];
  if (ruleErrors.length === 0) return <ErrorMessage error={error} testId="topic-form-error" />;
  return (
    <div className="alert alert-error" role="alert" data-testid="topic-form-error">
      <div className="alert-body">
        <p className="alert-message">{t('topics.badRules')}</p>
        <ul className="rule-errors">
          {ruleErrors.map(({ rule, message }, i) => (
            <li key={i} data-testid="topic-rule-error">
              {/* The reason in the user's language ("not a valid regular expression"), the regex engine's own words after it. */}
              <span className="mono">{rule.pattern}</span> — {fieldReasonLine(t, locale, message)}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
