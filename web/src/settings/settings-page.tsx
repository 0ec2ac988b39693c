import { useState, type FormEvent } from 'react';
import {
  createToken,
  createUser,
  listTokens,
  listUsers,
  MIN_PASSWORD,
  revokeToken,
  TOKEN_SCOPES,
  updateUser,
  type ApiTokenInfo,
  type ManagedUser,
  type Role,
  type TokenScope,
} from '../api';
import { useMe } from '../auth/session';
import { formatDateTime, safeTimeZone } from '../format';
import { useI18n } from '../i18n';
import { useInsight } from '../insights/use-insight';
import { workspaceName } from '../layout/workspace-name';
import { ConfirmButton, ConfirmPrompt } from '../ui/confirm';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';
import { TaxonomySection } from './taxonomy-section';
import { EraseCustomerSection } from './erase-customer-section';
import { BackupSection, TimeZoneSection } from './time-zone-section';
import { WebhooksSection } from './webhooks-section';

const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];

/** A list loaded through useInsight, with a way to load it again after a change. */
function useList<T>(load: (signal: AbortSignal) => Promise<T[]>) {
  const list = useInsight(load, 'list');
  const status: 'loading' | 'ready' | 'error' = list.loading ? 'loading' : list.error !== null ? 'error' : 'ready';
  return { status, items: list.data ?? [], error: list.error, reload: list.retry };
}

/**
 * 설정 (admins only): the people who use Sori with their roles, the workspace's API tokens, its
 * webhook receivers and its inquiry types. A new token's or receiver's secret is shown once, right
 * after it is made (the server keeps only a token's hash).
 */
export function SettingsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('settings.title'));
  return (
    <div className="page" data-testid="settings-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('settings.title')}</h1>
          <p className="page-subtitle">{t('settings.subtitle')}</p>
        </div>
      </header>
      <UsersSection />
      <TokensSection />
      <WebhooksSection />
      <TaxonomySection />
      <TimeZoneSection />
      <BackupSection />
      <EraseCustomerSection />
    </div>
  );
}

