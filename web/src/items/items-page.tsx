import { useEffect, useMemo, useRef, useState } from 'react';
import { correctManyItemLabels, deleteItems, getItemSummary, type BulkTarget, isAbortError, itemsExportUrl, listItems, type BulkCorrectionResult, type DeleteItemsResult, type Item, type ItemSummary, type LabelCorrection } from '../api';
import { canEdit, useMe } from '../auth/session';
import { formatNumber, safeTimeZone } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { useSegments } from '../insights/segment-select';
import { useLabelCatalog } from '../labels/use-label-catalog';
import { Link, navigate, useLocation } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { CloseIcon, DownloadIcon } from '../ui/icons';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';
import { ItemDetailPanel } from './item-detail-panel';
import { ItemFilterBar } from './item-filter-bar';
import { filtersFromParams, filtersToQuery, filtersToSearch, hasActiveFilters, isReversedRange, type ItemFilters } from './item-filters';
import { BulkLabelBar, MAX_BULK_ITEMS } from './bulk-labels';
import { BulkDoneNote } from './bulk-done';
import { ItemsTable, ItemsTableSkeleton, type RowSelection } from './items-table';
import { shortcutAllowed, shortcutKey, stepIndex, type Step } from './keyboard';
import { ShortcutList } from './shortcut-help';
import { SummaryStrip } from './summary-strip';
import { SavedViewsMenu } from '../views/saved-views-menu';

const PAGE_SIZE = 50;

/** The list's query parameters by the names of their filters (a refused parameter's reason names the filter). */
const FILTER_FIELD_NAMES: Record<string, MessageKey> = {
  channel: 'filters.channel',
  kind: 'filters.kind',
  source: 'filters.source',
  q: 'filters.q',
  from: 'filters.from',
  to: 'filters.to',
  type: 'filters.type',
  topic: 'filters.topic',
  sentiment: 'filters.sentiment',
  segment: 'filters.segment',
  sla: 'filters.slaField',
  customer: 'filters.customerField',
};

interface ListState {
  status: 'loading' | 'ready' | 'error';
  items: Item[];
  nextCursor: string | null;
  error: unknown;
  more: 'idle' | 'loading' | 'error';
  moreError: unknown;
}

const INITIAL_LIST: ListState = { status: 'loading', items: [], nextCursor: null, error: null, more: 'idle', moreError: null };

/** What a keyboard move ran into: the list's first or last item, or the end of what is loaded (then the next page loads). */
type KeyNote = 'first' | 'last' | 'loading';

/**
 * 인입 목록: filters in the URL, a summary strip, the newest-first table (with type, topic and
 * sentiment badges) with "load more", and a detail panel where labels can be corrected.
 */
