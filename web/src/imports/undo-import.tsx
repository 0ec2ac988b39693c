import { useEffect, useRef, useState } from 'react';
import { previewImportUndo, undoImport, type ImportRun, type ImportUndoPreview, type ImportUndoResult } from '../api';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { onEscape, useQuestionFocus } from '../ui/confirm';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

/** A run an admin may try to undo: it stored something, it has ended, and it is not undone yet. */
export function mayUndo(run: ImportRun): boolean {
  return !run.dry_run && run.status !== 'running' && !run.undone_at && run.inserted + run.updated > 0;
}

type Step =
  | { step: 'idle' }
  | { step: 'loading' }
  | { step: 'asking'; preview: ImportUndoPreview }
  | { step: 'undoing'; preview: ImportUndoPreview }
  | { step: 'done'; result: ImportUndoResult };

/**
 * 되돌리기 (admins) on one import run: the first press reads what the undo would do — the items
 * the run created, to be deleted (and how many of them an operator corrected), and the items it
 * only updated, which stay as they are now — and asks; the second deletes exactly that many (a
 * different number by then deletes nothing: the server's count_changed is said here, and a press
 * reads the numbers again). Escape or 취소 takes the question back, focus returning to the button.
 * `onDone` reads the list again (with the result when the undo was made: the history keeps this
 * component in the undone run's row, so its result stays said). `onOpenChange` says when a
 * question is open (from the first press until it is answered or taken back): the history, which
 * reads its list again on its own, keeps the component while it is.
 */
export function UndoImport({
  run,
  onDone,
  onOpenChange,
}: {
  run: ImportRun;
  onDone: (result: ImportUndoResult | null) => void;
  onOpenChange?: (open: boolean) => void;
}) {
  const { t, intlLocale } = useI18n();
  const [state, setState] = useState<Step>({ step: 'idle' });
  const open = state.step !== 'idle';
  const openChange = useRef(onOpenChange);
  useEffect(() => {
    openChange.current = onOpenChange;
  });
  useEffect(() => {
    openChange.current?.(open);
  }, [open]);
  const [error, setError] = useState<unknown>(null);
  const { answerRef: confirmRef, resultRef: doneRef, buttonRef, takeBack } = useQuestionFocus<HTMLSpanElement>(state.step);
  const n = (value: number) => formatNumber(value, intlLocale);

  const ask = () => {
    setError(null);
    setState({ step: 'loading' });
    previewImportUndo(run.id).then(
      (preview) => setState({ step: 'asking', preview }),
      (e) => {
        setError(e);
        setState({ step: 'idle' });
      },
    );
  };

  const undo = (preview: ImportUndoPreview) => {
    setError(null);
    setState({ step: 'undoing', preview });
    undoImport(run.id, preview.items_to_delete).then(
      (result) => {
        setState({ step: 'done', result });
        onDone(result);
      },
      (e) => {
        setError(e);
        takeBack();
        setState({ step: 'idle' });
        onDone(null);
      },
    );
  };
  const cancel = () => {
    takeBack();
    setState({ step: 'idle' });
  };
  const escape = onEscape(cancel);

  if (state.step === 'done') {
    return (
      <span className="small block" role="status" tabIndex={-1} ref={doneRef} data-testid="import-undo-done">
        {t('import.undo.done', { count: n(state.result.deleted) })}
        {state.result.updated_kept > 0 && ` ${t('import.undo.keptNote', { count: n(state.result.updated_kept) })}`}
      </span>
    );
  }
  const asking = state.step === 'asking' || state.step === 'undoing' ? state.preview : null;
  return (
    <div className="undo-import" data-testid="import-undo">
      {asking === null && (
        <button type="button" className="button button-ghost button-small" onClick={ask} disabled={state.step === 'loading'} ref={buttonRef} data-testid="import-undo-button">
          {state.step === 'loading' ? <Spinner label={t('common.loading')} /> : t('import.undo.button')}
        </button>
      )}
      {asking !== null && asking.not_undoable !== null && (
        <span className="small block" role="alert" data-testid="import-undo-refused">
          {t(`import.undo.not.${asking.not_undoable}`)}{' '}
          <button type="button" className="button button-ghost button-small" onClick={cancel} onKeyDown={escape} ref={confirmRef}>
            {t('common.close')}
          </button>
        </span>
      )}
      {asking !== null && asking.not_undoable === null && (
        <div className="undo-import-question">
          <p className="small confirm-question" role="alert" data-testid="import-undo-question">
            {asking.items_to_delete > 0 ? t('import.undo.question', { count: n(asking.items_to_delete) }) : t('import.undo.questionNone')}
            {asking.corrected > 0 && ` ${t('import.undo.corrected', { count: n(asking.corrected) })}`}
            {asking.updated_kept > 0 && ` ${t('import.undo.kept', { count: n(asking.updated_kept) })}`}
            {` ${t('import.undo.final')}`}
          </p>
          <div className="undo-import-actions">
            <button
              type="button"
              className="button button-danger button-small"
              onClick={() => undo(asking)}
              onKeyDown={escape}
              disabled={state.step === 'undoing'}
              ref={confirmRef}
              data-testid="import-undo-confirm"
            >
              {state.step === 'undoing' ? <Spinner label={t('common.saving')} showLabel /> : t('import.undo.confirm', { count: n(asking.items_to_delete) })}
            </button>
            <button type="button" className="button button-ghost button-small" onClick={cancel} onKeyDown={escape} disabled={state.step === 'undoing'} data-testid="import-undo-cancel">
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {error !== null && <ErrorMessage error={error} testId="import-undo-error" />}
    </div>
  );
}
