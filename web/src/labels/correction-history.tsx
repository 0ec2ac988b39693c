import { useEffect, useRef, useState } from 'react';
import {
  ApiError,
  isAbortError,
  listLabelCorrections,
  undoLabelCorrection,
  type CorrectionHistoryEntry,
  type CorrectionUndoResult,
} from '../api';
import { formatDateTime, formatNumber, truncate } from '../format';
import { useI18n } from '../i18n';
import { EMPTY_FILTERS, filtersToSearch } from '../items/item-filters';
import { Link } from '../router';
import { ConfirmButton } from '../ui/confirm';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { typeName } from './labels';
import { useLabelCatalog } from './use-label-catalog';

/** Corrections a page of the history holds (a section of the Topics page: 더 보기 reads on). */
const PAGE = 10;
/** Pages read at most when the list is read again down to the oldest row shown. */
const MAX_PAGES = 50;

type ListState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; rows: CorrectionHistoryEntry[]; next: string | null };

/** What 되돌리기 did on a row here: its result, or why it failed (`already`: someone took it back first). */
type RowOutcome = { result: CorrectionUndoResult } | { error: unknown; already: boolean };

/** True when batch id `a` is `b` or older (ids are increasing integers; anything else compares as not older). */
function atOrBefore(a: string, b: string): boolean {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) <= BigInt(b);
}

/**
 * The history from its newest correction, page by page, down to `oldest` (the oldest row shown, so
 * a reading after an undo keeps the pages the user opened) — one page when null. A row that a new
 * correction pushed onto the next page is not listed twice.
 */
async function readHistory(oldest: string | null, signal: AbortSignal): Promise<{ rows: CorrectionHistoryEntry[]; next: string | null }> {
  const rows: CorrectionHistoryEntry[] = [];
  const seen = new Set<string>();
  let before: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await listLabelCorrections({ before, limit: PAGE }, signal);
    for (const row of answer.corrections) {
      if (!seen.has(row.id)) {
        seen.add(row.id);
        rows.push(row);
      }
    }
    before = answer.corrections.length > 0 ? answer.next_before : null;
    if (!before || oldest === null || answer.corrections.some((row) => atOrBefore(row.id, oldest))) break;
  }
  return { rows, next: before };
}

/**
 * 라벨 수정 기록: the workspace's label corrections (one item's, or many at once from the items
 * page), newest first — when, who, what each set, how many labels and items it changed with up to
 * three of the items' texts, and whether it was taken back. Admins and operators take one back
 * with 되돌리기 (asked first): the labels it set that nobody corrected since get their earlier
 * values, and the list is read again so the row says it was undone. Item texts are customers'
 * words (attacker-controlled): text only.
 */
