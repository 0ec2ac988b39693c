import { useState, type FormEvent } from 'react';
import { createWebhookEndpoint, listWebhookEndpoints, updateWebhookEndpoint, WEBHOOK_ADAPTERS, type WebhookAdapter, type WebhookEndpointInfo } from '../api';
import { useMe } from '../auth/session';
import { useI18n } from '../i18n';
import { useInsight } from '../insights/use-insight';
import { workspaceName } from '../layout/workspace-name';
import { ConfirmButton } from '../ui/confirm';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

/** Zendesk generates its own signing secret: the form asks for it (16+ characters, as the server requires). */
export const MIN_SECRET = 16;

/**
 * 웹훅 수신 주소 (admins only): where Channel Talk, Zendesk or any system sends items, with the
 * signing secret shown once when a receiver is made (the CLI's `sori webhooks create` in the browser).
 */
export function WebhooksSection() {
  const { t } = useI18n();
  const { workspace } = useMe();
  const list = useInsight(async (signal) => (await listWebhookEndpoints(signal)).endpoints, 'list');
  const endpoints = list.data ?? [];
  const [adapter, setAdapter] = useState<WebhookAdapter>('channeltalk');
  const [source, setSource] = useState('');
  const [secretInput, setSecretInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ url: string; secret: string; adapter: WebhookAdapter; rotated?: boolean } | null>(null);
  /** The receiver a switch or a new secret is being made for. */
  const [working, setWorking] = useState<number | null>(null);
  /** The receiver whose switch-off or new secret is being asked about (in the page, as for tokens). */
  const [asking, setAsking] = useState<{ id: number; what: 'disable' | 'rotate' } | null>(null);
  const isAsking = (e: WebhookEndpointInfo, what: 'disable' | 'rotate') => asking?.id === e.id && asking.what === what;

  const change = (e: WebhookEndpointInfo, what: { disabled?: boolean; rotate_secret?: true }) => {
    setAsking(null);
    setWorking(e.id);
    setError(null);
    setCreated(null);
    updateWebhookEndpoint(e.id, what)
      .then(({ endpoint, secret }) => {
        if (secret) setCreated({ url: endpoint.url, secret, adapter: endpoint.adapter, rotated: true });
        list.retry();
      })
      .catch(setError)
      .finally(() => setWorking(null));
  };

  const needsSecret = adapter === 'zendesk';
  const secretOk = !needsSecret || secretInput.trim().length >= MIN_SECRET;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!secretOk) return;
    setBusy(true);
    setError(null);
    createWebhookEndpoint({ adapter, source: source.trim() || undefined, secret: needsSecret ? secretInput.trim() : undefined })
      .then(({ endpoint, secret }) => {
        setCreated({ url: endpoint.url, secret, adapter: endpoint.adapter });
        setSource('');
        setSecretInput('');
        list.retry();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <section className="card settings-section" aria-labelledby="webhooks-title" data-testid="settings-webhooks">
      <header>
        <h2 id="webhooks-title" className="section-title">
          {t('settings.webhooks.title')}
        </h2>
        <p className="muted small">{t('settings.webhooks.hint', { workspace: workspaceName(workspace, t) })}</p>
      </header>
      {list.error !== null && <ErrorMessage error={list.error} onRetry={list.retry} compact />}
      {error !== null && <ErrorMessage error={error} testId="webhook-error" />}
      {created && (
        <div className="alert alert-success" role="status" data-testid="webhook-created">
          <div className="alert-body">
            <p className="alert-message">{t(created.rotated ? 'settings.webhooks.rotated' : 'settings.webhooks.createdOnce')}</p>
            <p className="small">
              {t(created.adapter === 'channeltalk' ? 'settings.webhooks.urlWithToken' : 'settings.webhooks.url')}:{' '}
              <code data-testid="webhook-created-url">{created.adapter === 'channeltalk' ? `${created.url}?token=${encodeURIComponent(created.secret)}` : created.url}</code>
            </p>
            <p className="small">
              {t(`settings.webhooks.secretFor.${created.adapter}`)}: <code data-testid="webhook-created-secret">{created.secret}</code>
            </p>
          </div>
        </div>
      )}
      {list.loading && endpoints.length === 0 ? (
        <Spinner showLabel />
      ) : endpoints.length === 0 ? (
        <p className="muted" data-testid="webhooks-empty">
          {t('settings.webhooks.empty')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table stack-table" data-testid="webhooks-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.webhooks.adapter')}</th>
                <th scope="col">{t('settings.webhooks.source')}</th>
                <th scope="col">{t('settings.webhooks.url')}</th>
                <th scope="col">{t('settings.webhooks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id} data-testid="webhook-row">
                  <th scope="row" data-label={t('settings.webhooks.adapter')}>
                    {t(`settings.webhooks.adapterName.${e.adapter}`)}
                    {e.disabled && <span className="badge">{t('settings.users.disabled')}</span>}
                  </th>
                  <td data-label={t('settings.webhooks.source')}>{e.source}</td>
                  <td data-label={t('settings.webhooks.url')} className="small">
                    <code>{e.url}</code>
                  </td>
                  <td data-label={t('settings.webhooks.actions')}>
                    <div className="row-actions">
                      {e.disabled ? (
                        <button
                          type="button"
                          className="button button-ghost button-small"
                          disabled={working === e.id}
                          onClick={() => change(e, { disabled: false })}
                          data-testid="webhook-toggle"
                        >
                          {t('settings.webhooks.enable')}
                        </button>
                      ) : (
                        // Switching off refuses what the integration sends from then on: asked first.
                        <ConfirmButton
                          asking={isAsking(e, 'disable')}
                          label={t('settings.webhooks.disable')}
                          confirmLabel={t('settings.webhooks.disableNow')}
                          question={t('settings.webhooks.confirmDisable', { source: e.source })}
                          disabled={working === e.id}
                          onAsk={() => setAsking({ id: e.id, what: 'disable' })}
                          onConfirm={() => change(e, { disabled: true })}
                          onCancel={() => setAsking(null)}
                          testId="webhook-toggle"
                        />
                      )}
                      {e.adapter === 'zendesk' ? (
                        <span className="muted small">{t('settings.webhooks.zendeskRotateHint')}</span>
                      ) : (
                        <ConfirmButton
                          asking={isAsking(e, 'rotate')}
                          label={t('settings.webhooks.rotate')}
                          confirmLabel={t('settings.webhooks.rotateNow')}
                          question={t('settings.webhooks.rotateConfirm')}
                          disabled={working === e.id}
                          onAsk={() => setAsking({ id: e.id, what: 'rotate' })}
                          onConfirm={() => change(e, { rotate_secret: true })}
                          onCancel={() => setAsking(null)}
                          testId="webhook-rotate"
                        />
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <form className="settings-form" onSubmit={submit} data-testid="webhook-create" noValidate>
        <h3 className="subsection-title">{t('settings.webhooks.add')}</h3>
        <div className="settings-form-grid">
          <label className="field">
            <span className="field-label">{t('settings.webhooks.adapter')}</span>
            <select className="input" value={adapter} onChange={(e) => setAdapter(e.target.value as WebhookAdapter)} data-testid="webhook-new-adapter">
              {WEBHOOK_ADAPTERS.map((a) => (
                <option key={a} value={a}>
                  {t(`settings.webhooks.adapterName.${a}`)}
                </option>
              ))}
            </select>
            <span className="muted small">{t(`settings.webhooks.adapterHint.${adapter}`)}</span>
          </label>
          <label className="field">
            <span className="field-label">{t('settings.webhooks.source')}</span>
            <input className="input" value={source} maxLength={100} placeholder={adapter} onChange={(e) => setSource(e.target.value)} data-testid="webhook-new-source" />
            <span className="muted small">{t('settings.webhooks.sourceHint')}</span>
          </label>
          {needsSecret && (
            <label className="field">
              <span className="field-label">{t('settings.webhooks.zendeskSecret')}</span>
              <input
                className="input"
                value={secretInput}
                autoComplete="off"
                onChange={(e) => setSecretInput(e.target.value)}
                aria-invalid={secretInput !== '' && !secretOk}
                data-testid="webhook-new-secret"
              />
              <span className="muted small">{t('settings.webhooks.zendeskSecretHint', { min: String(MIN_SECRET) })}</span>
            </label>
          )}
        </div>
        <div>
          <button type="submit" className="button button-primary" disabled={busy || !secretOk} data-testid="webhook-new-submit">
            {busy ? <Spinner label={t('settings.webhooks.add')} /> : t('settings.webhooks.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
