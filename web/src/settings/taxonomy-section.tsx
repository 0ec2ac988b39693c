import { useEffect, useState, type FormEvent } from 'react';
import { listItemTypes, saveItemTypes, type ItemType } from '../api';
import { useI18n } from '../i18n';
import { useInsight } from '../insights/use-insight';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

/** As the server requires (src/server/routes/labels.ts): a lower-case key, 2–60 types. */
export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const MAX_TYPES = 60;

type Draft = Pick<ItemType, 'key' | 'name_ko' | 'name_en' | 'archived'> & { isNew: boolean };

/**
 * 유형 (admins only): the workspace's item types with their Korean and English names. A type in
 * use is archived, never deleted (its items and their history keep it); a new type is learned from
 * the corrections operators make to it (the model trains on them).
 */
export function TaxonomySection() {
  const { t } = useI18n();
  const loaded = useInsight(listItemTypes, 'list');
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [newKey, setNewKey] = useState('');
  const [newKo, setNewKo] = useState('');
  const [newEn, setNewEn] = useState('');

  useEffect(() => {
    if (loaded.data) setDrafts(loaded.data.types.map((ty) => ({ key: ty.key, name_ko: ty.name_ko, name_en: ty.name_en, archived: ty.archived, isNew: false })));
  }, [loaded.data]);

  const edit = (key: string, patch: Partial<Draft>) => {
    setSaved(false);
    setDrafts((prev) => prev?.map((d) => (d.key === key ? { ...d, ...patch } : d)) ?? prev);
  };
  const keyTaken = !!drafts?.some((d) => d.key === newKey.trim());
  const newOk = KEY_PATTERN.test(newKey.trim()) && !keyTaken && newKo.trim() !== '' && newEn.trim() !== '' && (drafts?.length ?? 0) < MAX_TYPES;
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!newOk) return;
    setSaved(false);
    setDrafts((prev) => [...(prev ?? []), { key: newKey.trim(), name_ko: newKo.trim(), name_en: newEn.trim(), archived: false, isNew: true }]);
    setNewKey('');
    setNewKo('');
    setNewEn('');
  };
  const valid = !!drafts && drafts.length >= 2 && drafts.every((d) => d.name_ko.trim() && d.name_en.trim());
  const save = () => {
    if (!drafts || !valid) return;
    setBusy(true);
    setError(null);
    saveItemTypes(drafts.map(({ key, name_ko, name_en, archived }) => ({ key, name_ko: name_ko.trim(), name_en: name_en.trim(), archived })))
      .then(() => {
        setSaved(true);
        loaded.retry();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <section className="card settings-section" aria-labelledby="taxonomy-title" data-testid="settings-taxonomy">
      <header>
        <h2 id="taxonomy-title" className="section-title">
          {t('settings.taxonomy.title')}
        </h2>
        <p className="muted small">{t('settings.taxonomy.hint')}</p>
      </header>
      {loaded.error !== null && <ErrorMessage error={loaded.error} onRetry={loaded.retry} compact />}
      {error !== null && <ErrorMessage error={error} testId="taxonomy-error" />}
      {saved && (
        <p className="alert alert-success" role="status" data-testid="taxonomy-saved">
          {t('settings.taxonomy.saved')}
        </p>
      )}
      {!drafts ? (
        <Spinner showLabel />
      ) : (
        <div className="table-wrap">
          <table className="data-table stack-table" data-testid="taxonomy-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.taxonomy.key')}</th>
                <th scope="col">{t('settings.taxonomy.nameKo')}</th>
                <th scope="col">{t('settings.taxonomy.nameEn')}</th>
                <th scope="col">{t('settings.taxonomy.archived')}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) => (
                <tr key={d.key} data-testid="taxonomy-row" data-key={d.key}>
                  <th scope="row" data-label={t('settings.taxonomy.key')}>
                    <code>{d.key}</code> {d.isNew && <span className="badge badge-ok">{t('settings.taxonomy.new')}</span>}
                  </th>
                  <td data-label={t('settings.taxonomy.nameKo')}>
                    <input className="input" value={d.name_ko} maxLength={60} aria-label={`${d.key} ${t('settings.taxonomy.nameKo')}`} onChange={(e) => edit(d.key, { name_ko: e.target.value })} />
                  </td>
                  <td data-label={t('settings.taxonomy.nameEn')}>
                    <input className="input" value={d.name_en} maxLength={60} aria-label={`${d.key} ${t('settings.taxonomy.nameEn')}`} onChange={(e) => edit(d.key, { name_en: e.target.value })} />
                  </td>
                  <td data-label={t('settings.taxonomy.archived')}>
                    <label className="checkbox">
                      <input type="checkbox" checked={d.archived} onChange={(e) => edit(d.key, { archived: e.target.checked })} data-testid="taxonomy-archived" />
                      {t('settings.taxonomy.archive')}
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {drafts && (
        <form className="settings-form" onSubmit={add} data-testid="taxonomy-add" noValidate>
          <h3 className="subsection-title">{t('settings.taxonomy.add')}</h3>
          <div className="settings-form-grid">
            <label className="field">
              <span className="field-label">{t('settings.taxonomy.key')}</span>
              <input className="input" value={newKey} maxLength={63} placeholder="partnership" aria-invalid={newKey !== '' && (!KEY_PATTERN.test(newKey.trim()) || keyTaken)} onChange={(e) => setNewKey(e.target.value)} data-testid="taxonomy-new-key" />
              <span className="muted small">{keyTaken ? t('settings.taxonomy.keyTaken') : t('settings.taxonomy.keyHint')}</span>
            </label>
            <label className="field">
              <span className="field-label">{t('settings.taxonomy.nameKo')}</span>
              <input className="input" value={newKo} maxLength={60} placeholder="제휴·입점" onChange={(e) => setNewKo(e.target.value)} data-testid="taxonomy-new-ko" />
            </label>
            <label className="field">
              <span className="field-label">{t('settings.taxonomy.nameEn')}</span>
              <input className="input" value={newEn} maxLength={60} placeholder="Partnership" onChange={(e) => setNewEn(e.target.value)} data-testid="taxonomy-new-en" />
            </label>
          </div>
          <div className="button-row">
            <button type="submit" className="button button-secondary" disabled={!newOk} data-testid="taxonomy-new-add">
              {t('settings.taxonomy.add')}
            </button>{' '}
            <button type="button" className="button button-primary" disabled={busy || !valid} onClick={save} data-testid="taxonomy-save">
              {busy ? <Spinner label={t('settings.taxonomy.save')} /> : t('settings.taxonomy.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
