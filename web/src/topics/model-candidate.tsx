import { useEffect, useState, type ReactNode } from 'react';
import { approveModel, isAbortError, listItemTypes, previewModelImpact, previewRollbackImpact, rejectModel, rollbackModel, type ItemType, type ModelGate, type ModelImpact, type ModelTask, type TextModel } from '../api';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { describeMoves } from '../labels/labels';
import { useInsight } from '../insights/use-insight';
import { ConfirmButton } from '../ui/confirm';
import { ErrorMessage } from '../ui/error-message';

/** A score to one decimal: a 1-point gate needs to be seen (84.6% against 85.9%). */
const score = (fraction: number, intlLocale: string) => new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
/** Points, signed: "-1.3". */
export const points = (value: number, intlLocale: string) => new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value);

/** The gate's record on a stored model (metrics.gate, labels/model-gate.ts). */
export const gateOf = (model: TextModel): Pick<ModelGate, 'verdict' | 'comparison' | 'delta'> | null =>
  (model.metrics.gate as Pick<ModelGate, 'verdict' | 'comparison' | 'delta'> | undefined) ?? null;

type Action = 'approve' | 'reject' | 'rollback';

/**
 * The preview counts a sample (the newest items nobody corrected); the run relabels every eligible
 * item, so the sample's share is scaled to all of them (a walkthrough: 51 of a 2,000 sample, 215 of
 * 10,800 in the real run). An estimate, labelled so.
 */
export const estimateAll = (data: Pick<ModelImpact, 'changed' | 'sampled' | 'eligible'>): number =>
  data.sampled > 0 ? Math.round((data.changed * data.eligible) / data.sampled) : 0;

/** A preview's answer for one subject (a candidate's id, or the model a rollback leaves): loading while both are null. */
interface LoadedImpact {
  key: string;
  data: ModelImpact | null;
  error: unknown;
}

/** Loads a preview while `key` is set (a new key loads again; null drops it), aborting the one before. */
function useImpact(key: string | null, load: (signal: AbortSignal) => Promise<ModelImpact>): LoadedImpact | null {
  const [impact, setImpact] = useState<LoadedImpact | null>(null);
  useEffect(() => {
    if (key === null) {
      setImpact(null);
      return;
    }
    const controller = new AbortController();
    setImpact({ key, data: null, error: null });
    load(controller.signal)
      .then((data) => setImpact({ key, data, error: null }))
      .catch((e) => {
        if (!isAbortError(e)) setImpact({ key, data: null, error: e });
      });
    return () => controller.abort();
  }, [key]);
  return impact?.key === key ? impact : null;
}

/**
 * What a decision would relabel, as the server counted it without writing (labels/preview-model-impact.ts):
 * how many of the sampled newest items change, the largest from→to moves by type or topic name, the
 * sample against every eligible item with the estimate over all, and that corrections never move.
 * The held candidate's card and the rollback's question both show it.
 */
