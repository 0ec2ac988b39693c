import { useEffect, useState } from 'react';
import { applyTopicTemplate, isAbortError, listTopicTemplates, type TopicTemplate } from '../api';
import { useI18n } from '../i18n';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

// Apart from the tree above or below it (no stylesheet rule of its own for one margin).
const SPACED = { marginBlock: 16, gap: 8 } as const;

/** What applying a template did, for the page to say after the tree reloads. */
export interface TemplateApplied {
  name: string;
  created: number;
  skipped: number;
}

/**
 * Starter topic trees (GET /topics/templates). A workspace without topics is offered them openly,
 * each with its tree to look at before applying; once it has topics, a quieter "add from a
 * template" opens the same list, where applying adds only the topics it lacks. Admins and
 * operators apply; viewers only see what there is.
 */
export function TopicTemplates({
  hasTopics,
  editable,
  refreshKey,
  onApplied,
}: {
  hasTopics: boolean;
  editable: boolean;
  /** Changes when the topics may have changed: the counts of topics present are read again. */
  refreshKey: number;
  onApplied: (applied: TemplateApplied) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'error'; templates: TopicTemplate[]; error: unknown }>({ status: 'loading', templates: [], error: null });
  const [attempt, setAttempt] = useState(0);
  const shown = !hasTopics || open;

  useEffect(() => {
    if (!shown) return;
    const controller = new AbortController();
    setState((prev) => ({ ...prev, status: 'loading', error: null }));
    listTopicTemplates(controller.signal)
      .then(({ templates }) => setState({ status: 'ready', templates, error: null }))
      .catch((error) => {
        if (!isAbortError(error)) setState((prev) => ({ ...prev, status: 'error', error }));
      });
    return () => controller.abort();
  }, [shown, refreshKey, attempt]);

  // With topics, only those who can apply one are offered templates at all.
  if (hasTopics && !editable) return null;

  const list = (
    <>
      {state.status === 'error' && <ErrorMessage error={state.error} onRetry={() => setAttempt((n) => n + 1)} testId="topic-templates-error" />}
      {state.status === 'loading' && state.templates.length === 0 && (
        <div className="center-block">
          <Spinner showLabel />
        </div>
      )}
      {state.templates.length > 0 && (
        <ul className="cluster-list" data-testid="topic-template-list">
          {state.templates.map((template) => (
            <TemplateCard key={template.id} template={template} hasTopics={hasTopics} editable={editable} onApplied={onApplied} />
          ))}
        </ul>
      )}
    </>
  );

  if (!hasTopics) {
    return (
      <div className="topic-templates form-stack" style={SPACED} data-testid="topic-templates">
        <h3 className="section-title">{t('topics.templates.title')}</h3>
        <p className="muted small">{t('topics.templates.hint')}</p>
        {!editable && <p className="muted small" data-testid="topic-templates-viewer">{t('topics.templates.viewerHint')}</p>}
        {list}
      </div>
    );
  }
  return (
    <div className="topic-templates form-stack" style={SPACED} data-testid="topic-templates">
      <button type="button" className="button button-ghost button-small" style={{ alignSelf: 'flex-start' }} aria-expanded={open} onClick={() => setOpen(!open)} data-testid="topic-templates-toggle">
        {open ? t('topics.templates.hide') : t('topics.templates.add')}
      </button>
      {open && (
        <>
          <p className="muted small">{t('topics.templates.addHint')}</p>
          {list}
        </>
      )}
    </div>
  );
}

function TemplateCard({
  template,
  hasTopics,
  editable,
  onApplied,
}: {
  template: TopicTemplate;
  hasTopics: boolean;
  editable: boolean;
  onApplied: (applied: TemplateApplied) => void;
}) {
  const { t, locale } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = locale === 'ko' ? template.name_ko : template.name_en;
  const description = locale === 'ko' ? template.description_ko : template.description_en;
  const missing = template.topic_count - template.present;

  const apply = () => {
    setApplying(true);
    setError(null);
    applyTopicTemplate(template.id, locale)
      .then((result) => {
        setConfirming(false);
        onApplied({ name, created: result.created, skipped: result.skipped });
      })
      .catch(setError)
      .finally(() => setApplying(false));
  };

  return (
    <li className="cluster-card" data-testid="topic-template" data-template-id={template.id}>
      <div className="cluster-head">
        <h4 className="cluster-name" data-testid="topic-template-name">
          {name}
        </h4>
        <span className="cluster-size num">
          {hasTopics ? t('topics.templates.present', { present: template.present, count: template.topic_count }) : t('topics.templates.count', { count: template.topic_count })}
        </span>
      </div>
      <p className="muted small">{description}</p>
      <ul className="topic-tree" aria-label={t('topics.templates.preview', { name })} data-testid="topic-template-preview">
        {template.topics.map((parent) => (
          <li key={parent.name_ko} className="small">
            <strong>{locale === 'ko' ? parent.name_ko : parent.name_en}</strong>
            <span className="muted">: {parent.children.map((child) => (locale === 'ko' ? child.name_ko : child.name_en)).join(', ')}</span>
          </li>
        ))}
      </ul>
      {editable && !confirming && (
        <div className="form-actions">
          <button
            type="button"
            className={hasTopics ? 'button button-secondary button-small' : 'button button-primary'}
            disabled={missing === 0}
            onClick={() => setConfirming(true)}
            data-testid="topic-template-apply"
          >
            {missing === 0 ? t('topics.templates.allPresent') : t('topics.templates.apply')}
          </button>
        </div>
      )}
      {editable && confirming && (
        <div className="alert alert-info" role="group" data-testid="topic-template-confirm">
          <p>{t('topics.templates.confirm', { count: missing })}</p>
          <div className="form-actions">
            <button type="button" className="button button-primary button-small" disabled={applying} onClick={apply} data-testid="topic-template-confirm-apply">
              {applying ? t('topics.templates.applying') : t('topics.templates.confirmYes')}
            </button>
            <button type="button" className="button button-ghost button-small" disabled={applying} onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {error !== null && <ErrorMessage error={error} testId="topic-template-error" />}
    </li>
  );
}
