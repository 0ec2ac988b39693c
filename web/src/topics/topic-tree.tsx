import { useState } from 'react';
import { updateTopic, type Topic } from '../api';
import { formatNumber } from '../format';
import { countKey, useI18n } from '../i18n';
import { describeRule, topicTree } from '../labels/labels';
import { filtersToSearch, EMPTY_FILTERS } from '../items/item-filters';
import { Link } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { TopicForm, topicFormValues } from './topic-form';

/**
 * The two-level topic tree: each topic with its rules and item count (a link to those items);
 * admins and operators can edit a topic in place or archive / restore it.
 */
export function TopicTree({ topics, editable, onChanged }: { topics: readonly Topic[]; editable: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const tree = topicTree(topics);
  if (tree.length === 0) {
    return (
      <div className="empty-state empty-state-compact" data-testid="topics-empty">
        <p className="empty-title">{t('topics.empty')}</p>
        <p className="muted">{t('topics.emptyHint')}</p>
      </div>
    );
  }
  return (
    <ul className="topic-tree" data-testid="topic-tree">
      {tree.map(({ topic, children }) => (
        <li key={topic.id} className="topic-node">
          <TopicRow topic={topic} topics={topics} hasChildren={children.length > 0} editable={editable} onChanged={onChanged} />
          {children.length > 0 && (
            <ul className="topic-children">
              {children.map((child) => (
                <li key={child.id} className="topic-node">
                  <TopicRow topic={child} topics={topics} editable={editable} onChanged={onChanged} />
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

function TopicRow({
  topic,
  topics,
  hasChildren = false,
  editable,
  onChanged,
}: {
  topic: Topic;
  /** Every topic (the edit form warns where a keyword meets another topic's). */
  topics: readonly Topic[];
  hasChildren?: boolean;
  editable: boolean;
  onChanged: () => void;
}) {
  const { t, intlLocale } = useI18n();
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const setArchived = (archived: boolean) => {
    setArchiving(true);
    setError(null);
    updateTopic(topic.id, { archived })
      .then(onChanged)
      .catch(setError)
      .finally(() => setArchiving(false));
  };

  // A parent's count (from the API) includes its subtopics, as its link to the items does.
  const count = topic.item_count ?? 0;
  return (
    <div
      className={`topic-row${topic.archived ? ' is-archived' : ''}`}
      data-testid="topic-row"
      data-topic-id={topic.id}
      data-topic-name={topic.name}
    >
      <div className="topic-row-main">
        <div className="topic-row-head">
          <Link to={`/topics/${encodeURIComponent(topic.id)}/insights`} className="topic-name" title={t('topicInsights.open', { name: topic.name })} data-testid="topic-name-text">
            {topic.name}
          </Link>
          {topic.archived && <span className="badge">{t('topics.archived')}</span>}
          <Link
            to={`/items${filtersToSearch({ ...EMPTY_FILTERS, topic: topic.id })}`}
            className="topic-count num"
            title={hasChildren ? t('topics.viewItemsWithChildren') : t('topics.viewItems')}
            data-testid="topic-count"
          >
            {t(countKey('topics.itemCount', count), { count: formatNumber(count, intlLocale) })}
          </Link>
        </div>
        {topic.description && <p className="muted small topic-description">{topic.description}</p>}
        {topic.rules.length > 0 ? (
          <ul className="badge-list topic-rules" aria-label={t('topics.rules')}>
            {topic.rules.map((rule, i) => (
              <li key={i} className={`badge badge-rule rule-${rule.kind}`} data-testid="topic-rule">
                {describeRule(rule, t)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small">{t('topics.noRules')}</p>
        )}
        {(topic.rule_problems ?? []).map((p) => (
          <p key={p.index} className="alert alert-error small" role="alert" data-testid="topic-rule-problem">
            {t('topics.ruleNotApplied', { pattern: p.pattern })} {p.problem}
          </p>
        ))}
      </div>
      {editable && !editing && (
        <div className="topic-row-actions">
          <button type="button" className="button button-ghost button-small" onClick={() => setEditing(true)} data-testid="topic-edit">
            {t('topics.edit')}
          </button>
          <button
            type="button"
            className="button button-ghost button-small"
            disabled={archiving}
            onClick={() => setArchived(!topic.archived)}
            data-testid={topic.archived ? 'topic-unarchive' : 'topic-archive'}
          >
            {topic.archived ? t('topics.unarchive') : t('topics.archive')}
          </button>
        </div>
      )}
      {error !== null && <ErrorMessage error={error} testId="topic-row-error" />}
      {editing && (
        <div className="topic-edit">
          <TopicForm
            mode="edit"
            initial={topicFormValues(topic)}
            parents={[]}
            topics={topics}
            editing={topic}
            onCancel={() => setEditing(false)}
            onSubmit={async (values) => {
              await updateTopic(topic.id, { name: values.name, description: values.description, rules: values.rules });
              setEditing(false);
              onChanged();
            }}
          />
        </div>
      )}
    </div>
  );
}
