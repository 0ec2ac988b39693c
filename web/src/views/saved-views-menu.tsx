import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { isAbortError } from '../api';
import { canEdit, useMe } from '../auth/session';
import { useI18n } from '../i18n';
import { ConfirmButton } from '../ui/confirm';
import { DisclosurePanel } from '../ui/disclosure-panel';
import { ErrorMessage } from '../ui/error-message';
import { createSavedView, deleteSavedView, listSavedViews, SAVED_VIEW_NAME_MAX, updateSavedView, type SavedView, type SavedViewPage } from './saved-views-api';
import { activeView, normalViewQuery } from './view-query';

/**
 * 저장된 보기: a page's filters kept under a name — the user's own, or shared with the workspace
 * (operators and admins). Applying one sets the page's URL query; the name of the view the URL
 * matches is shown on the button. Names are users' text: React text only, never HTML.
 */
export function SavedViewsMenu({ page, search, onApply, testId = 'saved-views' }: { page: SavedViewPage; search: string; onApply: (query: string) => void; testId?: string }) {
  const { t } = useI18n();
  const { user, workspace } = useMe();
  const [views, setViews] = useState<SavedView[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    const abort = new AbortController();
    setLoadError(null);
    listSavedViews(page, abort.signal)
      .then((r) => setViews(r.views))
      .catch((e) => !isAbortError(e) && setLoadError(e));
    return () => abort.abort();
  }, [page, workspace.slug, generation]);

  const active = activeView(views, search);
  const run = (action: Promise<unknown>, after: () => void) => {
    setBusy(true);
    setError(null);
    action
      .then(() => (after(), reload()))
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <DisclosurePanel
      open={open}
      onOpenChange={setOpen}
      label={
        <>
          {t('views.menu')}
          {active && (
            <>
              {': '}
              <strong data-testid={`${testId}-active`}>{active.name}</strong>
            </>
          )}
        </>
      }
      title={t('views.menu')}
      hint={t('views.hint')}
      actions={
        !saving && (
          <button type="button" className="button button-primary button-small" onClick={() => setSaving(true)} data-testid={`${testId}-save-open`}>
            {t('views.saveCurrent')}
          </button>
        )
      }
      testId={testId}
    >
      {saving && (
        <ViewNameForm
          canShare={canEdit(user.role)}
          onCancel={() => setSaving(false)}
          onSubmit={(name, shared) => createSavedView({ page, name, query: normalViewQuery(search), shared }).then(() => (setSaving(false), reload()))}
          testId={`${testId}-form`}
        />
      )}
      {loadError !== null && <ErrorMessage error={loadError} onRetry={reload} compact testId={`${testId}-load-error`} />}
      {error !== null && <ErrorMessage error={error} testId={`${testId}-error`} />}
      {views.length === 0 && loadError === null ? (
        <p className="muted empty-inline">{t('views.empty')}</p>
      ) : (
        <ul className="comment-list" data-testid={`${testId}-list`}>
          {views.map((view) =>
            renaming === view.id ? (
              <li key={view.id} className="comment">
                <ViewNameForm
                  initialName={view.name}
                  onCancel={() => setRenaming(null)}
                  onSubmit={(name) => updateSavedView(view.id, { name }).then(() => (setRenaming(null), reload()))}
                  testId={`${testId}-rename`}
                />
              </li>
            ) : (
              <li key={view.id} className="comment" data-testid={`${testId}-item`} data-view-id={view.id} aria-current={active?.id === view.id ? 'true' : undefined}>
                <p className="comment-body">
                  <button
                    type="button"
                    className="button button-ghost button-small"
                    onClick={() => (onApply(view.query), setOpen(false))}
                    title={t('views.apply')}
                    data-testid={`${testId}-apply`}
                  >
                    <strong data-testid={`${testId}-name`}>{view.name}</strong>
                  </button>{' '}
                  <span className="badge">{view.shared ? t('views.shared') : t('views.private')}</span>
                  {active?.id === view.id && <span className="muted small"> · {t('views.current')}</span>}
                </p>
                {view.can_change && (
                  <div className="form-actions">
                    <button type="button" className="button button-ghost button-small" onClick={() => setRenaming(view.id)} data-testid={`${testId}-rename-open`}>
                      {t('views.rename')}
                    </button>
                    <button
                      type="button"
                      className="button button-ghost button-small"
                      disabled={busy || active?.id === view.id}
                      title={t('views.overwriteHint')}
                      onClick={() => run(updateSavedView(view.id, { query: normalViewQuery(search) }), () => undefined)}
                      data-testid={`${testId}-overwrite`}
                    >
                      {t('views.overwrite')}
                    </button>
                    <ConfirmButton
                      asking={asking === view.id}
                      label={t('views.delete')}
                      confirmLabel={t('views.deleteConfirm')}
                      question={t('views.deleteQuestion')}
                      onAsk={() => setAsking(view.id)}
                      onConfirm={() => run(deleteSavedView(view.id), () => setAsking(null))}
                      onCancel={() => setAsking(null)}
                      disabled={busy}
                      testId={`${testId}-delete`}
                    />
                  </div>
                )}
              </li>
            ),
          )}
        </ul>
      )}
    </DisclosurePanel>
  );
}

/** A view's name (and, for a new one, who sees it); the API's refusal (a name already used …) shown under it. */
function ViewNameForm({
  initialName = '',
  canShare,
  onSubmit,
  onCancel,
  testId,
}: {
  initialName?: string;
  /** Offer 팀 공유 (new views only; operators and admins). Undefined: a rename, no choice. */
  canShare?: boolean;
  onSubmit: (name: string, shared: boolean) => Promise<unknown>;
  onCancel: () => void;
  testId: string;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(initialName);
  const [shared, setShared] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    onSubmit(name.trim(), shared)
      .catch(setError)
      .finally(() => setSaving(false));
  };
  return (
    <form className="comment-form" onSubmit={submit} data-testid={testId}>
      <label className="field">
        <span className="field-label">{t('views.name')}</span>
        <input
          className="input"
          required
          maxLength={SAVED_VIEW_NAME_MAX}
          value={name}
          placeholder={t('views.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          autoFocus
          data-testid={`${testId}-name`}
        />
      </label>
      {canShare !== undefined && (
        <fieldset className="field" style={{ border: 0, padding: 0 }}>
          <legend className="field-label">{t('views.audience')}</legend>
          <label>
            <input type="radio" name={`${testId}-audience`} checked={!shared} onChange={() => setShared(false)} data-testid={`${testId}-private`} /> {t('views.private')}
          </label>{' '}
          <label title={canShare ? undefined : t('views.shareNeedsRole')}>
            <input type="radio" name={`${testId}-audience`} checked={shared} disabled={!canShare} onChange={() => setShared(true)} data-testid={`${testId}-shared`} /> {t('views.shared')}
          </label>
        </fieldset>
      )}
      {error !== null && <ErrorMessage error={error} testId={`${testId}-error`} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={saving || !name.trim()} data-testid={`${testId}-submit`}>
          {saving ? t('views.saving') : t('views.save')}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onCancel}>
          {t('views.cancel')}
        </button>
      </div>
    </form>
  );
}
