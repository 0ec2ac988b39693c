import { useCallback, useEffect, useState } from 'react';
import { createTopic, isAbortError, listTopics, type Topic } from '../api';
import { canEdit, useMe } from '../auth/session';
import { safeTimeZone } from '../format';
import { useI18n } from '../i18n';
import { CorrectionHistory } from '../labels/correction-history';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';
import { DiscoveredTopics } from './discovered-topics';
import { ModelTraining } from './model-training';
import { ReclassifyStatus } from './reclassify-status';
import { EMPTY_TOPIC_FORM, TopicForm } from './topic-form';
import { TopicTemplates, type TemplateApplied } from './topic-templates';
import { TopicTree } from './topic-tree';

/**
 * 토픽: the topic tree with rules and item counts (starter templates when it is empty, "add from a
 * template" when it is not: topic-templates.tsx), a form to add topics, the clusters topic
 * discovery found (promote one to a topic), model training, the history of label corrections (an
 * undo there moves topic counts and the corrections training waits for, so the page reads them
 * again), and the re-classification of stored items that follows a new model or new rules.
 * Everyone reads; admins and operators change.
 */
export function TopicsPage() {
  const { t } = useI18n();
  const { user, workspace } = useMe();
  const editable = canEdit(user.role);
  const timeZone = safeTimeZone(workspace.timezone);
  useDocumentTitle(t('topics.title'));

  const [topics, setTopics] = useState<{ status: 'loading' | 'ready' | 'error'; items: Topic[]; error: unknown }>({
    status: 'loading',
    items: [],
    error: null,
  });
  const [attempt, setAttempt] = useState(0);
  const [created, setCreated] = useState<{ name: string; relabel: boolean } | null>(null);
  const [applied, setApplied] = useState<TemplateApplied | null>(null);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setTopics((prev) => ({ ...prev, status: 'loading', error: null }));
    listTopics(controller.signal)
      .then(({ topics: items }) => setTopics({ status: 'ready', items, error: null }))
      .catch((error) => {
        if (!isAbortError(error)) setTopics((prev) => ({ ...prev, status: 'error', error }));
      });
    return () => controller.abort();
  }, [attempt]);

  const parents = topics.items.filter((topic) => topic.parent_id === null && !topic.archived);
  const templates = (
    <TopicTemplates
      hasTopics={topics.items.length > 0}
      editable={editable}
      refreshKey={attempt}
      onApplied={(result) => {
        setCreated(null);
        setApplied(result);
        reload();
      }}
    />
  );
  const firstLoad = topics.status === 'loading' && topics.items.length === 0;

  return (
    <div className="page" data-testid="topics-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('topics.title')}</h1>
          <p className="page-subtitle">{t('topics.subtitle')}</p>
        </div>
      </header>

      <div className="topics-layout">
        <section className="card topics-section" aria-labelledby="topic-tree-title">
          <h2 id="topic-tree-title" className="section-title">
            {t('topics.tree')}
          </h2>
          {topics.status === 'error' && <ErrorMessage error={topics.error} onRetry={reload} testId="topics-error" />}
          {firstLoad && (
            <div className="center-block">
              <Spinner showLabel />
            </div>
          )}
          {applied && (
            <p className="alert alert-success" role="status" data-testid="topic-template-applied">
              {applied.created > 0 ? t('topics.templates.applied', { name: applied.name, created: applied.created }) : t('topics.templates.nothingNew', { name: applied.name })}
              {applied.created > 0 && applied.skipped > 0 && <> {t('topics.templates.appliedSkipped', { skipped: applied.skipped })}</>}
            </p>
          )}
          {topics.status !== 'error' && !firstLoad && (
            <div className={topics.status === 'loading' ? 'is-refreshing' : undefined}>
              {/* With topics, a quiet "add from a template" above the tree; without, the templates follow its empty state. */}
              {topics.items.length > 0 && templates}
              <TopicTree topics={topics.items} editable={editable} onChanged={reload} />
              {topics.items.length === 0 && templates}
            </div>
          )}
        </section>

        {editable && (
          <section className="card topics-section" aria-labelledby="topic-create-title" data-testid="topic-create">
            <h2 id="topic-create-title" className="section-title">
              {t('topics.create.title')}
            </h2>
            <TopicForm
              mode="create"
              initial={EMPTY_TOPIC_FORM}
              parents={parents}
              topics={topics.items}
              onSubmit={async (values) => {
                setCreated(null);
                setApplied(null);
                const { topic, reclassify } = await createTopic(values);
                setCreated({ name: topic.name, relabel: reclassify === 'started' });
                reload();
              }}
            />
            {created && (
              <p className="alert alert-success" role="status" data-testid="topic-created">
                {t(created.relabel ? 'topics.create.doneRelabel' : 'topics.create.done', { name: created.name })}
              </p>
            )}
          </section>
        )}
      </div>

      <DiscoveredTopics topics={topics.items} editable={editable} timeZone={timeZone} onTopicsChanged={reload} />
      <ModelTraining editable={editable} timeZone={timeZone} onTrained={reload} refresh={attempt} />
      <CorrectionHistory editable={editable} timeZone={timeZone} refreshKey={attempt} onUndone={reload} />
      <ReclassifyStatus editable={editable} timeZone={timeZone} refreshKey={attempt} />
    </div>
  );
}
