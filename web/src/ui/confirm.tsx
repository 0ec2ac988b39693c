import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n';

/**
 * A destructive action in two steps, as the token revoke does it: the first press asks (the
 * question is read out), the same button — focus stays on it — now does it; 취소 (or Escape)
 * takes it back. The parent keeps which row is asking, so only one question is open at a time.
 *
 * While the confirmed action runs (`working`; by default a question still open while the parent
 * has disabled the button, as the bulk bar does while it deletes) nothing can be taken back any
 * more: 취소 is gone rather than greyed (a disabled 취소 would still be read out as a way back that
 * no longer exists), Escape does nothing, and the answer's button — which has the focus, having
 * just been pressed — stays focusable (aria-disabled, not disabled: a disabled button drops the
 * focus to the page) and says 처리 중 with aria-busy until the parent closes the question.
 */
export function ConfirmButton({
  asking,
  label,
  confirmLabel,
  question,
  onAsk,
  onConfirm,
  onCancel,
  disabled = false,
  working: workingProp,
  testId,
}: {
  asking: boolean;
  label: ReactNode;
  confirmLabel: ReactNode;
  question: ReactNode;
  onAsk: () => void;
  onConfirm: () => void;
  onCancel: () => void;
  disabled?: boolean;
  /** The confirmed action is running (default: `asking && disabled`). */
  working?: boolean;
  /** The button's test id; the question and cancel button get `-question` and `-cancel`. */
  testId: string;
}) {
  const { t } = useI18n();
  const working = asking && (workingProp ?? disabled);
  const escape = (e: KeyboardEvent) => {
    if (asking && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (!working) onCancel();
    }
  };
  return (
    <>
      {asking && (
        <span className="small confirm-question" role="alert" data-testid={`${testId}-question`}>
          {question}{' '}
        </span>
      )}
      <button
        type="button"
        className={`button button-small ${asking ? 'button-danger' : 'button-ghost'}`}
        disabled={disabled && !working}
        aria-disabled={working || undefined}
        aria-busy={working || undefined}
        style={working ? { cursor: 'progress' } : undefined}
        onClick={working ? undefined : asking ? onConfirm : onAsk}
        onKeyDown={escape}
        data-testid={testId}
        data-working={working || undefined}
      >
        {working ? (
          // The spinner's look with the button's own text colour (the Spinner's muted label is unreadable on red).
          <span className="spinner-wrap" role="status">
            <span className="spinner" aria-hidden="true" />
            <span>{t('confirm.working')}</span>
          </span>
        ) : asking ? (
          confirmLabel
        ) : (
          label
        )}
      </button>
      {asking && !working && (
        <button type="button" className="button button-ghost button-small" onClick={onCancel} onKeyDown={escape} data-testid={`${testId}-cancel`}>
          {t('common.cancel')}
        </button>
      )}
    </>
  );
}

/** A key handler that takes a question back on Escape (and keeps the key from closing anything around it). */
export function onEscape(cancel: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    cancel();
  };
}

/**
 * Focus around a question that replaces its button (되돌리기, 찾기) in a flow of steps: on the answer
 * when `step` is 'asking', on the result when 'done', back on the button when it returns to 'idle'
 * after `takeBack()` (Escape, 취소, a refusal) — the element that had focus left the page each time.
 */
export function useQuestionFocus<R extends HTMLElement>(step: string) {
  const answerRef = useRef<HTMLButtonElement>(null);
  const resultRef = useRef<R>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const back = useRef(false);
  useEffect(() => {
    if (step === 'asking') answerRef.current?.focus();
    if (step === 'done') resultRef.current?.focus();
    if (step === 'idle' && back.current) {
      back.current = false;
      buttonRef.current?.focus();
    }
  }, [step]);
  return { answerRef, resultRef, buttonRef, takeBack: () => (back.current = true) };
}

/**
 * The question for a change already picked in a control (a role in a select): the change waits
 * until 확인; 취소 puts the control back. Focus is left where it is.
 */
export function ConfirmPrompt({
  question,
  confirmLabel,
  onConfirm,
  onCancel,
  disabled = false,
  testId,
}: {
  question: ReactNode;
  confirmLabel: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
  disabled?: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <span className="confirm-prompt" data-testid={testId}>
      <span className="small confirm-question" role="alert" data-testid={`${testId}-question`}>
        {question}
      </span>{' '}
      <button type="button" className="button button-danger button-small" disabled={disabled} onClick={onConfirm} data-testid={`${testId}-yes`}>
        {confirmLabel}
      </button>
      <button type="button" className="button button-ghost button-small" onClick={onCancel} data-testid={`${testId}-cancel`}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
