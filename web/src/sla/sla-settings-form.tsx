import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, CHANNELS, getSlaSettings, isAbortError, listItemTypes, resetSlaSettings, saveSlaSettings, WEEKDAYS, type FieldError, type ItemType, type SlaSettings, type Weekday } from '../api';
import { useMe } from '../auth/session';
import { useI18n } from '../i18n';
import { formatTargetMs } from '../insights/durations';
import { knownTimeZones } from '../format';
import { typeName } from '../labels/labels';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { policyDisplayName } from './policy-name';
import { draftToSettings, errorsFor, newPolicyId, pickChoices, renamePolicies, settingsToDraft, toggleKey, type PolicyDraft, type SlaDraft, type TargetDraft } from './sla-draft';

/** The workspace's type taxonomy (the default one until edited): the policies' type choices and names. */
interface TypeCatalog {
  status: 'loading' | 'ready' | 'error';
  types: ItemType[];
  error: unknown;
  retry: () => void;
}

function useItemTypes(): TypeCatalog {
  const [state, setState] = useState<Omit<TypeCatalog, 'retry'>>({ status: 'loading', types: [], error: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((prev) => ({ ...prev, status: 'loading', error: null }));
    listItemTypes(controller.signal)
      .then((answer) => setState({ status: 'ready', types: answer.types, error: null }))
      .catch((error) => {
        if (!isAbortError(error)) setState((prev) => ({ ...prev, status: 'error', error }));
      });
    return () => controller.abort();
  }, [attempt]);
  return { ...state, retry: () => setAttempt((n) => n + 1) };
}

/**
 * The business hours and SLA policies: a summary for everyone, an editing form for admins
 * (time zone, weekly blocks, Korean public holidays, policies), with the API's validation errors shown
 * next to the part they are about, and a reset to the defaults.
 */
export function SlaSettingsSection({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const { user } = useMe();
  const [settings, setSettings] = useState<SlaSettings | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const catalog = useItemTypes();

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    getSlaSettings(controller.signal)
      .then(setSettings)
      .catch((error) => {
        if (!isAbortError(error)) setLoadError(error);
      });
    return () => controller.abort();
  }, [attempt]);

  return (
    <section className="card" aria-labelledby="sla-settings-title" data-testid="sla-settings">
      <div className="card-header">
        <div>
          <h2 className="section-title" id="sla-settings-title">
            {t('sla.settings.title')}
          </h2>
          <p className="muted small">{t(user.role === 'admin' ? 'sla.settings.hintAdmin' : 'sla.settings.hintReadOnly')}</p>
        </div>
        {settings?.is_default && <span className="badge">{t('sla.settings.default')}</span>}
      </div>
      {loadError !== null && <ErrorMessage error={loadError} onRetry={() => setAttempt((n) => n + 1)} testId="sla-settings-error" />}
      {!settings && loadError === null && <Spinner label={t('common.loading')} />}
      {settings &&
        (user.role === 'admin' ? (
          <SlaSettingsForm
            settings={settings}
            catalog={catalog}
            onSaved={(next) => {
              setSettings(next);
              onSaved();
            }}
          />
        ) : (
          <SlaSettingsSummary settings={settings} types={catalog.types} />
        ))}
    </section>
  );
}

