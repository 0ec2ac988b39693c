import { useEffect, useRef, useState } from 'react';
import { undoLabelCorrection, type BulkCorrectionResult, type CorrectionUndoResult } from '../api';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

type UndoState = { name: 'idle' } | { name: 'working' } | { name: 'done'; result: CorrectionUndoResult } | { name: 'error'; error: unknown };

/**
 * What a bulk correction did, said where the bar was, with 되돌리기 / Undo: the labels it changed
 * go back to what they had (POST /items/labels/undo), and the list is read again (`onUndone`).
 * Labels corrected again since stay as they are, and the note says how many.
 */
export function BulkDoneNote({ result, onClose, onUndone }: { result: BulkCorrectionResult; onClose: () => void; onUndone: () => void }) {
  const { t, intlLocale } = useI18n();
  const n = (value: number) => formatNumber(value, intlLocale);
  const [undo, setUndo] = useState<UndoState>({ name: 'idle' });
  const note = useRef<HTMLParagraphElement>(null);
  // A new correction's note starts over.
  useEffect(() => setUndo({ name: 'idle' }), [result]);
  useEffect(() => {
    if (undo.name === 'done') note.current?.focus();
  }, [undo.name]);
  const batch = result.batch_id;
  const run = () => {
    if (!batch) return;
    setUndo({ name: 'working' });
    undoLabelCorrection(batch).then(
      (done) => {
        setUndo({ name: 'done', result: done });
        onUndone();
      },
      (error) => setUndo({ name: 'error', error }),
    );
  };
  const restored = undo.name === 'done' ? undo.result.restored.type + undo.result.restored.topic + undo.result.restored.sentiment : 0;
  return (
    <div className="bulk-note" role="status" data-testid="bulk-done" aria-busy={undo.name === 'working'}>
      {undo.name === 'done' ? (
        <p className="success-text small" data-testid="bulk-undone" tabIndex={-1} ref={note}>
          {t('bulk.undone', { count: n(restored) })}
          {undo.result.kept > 0 && ` ${t('bulk.undoneKept', { count: n(undo.result.kept) })}`}
        </p>
      ) : (
        <p className="success-text small">
          {t('bulk.done', {
            matched: n(result.matched),
            type: n(result.changed.type),
            topic: n(result.changed.topic),
            sentiment: n(result.changed.sentiment),
          })}
          {result.not_found.length > 0 && ` ${t('bulk.notFound', { count: n(result.not_found.length) })}`}
        </p>
      )}
      {undo.name === 'error' && <ErrorMessage error={undo.error} testId="bulk-undo-error" />}
      {batch && (undo.name === 'idle' || undo.name === 'working' || undo.name === 'error') && (
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={run}
          disabled={undo.name === 'working'}
          title={t('bulk.undoHint')}
          data-testid="bulk-undo"
        >
          {undo.name === 'working' ? <Spinner label={t('bulk.undoing')} showLabel /> : t('bulk.undo')}
        </button>
      )}
      <button type="button" className="button button-ghost button-small" onClick={onClose} data-testid="bulk-done-close">
        {t('common.close')}
      </button>
    </div>
  );
}
