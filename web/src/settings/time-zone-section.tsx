import { useState, type FormEvent } from 'react';
import { ApiError, backupUrl, changeWorkspaceTimeZone, type TimeZoneChange } from '../api';
import { useMe, useSession } from '../auth/session';
import { knownTimeZones, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { workspaceName } from '../layout/workspace-name';
import { ErrorMessage } from '../ui/error-message';

/**
 * 워크스페이스 시간대 (admins only): the zone whose local days every count, range and export uses.
 * Changing it recounts every daily rollup on the new days and rebuilds the search index (the
 * server does it in one go, `PUT /settings/timezone`), so it asks first.
 */
export function TimeZoneSection() {
  const { t, intlLocale } = useI18n();
  const { workspace } = useMe();
  const session = useSession();
  const [zone, setZone] = useState(workspace.timezone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The zone the server refused, named in the user's language beside its own reason. */
  const [refused, setRefused] = useState<string | null>(null);
  const [done, setDone] = useState<TimeZoneChange | null>(null);
  const [zones] = useState(knownTimeZones);

  const [confirming, setConfirming] = useState(false);
  const next = zone.trim();
  // First the question, in the page (the app opens no browser dialogs), then the change.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!next || next === workspace.timezone) return;
    setDone(null);
    setConfirming(true);
  };
  const change = () => {
    setConfirming(false);
    setBusy(true);
    setError(null);
    setRefused(null);
    changeWorkspaceTimeZone(next)
      .then(async (result) => {
        setDone(result);
        await session.refresh(); // the workspace, its zone with it, is read again
      })
      .catch((e: unknown) => {
        setError(e);
        if (e instanceof ApiError && e.code === 'validation_failed') setRefused(next);
      })
      .finally(() => setBusy(false));
  };

  return (
    <section className="card settings-section" aria-labelledby="time-zone-title" data-testid="settings-time-zone">
      <header>
        <h2 id="time-zone-title" className="section-title">
          {t('settings.timeZone.title')}
        </h2>
        <p className="muted small">{t('settings.timeZone.hint', { workspace: workspaceName(workspace, t) })}</p>
      </header>
      {error !== null && <ErrorMessage error={error} testId="time-zone-error" />}
      {error !== null && refused && (
        <p className="muted small" data-testid="time-zone-error-hint">
          {t('settings.timeZone.notAZone', { zone: refused })}
        </p>
      )}
      {done && (
        <div className="alert alert-success" role="status" data-testid="time-zone-changed">
          {t('settings.timeZone.changed', { from: done.from, to: done.to, items: formatNumber(done.items, intlLocale) })}
        </div>
      )}
      {confirming && (
        <div className="alert alert-info" role="alertdialog" aria-labelledby="time-zone-confirm" data-testid="time-zone-confirm">
          <p id="time-zone-confirm">{t('settings.timeZone.confirm', { from: workspace.timezone, to: next })}</p>
          <div className="page-actions">
            <button type="button" className="button" onClick={change} data-testid="time-zone-confirm-yes">
              {t('settings.timeZone.save')}
            </button>
            <button type="button" className="button button-ghost" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      <form className="settings-form" onSubmit={submit} data-testid="time-zone-form" noValidate>
        <label className="field">
          <span className="field-label">{t('settings.timeZone.label')}</span>
          <input
            className="input"
            value={zone}
            list="workspace-time-zones"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setZone(e.target.value)}
            data-testid="time-zone-input"
          />
          <datalist id="workspace-time-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
        <button type="submit" className="button" disabled={busy || !next || next === workspace.timezone} data-testid="time-zone-save">
          {t('settings.timeZone.save')}
        </button>
      </form>
    </section>
  );
}

/**
 * 백업 (admins only): downloads the workspace as the file `sori backup` writes, while the server
 * runs (on the embedded database the command cannot open the folder then); `sori restore` reads it.
 */
export function BackupSection() {
  const { t } = useI18n();
  const { workspace } = useMe();
  return (
    <section className="card settings-section" aria-labelledby="backup-title" data-testid="settings-backup">
      <header>
        <h2 id="backup-title" className="section-title">
          {t('settings.backup.title')}
        </h2>
        <p className="muted small">{t('settings.backup.hint', { workspace: workspaceName(workspace, t) })}</p>
      </header>
      <a className="button" href={backupUrl()} download data-testid="backup-download">
        {t('settings.backup.download')}
      </a>
    </section>
  );
}
