import { useEffect, useState } from 'react';
import { listItemTypes, listReclassifyRuns, startReclassify, type ReclassifyRun } from '../api';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { describeMoves } from '../labels/labels';
import { useInsight } from '../insights/use-insight';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

/**
 * 쌓인 인입 재분류: the latest re-classification of stored items (after training or a rule change),
 * polled every two seconds while one runs, and for editors a button that starts one now.
 * `refreshKey` changes when this page trained a model or saved rules, so a new run shows at once.
 */
export function ReclassifyStatus({ editable, timeZone, refreshKey }: { editable: boolean; timeZone: string; refreshKey: number }) {
  const { t, intlLocale, locale } = useI18n();
  const types = useInsight((signal) => listItemTypes(signal), 'types');
  const [poll, setPoll] = useState(0);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const runs = useInsight((signal) => listReclassifyRuns(signal), `${refreshKey}:${poll}`);
  // undefined until the first answer; null when no run has happened yet.
  const run: ReclassifyRun | null | undefined = runs.data ? (runs.data.runs[0] ?? null) : undefined;
  const error = startError ?? runs.error;

  useEffect(() => {
    if (run?.status !== 'running') return;
    const timer = setTimeout(() => setPoll((n) => n + 1), 2_000);
    return () => clearTimeout(timer);
  }, [run]);

  const start = () => {
    setStarting(true);
    setStartError(null);
    startReclassify()
      // The run begins right after the answer: look again shortly.
      .then(() => new Promise((resolve) => setTimeout(resolve, 300)))
      .then(() => setPoll((n) => n + 1))
      .catch(setStartError)
      .finally(() => setStarting(false));
  };

  const n = (x: number) => formatNumber(x, intlLocale);
  const when = (x: string | null) => (x ? formatDateTime(x, intlLocale, timeZone) : '');
  return (
    <section className="card topics-section" aria-labelledby="reclassify-title" data-testid="reclassify">
      <header>
        <h2 id="reclassify-title" className="section-title">
          {t('reclassify.title')}
        </h2>
        <p className="muted small">{t('reclassify.subtitle')}</p>
      </header>
      {error !== null && <ErrorMessage error={error} compact={startError === null} onRetry={() => (startError !== null ? setStartError(null) : runs.retry())} />}
      <p className="small" role="status" data-testid="reclassify-status">
        {run === undefined ? (
          <span className="skeleton" style={{ width: '50%' }} />
        ) : run === null ? (
          <span className="muted">{t('reclassify.none')}</span>
        ) : run.status === 'running' ? (
          <Spinner label={t('reclassify.running', { scanned: n(run.scanned), changed: n(run.changed) })} showLabel />
        ) : run.status === 'completed' ? (
          <>
            {t('reclassify.completed', { finished: when(run.finished_at), scanned: n(run.scanned), types: n(run.types_changed), topics: n(run.topics_changed) })}
            <span className="muted"> · {t(`reclassify.reason.${run.reason}`)}</span>
            {Object.keys(run.type_moves ?? {}).length > 0 && (
              <span className="reclassify-moves" data-testid="reclassify-moves">
                {' '}
                {t('reclassify.moves', { moves: describeMoves(run.type_moves, types.data?.types ?? [], locale, t, intlLocale) })}
              </span>
            )}
          </>
        ) : (
          <span style={{ color: 'var(--danger)' }}>{t('reclassify.failed', { finished: when(run.finished_at), error: run.error ?? '' })}</span>
        )}
      </p>
      {editable && (
        <div>
          <button type="button" className="button button-secondary" onClick={start} disabled={starting || run?.status === 'running'} data-testid="reclassify-start">
            {starting ? <Spinner label={t('reclassify.start')} /> : t('reclassify.start')}
          </button>
        </div>
      )}
    </section>
  );
}

