import { useEffect, useState } from 'react';
import { isAbortError, listModels, trainModel, type ModelTask, type Retraining, type TextModel, type TrainResult } from '../api';
import { useMe } from '../auth/session';
import { ModelCandidate, points } from './model-candidate';
import { formatDateTime, formatNumber } from '../format';
import { countKey, useI18n } from '../i18n';
import { formatShare } from '../insights/changes';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

const TASKS: readonly ModelTask[] = ['type', 'topic'];

/**
 * 모델 학습: the models in use for type and topic (trained on request or automatically once
 * enough corrections arrived), the corrections counted towards the next automatic retraining, and
 * (for admins and operators) a button per task that trains a new one from the corrections now; the result shows the held-out
 * accuracy when there was enough to hold out, or the server's reason when there was too little, and
 * how it compares with the model it replaced. An automatic retraining that scored worse is held
 * (ModelCandidate: its scores, what it would relabel, 적용 / 버리기 for admins), and an admin can go
 * back to the model used before.
 */
export function ModelTraining({
  editable,
  timeZone,
  onTrained,
  refresh = 0,
}: {
  editable: boolean;
  timeZone: string;
  onTrained?: () => void;
  /** Changes when something else on the page may have moved the correction counts (a promoted cluster). */
  refresh?: number;
}) {
  const { t, intlLocale } = useI18n();
  const admin = useMe().user.role === 'admin';
  const [models, setModels] = useState<{ status: 'loading' | 'ready' | 'error'; items: TextModel[]; retraining: Retraining | null; error: unknown }>({
    status: 'loading',
    items: [],
    retraining: null,
    error: null,
  });
  const [attempt, setAttempt] = useState(0);
  const [training, setTraining] = useState<ModelTask | null>(null);
  const [results, setResults] = useState<Partial<Record<ModelTask, { result: TrainResult | null; error: unknown }>>>({});

  useEffect(() => {
    const controller = new AbortController();
    listModels(controller.signal)
      .then(({ models: items, retraining }) => setModels({ status: 'ready', items, retraining, error: null }))
      .catch((error) => {
        if (!isAbortError(error)) setModels({ status: 'error', items: [], retraining: null, error });
      });
    return () => controller.abort();
  }, [attempt, refresh]);

  const train = (task: ModelTask) => {
    setTraining(task);
    trainModel(task)
      .then((result) => {
        setResults((prev) => ({ ...prev, [task]: { result, error: null } }));
        setAttempt((n) => n + 1);
        onTrained?.();
      })
      .catch((error) => setResults((prev) => ({ ...prev, [task]: { result: null, error } })))
      .finally(() => setTraining(null));
  };

  return (
    <section className="card topics-section" aria-labelledby="training-title" data-testid="model-training">
      <header>
        <h2 id="training-title" className="section-title">
          {t('training.title')}
        </h2>
        <p className="muted small">{t('training.subtitle')}</p>
      </header>
      {models.status === 'error' && <ErrorMessage error={models.error} compact onRetry={() => setAttempt((n) => n + 1)} />}
      <div className="training-grid">
        {TASKS.map((task) => {
          const current = models.items.find((model) => model.task === task && model.status === 'active');
          const outcome = results[task];
          return (
            <div key={task} className="training-task" data-testid={`training-${task}`}>
              <h3 className="subsection-title">{t(`training.task.${task}`)}</h3>
              <p className="small" data-testid={`training-${task}-current`}>
                {models.status === 'loading' ? (
                  <span className="skeleton" style={{ width: '60%' }} />
                ) : current ? (
                  <>
                    <span className="muted">{t('training.inUse')}</span> <span className="mono">{current.version}</span>
                    <span className="muted">
                      {' · '}
                      {formatDateTime(current.created_at, intlLocale, timeZone)}
                      {' · '}
                      {/* Corrections count ten times (train-workspace-model.ts): "예시 11,210건" read as more items than the workspace holds. */}
                      <span title={t('training.examplesHelp')} data-testid={`training-${task}-examples`}>
                        {t(countKey('training.exampleCount', current.examples), { count: formatNumber(current.examples, intlLocale) })}
                      </span>
                      {' · '}
                      {t(current.metrics.trigger === 'corrections' ? 'training.trigger.corrections' : 'training.trigger.manual')}
                    </span>
                  </>
                ) : (
                  <span className="muted">{t(task === 'type' ? 'training.noModelType' : 'training.noModelTopic')}</span>
                )}
              </p>
              {models.retraining && (
                <p className="muted small" data-testid={`training-${task}-pending`}>
                  {models.retraining.after_corrections > 0
                    ? t('training.pending', {
                        pending: formatNumber(models.retraining.pending[task], intlLocale),
                        after: formatNumber(models.retraining.after_corrections, intlLocale),
                      })
                    : t('training.autoOff', { pending: formatNumber(models.retraining.pending[task], intlLocale) })}
                </p>
              )}
              {models.status === 'ready' && (
                <ModelCandidate
                  task={task}
                  models={models.items}
                  admin={admin}
                  timeZone={timeZone}
                  onChanged={(changed) => {
                    // Show the decision at once from the server's answer (the model now in use, the one
                    // it replaced): the list is fetched again too, but that answer can come late while the
                    // stored items are re-classified (a walkthrough: the rolled-back model still read
                    // 사용 중 and offered the same rollback until a reload).
                    setModels((prev) => ({ ...prev, items: prev.items.map((m) => changed.find((c) => c.id === m.id) ?? m) }));
                    setResults((prev) => ({ ...prev, [task]: undefined }));
                    setAttempt((n) => n + 1);
                    onTrained?.();
                  }}
                />
              )}
              {editable && (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => train(task)}
                  disabled={training !== null}
                  data-testid={`train-${task}`}
                >
                  {training === task ? <Spinner label={t('training.training')} showLabel /> : t(`training.train.${task}`)}
                </button>
              )}
              {outcome?.result && (
                <div className="alert alert-success" role="status" data-testid={`train-${task}-result`}>
                  <div className="alert-body">
                    <p className="alert-message">{t('training.done')}</p>
                    <p className="alert-detail">
                      {outcome.result.holdout
                        ? t('training.holdout', {
                            accuracy: formatShare(outcome.result.holdout.accuracy * 100, intlLocale),
                            examples: formatNumber(outcome.result.holdout.examples, intlLocale),
                          })
                        : t('training.noHoldout')}
                    </p>
                    {outcome.result.gate && outcome.result.gate.verdict !== 'first_model' && (
                      <p className="alert-detail" data-testid={`train-${task}-compared`}>
                        {outcome.result.gate.comparison && outcome.result.gate.delta && outcome.result.gate.comparison.examples >= 20
                          ? t('modelGate.compared', {
                              examples: formatNumber(outcome.result.gate.comparison.examples, intlLocale),
                              accuracy: points(outcome.result.gate.delta.accuracy, intlLocale),
                              f1: points(outcome.result.gate.delta.macroF1, intlLocale),
                            })
                          : t('modelGate.comparedNone')}
                      </p>
                    )}
                    <p className="alert-detail">
                      {t('training.trainedOn', {
                        examples: formatNumber(outcome.result.examples, intlLocale),
                        corrections: formatNumber(outcome.result.corrections, intlLocale),
                      })}
                    </p>
                  </div>
                </div>
              )}
              {outcome && outcome.error !== null && <ErrorMessage error={outcome.error} testId={`train-${task}-error`} />}
            </div>
          );
        })}
      </div>
    </section>
  );
}
