import { useState, type FormEvent } from 'react';
import { changeOwnPassword, MIN_PASSWORD } from '../api';
import { useMe } from './session';
import { useI18n } from '../i18n';
import { ErrorMessage } from '../ui/error-message';
import { useDocumentTitle } from '../ui/use-document-title';

/**
 * 내 계정 (every signed-in user): who they are, and a password change while the server runs —
 * the current password asked again; their sessions elsewhere end, this one stays.
 */
export function AccountPage() {
  const { t, label } = useI18n();
  const { user } = useMe();
  useDocumentTitle(t('account.title'));
  const [form, setForm] = useState({ current: '', next: '', again: '' });
  const [state, setState] = useState<{ name: 'idle' } | { name: 'saving' } | { name: 'done' } | { name: 'error'; error: unknown }>({ name: 'idle' });
  const mismatch = form.again !== '' && form.again !== form.next;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch || form.next.length < MIN_PASSWORD) return;
    setState({ name: 'saving' });
    changeOwnPassword(form.current, form.next)
      .then(() => {
        setForm({ current: '', next: '', again: '' });
        setState({ name: 'done' });
      })
      .catch((error) => setState({ name: 'error', error }));
  };

  return (
    <div className="page page-narrow" data-testid="account-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('account.title')}</h1>
          <p className="page-subtitle">
            <span data-testid="account-email">{user.email}</span> · {label('role', user.role)}
          </p>
        </div>
      </header>
      <section className="card" aria-labelledby="account-password-title">
        <h2 className="section-title" id="account-password-title">
          {t('account.password.title')}
        </h2>
        <p className="hint">{t('account.password.hint', { min: MIN_PASSWORD })}</p>
        <form className="form-stack" onSubmit={submit} data-testid="account-password-form">
          <label className="field">
            <span className="field-label">{t('account.password.current')}</span>
            <input
              className="input"
              type="password"
              autoComplete="current-password"
              required
              value={form.current}
              onChange={(e) => setForm({ ...form, current: e.target.value })}
              data-testid="account-current-password"
            />
          </label>
          <label className="field">
            <span className="field-label">{t('account.password.new')}</span>
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD}
              value={form.next}
              onChange={(e) => setForm({ ...form, next: e.target.value })}
              data-testid="account-new-password"
            />
          </label>
          <label className="field">
            <span className="field-label">{t('account.password.again')}</span>
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              required
              value={form.again}
              aria-invalid={mismatch || undefined}
              onChange={(e) => setForm({ ...form, again: e.target.value })}
              data-testid="account-again-password"
            />
            {mismatch && (
              <span className="field-error" role="alert" data-testid="account-mismatch">
                {t('account.password.mismatch')}
              </span>
            )}
          </label>
          {state.name === 'error' && <ErrorMessage error={state.error} testId="account-error" />}
          {state.name === 'done' && (
            <p className="alert alert-success" role="status" data-testid="account-done">
              {t('account.password.done')}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={state.name === 'saving' || mismatch} data-testid="account-submit">
              {t('account.password.submit')}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