export function ItemsPage() {
  const { t, intlLocale, locale } = useI18n();
  const { user, workspace } = useMe();
  const timeZone = safeTimeZone(workspace.timezone);
  const location = useLocation();
  useDocumentTitle(t('items.title'));

  // Keyed on the filters' own query string so opening an item (?item=) does not refetch the list.
  const filterSearch = filtersToSearch(filtersFromParams(location.params));
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(filterSearch)), [filterSearch]);
  const query = useMemo(() => filtersToQuery(filters, timeZone), [filters, timeZone]);
  const selectedId = location.params.get('item');

  const catalog = useLabelCatalog();
  const segments = useSegments(filters.from, filters.to);
  const [attempt, setAttempt] = useState(0);
  const [list, setList] = useState<ListState>(INITIAL_LIST);
  const [summary, setSummary] = useState<{ data: ItemSummary | null; loading: boolean; error: unknown }>({
    data: null,
    loading: true,
    error: null,
  });
  const moreController = useRef<AbortController | null>(null);
  const lastPicked = useRef<number | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    moreController.current?.abort();
    // A shift-click range starts from a row of the list as it is shown: not from a row of the list before a reload.
    lastPicked.current = null;
    setList((prev) => ({ ...prev, status: 'loading', error: null, more: 'idle', moreError: null }));
    listItems({ ...query, limit: PAGE_SIZE }, controller.signal)
      .then((page) =>
        setList({ ...INITIAL_LIST, status: 'ready', items: page.items, nextCursor: page.next_cursor }),
      )
      .catch((error) => {
        if (!isAbortError(error)) setList({ ...INITIAL_LIST, status: 'error', error });
      });
    return () => controller.abort();
  }, [query, attempt]);

  useEffect(() => {
    const controller = new AbortController();
    setSummary((prev) => ({ ...prev, loading: true, error: null }));
    getItemSummary(query, controller.signal)
      .then((data) => setSummary({ data, loading: false, error: null }))
      .catch((error) => {
        if (!isAbortError(error)) setSummary({ data: null, loading: false, error });
      });
    return () => controller.abort();
  }, [query, attempt]);

  useEffect(() => () => moreController.current?.abort(), []);

  const loadMore = () => {
    if (!list.nextCursor || list.more === 'loading') return;
    const controller = new AbortController();
    moreController.current = controller;
    setList((prev) => ({ ...prev, more: 'loading', moreError: null }));
    listItems({ ...query, cursor: list.nextCursor, limit: PAGE_SIZE }, controller.signal)
      .then((page) =>
        setList((prev) => {
          const seen = new Set(prev.items.map((item) => item.id));
          return {
            ...prev,
            items: [...prev.items, ...page.items.filter((item) => !seen.has(item.id))],
            nextCursor: page.next_cursor,
            more: 'idle',
          };
        }),
      )
      .catch((error) => {
        if (!isAbortError(error)) setList((prev) => ({ ...prev, more: 'error', moreError: error }));
      });
  };

  // A corrected item may no longer match the filters; it stays in view until the next load.
  const replaceItem = (fresh: Item) =>
    setList((prev) => ({ ...prev, items: prev.items.map((item) => (item.id === fresh.id ? fresh : item)) }));

  const setFilters = (next: ItemFilters) => navigate(`/items${filtersToSearch(next)}`, { replace: true });

  // Opening pushes a history entry so Back (or a phone's back gesture) closes the panel.
  const openedHere = useRef(false);
  useEffect(() => {
    if (selectedId === null) openedHere.current = false;
  }, [selectedId]);
  const openItem = (id: string) => {
    if (id === selectedId) return;
    navigate(`/items${filtersToSearch(filters, { item: id })}`, { replace: selectedId !== null });
    if (selectedId === null) openedHere.current = true;
  };
  const closeItem = () => {
    if (openedHere.current) {
      openedHere.current = false;
      window.history.back();
    } else {
      navigate(`/items${filterSearch}`, { replace: true });
    }
  };

  // Keyboard moves (j/k in the table or in the open panel): past the last item loaded, the next
  // page loads (the panel then goes on to its first item); at either end of the list, a note says so.
  const [keyNote, setKeyNote] = useState<KeyNote | null>(null);
  const advanceFrom = useRef<string | null>(null);
  useEffect(() => setKeyNote(null), [selectedId, query]);
  const ranInto = (edge: Step['edge'], from: string | null) => {
    if (edge === 'end' && list.nextCursor && list.status === 'ready') {
      advanceFrom.current = from;
      setKeyNote('loading');
      loadMore();
    } else {
      setKeyNote(edge === 'start' ? 'first' : edge === 'end' ? 'last' : null);
    }
  };
  const stepItem = (command: 'next' | 'previous') => {
    const step = stepIndex(list.items.findIndex((item) => item.id === selectedId), command, list.items.length);
    const next = list.items[step.index];
    if (step.edge) ranInto(step.edge, selectedId);
    else if (next) openItem(next.id);
  };
  // When the page asked for arrives (or fails, or the list is read again): the panel goes on from
  // where it was, if it is still there.
  useEffect(() => {
    const from = advanceFrom.current;
    if (from === null || list.more === 'loading') return;
    advanceFrom.current = null;
    const at = list.items.findIndex((item) => item.id === from);
    const next = at >= 0 ? list.items[at + 1] : undefined;
    if (list.more === 'idle' && next && from === selectedId) openItem(next.id);
  }, [list.items, list.more]);
  const shownNote = keyNote === 'loading' ? (list.more === 'loading' ? 'loading' : list.more === 'error' ? 'failed' : null) : keyNote;
  const noteText =
    shownNote === 'first'
      ? t('keys.firstItem')
      : shownNote === 'last'
        ? t('keys.lastItem')
        : shownNote === 'loading'
          ? t('keys.loadingNext')
          : shownNote === 'failed'
            ? t('keys.loadFailed')
            : '';

  // '?' shows the list of keys (the panel has its own while it is open); Escape hides it; j or k
  // with nothing focused goes to the table's row.
  const [helpOpen, setHelpOpen] = useState(false);
  const helpToggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (selectedId !== null) return;
    const onKey = (event: KeyboardEvent) => {
      if (!shortcutAllowed(event)) return;
      const key = shortcutKey(event);
      if (key === '?') {
        event.preventDefault();
        setHelpOpen((open) => !open);
      } else if (key === 'Escape' && helpOpen) {
        event.preventDefault();
        setHelpOpen(false);
      } else if ((key === 'j' || key === 'k') && (document.activeElement === document.body || document.activeElement === null)) {
        const row = document.querySelector<HTMLElement>('[data-testid="items-table"] tbody tr[tabindex="0"]');
        if (!row) return;
        event.preventDefault();
        row.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selectedId, helpOpen]);

  // Rows picked for a bulk correction: ids, or every item the filters match ("all", counted by the summary).
  const [picked, setPicked] = useState<{ ids: ReadonlySet<string>; all: boolean }>({ ids: new Set(), all: false });
  const [bulkDone, setBulkDone] = useState<BulkCorrectionResult | null>(null);
  const [bulkFailed, setBulkFailed] = useState<unknown>(null);
  /** What the last deletion did (admins), said where the bar was. */
  const [bulkDeleted, setBulkDeleted] = useState<DeleteItemsResult | null>(null);
  useEffect(() => {
    setPicked({ ids: new Set(), all: false });
    setBulkDone(null);
    setBulkDeleted(null);
    setBulkFailed(null);
    lastPicked.current = null;
  }, [query]);
  const editable = canEdit(user.role);
  const selection: RowSelection | undefined = editable
    ? {
        has: (id) => picked.all || picked.ids.has(id),
        toggle: (index, range) => {
          const id = list.items[index]?.id;
          if (!id) return;
          setBulkDone(null);
          setBulkDeleted(null);
          setBulkFailed(null);
          // Read now: the updater runs later, after the anchor has moved to this row.
          const anchor = range ? lastPicked.current : null;
          const from = anchor !== null ? Math.min(anchor, index) : index;
          const to = anchor !== null ? Math.max(anchor, index) : index;
          setPicked((prev) => {
            const ids = new Set(prev.all ? list.items.map((item) => item.id) : prev.ids);
            const on = !ids.has(id);
            for (const item of list.items.slice(from, to + 1)) {
              if (on) ids.add(item.id);
              else ids.delete(item.id);
            }
            return { ids, all: false };
          });
          lastPicked.current = index;
        },
        togglePage: () => {
          setBulkDone(null);
          setBulkDeleted(null);
          setBulkFailed(null);
          setPicked((prev) =>
            prev.all || (list.items.length > 0 && list.items.every((item) => prev.ids.has(item.id)))
              ? { ids: new Set(), all: false }
              : { ids: new Set(list.items.map((item) => item.id)), all: false },
          );
        },
      }
    : undefined;
  // The total of the filters shown, once their summary has arrived (while it loads, the last filters' total is still there).
  const shownTotal = !summary.loading && summary.data ? summary.data.total : null;
  const pickedCount = picked.all ? (shownTotal ?? 0) : picked.ids.size;
  const wholePagePicked = list.items.length > 0 && list.items.every((item) => picked.ids.has(item.id));
  const selectAll =
    !picked.all && wholePagePicked && list.nextCursor !== null && shownTotal !== null && summary.data && shownTotal > picked.ids.size
      ? { total: summary.data.total, state: summary.data.total <= MAX_BULK_ITEMS ? ('offer' as const) : ('too_many' as const) }
      : null;
  /**
   * A bulk action on the picked items: their ids, or every item the filters match with the count
   * the operator was shown (another count now is refused). Afterwards the list, its totals and the
   * open item are read again (new labels, or after a refusal the new count).
   */
  const runBulk = async <T,>(act: (target: BulkTarget) => Promise<T>, done: (result: T) => void): Promise<T> => {
    if (picked.all && shownTotal === null) throw new Error('the total is still loading');
    const target: BulkTarget = picked.all ? { filter: query, expected_count: shownTotal ?? 0 } : { ids: [...picked.ids] };
    try {
      const result = await act(target);
      setPicked({ ids: new Set(), all: false });
      done(result);
      return result;
    } catch (error) {
      // "All matching" was refused (the count changed, or more match than one call may change):
      // the selection goes, so it is never carried over to items the operator did not see
      // counted; the reason stays above the list until the next pick.
      if (picked.all) {
        setPicked({ ids: new Set(), all: false });
        setBulkFailed(error);
      }
      throw error;
    } finally {
      setAttempt((n) => n + 1);
    }
  };
  const applyBulk = (correction: LabelCorrection) =>
    runBulk(
      (target) => correctManyItemLabels(target, correction),
      (result) => {
        setBulkDeleted(null);
        setBulkDone(result);
      },
    );
  // Deleting (admins): the open item closes when it went with them.
  const deleteBulk = () => {
    const closes = selectedId !== null && (picked.all || picked.ids.has(selectedId));
    return runBulk(deleteItems, (result) => {
      if (closes) closeItem();
      setBulkDone(null);
      setBulkDeleted(result);
    });
  };

  const filtered = hasActiveFilters(filters);
  const reversed = isReversedRange(filters);
  const fieldName = (key: string) => (FILTER_FIELD_NAMES[key] ? t(FILTER_FIELD_NAMES[key]) : null);
  const pagePicked = list.items.length > 0 && list.items.every((item) => selection?.has(item.id));
  const total = summary.data?.total;
  const refreshing = list.status === 'loading' && list.items.length > 0;

  return (
    <div className="page" data-testid="items-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('items.title')}</h1>
          <p className="page-subtitle">{t('items.subtitle')}</p>
        </div>
        <div className="page-actions" role="group" aria-label={t('items.export')} title={t('items.exportHint')}>
          <span className="page-actions-label">{t('items.export')}</span>
          <a className="button button-secondary button-small" href={itemsExportUrl('csv', query, locale)} download data-testid="export-csv">
            <DownloadIcon size={16} />
            {t('items.exportCsv')}
          </a>
          <a className="button button-secondary button-small" href={itemsExportUrl('xlsx', query, locale)} download data-testid="export-xlsx">
            <DownloadIcon size={16} />
            {t('items.exportXlsx')}
          </a>
        </div>
      </header>

      {summary.error !== null ? (
        <ErrorMessage error={summary.error} compact testId="summary-error" />
      ) : (
        <SummaryStrip
          summary={summary.data}
          loading={summary.loading}
          activeChannel={filters.channel}
          onPickChannel={(channel) => setFilters({ ...filters, channel })}
        />
      )}

      <SavedViewsMenu page="items" search={filterSearch} onApply={(query) => navigate(`/items${query ? `?${query}` : ''}`)} />
      <ItemFilterBar filters={filters} types={catalog.types} topics={catalog.topics} segments={segments} onChange={setFilters} />

      <div className="list-meta">
        <span className="muted small num" data-testid="items-count" aria-live="polite">
          {list.status === 'ready' && list.items.length > 0
            ? total != null
              ? t('items.showingOf', { shown: formatNumber(list.items.length, intlLocale), total: formatNumber(total, intlLocale) })
              : t('items.showing', { shown: formatNumber(list.items.length, intlLocale) })
            : ''}
        </span>
        <span className="list-meta-end">
          <span className="muted small">{t('items.timezoneNote', { timeZone })}</span>
          <button
            type="button"
            className="button button-ghost button-small shortcut-toggle"
            aria-expanded={helpOpen}
            aria-controls={helpOpen ? 'items-shortcuts' : undefined}
            ref={helpToggle}
            aria-keyshortcuts="?"
            onClick={() => setHelpOpen((open) => !open)}
            data-testid="shortcuts-toggle"
          >
            {t('keys.toggle')} <kbd>?</kbd>
          </button>
        </span>
      </div>
      <p id="items-keys-hint" className="visually-hidden">
        {t('keys.tableHint')}
      </p>
      {helpOpen && (
        <section className="shortcut-card" aria-labelledby="items-shortcuts-title" data-testid="shortcuts-card">
          <div className="shortcut-card-header">
            <h2 id="items-shortcuts-title" className="shortcut-card-title">
              {t('keys.title')}
            </h2>
            <button
              type="button"
              className="icon-button"
              onClick={() => {
                setHelpOpen(false);
                helpToggle.current?.focus();
              }}
              aria-label={t('common.close')}
              data-testid="shortcuts-close"
            >
              <CloseIcon />
            </button>
          </div>
          <ShortcutList scope="table" id="items-shortcuts" />
        </section>
      )}

      {list.status === 'error' && (
        <ErrorMessage error={list.error} onRetry={() => setAttempt((n) => n + 1)} fieldName={fieldName} testId="items-error" />
      )}

      {/* Phones: the table's header (with its page box) is hidden, so the page box gets its own line. */}
      {selection && list.items.length > 0 && list.status !== 'error' && (
        <label className="select-page-phone" data-testid="select-page-phone-label">
          <input
            type="checkbox"
            checked={pagePicked}
            onChange={() => selection.togglePage()}
            data-testid="select-page-phone"
          />
          <span>{t('bulk.selectPageShort')}</span>
        </label>
      )}

      {list.status === 'loading' && list.items.length === 0 && <ItemsTableSkeleton />}

      {list.items.length > 0 && list.status !== 'error' && (
        <div className={refreshing ? 'is-refreshing' : undefined}>
          <ItemsTable
            items={list.items}
            types={catalog.types}
            timeZone={timeZone}
            selectedId={selectedId}
            busy={refreshing}
            onOpen={openItem}
            onStep={(step) => ranInto(step.edge, list.items[step.index]?.id ?? null)}
            selection={selection}
            describedBy="items-keys-hint"
          />
        </div>
      )}

      {/* Stays in view at the bottom of the window: the bar while items are picked, then what it did. */}
      {(bulkDone || bulkDeleted || bulkFailed !== null || (selection && pickedCount > 0)) && (
        <div className="bulk-dock">
          {bulkDone && <BulkDoneNote result={bulkDone} onClose={() => setBulkDone(null)} onUndone={() => setAttempt((n) => n + 1)} />}
          {bulkDeleted && (
            <div className="bulk-note" role="status" data-testid="bulk-deleted">
              <p className="success-text small">
                {t('bulk.deleted', { count: formatNumber(bulkDeleted.deleted, intlLocale) })}
                {bulkDeleted.not_found.length > 0 && ` ${t('bulk.notFound', { count: formatNumber(bulkDeleted.not_found.length, intlLocale) })}`}
              </p>
              <button type="button" className="button button-ghost button-small" onClick={() => setBulkDeleted(null)} data-testid="bulk-deleted-close">
                {t('common.close')}
              </button>
            </div>
          )}
          {bulkFailed !== null && (
            <div className="bulk-note">
              <ErrorMessage error={bulkFailed} testId="bulk-failed" />
              <button type="button" className="button button-ghost button-small" onClick={() => setBulkFailed(null)} data-testid="bulk-failed-close">
                {t('common.close')}
              </button>
            </div>
          )}
          {selection && pickedCount > 0 && (
            <BulkLabelBar
              count={pickedCount}
              allMatching={picked.all}
              selectAll={selectAll}
              catalog={catalog}
              onSelectAll={() => setPicked((prev) => ({ ...prev, all: true }))}
              onClear={() => setPicked({ ids: new Set(), all: false })}
              onApply={applyBulk}
              onDelete={user.role === 'admin' ? deleteBulk : undefined}
            />
          )}
        </div>
      )}

      {list.status === 'ready' && list.items.length === 0 && (
        <div className="empty-state" data-testid="items-empty">
          {reversed ? (
            // "No items" would read as "none came in": the days are the wrong way round.
            <>
              <p className="empty-title" role="alert" data-testid="items-reversed">
                {t('filters.reversed', { from: filters.from, to: filters.to })}
              </p>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => setFilters({ ...filters, from: filters.to, to: filters.from })}
                data-testid="items-swap-dates"
              >
                {t('filters.swapDates')}
              </button>
            </>
          ) : filtered ? (
            <>
              <p className="empty-title">{t('items.empty')}</p>
              <p className="muted">{t('items.emptyHint')}</p>
            </>
          ) : (
            <>
              <p className="empty-title">{t('items.emptyNoData')}</p>
              <p className="muted">{t('items.emptyNoDataHint')}</p>
              {canEdit(user.role) && (
                <Link to="/import" className="button button-primary" data-testid="items-empty-import">
                  {t('items.goImport')}
                </Link>
              )}
            </>
          )}
        </div>
      )}

      {list.status === 'ready' && list.items.length > 0 && (
        <div className="list-footer">
          <p className="muted small" role="status" data-testid="items-key-note">
            {selectedId === null ? noteText : ''}
          </p>
          {list.more === 'error' && <ErrorMessage error={list.moreError} compact onRetry={loadMore} testId="load-more-error" />}
          {list.nextCursor ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={loadMore}
              disabled={list.more === 'loading'}
              data-testid="load-more"
            >
              {list.more === 'loading' ? <Spinner label={t('items.loadingMore')} showLabel /> : t('items.loadMore')}
            </button>
          ) : (
            <p className="muted small" data-testid="items-end">
              {t('items.end')}
            </p>
          )}
        </div>
      )}

      {selectedId && (
        <ItemDetailPanel
          itemId={selectedId}
          fromList={list.items.find((item) => item.id === selectedId)}
          catalog={catalog}
          timeZone={timeZone}
          onClose={closeItem}
          onItemChanged={replaceItem}
          navigation={{
            index: list.items.findIndex((item) => item.id === selectedId),
            count: list.items.length,
            note: noteText,
            onStep: stepItem,
          }}
        />
      )}
    </div>
  );
}