function ImpactSummary({ task, impact, decision, types, testId }: { task: ModelTask; impact: LoadedImpact | null; decision: 'approve' | 'rollback'; types: readonly ItemType[]; testId: string }) {
  const { t, intlLocale, locale } = useI18n();
  const n = (x: number) => formatNumber(x, intlLocale);
  // Said whatever the preview's state: the questions do not repeat it.
  const corrections = (
    <span className="muted" data-testid={`${testId}-corrections`}>
      {t('modelGate.correctionsStay')}
    </span>
  );
  if (!impact || (!impact.data && impact.error === null)) {
    return (
      <span data-testid={testId}>
        <span className="muted">{t('modelGate.impactLoading')}</span> {corrections}
      </span>
    );
  }
  if (!impact.data) {
    return (
      <span data-testid={testId}>
        <ErrorMessage error={impact.error} compact /> {corrections}
      </span>
    );
  }
  const data = impact.data;
  const topicName = (id: string) => (id === 'none' ? t('modelGate.noTopic') : (data.topic_names[id] ?? id));
  const moves =
    task === 'type'
      ? describeMoves(data.moves, types, locale, t, intlLocale)
      : Object.entries(data.moves)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 5)
          .map(([move, count]) => {
            const [from = '', to = ''] = move.split('>');
            return `${topicName(from)} → ${topicName(to)} ${n(count)}`;
          })
          .join(', ');
  const counted = decision === 'approve' ? (task === 'type' ? 'modelGate.impact.type' : 'modelGate.impact.topic') : task === 'type' ? 'modelGate.rollbackImpact.type' : 'modelGate.rollbackImpact.topic';
  return (
    <span data-testid={testId}>
      {t(counted, { sampled: n(data.sampled), changed: n(data.changed) })}
      {data.changed > 0 && <span data-testid={`${testId}-moves`}>: {moves}</span>}
      {data.eligible > data.sampled && (
        <>
          {' · '}
          <span data-testid={`${testId}-estimate`}>{t('modelGate.impactEstimate', { estimate: n(estimateAll(data)) })}</span>{' '}
          <span className="muted">{t('modelGate.impactSample', { sampled: n(data.sampled), eligible: n(data.eligible) })}</span>
        </>
      )}
      {'. '}
      {corrections}
    </span>
  );
}

/**
 * A task's model decisions (labels/model-gate.ts): a retraining held as a candidate — why, both
 * models' scores on the same held-out items, and what it would relabel (a sample of the newest
 * items, counted by the server without writing) — with 적용 / 버리기 for admins; and 이전 모델로
 * 되돌리기 when a model was in use before this one (기본 모델로 되돌리기 from a first model: the shipped type
 * model, or topic rules alone).
 */
