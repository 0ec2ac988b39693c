import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, MIN_PASSWORD, setupFirstAdmin } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { LanguageSwitch } from '../layout/language-switch';
import { Link } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { useDocumentTitle } from '../ui/use-document-title';
import { useSession } from './session';

/**
 * First run without SORI_ADMIN_EMAIL/PASSWORD: the server prints `/setup#<secret>`. The secret
 * stays in the fragment, which browsers never send, so it does not reach access logs.
 */
export function SetupPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const readSecret = () => {
    try {
      return decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
    } catch {
      return '';
    }
  };
  const [secret, setSecret] = useState(readSecret);
  // The link pasted into a tab already on /setup changes only the hash: read it again.
  useEffect(() => {
    const onHash = () => setSecret(readSecret());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  useDocumentTitle(t('setup.title'));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    setError(null);
    if (password.length < MIN_PASSWORD) return setProblem('setup.passwordTooShort');
    if (password !== confirm) return setProblem('setup.passwordMismatch');
    setProblem(null);
    setSubmitting(true);
    try {
      await setupFirstAdmin({ secret, email: email.trim(), name: name.trim() || undefined, password });
      window.history.replaceState(null, '', '/setup');
      await login(email.trim(), password); // the shell then leaves /setup for the home page
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_token') setProblem('setup.invalidLink');
      else if (err instanceof ApiError && err.code === 'conflict') setProblem('setup.adminExists');
      else setError(err);
      setSubmitting(false);
    }
  };

  return (
    <div className="login-screen">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main className="login-card" id="main" data-testid="setup-page">
        <div className="login-brand">
          <span className="brand-mark brand-mark-large" aria-hidden="true">
            S
          </span>
          <div>
            <p className="brand-name">{t('app.name')}</p>
            <p className="muted small">{t('app.tagline')}</p>
          </div>
        </div>
        <h1 className="login-title">{t('setup.title')}</h1>
        {!secret ? (
          <>
            <div className="alert alert-info" role="status" data-testid="setup-no-secret">
              {t('setup.noSecret')}
            </div>
            <Link to="/login" className="button button-secondary">
              {t('setup.goLogin')}
            </Link>
          </>
        ) : (
          <>
            <p className="muted">{t('setup.subtitle')}</p>
            {problem && (
              <div className="alert alert-error" role="alert" data-testid="setup-error">
                <p className="alert-message">{t(problem)}</p>
              </div>
            )}
            {problem === 'setup.adminExists' && (
              <Link to="/login" className="button button-secondary">
                {t('setup.goLogin')}
              </Link>
            )}
            {error !== null && <ErrorMessage error={error} testId="setup-error" />}
            <form className="form-stack" onSubmit={submit} data-testid="setup-form">
              <label className="field">
                <span className="field-label">{t('login.email')}</span>
                <input
                  className="input"
                  type="email"
                  autoComplete="username"
                  required
                  autoFocus
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  data-testid="setup-email"
                />
              </label>
              <label className="field">
                <span className="field-label">{t('setup.name')}</span>
                <input
                  className="input"
                  type="text"
                  autoComplete="name"
                  maxLength={100}
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  data-testid="setup-name"
                />
              </label>
              <label className="field">
                <span className="field-label">{t('setup.password')}</span>
                <input
                  className="input"
                  type="password"
                  autoComplete="new-password"
                  required
                  minLength={MIN_PASSWORD}
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  aria-describedby="setup-password-hint"
                  data-testid="setup-password"
                />
                <span className="muted small" id="setup-password-hint">
                  {t('setup.passwordHint')}
                </span>
              </label>
              <label className="field">
                <span className="field-label">{t('setup.passwordConfirm')}</span>
                <input
                  className="input"
                  type="password"
                  autoComplete="new-password"
                  required
                  value={confirm}
                  onChange={(e) => setConfirm(e.target.value)}
                  data-testid="setup-password-confirm"
                />
              </label>
              <button type="submit" className="button button-primary button-block" disabled={submitting} data-testid="setup-submit">
                {submitting ? t('setup.submitting') : t('setup.submit')}
              </button>
            </form>
          </>
        )}
      </main>
    </div>
  );
}
