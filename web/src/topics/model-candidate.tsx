import { useEffect, useState } from 'react';
import { approveModel, isAbortError, listItemTypes, previewModelImpact, rejectModel, rollbackModel, type ModelGate, type ModelImpact, type ModelTask, type TextModel } from '../api';
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
  const { t, intlLocale, locale } = useI18n();
  const mine = models.filter((m) => m.task === task);
  const active = mine.find((m) => m.status === 'active') ?? null;
  const candidate = mine.find((m) => m.status === 'candidate') ?? null;
  const previous = active ? (mine.find((m) => m.status === 'retired' && m.activated_at !== null && BigInt(m.id) < BigInt(active.id)) ?? null) : null;
  const [asking, setAsking] = useState<Action | null>(null);
  const [working, setWorking] = useState<Action | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Action | null>(null);
  const [impact, setImpact] = useState<{ id: string; data: ModelImpact | null; error: unknown } | null>(null);
  const types = useInsight((signal) => listItemTypes(signal), 'types');

  useEffect(() => {
    if (!candidate) return;
    const controller = new AbortController();
    setImpact({ id: candidate.id, data: null, error: null });
    previewModelImpact(candidate.id, controller.signal)
      .then((data) => setImpact({ id: candidate.id, data, error: null }))
      .catch((e) => {
        if (!isAbortError(e)) setImpact({ id: candidate.id, data: null, error: e });
      });
    return () => controller.abort();
  }, [candidate?.id]);

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
  const confirm = (action: Action, label: string, confirmLabel: string, question: string) => (
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
  const topicName = (id: string) => (id === 'none' ? t('modelGate.noTopic') : (impact?.data?.topic_names[id] ?? id));
  const moves = (data: ModelImpact) =>
    task === 'type'
      ? describeMoves(data.moves, types.data?.types ?? [], locale, t, intlLocale)
      : Object.entries(data.moves)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 5)
          .map(([move, count]) => {
            const [from = '', to = ''] = move.split('>');
            return `${topicName(from)} → ${topicName(to)} ${n(count)}`;
          })
          .join(', ');

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
            <p className="alert-detail" data-testid={`model-candidate-${task}-impact`}>
              {impact?.id !== candidate.id || (!impact.data && impact.error === null) ? (
                <span className="muted">{t('modelGate.impactLoading')}</span>
              ) : impact.data ? (
                <>
                  {t(task === 'type' ? 'modelGate.impact.type' : 'modelGate.impact.topic', { sampled: n(impact.data.sampled), changed: n(impact.data.changed) })}
                  {impact.data.changed > 0 && <>: {moves(impact.data)}</>}
                  {impact.data.eligible > impact.data.sampled && (
                    <>
                      {' · '}
                      <span data-testid={`model-candidate-${task}-estimate`}>
                        {t('modelGate.impactEstimate', { estimate: n(estimateAll(impact.data)) })}
                      </span>{' '}
                      <span className="muted">{t('modelGate.impactSample', { sampled: n(impact.data.sampled), eligible: n(impact.data.eligible) })}</span>
                    </>
                  )}
                </>
              ) : (
                <ErrorMessage error={impact.error} compact />
              )}
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
            ? confirm('rollback', t('modelGate.rollback'), t('modelGate.rollbackConfirm'), `${t('modelGate.rollbackQuestion', { when: formatDateTime(previous.created_at, intlLocale, timeZone) })} ${past}`)
            : confirm('rollback', t('modelGate.rollbackDefault'), t('modelGate.rollbackConfirm'), `${t(task === 'type' ? 'modelGate.rollbackDefaultQuestion.type' : 'modelGate.rollbackDefaultQuestion.topic')} ${past}`)}
        </div>
      )}
    </div>
  );
}