export function CorrectionHistory({
  editable,
  timeZone,
  refreshKey = 0,
  onUndone,
}: {
  editable: boolean;
  timeZone: string;
  /** Changes when the page read its data again: the list is read again too (down to the rows shown). */
  refreshKey?: number;
  /** After an undo (made or refused): labels moved, so what the page shows about them may have too. */
  onUndone?: () => void;
}) {
  const { t, label, locale, intlLocale } = useI18n();
  const catalog = useLabelCatalog();
  const [list, setList] = useState<ListState>({ status: 'loading' });
  /** Bumped to read the list again (after an undo, or a failed first reading). */
  const [tick, setTick] = useState(0);
  const [reading, setReading] = useState(false);
  /** A reading after the first failed: the rows shown stay, with this said above them. */
  const [refreshError, setRefreshError] = useState<unknown>(null);
  const [more, setMore] = useState<{ status: 'idle' | 'loading' } | { status: 'error'; error: unknown }>({ status: 'idle' });
  const [asking, setAsking] = useState<string | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Record<string, RowOutcome>>({});
  /** The row whose undo just finished: its note takes the focus (its button is gone). */
  const [focusNote, setFocusNote] = useState<string | null>(null);
  const notes = useRef(new Map<string, HTMLElement>());
  const oldest = useRef<string | null>(null);
  const moreController = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    moreController.current?.abort();
    setReading(true);
    readHistory(oldest.current, controller.signal)
      .then(({ rows, next }) => {
        oldest.current = rows.at(-1)?.id ?? null;
        setList({ status: 'ready', rows, next });
        setMore({ status: 'idle' });
        setRefreshError(null);
        setReading(false);
      })
      .catch((error) => {
        if (isAbortError(error)) return;
        // A later reading's failure leaves the rows where they are, saying so above them.
        setList((prev) => (prev.status === 'ready' ? prev : { status: 'error', error }));
        setRefreshError(error);
        setReading(false);
      });
    return () => controller.abort();
  }, [refreshKey, tick]);

  useEffect(() => () => moreController.current?.abort(), []);

  useEffect(() => {
    if (focusNote === null) return;
    notes.current.get(focusNote)?.focus();
    setFocusNote(null);
  }, [focusNote, outcomes]);

  const showMore = () => {
    if (list.status !== 'ready' || !list.next || more.status === 'loading') return;
    const controller = new AbortController();
    moreController.current = controller;
    setMore({ status: 'loading' });
    listLabelCorrections({ before: list.next, limit: PAGE }, controller.signal).then(
      (answer) => {
        setList((prev) => {
          if (prev.status !== 'ready') return prev;
          const have = new Set(prev.rows.map((row) => row.id));
          const rows = [...prev.rows, ...answer.corrections.filter((row) => !have.has(row.id))];
          oldest.current = rows.at(-1)?.id ?? null;
          return { status: 'ready', rows, next: answer.corrections.length > 0 ? answer.next_before : null };
        });
        setMore({ status: 'idle' });
      },
      (error) => {
        // Stopped by a new reading of the whole list (which answers for it) or by leaving the page.
        setMore(isAbortError(error) ? { status: 'idle' } : { status: 'error', error });
      },
    );
  };

  const undo = (entry: CorrectionHistoryEntry) => {
    if (working !== null) return;
    setWorking(entry.id);
    undoLabelCorrection(entry.id)
      .then(
        (result) => setOutcomes((prev) => ({ ...prev, [entry.id]: { result } })),
        (error) =>
          setOutcomes((prev) => ({
            ...prev,
            [entry.id]: { error, already: error instanceof ApiError && error.code === 'already_undone' },
          })),
      )
      .finally(() => {
        setWorking(null);
        setAsking(null);
        setFocusNote(entry.id);
        // The row's new state (taken back, by whom, when) comes from the server.
        setTick((k) => k + 1);
        onUndone?.();
      });
  };

  const n = (value: number) => formatNumber(value, intlLocale);
  const when = (iso: string) => formatDateTime(iso, intlLocale, timeZone);

  /** "문의 유형 → 버그", "토픽 → 쿠폰", "토픽 → 토픽 없음", "감정 → 부정": the labels it set, by their names. */
  const changes = (entry: CorrectionHistoryEntry) => {
    const { type, topic_id: topicId, topic_name: topicName, sentiment, clears_topic: clearsTopic } = entry.correction;
    const parts: { field: 'type' | 'topic' | 'sentiment'; value: string }[] = [];
    if (type) parts.push({ field: 'type', value: typeName(type, catalog.types, locale, t) });
    if (topicId) parts.push({ field: 'topic', value: topicName ?? t('corrections.topicGone', { id: topicId }) });
    else if (clearsTopic) parts.push({ field: 'topic', value: t('labels.noTopic') });
    if (sentiment) parts.push({ field: 'sentiment', value: label('sentiment', sentiment) });
    return parts;
  };

  // Rows wait for the type names (a key like "bug" is never shown while they load); if they cannot be read, keys it is.
  const loading = list.status === 'loading' || (list.status === 'ready' && catalog.status === 'loading');
  const rows = list.status === 'ready' && !loading ? list.rows : [];
  return (
    <section className="card topics-section" aria-labelledby="corrections-title" data-testid="correction-history">
      <header>
        <h2 id="corrections-title" className="section-title">
          {t('corrections.title')}
        </h2>
        <p className="muted small">{t('corrections.subtitle')}</p>
      </header>
      {loading && (
        <div className="center-block">
          <Spinner showLabel />
        </div>
      )}
      {list.status === 'error' && <ErrorMessage error={list.error} compact onRetry={() => setTick((k) => k + 1)} testId="corrections-error" />}
      {list.status === 'ready' && refreshError !== null && (
        <ErrorMessage error={refreshError} compact onRetry={() => setTick((k) => k + 1)} testId="corrections-refresh-error" />
      )}
      {list.status === 'ready' && !loading && rows.length === 0 && (
        <p className="muted" data-testid="corrections-empty">
          {t('corrections.empty')}
        </p>
      )}
      {rows.length > 0 && (
        <ol className={`correction-list${reading ? ' is-refreshing' : ''}`} aria-label={t('corrections.list')} aria-busy={reading} data-testid="corrections-list">
          {rows.map((entry) => {
            const outcome = outcomes[entry.id];
            // The note an undo leaves (its result, or "undone already"), focused when it appears.
            const noteRef = (el: HTMLParagraphElement | null) => {
              if (el) notes.current.set(entry.id, el);
              else notes.current.delete(entry.id);
            };
            const undoneHere = !!outcome && 'result' in outcome;
            const undone = entry.undone_at !== null || undoneHere;
            const kept = entry.changed - entry.undoable;
            const mayUndo = editable && !undone && entry.undoable > 0;
            return (
              <li key={entry.id} className="correction-row" data-testid="correction-row" data-id={entry.id} data-undone={undone ? 'true' : 'false'}>
                <div className="correction-body">
                  <p className="correction-what" data-testid="correction-what">
                    {changes(entry).map(({ field, value }, i) => (
                      <span key={field} className="correction-change" data-field={field}>
                        {i > 0 && <span className="muted" aria-hidden="true">{' · '}</span>}
                        <span className="muted">{t(`detail.${field}`)}</span> <span aria-hidden="true">→</span>{' '}
                        <strong className={field === 'sentiment' && entry.correction.sentiment ? `sentiment-text-${entry.correction.sentiment}` : undefined}>
                          {value}
                        </strong>
                      </span>
                    ))}
                    {undone && (
                      <span className="badge badge-undone" data-testid="correction-undone-badge">
                        {t('corrections.undoneBadge')}
                      </span>
                    )}
                  </p>
                  <p className="muted small" data-testid="correction-meta">
                    <time className="nowrap" dateTime={entry.created_at}>
                      {when(entry.created_at)}
                    </time>
                    {' · '}
                    <span data-testid="correction-by">{entry.created_by ?? t('corrections.unknownActor')}</span>
                    {' · '}
                    <span className="num nowrap" data-testid="correction-count">
                      {t('corrections.count', { items: n(entry.items), changed: n(entry.changed) })}
                    </span>
                  </p>
                  {entry.sample.length > 0 && (
                    <ul className="example-list correction-samples" aria-label={t('corrections.samples')}>
                      {entry.sample.map((item) => (
                        <li key={item.id} data-testid="correction-sample">
                          <Link to={`/items${filtersToSearch(EMPTY_FILTERS, { item: item.id })}`} className="example-text">
                            {truncate(item.text, 121) /* the server cuts at 120 and adds “…” */}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                  {entry.undone_at !== null && (
                    <p className="muted small" data-testid="correction-undone">
                      {t('corrections.undoneBy', {
                        who: entry.undone_by ?? t('corrections.unknownActor'),
                        when: when(entry.undone_at),
                        count: n(entry.undone_labels ?? 0),
                      })}
                    </p>
                  )}
                  {!undone && entry.undoable === 0 && entry.changed > 0 && (
                    <p className="muted small" data-testid="correction-nothing">
                      {t('corrections.nothingToUndo')}
                    </p>
                  )}
                  {!undone && entry.undoable > 0 && kept > 0 && (
                    <p className="muted small" data-testid="correction-partly">
                      {t('corrections.partlyKept', { count: n(kept) })}
                    </p>
                  )}
                  {outcome && 'result' in outcome && (
                    <p
                      className="success-text small"
                      role="status"
                      tabIndex={-1}
                      ref={noteRef}
                      data-testid="correction-undo-result"
                    >
                      {t('bulk.undone', { count: n(outcome.result.restored.type + outcome.result.restored.topic + outcome.result.restored.sentiment) })}
                      {outcome.result.kept > 0 && ` ${t('bulk.undoneKept', { count: n(outcome.result.kept) })}`}
                    </p>
                  )}
                  {outcome && 'error' in outcome && outcome.already && (
                    <p
                      className="small"
                      role="alert"
                      tabIndex={-1}
                      ref={noteRef}
                      data-testid="correction-already-undone"
                    >
                      {t('corrections.alreadyUndone')}
                    </p>
                  )}
                  {outcome && 'error' in outcome && !outcome.already && <ErrorMessage error={outcome.error} compact testId="correction-undo-error" />}
                </div>
                {mayUndo && (
                  <div className="correction-actions">
                    <ConfirmButton
                      asking={asking === entry.id}
                      label={t('corrections.undo')}
                      confirmLabel={t('corrections.undoNow')}
                      question={
                        kept > 0
                          ? `${t('corrections.question', { count: n(entry.undoable) })} ${t('corrections.questionKept', { count: n(kept) })}`
                          : t('corrections.question', { count: n(entry.undoable) })
                      }
                      disabled={working === entry.id}
                      onAsk={() => {
                        setAsking(entry.id);
                        setOutcomes((prev) => {
                          if (!prev[entry.id]) return prev;
                          const next = { ...prev };
                          delete next[entry.id];
                          return next;
                        });
                      }}
                      onConfirm={() => undo(entry)}
                      onCancel={() => setAsking(null)}
                      testId="correction-undo"
                    />
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {list.status === 'ready' && more.status === 'error' && (
        <ErrorMessage error={more.error} compact onRetry={showMore} testId="corrections-more-error" />
      )}
      {list.status === 'ready' && !loading && list.next && (
        <div>
          <button type="button" className="button button-secondary" onClick={showMore} disabled={more.status === 'loading'} data-testid="corrections-more">
            {more.status === 'loading' ? <Spinner label={t('common.loading')} showLabel /> : t('corrections.more')}
          </button>
        </div>
      )}
      {catalog.status === 'error' && <ErrorMessage error={catalog.error} compact onRetry={catalog.reload} testId="corrections-catalog-error" />}
    </section>
  );
}
