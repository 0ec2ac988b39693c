import { useState, type FormEvent } from 'react';
import { canEdit, useMe } from '../auth/session';
import { useI18n } from '../i18n';
import { eventDays } from '../insights/chart-options';
import { ConfirmButton } from '../ui/confirm';
import { DisclosurePanel } from '../ui/disclosure-panel';
import { ErrorMessage } from '../ui/error-message';
import { EVENT_KIND_COLORS } from './event-kinds';
import { createEvent, deleteEvent, EVENT_KINDS, EVENT_NOTE_MAX, EVENT_TITLE_MAX, replaceEvent, type ChartEvent, type EventDraft, type EventKind } from './events-api';
import type { EventsState } from './use-events';

/**
 * 이벤트: a button beside a page's range picker that opens the range's events (incidents,
 * releases, campaigns, policy changes) — each with 이 기간 보기, which sets the range around it —
 * and, for operators and admins, a form to add one and edit or delete each. Titles and notes are
 * users' text: shown as React text, never as HTML.
 */
export function EventsControl({ state, onFocus, testId = 'events' }: { state: EventsState; onFocus?: (event: ChartEvent) => void; testId?: string }) {
  const { t, intlLocale } = useI18n();
  const { user } = useMe();
  const editor = canEdit(user.role);
  const [open, setOpen] = useState(false);
  /** The event being edited, 'new' for the add form, null for none. */
  const [editing, setEditing] = useState<ChartEvent | 'new' | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);

  const remove = (event: ChartEvent) => {
    setDeleting(true);
    setDeleteError(null);
    deleteEvent(event.id)
      .then(() => {
        setAsking(null);
        state.reload();
      })
      .catch(setDeleteError)
      .finally(() => setDeleting(false));
  };
  const count = state.events.length;

  return (
    <DisclosurePanel
      open={open}
      onOpenChange={setOpen}
      label={count ? t('events.toggleCount', { count }) : t('events.toggle')}
      title={t('events.title')}
      hint={t('events.hint')}
      actions={
        editor &&
        editing === null && (
          <button type="button" className="button button-primary button-small" onClick={() => setEditing('new')} data-testid={`${testId}-add`}>
            {t('events.add')}
          </button>
        )
      }
      testId={testId}
    >
      {!editor && <p className="muted small">{t('events.readOnly')}</p>}
      {editing === 'new' && <EventForm onDone={() => (setEditing(null), state.reload())} onCancel={() => setEditing(null)} testId={`${testId}-form`} />}
      {state.error !== null && <ErrorMessage error={state.error} onRetry={state.reload} compact testId={`${testId}-error`} />}
      {deleteError !== null && <ErrorMessage error={deleteError} testId={`${testId}-delete-error`} />}
      {count === 0 && state.error === null ? (
        <p className="muted empty-inline">{t('events.empty')}</p>
      ) : (
        <ul className="comment-list" data-testid={`${testId}-list`}>
          {state.events.map((event) =>
            editing !== 'new' && editing?.id === event.id ? (
              <li key={event.id} className="comment">
                <EventForm event={event} onDone={() => (setEditing(null), state.reload())} onCancel={() => setEditing(null)} testId={`${testId}-form`} />
              </li>
            ) : (
              <li key={event.id} className="comment" data-testid={`${testId}-item`} data-event-id={event.id}>
                <p className="comment-meta small">
                  <span className="badge" style={{ color: '#fff', background: EVENT_KIND_COLORS[event.kind] ?? EVENT_KIND_COLORS.other }}>
                    {t(`events.kind.${event.kind}`)}
                  </span>{' '}
                  <span className="muted num">{eventDays(event, intlLocale)}</span>
                </p>
                <p className="comment-body" data-testid={`${testId}-item-title`}>
                  <strong>{event.title}</strong>
                </p>
                {event.note && <p className="comment-body small">{event.note}</p>}
                <div className="form-actions">
                  {onFocus && (
                    <button type="button" className="button button-ghost button-small" title={t('events.showHint')} onClick={() => onFocus(event)} data-testid={`${testId}-focus`}>
                      {t('events.show')}
                    </button>
                  )}
                  {editor && (
                    <>
                      <button type="button" className="button button-ghost button-small" onClick={() => setEditing(event)} data-testid={`${testId}-edit`}>
                        {t('events.edit')}
                      </button>
                      <ConfirmButton
                        asking={asking === event.id}
                        label={t('events.delete')}
                        confirmLabel={t('events.deleteConfirm')}
                        question={t('events.deleteQuestion')}
                        onAsk={() => setAsking(event.id)}
                        onConfirm={() => remove(event)}
                        onCancel={() => setAsking(null)}
                        disabled={deleting}
                        testId={`${testId}-delete`}
                      />
                    </>
                  )}
                </div>
              </li>
            ),
          )}
        </ul>
      )}
    </DisclosurePanel>
  );
}

/** Add or edit an event by its days (all day); an event kept to the minute keeps its times while its days stay. */
function EventForm({ event, onDone, onCancel, testId }: { event?: ChartEvent; onDone: () => void; onCancel: () => void; testId: string }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<EventKind>(event?.kind ?? 'incident');
  const [title, setTitle] = useState(event?.title ?? '');
  const [note, setNote] = useState(event?.note ?? '');
  const [start, setStart] = useState(event?.start_day ?? '');
  const [end, setEnd] = useState(event && event.end_day !== event.start_day ? event.end_day : '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const sameDays = event && !event.all_day && event.start_day === start && (end || start) === event.end_day;
    const draft: EventDraft = {
      kind,
      title,
      note: note.trim() ? note : null,
      starts_at: sameDays ? event.starts_at : start,
      ends_at: sameDays ? event.ends_at : end || null,
    };
    setSaving(true);
    setError(null);
    (event ? replaceEvent(event.id, draft) : createEvent(draft))
      .then(onDone)
      .catch(setError)
      .finally(() => setSaving(false));
  };

  return (
    <form className="comment-form" onSubmit={submit} data-testid={testId}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        <label className="field">
          <span className="field-label">{t('events.field.kind')}</span>
          <select className="input" value={kind} onChange={(e) => setKind(e.target.value as EventKind)} data-testid={`${testId}-kind`}>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`events.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('events.field.start')}</span>
          <input className="input" type="date" required value={start} onChange={(e) => setStart(e.target.value)} data-testid={`${testId}-start`} />
        </label>
        <label className="field">
          <span className="field-label">{t('events.field.end')}</span>
          <input className="input" type="date" min={start || undefined} value={end} onChange={(e) => setEnd(e.target.value)} data-testid={`${testId}-end`} />
        </label>
      </div>
      <label className="field">
        <span className="field-label">{t('events.field.title')}</span>
        <input
          className="input"
          required
          maxLength={EVENT_TITLE_MAX}
          value={title}
          placeholder={t('events.field.titlePlaceholder')}
          onChange={(e) => setTitle(e.target.value)}
          data-testid={`${testId}-title`}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('events.field.note')}</span>
        <textarea className="input" rows={2} maxLength={EVENT_NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} data-testid={`${testId}-note`} />
      </label>
      {error !== null && <ErrorMessage error={error} testId={`${testId}-error`} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={saving || !title.trim() || !start} data-testid={`${testId}-submit`}>
          {saving ? t('events.saving') : t('events.save')}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onCancel} data-testid={`${testId}-cancel`}>
          {t('events.cancel')}
        </button>
      </div>
    </form>
  );
}
