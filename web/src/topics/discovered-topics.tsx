import { useEffect, useState, type FormEvent } from 'react';
import {
  ApiError,
  discoverTopics,
  isAbortError,
  listDiscoveredTopics,
  promoteCluster,
  suggestClusterRules,
  type DiscoveredCluster,
  type SuggestedRule,
  type Topic,
} from '../api';
import { formatDateTime, formatNumber, truncate } from '../format';
import { countKey, useI18n } from '../i18n';
import { ChangeValue, VerdictBadge } from '../insights/verdict';
import { EMPTY_FILTERS, filtersToSearch } from '../items/item-filters';
import { growthOf } from '../labels/labels';
import { Link } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

const DISCOVERY_DAYS = [7, 30, 90] as const;
const EXAMPLE_CHARS = 160;

/**
 * 발견된 토픽: clusters of recent items no topic covers, with keywords, size, week-over-week
 * growth and a few example texts. Admins and operators run discovery and promote a cluster to a
 * topic (optionally renamed), which labels its items.
 */
export function DiscoveredTopics({
  topics,
  editable,
  timeZone,
  onTopicsChanged,
}: {
  topics: readonly Topic[];
  editable: boolean;
  timeZone: string;
  onTopicsChanged: () => void;
}) {
  const { t, intlLocale } = useI18n();
  const [clusters, setClusters] = useState<{ status: 'loading' | 'ready' | 'error'; items: DiscoveredCluster[]; error: unknown }>({
    status: 'loading',
    items: [],
    error: null,
  });
  const [attempt, setAttempt] = useState(0);
  const [days, setDays] = useState<number>(30);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setClusters((prev) => ({ ...prev, status: 'loading', error: null }));
    listDiscoveredTopics(controller.signal)
      .then(({ clusters: items }) => setClusters({ status: 'ready', items, error: null }))
      .catch((error) => {
        if (!isAbortError(error)) setClusters({ status: 'error', items: [], error });
      });
    return () => controller.abort();
  }, [attempt]);

  const run = () => {
    setRunning(true);
    setRunError(null);
    setNotice(null);
    discoverTopics(days)
      .then(({ clusters: items }) => setClusters({ status: 'ready', items, error: null }))
      .catch(setRunError)
      .finally(() => setRunning(false));
  };

  const promoted = (topic: Topic, labelled: number) => {
    setNotice(t('discovered.promotedDone', { name: topic.name, count: formatNumber(labelled, intlLocale) }));
    setAttempt((n) => n + 1);
    onTopicsChanged();
  };

  const topicName = (id: string) => topics.find((topic) => topic.id === id)?.name ?? `#${id}`;
  const runAt = clusters.items[0]?.run_at;

  return (
    <section className="card topics-section" aria-labelledby="discovered-title" data-testid="discovered-topics">
      <header className="section-header">
        <div>
          <h2 id="discovered-title" className="section-title">
            {t('discovered.title')}
          </h2>
          <p className="muted small">
            {t('discovered.subtitle')}
            {runAt && <> · {t('discovered.runAt', { time: formatDateTime(runAt, intlLocale, timeZone) })}</>}
          </p>
        </div>
        {editable && (
          <div className="section-actions">
            <label className="field field-inline">
              <span className="field-label">{t('discovered.days')}</span>
              <select className="input" value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="discover-days">
                {DISCOVERY_DAYS.map((d) => (
                  <option key={d} value={d}>
                    {t('discovered.daysOption', { days: d })}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button button-primary" onClick={run} disabled={running} data-testid="discover-run">
              {running ? <Spinner label={t('discovered.running')} showLabel /> : t('discovered.run')}
            </button>
          </div>
        )}
      </header>

      {runError !== null && <ErrorMessage error={runError} testId="discover-error" />}
      {notice && (
        <p className="alert alert-success" role="status" data-testid="promote-done">
          {notice}
        </p>
      )}

      {clusters.status === 'error' && (
        <ErrorMessage error={clusters.error} onRetry={() => setAttempt((n) => n + 1)} testId="discovered-error" />
      )}
      {clusters.status === 'loading' && clusters.items.length === 0 && (
        <div className="center-block">
          <Spinner showLabel />
        </div>
      )}
      {clusters.status === 'ready' && clusters.items.length === 0 && (
        <p className="muted" data-testid="discovered-empty">
          {editable ? t('discovered.empty') : t('discovered.emptyViewer')}
        </p>
      )}
      {clusters.items.length > 0 && (
        <ul className={`cluster-list${running ? ' is-refreshing' : ''}`} aria-busy={running || clusters.status === 'loading'}>
          {clusters.items.map((cluster) => (
            <ClusterCard
              key={cluster.id}
              cluster={cluster}
              parents={topics.filter((topic) => topic.parent_id === null && !topic.archived)}
              editable={editable}
              promotedName={cluster.promoted_topic_id ? topicName(cluster.promoted_topic_id) : null}
              onPromoted={promoted}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ClusterCard({
  cluster,
  parents,
  editable,
  promotedName,
  onPromoted,
}: {
  cluster: DiscoveredCluster;
  parents: readonly Topic[];
  editable: boolean;
  promotedName: string | null;
  onPromoted: (topic: Topic, labelled: number) => void;
}) {
  const { t, intlLocale } = useI18n();
  const [promoting, setPromoting] = useState(false);
  const growth = growthOf(cluster.recent, cluster.previous);
  // Judged as the movers judge a topic (the server's verdict, false-discovery controlled across the
  // clusters): "+100%" on 2 items reads as noise, not as a rise (walkthrough s26).
  const change = cluster.change;

  return (
    <li className="cluster-card" data-testid="cluster" data-cluster-id={cluster.id} data-promoted={cluster.promoted_topic_id ? 'true' : 'false'}>
      <div className="cluster-head">
        <h3 className="cluster-name" data-testid="cluster-name">
          {cluster.name}
        </h3>
        <span className="cluster-size num" data-testid="cluster-size">
          {t(countKey('discovered.size', cluster.size), { count: formatNumber(cluster.size, intlLocale) })}
        </span>
        <span
          className="growth num"
          title={t('discovered.growthTitle', { recent: cluster.recent, previous: cluster.previous })}
          data-testid="cluster-growth"
          data-direction={growth.direction}
          data-verdict={change.verdict}
        >
          {change.change !== null ? (
            <ChangeValue change={change} kind="percent" polarity="up_bad" adjusted />
          ) : growth.direction === 'new' ? (
            <span className="muted">{t('discovered.new')}</span>
          ) : null}{' '}
          <span className="growth-counts">
            {t('discovered.growth', {
              recent: formatNumber(cluster.recent, intlLocale),
              previous: formatNumber(cluster.previous, intlLocale),
            })}
          </span>{' '}
          {!cluster.promoted_topic_id && <VerdictBadge change={change} kind="percent" polarity="up_bad" adjusted testId="cluster-verdict" />}
        </span>
      </div>
      <ul className="badge-list" aria-label={t('discovered.keywords')}>
        {cluster.keywords.map((keyword) => (
          <li key={keyword} className="badge badge-keyword" data-testid="cluster-keyword">
            {keyword}
          </li>
        ))}
      </ul>
      {cluster.examples.length > 0 && (
        <div className="cluster-examples">
          <span className="field-label">{t('discovered.examples')}</span>
          <ul className="example-list" data-testid="cluster-examples">
            {cluster.examples.map((item) => (
              <li key={item.id} data-testid="cluster-example">
                <Link to={`/items${filtersToSearch(EMPTY_FILTERS, { item: item.id })}`} className="example-text">
                  {truncate(item.title ? `${item.title} — ${item.text}` : item.text, EXAMPLE_CHARS)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      {cluster.promoted_topic_id ? (
        <p className="cluster-promoted small" data-testid="cluster-promoted">
          <span className="badge badge-success">{t('discovered.promoted')}</span>{' '}
          <Link to={`/items${filtersToSearch({ ...EMPTY_FILTERS, topic: cluster.promoted_topic_id })}`}>{promotedName}</Link>
        </p>
      ) : (
        editable &&
        (promoting ? (
          <PromoteForm
            cluster={cluster}
            parents={parents}
            onCancel={() => setPromoting(false)}
            onDone={(topic, labelled) => {
              setPromoting(false);
              onPromoted(topic, labelled);
            }}
          />
        ) : (
          <div>
            <button type="button" className="button button-secondary button-small" onClick={() => setPromoting(true)} data-testid="cluster-promote">
              {t('discovered.promote')}
            </button>
          </div>
        ))
      )}
    </li>
  );
}

function PromoteForm({
  cluster,
  parents,
  onCancel,
  onDone,
}: {
  cluster: DiscoveredCluster;
  parents: readonly Topic[];
  onCancel: () => void;
  onDone: (topic: Topic, labelled: number) => void;
}) {
  const { t, intlLocale } = useI18n();
  const [name, setName] = useState(cluster.name);
  const [parentId, setParentId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The cluster's keywords as rules, the specific ones ticked: without rules the new topic would
  // label no new item until the topic model is trained again (walkthrough s26).
  const [suggested, setSuggested] = useState<{ status: 'loading' | 'ready' | 'error'; rules: SuggestedRule[] }>({ status: 'loading', rules: [] });
  const [kept, setKept] = useState<Set<string>>(new Set());
  const [extra, setExtra] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    suggestClusterRules(cluster.id, controller.signal)
      .then(({ rules }) => {
        setSuggested({ status: 'ready', rules });
        setKept(new Set(rules.filter((r) => r.recommended).map((r) => r.pattern)));
      })
      .catch((err) => {
        if (!isAbortError(err)) setSuggested({ status: 'error', rules: [] });
      });
    return () => controller.abort();
  }, [cluster.id]);

  const toggle = (pattern: string) =>
    setKept((prev) => {
      const next = new Set(prev);
      if (next.has(pattern)) next.delete(pattern);
      else next.add(pattern);
      return next;
    });
  const extraKeywords = extra
    .split(/[,\n]/)
    .map((k) => k.trim())
    .filter(Boolean);
  const rules = [...new Set([...suggested.rules.map((r) => r.pattern).filter((p) => kept.has(p)), ...extraKeywords])].map((pattern) => ({ kind: 'keyword' as const, pattern }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    promoteCluster(cluster.id, { name: name.trim() || undefined, parent_id: parentId || null, rules })
      .then(({ topic, labelled }) => onDone(topic, labelled))
      .catch((err) => {
        setError(err);
        setBusy(false);
      });
  };

  return (
    <form className="promote-form" onSubmit={submit} data-testid="promote-form">
      <label className="field">
        <span className="field-label">{t('discovered.promoteName')}</span>
        <input className="input" type="text" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="promote-name" />
      </label>
      <label className="field">
        <span className="field-label">{t('topics.field.parent')}</span>
        <select className="input" value={parentId} onChange={(e) => setParentId(e.target.value)} data-testid="promote-parent">
          <option value="">{t('topics.field.noParent')}</option>
          {parents.map((parent) => (
            <option key={parent.id} value={parent.id}>
              {parent.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="field" data-testid="promote-rules" aria-busy={suggested.status === 'loading'}>
        <legend className="field-label">{t('discovered.rules')}</legend>
        <p className="muted small">{t('discovered.rulesHelp')}</p>
        {suggested.status === 'loading' && <Spinner />}
        {suggested.status === 'error' && <p className="muted small">{t('discovered.rulesUnavailable')}</p>}
        {suggested.rules.map((rule) => (
          <label key={rule.pattern} className="checkbox small" data-testid="promote-rule" data-pattern={rule.pattern} data-recommended={rule.recommended ? 'true' : 'false'}>
            <input type="checkbox" checked={kept.has(rule.pattern)} onChange={() => toggle(rule.pattern)} data-testid="promote-rule-check" />{' '}
            <span className="mono">{rule.pattern}</span>{' '}
            <span className="muted">
              {t('discovered.ruleMatches', { members: formatNumber(rule.members, intlLocale), matches: formatNumber(rule.matches, intlLocale) })}
              {!rule.recommended && <> · {t('discovered.ruleTooBroad')}</>}
            </span>
          </label>
        ))}
        <label className="field">
          <span className="field-label">{t('discovered.rulesExtra')}</span>
          <input className="input" type="text" value={extra} maxLength={400} onChange={(e) => setExtra(e.target.value)} placeholder={t('discovered.rulesExtraPlaceholder')} data-testid="promote-rules-extra" />
        </label>
        {rules.length === 0 && suggested.status !== 'loading' && (
          <p className="muted small" data-testid="promote-no-rules">
            {t('discovered.noRules')}
          </p>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={busy || suggested.status === 'loading'} data-testid="promote-submit">
          {busy ? <Spinner label={t('discovered.promoting')} showLabel /> : t('discovered.promoteConfirm')}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
      {error !== null &&
        (error instanceof ApiError && error.status === 409 && error.code === 'conflict' && !/promoted/.test(error.detail ?? '') ? (
          <p className="alert alert-error" role="alert" data-testid="promote-error">
            {t('topics.nameTaken', { name: name.trim() || cluster.name })}
          </p>
        ) : (
          <ErrorMessage error={error} testId="promote-error" />
        ))}
    </form>
  );
}