/** What viewers and operators see: the blocks, the holiday rule and the policies, as text (types and channels by name). */
function SlaSettingsSummary({ settings, types }: { settings: SlaSettings; types: readonly ItemType[] }) {
  const { t, label, locale } = useI18n();
  const hours = settings.businessHours;
  return (
    <div className="sla-summary" data-testid="sla-settings-summary">
      <h3 className="subsection-title">{t('sla.settings.hours')}</h3>
      <p className="muted small" data-testid="sla-time-zone-summary">
        {t('sla.settings.timeZoneSummary', { timeZone: hours.timeZone })}
      </p>
      {hours.twentyFourSeven ? (
        <p>{t('sla.settings.allDay')}</p>
      ) : (
        <ul className="plain-list">
          {hours.blocks.map((b, i) => (
            <li key={i} className="num">
              {b.days.map((d) => t(`weekday.${d}`)).join(', ')} {b.start}–{b.end}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">{t(hours.koreanPublicHolidays ? 'sla.settings.holidaysOff' : 'sla.settings.holidaysWorked')}</p>
      <h3 className="subsection-title">{t('sla.settings.policies')}</h3>
      <ul className="plain-list">
        {settings.policies.map((p) => (
          <li key={p.id} data-testid="sla-policy-summary">
            <strong>{policyDisplayName(p, locale)}</strong>
            <span className="muted small">
              {' '}
              · {(p.match.channels ?? []).map((c) => label('channel', c)).join(', ') || t('sla.settings.anyChannel')}
              {p.match.types?.length ? ` · ${p.match.types.map((key) => typeName(key, types, locale, t)).join(', ')}` : ''}
              {p.match.priorities?.length ? ` · ${t('sla.settings.priorities')} ${p.match.priorities.join(', ')}` : ''} · {t('sla.target.firstResponse')} {formatTargetMs(p.firstResponseTargetMs, locale)} ·{' '}
              {t('sla.target.resolution')} {formatTargetMs(p.resolutionTargetMs, locale)} · {t(`sla.clock.${p.calendar}`)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function FieldErrors({ errors, testId }: { errors: readonly FieldError[]; testId: string }) {
  if (errors.length === 0) return null;
  return (
    <ul className="field-error-list" role="alert" data-testid={testId}>
      {errors.map((e, i) => (
        <li key={i} className="field-error">
          {e.field && <code>{e.field}</code>} {e.message}
        </li>
      ))}
    </ul>
  );
}

function SlaSettingsForm({ settings, catalog, onSaved }: { settings: SlaSettings; catalog: TypeCatalog; onSaved: (next: SlaSettings) => void }) {
  const { t, label, locale } = useI18n();
  const { workspace } = useMe();
  const [timeZones] = useState(knownTimeZones);
  const nameOf = (p: { id: string; name: string }) => policyDisplayName(p, locale);
  const [draft, setDraft] = useState<SlaDraft>(() => settingsToDraft(settings, nameOf));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [confirmingReset, setConfirmingReset] = useState(false);

  useEffect(() => setDraft(settingsToDraft(settings, nameOf)), [settings]);
  // A language switch renames the shipped policies not edited yet; what was typed stays.
  useEffect(() => setDraft((d) => renamePolicies(d, nameOf)), [locale]);

  const fieldErrors = error instanceof ApiError ? error.errors : [];
  const blockKeys = draft.blocks.map((_, i) => `businessHours.blocks.${i}`);
  const policyKeys = draft.policies.map((_, i) => `policies.${i}`);
  const otherErrors = errorsFor(fieldErrors, '', [...blockKeys, ...policyKeys, 'businessHours.timeZone', 'businessHours.extraHolidays', 'businessHours.workedHolidays']);

  const run = (action: () => Promise<SlaSettings>) => {
    setConfirmingReset(false);
    setSaving(true);
    setError(null);
    setSaved(false);
    action()
      .then((next) => {
        setSaved(true);
        onSaved(next);
      })
      .catch(setError)
      .finally(() => setSaving(false));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() => saveSlaSettings(draftToSettings(draft, settings, workspace.timezone)));
  };

  const setBlock = (i: number, patch: Partial<SlaDraft['blocks'][number]>) =>
    setDraft((d) => ({ ...d, blocks: d.blocks.map((b, j) => (j === i ? { ...b, ...patch } : b)) }));
  const toggleDay = (i: number, day: Weekday) =>
    setDraft((d) => ({
      ...d,
      blocks: d.blocks.map((b, j) => (j !== i ? b : { ...b, days: b.days.includes(day) ? b.days.filter((x) => x !== day) : WEEKDAYS.filter((w) => w === day || b.days.includes(w)) })),
    }));
  const setPolicy = (i: number, patch: Partial<PolicyDraft>) =>
    setDraft((d) => ({ ...d, policies: d.policies.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));

  return (
    <form className="sla-form" onSubmit={submit} data-testid="sla-settings-form" noValidate>
      {error !== null && <ErrorMessage error={error} testId="sla-save-error" />}
      <FieldErrors errors={otherErrors} testId="sla-form-errors" />
      {saved && (
        <p className="alert alert-success" role="status" data-testid="sla-saved">
          {t('sla.settings.saved')}
        </p>
      )}

      <fieldset className="sla-fieldset">
        <legend className="subsection-title">{t('sla.settings.hours')}</legend>
        <label className="field">
          <span className="field-label">{t('sla.settings.timeZone')}</span>
          <input
            className="input"
            value={draft.timeZone}
            placeholder={workspace.timezone}
            list="sla-time-zones"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setDraft((d) => ({ ...d, timeZone: e.target.value }))}
            data-testid="sla-time-zone"
          />
          <datalist id="sla-time-zones">
            {timeZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <span className="muted small">{t('sla.settings.timeZoneHint', { timeZone: workspace.timezone })}</span>
        </label>
        <FieldErrors errors={errorsFor(fieldErrors, 'businessHours.timeZone')} testId="sla-time-zone-error" />
        <label className="checkbox">
          <input type="checkbox" checked={draft.twentyFourSeven} onChange={(e) => setDraft((d) => ({ ...d, twentyFourSeven: e.target.checked }))} data-testid="sla-247" />
          {t('sla.settings.allDay')}
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.koreanPublicHolidays}
            onChange={(e) => setDraft((d) => ({ ...d, koreanPublicHolidays: e.target.checked }))}
            data-testid="sla-holidays"
          />
          {t('sla.settings.holidaysToggle')}
        </label>
        <ol className="sla-blocks">
          {draft.blocks.map((block, i) => (
            <li key={i} className="sla-block" data-testid="sla-block">
              <div className="sla-days" role="group" aria-label={t('sla.settings.days')}>
                {WEEKDAYS.map((day) => (
                  <label key={day} className="day-toggle">
                    <input type="checkbox" checked={block.days.includes(day)} onChange={() => toggleDay(i, day)} data-testid={`sla-block-day-${day}`} />
                    <span>{t(`weekday.${day}`)}</span>
                  </label>
                ))}
              </div>
              <div className="sla-times">
                <label className="field field-inline-label">
                  <span className="visually-hidden">{t('sla.settings.start')}</span>
                  <input className="input num" type="time" value={block.start} onChange={(e) => setBlock(i, { start: e.target.value })} aria-label={t('sla.settings.start')} data-testid="sla-block-start" />
                </label>
                <span aria-hidden="true">–</span>
                <label className="field field-inline-label">
                  <span className="visually-hidden">{t('sla.settings.end')}</span>
                  <input className="input num" type="time" value={block.end} onChange={(e) => setBlock(i, { end: e.target.value })} aria-label={t('sla.settings.end')} data-testid="sla-block-end" />
                </label>
                <button
                  type="button"
                  className="button button-ghost button-small"
                  onClick={() => setDraft((d) => ({ ...d, blocks: d.blocks.filter((_, j) => j !== i) }))}
                  data-testid="sla-block-remove"
                >
                  {t('sla.settings.remove')}
                </button>
              </div>
              <FieldErrors errors={errorsFor(fieldErrors, blockKeys[i])} testId="sla-block-error" />
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => setDraft((d) => ({ ...d, blocks: [...d.blocks, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }] }))}
          data-testid="sla-block-add"
        >
          {t('sla.settings.addBlock')}
        </button>
        <div className="sla-holiday-lists">
          <label className="field">
            <span className="field-label">{t('sla.settings.extraHolidays')}</span>
            <textarea
              className="input"
              rows={3}
              value={draft.extraHolidays}
              placeholder={t('sla.settings.extraHolidaysPlaceholder')}
              onChange={(e) => setDraft((d) => ({ ...d, extraHolidays: e.target.value }))}
              data-testid="sla-extra-holidays"
            />
            <span className="muted small">{t('sla.settings.extraHolidaysHint')}</span>
          </label>
          <label className="field">
            <span className="field-label">{t('sla.settings.workedHolidays')}</span>
            <textarea
              className="input"
              rows={3}
              value={draft.workedHolidays}
              placeholder="2026-05-01"
              onChange={(e) => setDraft((d) => ({ ...d, workedHolidays: e.target.value }))}
              data-testid="sla-worked-holidays"
            />
            <span className="muted small">{t('sla.settings.workedHolidaysHint')}</span>
          </label>
        </div>
        <FieldErrors errors={errorsFor(fieldErrors, 'businessHours.extraHolidays').concat(errorsFor(fieldErrors, 'businessHours.workedHolidays'))} testId="sla-holiday-error" />
      </fieldset>

      <fieldset className="sla-fieldset">
        <legend className="subsection-title">{t('sla.settings.policies')}</legend>
        <p className="muted small">{t('sla.settings.policiesHintPick')}</p>
        <ol className="sla-policies">
          {draft.policies.map((policy, i) => (
            <li key={policy.id} className="sla-policy" data-testid="sla-policy">
              <label className="field sla-policy-name">
                <span className="field-label">{t('sla.settings.name')}</span>
                <input className="input" value={policy.name} onChange={(e) => setPolicy(i, { name: e.target.value })} data-testid="sla-policy-name" />
              </label>
              <KeyPicker
                title={t('sla.settings.channels')}
                anyLabel={t('sla.settings.anyChannel')}
                choices={pickChoices(CHANNELS, policy.channels)}
                picked={policy.channels}
                nameOf={(key) => label('channel', key)}
                onToggle={(key) => setPolicy(i, { channels: toggleKey(policy.channels, key) })}
                testId="sla-policy-channels"
                itemTestId="sla-policy-channel"
              />
              <KeyPicker
                title={t('sla.settings.types')}
                anyLabel={t('sla.settings.anyType')}
                choices={catalog.status === 'ready' ? pickChoices(catalog.types.filter((type) => !type.archived).map((type) => type.key), policy.types) : policy.types.map((key) => ({ key, known: true }))}
                picked={policy.types}
                nameOf={(key) => {
                  const name = typeName(key, catalog.types, locale, t);
                  return catalog.types.find((type) => type.key === key)?.archived ? t('sla.settings.archivedType', { name }) : name;
                }}
                onToggle={(key) => setPolicy(i, { types: toggleKey(policy.types, key) })}
                testId="sla-policy-types"
                itemTestId="sla-policy-type"
              >
                {catalog.status === 'loading' && <Spinner label={t('common.loading')} />}
                {catalog.status === 'error' && <ErrorMessage error={catalog.error} onRetry={catalog.retry} compact testId="sla-types-error" />}
              </KeyPicker>
              <label className="field">
                <span className="field-label">{t('sla.settings.priorities')}</span>
                <input className="input" value={policy.priorities} placeholder="urgent, high" title={t('sla.settings.prioritiesHint')} onChange={(e) => setPolicy(i, { priorities: e.target.value })} data-testid="sla-policy-priorities" />
              </label>
              <TargetField label={t('sla.target.firstResponse')} value={policy.firstResponse} onChange={(firstResponse) => setPolicy(i, { firstResponse })} testId="sla-policy-first" />
              <TargetField label={t('sla.target.resolution')} value={policy.resolution} onChange={(resolution) => setPolicy(i, { resolution })} testId="sla-policy-resolution" />
              <label className="field">
                <span className="field-label">{t('sla.settings.clock')}</span>
                <select className="input" value={policy.calendar} onChange={(e) => setPolicy(i, { calendar: e.target.value as PolicyDraft['calendar'] })} data-testid="sla-policy-clock">
                  <option value="business">{t('sla.clock.business')}</option>
                  <option value="calendar">{t('sla.clock.calendar')}</option>
                </select>
              </label>
              <button
                type="button"
                className="button button-ghost button-small sla-policy-remove"
                onClick={() => setDraft((d) => ({ ...d, policies: d.policies.filter((_, j) => j !== i) }))}
                data-testid="sla-policy-remove"
              >
                {t('sla.settings.remove')}
              </button>
              <FieldErrors errors={errorsFor(fieldErrors, policyKeys[i])} testId="sla-policy-error" />
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() =>
            setDraft((d) => ({
              ...d,
              policies: [
                ...d.policies,
                { id: newPolicyId(d.policies), name: '', channels: [], types: [], priorities: '', firstResponse: { value: '1', unit: 'h' }, resolution: { value: '', unit: 'h' }, calendar: 'business' },
              ],
            }))
          }
          data-testid="sla-policy-add"
        >
          {t('sla.settings.addPolicy')}
        </button>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving} data-testid="sla-save">
          {saving ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" className="button button-ghost" disabled={saving || confirmingReset} onClick={() => setConfirmingReset(true)} data-testid="sla-reset">
          {t('sla.settings.reset')}
        </button>
      </div>
      {/* Resetting deletes the custom hours, days off and policies: asked first, like revoking a token. */}
      {confirmingReset && (
        <div className="alert alert-info" role="alertdialog" aria-labelledby="sla-reset-question" data-testid="sla-reset-confirm">
          <p id="sla-reset-question">{t('sla.settings.resetConfirm')}</p>
          <div className="page-actions">
            <button type="button" className="button button-danger" disabled={saving} onClick={() => run(resetSlaSettings)} data-testid="sla-reset-confirm-yes">
              {t('sla.settings.resetNow')}
            </button>
            <button type="button" className="button button-ghost" onClick={() => setConfirmingReset(false)} data-testid="sla-reset-cancel">
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

/**
 * A policy's channels or types as toggles showing names (the keys are what is saved); none ticked
 * means any. A key the list does not know stays shown, ticked and marked, until it is unticked.
 */
function KeyPicker({
  title,
  anyLabel,
  choices,
  picked,
  nameOf,
  onToggle,
  testId,
  itemTestId,
  children,
}: {
  title: string;
  anyLabel: string;
  choices: { key: string; known: boolean }[];
  picked: readonly string[];
  nameOf: (key: string) => string;
  onToggle: (key: string) => void;
  testId: string;
  itemTestId: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    // Spans the policy's grid row: the toggles need the width.
    <div className="field" style={{ gridColumn: '1 / -1' }} data-testid={testId}>
      <span className="field-label" id={id}>
        {title} <span className="muted small">{picked.length === 0 ? `(${anyLabel})` : ''}</span>
      </span>
      <div className="sla-days" role="group" aria-labelledby={id}>
        {choices.map(({ key, known }) => (
          <label key={key} className="day-toggle" title={known ? key : t('sla.settings.unknownKeyHint')}>
            <input type="checkbox" checked={picked.includes(key)} onChange={() => onToggle(key)} data-testid={itemTestId} data-key={key} data-known={known} />
            <span>{known ? nameOf(key) : t('sla.settings.unknownKey', { key })}</span>
          </label>
        ))}
        {children}
      </div>
    </div>
  );
}

function TargetField({ label, value, onChange, testId }: { label: string; value: TargetDraft; onChange: (next: TargetDraft) => void; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <span className="target-input">
        <input
          className="input num"
          inputMode="decimal"
          value={value.value}
          placeholder={t('sla.settings.noTarget')}
          onChange={(e) => onChange({ ...value, value: e.target.value })}
          aria-label={label}
          data-testid={`${testId}-value`}
        />
        <select className="input" value={value.unit} onChange={(e) => onChange({ ...value, unit: e.target.value as TargetDraft['unit'] })} aria-label={t('sla.settings.unit')} data-testid={`${testId}-unit`}>
          <option value="min">{t('sla.settings.minutes')}</option>
          <option value="h">{t('sla.settings.hoursUnit')}</option>
        </select>
      </span>
    </div>
  );
}
