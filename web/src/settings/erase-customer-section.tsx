import { useState, type FormEvent } from 'react';
import { eraseCustomer, type CustomerErasure } from '../api';
import { useMe } from '../auth/session';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { workspaceName } from '../layout/workspace-name';
import { onEscape, useQuestionFocus } from '../ui/confirm';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

type Step =
  | { step: 'idle' }
  | { step: 'counting' }
  | { step: 'asking'; id: string; found: CustomerErasure }
  | { step: 'erasing'; id: string; found: CustomerErasure }
  | { step: 'done'; result: CustomerErasure };

/**
 * 고객 데이터 삭제 (admins): a customer's deletion request (개인정보 삭제 요청). The admin types the id
 * the source knows the customer by (a member number, as it arrives in customer_id); 찾기 counts
 * that customer's items (the server matches the pseudonym it stores, never the raw id), and the
 * second press erases exactly that many, with their label corrections and the rejected import
 * rows that name them. A different number by then erases nothing (count_changed) and is said.
 */
export function EraseCustomerSection() {
  const { t, intlLocale } = useI18n();
  const { workspace } = useMe();
  const [customerId, setCustomerId] = useState('');
  const [state, setState] = useState<Step>({ step: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const { answerRef: confirmRef, resultRef: doneRef, buttonRef: findRef, takeBack } = useQuestionFocus<HTMLParagraphElement>(state.step);
  const n = (value: number) => formatNumber(value, intlLocale);


  const find = (event: FormEvent) => {
    event.preventDefault();
    const id = customerId.trim();
    if (!id) return;
    setError(null);
    setState({ step: 'counting' });
    eraseCustomer(id, { dryRun: true }).then(
      (found) => setState({ step: 'asking', id, found }),
      (e) => {
        setError(e);
        setState({ step: 'idle' });
      },
    );
  };
  const erase = (id: string, found: CustomerErasure) => {
    setError(null);
    setState({ step: 'erasing', id, found });
    eraseCustomer(id, { dryRun: false, expectedCount: found.matched }).then(
      (result) => {
        setState({ step: 'done', result });
        setCustomerId('');
      },
      (e) => {
        setError(e);
        takeBack();
        setState({ step: 'idle' });
      },
    );
  };
  const cancel = () => {
    takeBack();
    setState({ step: 'idle' });
  };
  const escape = onEscape(cancel);
  const question = state.step === 'asking' || state.step === 'erasing' ? state : null;

  return (
    <section className="card settings-section" aria-labelledby="erase-customer-title" data-testid="settings-erase-customer">
      <header>
        <h2 id="erase-customer-title" className="section-title">
          {t('settings.erase.title')}
        </h2>
        <p className="muted small">{t('settings.erase.hint', { workspace: workspaceName(workspace, t) })}</p>
      </header>
      <form className="settings-form erase-customer-form" onSubmit={find}>
        <label className="field">
          <span className="field-label">{t('settings.erase.customerId')}</span>
          <input
            className="input"
            value={customerId}
            onChange={(e) => {
              setCustomerId(e.target.value);
              if (state.step !== 'erasing') setState({ step: 'idle' });
            }}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            disabled={state.step === 'erasing'}
            data-testid="erase-customer-id"
          />
        </label>
        <button type="submit" className="button" ref={findRef} disabled={!customerId.trim() || state.step === 'counting' || state.step === 'erasing'} data-testid="erase-customer-find">
          {state.step === 'counting' ? <Spinner label={t('common.loading')} showLabel /> : t('settings.erase.find')}
        </button>
      </form>
      {question !== null && question.found.matched === 0 && (
        <p className="small" role="status" data-testid="erase-customer-none">
          {t('settings.erase.none')}
        </p>
      )}
      {question !== null && question.found.matched > 0 && (
        <div className="erase-customer-question">
          <p className="small confirm-question" role="alert" data-testid="erase-customer-question">
            {t('settings.erase.question', { count: n(question.found.matched), ref: question.found.customer_ref })}
            {question.found.corrected > 0 && ` ${t('settings.erase.corrected', { count: n(question.found.corrected) })}`}
            {` ${t('settings.erase.final')}`}
          </p>
          <button
            type="button"
            className="button button-danger button-small"
            ref={confirmRef}
            onClick={() => erase(question.id, question.found)}
            onKeyDown={escape}
            disabled={state.step === 'erasing'}
            data-testid="erase-customer-confirm"
          >
            {state.step === 'erasing' ? <Spinner label={t('common.saving')} showLabel /> : t('settings.erase.confirm', { count: n(question.found.matched) })}
          </button>{' '}
          <button type="button" className="button button-ghost button-small" onClick={cancel} onKeyDown={escape} disabled={state.step === 'erasing'} data-testid="erase-customer-cancel">
            {t('common.cancel')}
          </button>
        </div>
      )}
      {state.step === 'done' && (
        <p className="small" role="status" tabIndex={-1} ref={doneRef} data-testid="erase-customer-done">
          {t('settings.erase.done', { count: n(state.result.deleted), ref: state.result.customer_ref })}
          {state.result.rejects_deleted > 0 && ` ${t('settings.erase.rejects', { count: n(state.result.rejects_deleted) })}`}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} testId="erase-customer-error" />}
    </section>
  );
}