export function ModelCandidate({
  task,
  models,
  admin,
  timeZone,
  onChanged,
}: {
  task: ModelTask;
  /** This workspace's models, newest first. */
  models: readonly TextModel[];
  admin: boolean;
  timeZone: string;
  /** After a decision, with the models the server's answer says changed (now in use, retired, discarded). */
  onChanged: (changed: readonly TextModel[]) => void;
}) {
  const { t, intlLocale } = useI18n();
  const mine = models.filter((m) => m.task === task);
  const active = mine.find((m) => m.status === 'active') ?? null;
  const candidate = mine.find((m) => m.status === 'candidate') ?? null;
  const previous = active ? (mine.find((m) => m.status === 'retired' && m.activated_at !== null && BigInt(m.id) < BigInt(active.id)) ?? null) : null;
  const [asking, setAsking] = useState<Action | null>(null);
  const [working, setWorking] = useState<Action | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Action | null>(null);
  const types = useInsight((signal) => listItemTypes(signal), 'types');
  const impact = useImpact(candidate?.id ?? null, (signal) => previewModelImpact(candidate!.id, signal));
  // What going back would relabel, counted when an admin asks to go back (from the model in use now).
  const rollbackImpact = useImpact(asking === 'rollback' && active ? active.id : null, (signal) => previewRollbackImpact(task, signal));

  const run = (action: Action) => {
    setWorking(action);
    setError(null);
    const call: Promise<{ model: TextModel | null; replaced?: TextModel | null }> =
      action === 'approve' ? approveModel(candidate!.id) : action === 'reject' ? rejectModel(candidate!.id) : rollbackModel(task);
    call
      .then(({ model, replaced }) => {
        setDone(action);
        onChanged([model, replaced].filter((m): m is TextModel => m != null));
      })
      .catch(setError)
      .finally(() => {
        setWorking(null);
        setAsking(null);
      });
  };
  const confirm = (action: Action, label: string, confirmLabel: string, question: ReactNode) => (
    <ConfirmButton
      asking={asking === action}
      label={label}
      confirmLabel={confirmLabel}
      question={question}
      onAsk={() => setAsking(action)}
      onConfirm={() => run(action)}
      onCancel={() => setAsking(null)}
      disabled={working !== null}
      working={working === action}
      testId={`model-${action}-${task}`}
    />
  );

  const n = (x: number) => formatNumber(x, intlLocale);
  /** Relabelling rewrites history: past type (topic) counts, SLA policies matching types, movers, the Overview's split. */
  const past = t(task === 'type' ? 'modelGate.past.type' : 'modelGate.past.topic');
  const gate = candidate ? gateOf(candidate) : null;
  const typeList = types.data?.types ?? [];
  const rollbackQuestion = (question: string) => (
    <>
      <ImpactSummary task={task} impact={rollbackImpact} decision="rollback" types={typeList} testId={`model-rollback-${task}-impact`} />{' '}
      {question} {past}
    </>
  );

  return (
    <div className="model-gate" data-testid={`model-gate-${task}`}>
      {done && (
        <p className="alert alert-success small" role="status" data-testid={`model-gate-${task}-done`}>
          {t(done === 'approve' ? 'modelGate.approved' : done === 'reject' ? 'modelGate.rejected' : 'modelGate.rolledBack')}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} testId={`model-gate-${task}-error`} />}
      {candidate && (
        <div className="alert alert-warning" role="status" data-testid={`model-candidate-${task}`}>
          <div className="alert-body">
            <p className="alert-message">
              {t('modelGate.heldTitle')} <span className="mono">{candidate.version}</span>
              <span className="muted"> · {formatDateTime(candidate.created_at, intlLocale, timeZone)}</span>
            </p>
            <p className="alert-detail">
              {t(
                candidate.hold_reason === 'first_model'
                  ? 'modelGate.held.first_model'
                  : candidate.hold_reason !== 'no_comparison'
                    ? 'modelGate.held.worse'
                    : gate?.comparison?.basis === 'model_in_use'
                      ? 'modelGate.held.no_probe'
                      : 'modelGate.held.no_comparison',
              )}
            </p>
            {gate?.comparison && (
              <p className="alert-detail" data-testid={`model-candidate-${task}-scores`}>
                {t('modelGate.scores', {
                  examples: n(gate.comparison.examples),
                  newAccuracy: score(gate.comparison.candidate.accuracy, intlLocale),
                  newF1: score(gate.comparison.candidate.macroF1, intlLocale),
                  oldAccuracy: score(gate.comparison.current.accuracy, intlLocale),
                  oldF1: score(gate.comparison.current.macroF1, intlLocale),
                })}
                {gate.comparison.basis === 'model_in_use' && <span className="muted"> {t('modelGate.basisInUse')}</span>}
              </p>
            )}
            <p className="alert-detail">
              <ImpactSummary task={task} impact={impact} decision="approve" types={typeList} testId={`model-candidate-${task}-impact`} />
            </p>
            <p className="alert-detail muted" data-testid={`model-candidate-${task}-past`}>
              {past}
            </p>
            {admin ? (
              <div className="model-gate-actions" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
                {confirm('approve', t('modelGate.approve'), t('modelGate.approveConfirm'), `${t('modelGate.approveQuestion')} ${past}`)}
                {confirm('reject', t('modelGate.reject'), t('modelGate.rejectConfirm'), t('modelGate.rejectQuestion'))}
              </div>
            ) : (
              <p className="muted small">{t('modelGate.adminOnly')}</p>
            )}
          </div>
        </div>
      )}
      {admin && active && (
        <div className="model-gate-actions" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          {previous
            ? confirm('rollback', t('modelGate.rollback'), t('modelGate.rollbackConfirm'), rollbackQuestion(t('modelGate.rollbackQuestion', { when: formatDateTime(previous.created_at, intlLocale, timeZone) })))
            : confirm('rollback', t('modelGate.rollbackDefault'), t('modelGate.rollbackConfirm'), rollbackQuestion(t(task === 'type' ? 'modelGate.rollbackDefaultQuestion.type' : 'modelGate.rollbackDefaultQuestion.topic')))}
        </div>
      )}
    </div>
  );
}
