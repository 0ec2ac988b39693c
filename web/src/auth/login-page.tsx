import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { LanguageSwitch } from '../layout/language-switch';
import { ErrorMessage } from '../ui/error-message';
import { useDocumentTitle } from '../ui/use-document-title';
import { useSession } from './session';

/** Email + password sign-in; the app shell redirects once the session exists. */
export function LoginPage({ notice }: { notice: 'none' | 'expired' | 'logged_out' }) {
  const { t } = useI18n();
  const { login } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle(t('login.title'));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      await login(email.trim(), password);
    } catch (err) {
      setError(err);
      setPassword('');
      setSubmitting(false);
    }
  };

  return (
    <div className="login-screen">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main className="login-card" id="main">
        <div className="login-brand">
          <span className="brand-mark brand-mark-large" aria-hidden="true">
            S
          </span>
          <div>
            <p className="brand-name">{t('app.name')}</p>
            <p className="muted small">{t('app.tagline')}</p>
          </div>
        </div>
        <h1 className="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>

        {notice === 'expired' && !error && (
          <div className="alert alert-info" role="status" data-testid="login-notice">
            {t('login.sessionExpired')}
          </div>
        )}
        {notice === 'logged_out' && !error && (
          <div className="alert alert-info" role="status" data-testid="login-notice">
            {t('login.loggedOut')}
          </div>
        )}
        {error !== null && <ErrorMessage error={error} compact testId="login-error" />}

        <form className="form-stack" onSubmit={submit} data-testid="login-form">
          <label className="field">
            <span className="field-label">{t('login.email')}</span>
            <input
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              inputMode="email"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="login-email"
            />
          </label>
          <label className="field">
            <span className="field-label">{t('login.password')}</span>
            <input
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          </label>
          <button type="submit" className="button button-primary button-block" disabled={submitting} data-testid="login-submit">
            {submitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="hint">{t('login.firstRunHint')}</p>
      </main>
    </div>
  );
}