function UsersSection() {
  const { t, intlLocale } = useI18n();
  const { user: me, workspace } = useMe();
  const timeZone = safeTimeZone(workspace.timezone);
  const users = useList(async (signal) => (await listUsers(signal)).users);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [form, setForm] = useState({ email: '', name: '', role: 'operator' as Role, password: '' });
  const [formError, setFormError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** The user whose password is being reset here (the admin types the new one and hands it over). */
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);
  const [resetDone, setResetDone] = useState<string | null>(null);
  /** A role picked in a row's select, waiting for 확인 (a mis-pick must not make someone admin). */
  const [pendingRole, setPendingRole] = useState<{ email: string; role: Role } | null>(null);
  /** The user whose 사용 중지 is being asked about (it signs them out at once). */
  const [askingDisable, setAskingDisable] = useState<string | null>(null);

  const submitReset = (event: FormEvent) => {
    event.preventDefault();
    if (!reset || reset.password.length < MIN_PASSWORD) return;
    setBusy(reset.email);
    setActionError(null);
    updateUser(reset.email, { password: reset.password })
      .then(() => {
        setResetDone(reset.email);
        setReset(null);
      })
      .catch(setActionError)
      .finally(() => setBusy(null));
  };

  const change = (u: ManagedUser, patch: { role?: Role; disabled?: boolean }) => {
    setPendingRole(null);
    setAskingDisable(null);
    setBusy(u.email);
    setActionError(null);
    updateUser(u.email, patch)
      .then(users.reload)
      .catch(setActionError)
      .finally(() => setBusy(null));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFormError(null);
    setCreated(null);
    createUser({ email: form.email.trim(), name: form.name.trim() || undefined, role: form.role, password: form.password })
      .then(({ user }) => {
        setCreated(user.email);
        setForm({ email: '', name: '', role: 'operator', password: '' });
        users.reload();
      })
      .catch(setFormError)
      .finally(() => setSaving(false));
  };

  return (
    <section className="card settings-section" aria-labelledby="users-title" data-testid="settings-users">
      <header>
        <h2 id="users-title" className="section-title">
          {t('settings.users.title')}
        </h2>
        <p className="muted small">{t('settings.users.hint')}</p>
      </header>
      {users.status === 'error' && <ErrorMessage error={users.error} onRetry={users.reload} compact />}
      {actionError !== null && <ErrorMessage error={actionError} testId="user-action-error" />}
      {users.status === 'loading' && users.items.length === 0 ? (
        <Spinner showLabel />
      ) : (
        <div className="table-wrap">
          <table className="data-table stack-table users-table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.users.email')}</th>
                <th scope="col">{t('settings.users.role')}</th>
                <th scope="col">{t('settings.users.lastLogin')}</th>
                <th scope="col">{t('settings.users.status')}</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((u) => {
                const self = String(u.id) === String(me.id);
                const picked = pendingRole?.email === u.email ? pendingRole.role : null;
                return (
                  <tr key={u.email} data-testid="user-row" data-email={u.email} data-disabled={u.disabled}>
                    <th scope="row" data-label={t('settings.users.email')}>
                      <span data-testid="user-email">{u.email}</span>
                      {u.name && <span className="muted small"> · {u.name}</span>}
                    </th>
                    <td data-label={t('settings.users.role')}>
                      <select
                        className="input user-role-select"
                        value={picked ?? u.role}
                        disabled={self || busy === u.email}
                        aria-label={t('settings.users.roleOf', { email: u.email })}
                        onChange={(e) => {
                          const role = e.target.value as Role;
                          setPendingRole(role === u.role ? null : { email: u.email, role });
                        }}
                        onKeyDown={(e) => {
                          if (e.key === 'Escape' && picked) {
                            e.preventDefault();
                            setPendingRole(null);
                          }
                        }}
                        data-testid="user-role-select"
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                      {picked && (
                        <ConfirmPrompt
                          question={t(picked === 'admin' ? 'settings.users.confirmAdmin' : 'settings.users.confirmRole', {
                            email: u.email,
                            from: t(`role.${u.role}`),
                            to: t(`role.${picked}`),
                          })}
                          confirmLabel={t('settings.users.changeRole')}
                          disabled={busy === u.email}
                          onConfirm={() => change(u, { role: picked })}
                          onCancel={() => setPendingRole(null)}
                          testId="user-role-confirm"
                        />
                      )}
                    </td>
                    <td data-label={t('settings.users.lastLogin')} className="small">
                      {u.last_login_at ? formatDateTime(u.last_login_at, intlLocale, timeZone) : <span className="muted">{t('settings.never')}</span>}
                    </td>
                    <td data-label={t('settings.users.status')}>
                      {/* The state as a badge, the action as a button: a "사용 중지" button beside an active user read as its state. */}
                      {u.disabled ? (
                        <span className="badge" data-testid="user-disabled">{t('settings.users.disabled')}</span>
                      ) : (
                        <span className="badge badge-ok" data-testid="user-active">{t('settings.users.active')}</span>
                      )}{' '}
                      {self ? (
                        <span className="muted small">{t('settings.users.you')}</span>
                      ) : u.disabled ? (
                        <button
                          type="button"
                          className="button button-ghost button-small"
                          disabled={busy === u.email}
                          onClick={() => change(u, { disabled: false })}
                          data-testid="user-toggle"
                        >
                          {t('settings.users.enable')}
                        </button>
                      ) : (
                        // Disabling signs them out at once: asked first, like revoking a token.
                        <ConfirmButton
                          asking={askingDisable === u.email}
                          label={t('settings.users.disable')}
                          confirmLabel={t('settings.users.disableNow')}
                          question={t('settings.users.confirmDisable', { email: u.email })}
                          disabled={busy === u.email}
                          // Its own answer closes the question at once (change()): a busy row here is another
                          // action's (a password reset saving), so the open question is never shown as working.
                          working={false}
                          onAsk={() => setAskingDisable(u.email)}
                          onConfirm={() => change(u, { disabled: true })}
                          onCancel={() => setAskingDisable(null)}
                          testId="user-toggle"
                        />
                      )}
                      {!self && (
                        <button
                          type="button"
                          className="button button-ghost button-small"
                          disabled={busy === u.email}
                          onClick={() => {
                            setResetDone(null);
                            setReset({ email: u.email, password: '' });
                          }}
                          data-testid="user-reset-password"
                        >
                          {t('settings.users.setPassword')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {resetDone && (
        <p className="alert alert-success" role="status" data-testid="user-password-set">
          {t('settings.users.passwordSet', { email: resetDone })}
        </p>
      )}
      {reset && (
        <form className="settings-form" onSubmit={submitReset} data-testid="user-reset-form">
          <label className="field">
            <span className="field-label">{t('settings.users.setPasswordFor', { email: reset.email })}</span>
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              minLength={MIN_PASSWORD}
              autoFocus
              value={reset.password}
              onChange={(e) => setReset({ ...reset, password: e.target.value })}
              data-testid="user-reset-input"
            />
            <span className="muted small">{t('settings.users.passwordHint', { min: String(MIN_PASSWORD) })}</span>
          </label>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy === reset.email || reset.password.length < MIN_PASSWORD} data-testid="user-reset-submit">
              {t('settings.users.setPassword')}
            </button>
            <button type="button" className="button button-ghost" onClick={() => setReset(null)}>
              {t('import.cancel')}
            </button>
          </div>
        </form>
      )}

      <form className="settings-form" onSubmit={submit} data-testid="user-create" noValidate>
        <h3 className="subsection-title">{t('settings.users.add')}</h3>
        {formError !== null && <ErrorMessage error={formError} testId="user-create-error" />}
        {created && (
          <p className="alert alert-success" role="status" data-testid="user-created">
            {t('settings.users.created', { email: created })}
          </p>
        )}
        <div className="settings-form-grid">
          <label className="field">
            <span className="field-label">{t('settings.users.email')}</span>
            <input className="input" type="email" autoComplete="off" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} data-testid="user-new-email" />
          </label>
          <label className="field">
            <span className="field-label">{t('settings.users.name')}</span>
            <input className="input" value={form.name} maxLength={100} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="user-new-name" />
          </label>
          <label className="field">
            <span className="field-label">{t('settings.users.role')}</span>
            <select className="input" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} data-testid="user-new-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('settings.users.password')}</span>
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              minLength={MIN_PASSWORD}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              data-testid="user-new-password"
            />
            <span className="muted small">{t('settings.users.passwordHint', { min: String(MIN_PASSWORD) })}</span>
          </label>
        </div>
        <div>
          <button type="submit" className="button button-primary" disabled={saving || !form.email.trim() || form.password.length < MIN_PASSWORD} data-testid="user-new-submit">
            {saving ? <Spinner label={t('settings.users.add')} /> : t('settings.users.add')}
          </button>
        </div>
      </form>
    </section>
  );
}

function TokensSection() {
  const { t, intlLocale } = useI18n();
  const { workspace } = useMe();
  const timeZone = safeTimeZone(workspace.timezone);
  const tokens = useList(async (signal) => (await listTokens(signal)).tokens);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['ingest']);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSecret(null);
    setCopied(false);
    createToken({ name: name.trim(), scopes })
      .then(({ token, secret: value }) => {
        setSecret({ name: token.name, value });
        setName('');
        tokens.reload();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };

  // Revoking takes two clicks on the same row: the first asks, the second does it.
  const [confirming, setConfirming] = useState<number | null>(null);
  const revoke = (token: ApiTokenInfo) => {
    if (confirming !== token.id) {
      setConfirming(token.id);
      return;
    }
    setConfirming(null);
    setError(null);
    revokeToken(token.id).then(tokens.reload).catch(setError);
  };

  const toggleScope = (scope: TokenScope) => setScopes((prev) => (prev.includes(scope) ? prev.filter((s) => s !== scope) : [...prev, scope]));
  const live = tokens.items.filter((tk) => !tk.revoked_at);
  const revoked = tokens.items.filter((tk) => tk.revoked_at);

  return (
    <section className="card settings-section" aria-labelledby="tokens-title" data-testid="settings-tokens">
      <header>
        <h2 id="tokens-title" className="section-title">
          {t('settings.tokens.title')}
        </h2>
        <p className="muted small">{t('settings.tokens.hint', { workspace: workspaceName(workspace, t) })}</p>
        <p className="muted small">{t('settings.tokens.creatorRule')}</p>
      </header>
      {tokens.status === 'error' && <ErrorMessage error={tokens.error} onRetry={tokens.reload} compact />}
      {error !== null && <ErrorMessage error={error} testId="token-error" />}
      {secret && (
        <div className="alert alert-success" role="status" data-testid="token-secret-box">
          <div className="alert-body">
            <p className="alert-message">{t('settings.tokens.secretOnce', { name: secret.name })}</p>
            <p className="token-secret">
              <code data-testid="token-secret">{secret.value}</code>{' '}
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => navigator.clipboard?.writeText(secret.value).then(() => setCopied(true), () => undefined)}
                data-testid="token-copy"
              >
                {copied ? t('settings.tokens.copied') : t('settings.tokens.copy')}
              </button>
            </p>
          </div>
        </div>
      )}
      {tokens.status === 'loading' && tokens.items.length === 0 ? (
        <Spinner showLabel />
      ) : live.length === 0 ? (
        <p className="muted" data-testid="tokens-empty">
          {t('settings.tokens.empty')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table stack-table" data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.tokens.name')}</th>
                <th scope="col">{t('settings.tokens.scopes')}</th>
                <th scope="col">{t('settings.tokens.createdBy')}</th>
                <th scope="col">{t('settings.tokens.created')}</th>
                <th scope="col">{t('settings.tokens.lastUsed')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('settings.tokens.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {live.map((tk) => (
                <tr key={tk.id} data-testid="token-row" data-token-id={tk.id}>
                  <th scope="row" data-label={t('settings.tokens.name')}>
                    <span data-testid="token-name">{tk.name}</span> <code className="muted small">{tk.token_prefix}…</code>
                  </th>
                  <td data-label={t('settings.tokens.scopes')}>
                    {tk.scopes.map((s) => (
                      <span key={s} className="badge" data-testid="token-scope">
                        {t(`settings.scope.${s}`)}
                      </span>
                    ))}
                  </td>
                  <td data-label={t('settings.tokens.createdBy')} className="small" data-testid="token-created-by">
                    {tk.created_by_email ?? <span className="muted">{t('settings.tokens.createdByCli')}</span>}
                  </td>
                  <td data-label={t('settings.tokens.created')} className="small">
                    {formatDateTime(tk.created_at, intlLocale, timeZone)}
                  </td>
                  <td data-label={t('settings.tokens.lastUsed')} className="small">
                    {tk.last_used_at ? formatDateTime(tk.last_used_at, intlLocale, timeZone) : <span className="muted">{t('settings.never')}</span>}
                  </td>
                  <td>
                    {confirming === tk.id && (
                      <span className="small" role="alert" data-testid="token-revoke-question">
                        {t('settings.tokens.confirmRevoke', { name: tk.name })}{' '}
                      </span>
                    )}
                    <button
                      type="button"
                      className={`button button-small ${confirming === tk.id ? 'button-danger' : 'button-ghost'}`}
                      onClick={() => revoke(tk)}
                      data-testid="token-revoke"
                    >
                      {confirming === tk.id ? t('settings.tokens.revokeNow') : t('settings.tokens.revoke')}
                    </button>
                    {confirming === tk.id && (
                      <button type="button" className="button button-ghost button-small" onClick={() => setConfirming(null)} data-testid="token-revoke-cancel">
                        {t('settings.tokens.cancel')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoked.length > 0 && (
        <p className="muted small" data-testid="tokens-revoked">
          {t('settings.tokens.revokedCount', { count: String(revoked.length) })}
        </p>
      )}

      <form className="settings-form" onSubmit={submit} data-testid="token-create" noValidate>
        <h3 className="subsection-title">{t('settings.tokens.add')}</h3>
        <div className="settings-form-grid">
          <label className="field">
            <span className="field-label">{t('settings.tokens.name')}</span>
            <input className="input" value={name} maxLength={100} placeholder="zendesk-webhook" onChange={(e) => setName(e.target.value)} data-testid="token-new-name" />
          </label>
          <fieldset className="field token-scopes">
            <legend className="field-label">{t('settings.tokens.scopes')}</legend>
            {TOKEN_SCOPES.map((s) => (
              <label key={s} className="checkbox">
                <input type="checkbox" checked={scopes.includes(s)} onChange={() => toggleScope(s)} data-testid={`token-new-scope-${s}`} />
                {t(`settings.scope.${s}`)} <span className="muted small">— {t(`settings.scopeHint.${s}`)}</span>
              </label>
            ))}
          </fieldset>
        </div>
        <div>
          <button type="submit" className="button button-primary" disabled={busy || !name.trim() || scopes.length === 0} data-testid="token-new-submit">
            {busy ? <Spinner label={t('settings.tokens.add')} /> : t('settings.tokens.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
