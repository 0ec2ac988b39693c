import { useEffect, useRef, useState } from 'react';
import { getItem, getItemSummary, isAbortError, type Item } from '../api';
import { canEdit, useMe } from '../auth/session';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { ErrorMessage } from '../ui/error-message';
import { CloseIcon } from '../ui/icons';
import { PiiBadges } from '../ui/pii-badges';
import { Spinner } from '../ui/spinner';
import type { LabelCatalog } from '../labels/use-label-catalog';
import { guardAddress, Link } from '../router';
import { Field, FieldSection, languageName, MetadataFields } from './detail-fields';
import { ItemAnalysis, LabelCorrections, type LabelField } from './item-analysis';
import { itemsLink } from './item-filters';
import { panelCommand, shortcutAllowed, shortcutKey } from './keyboard';
import { SourceField } from './source-field';
import { sourceName } from './source-name';
import { ShortcutList } from './shortcut-help';

/** The list around the open item, for j/k (and the previous/next buttons) in the panel. */
export interface PanelNavigation {
  /** The open item's place in the list as loaded (-1: not in it, e.g. opened from a link). */
  index: number;
  count: number;
  /** What the last move ran into (the list's end, the next page loading), said aloud; '' for nothing. */
  note: string;
  onStep: (command: 'next' | 'previous') => void;
}

/** A chevron for the previous/next buttons: up for 'previous', down for 'next'. */
function Chevron({ direction }: { direction: 'up' | 'down' }) {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={direction === 'up' ? 'M6 15l6-6 6 6' : 'M6 9l6 6 6-6'} />
    </svg>
  );
}

/** Elements Tab can reach (the panel's focus loop). */
const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Makes everything outside `keep` inert (no focus, no clicks, hidden from screen readers) — every
 * sibling of it and of each of its ancestors up to <body> — and returns the undo.
 */
function inertOutside(keep: HTMLElement): () => void {
  const made: HTMLElement[] = [];
  for (let el: HTMLElement | null = keep; el && el !== document.body && el.parentElement; el = el.parentElement) {
    for (const sibling of Array.from(el.parentElement.children)) {
      if (sibling === el || !(sibling instanceof HTMLElement) || sibling.hasAttribute('inert') || sibling.tagName === 'SCRIPT') continue;
      sibling.setAttribute('inert', '');
      made.push(sibling);
    }
  }
  return () => made.forEach((el) => el.removeAttribute('inert'));
}

/**
 * A side panel with one item's full text and fields. Shows the row from the list at once,
 * then the fresh copy from GET /items/:id (the list may carry shortened text later).
 * Admins and operators can correct the item's labels here; the list row is updated after.
 * A modal dialog: the page behind is inert and Tab loops inside; closing with a label pick not yet
 * saved asks first. The customer's other items are one link away (their count from the summary).
 * j/k (or the arrows, or the header's buttons) go on to the next or previous item in the list
 * without closing; Escape then lands on that item's row.
 */
export function ItemDetailPanel({
  itemId,
  fromList,
  catalog,
  timeZone,
  onClose,
  onItemChanged,
  navigation,
}: {
  itemId: string;
  fromList: Item | undefined;
  catalog: LabelCatalog;
  timeZone: string;
  onClose: () => void;
  /** Called with the fresh item after a label correction. */
  onItemChanged: (item: Item) => void;
  navigation?: PanelNavigation;
}) {
  const { t, label, intlLocale } = useI18n();
  const editable = canEdit(useMe().user.role);
  const [fetched, setFetched] = useState<{ id: string; item: Item } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const closeRef = useRef<HTMLButtonElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const drawerRef = useRef<HTMLElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  // Label picks not saved yet (the correction form reports them): closing asks before dropping them.
  const [unsaved, setUnsaved] = useState<LabelField[]>([]);
  // What waits for the operator's answer to "discard the unsaved corrections?" (closing, or a link).
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  const requestLeave = (go: () => void) => {
    if (unsaved.length === 0) go();
    else setLeaving(() => go);
  };
  const requestClose = () => requestLeave(onClose);
  const keepEditing = () => {
    setLeaving(null);
    const first = unsaved[0];
    if (first) document.getElementById(`correct-${first}-${itemId}`)?.focus();
  };
  const escapeRef = useRef(() => {});
  useEffect(() => {
    escapeRef.current = leaving ? keepEditing : requestClose;
  });
  const [keysShown, setKeysShown] = useState(false);
  // Going on to another item drops unsaved picks like closing does: the same question first.
  const step = (command: 'next' | 'previous') => {
    if (navigation) requestLeave(() => navigation.onStep(command));
  };
  const keysRef = useRef((_event: KeyboardEvent) => {});
  useEffect(() => {
    keysRef.current = (event) => {
      if (leaving || !shortcutAllowed(event)) return;
      const command = panelCommand(shortcutKey(event));
      if (command === 'help') {
        event.preventDefault();
        setKeysShown((shown) => !shown);
      } else if (command && navigation) {
        event.preventDefault();
        step(command);
      }
    };
  });
  const itemIdRef = useRef(itemId);
  useEffect(() => {
    itemIdRef.current = itemId;
  });
  useEffect(() => {
    if (leaving) keepRef.current?.focus();
  }, [leaving]);
  useEffect(() => {
    setUnsaved([]);
    setLeaving(null);
  }, [itemId]);
  // On to another item: its text from the top, and the focus kept in the panel (the control it was
  // on may have gone with the last item).
  const shownId = useRef(itemId);
  useEffect(() => {
    if (shownId.current === itemId) return;
    shownId.current = itemId;
    drawerRef.current?.querySelector('.drawer-body')?.scrollTo({ top: 0 });
    if (!drawerRef.current?.contains(document.activeElement)) closeRef.current?.focus();
  }, [itemId]);
  // A link (같은 문의 보기, 이 고객의 다른 문의, the menu) or Back/Forward (a phone's back gesture) would
  // close the panel through the address: it asks the same question. The router keeps the panel's
  // address meanwhile; leaving makes the change after all, staying keeps both as they were.
  // `letGo`: the operator chose to leave (or closes with no pick).
  const unsavedRef = useRef(unsaved);
  const letGo = useRef(false);
  useEffect(() => {
    unsavedRef.current = unsaved;
  });
  useEffect(() => {
    letGo.current = false;
    return guardAddress((next, retry) => {
      if (letGo.current || unsavedRef.current.length === 0) return false;
      const url = new URL(next, window.location.origin);
      if (url.pathname === '/items' && url.searchParams.get('item') === itemId) return false;
      setLeaving(() => retry);
      return true;
    });
  }, [itemId]);

  // Leaving the page itself (a reload, closing the tab, Back to a page loaded before this one) is
  // beyond the router: the browser's own question asks then.
  const hasUnsaved = unsaved.length > 0;
  useEffect(() => {
    if (!hasUnsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [hasUnsaved]);

  // How many other items this customer sent (their contact history), for a link to them.
  const customerRef = (fetched?.id === itemId ? fetched.item : fromList)?.customer_ref ?? null;
  const [history, setHistory] = useState<{ ref: string; others: number } | null>(null);
  useEffect(() => {
    if (!customerRef) return;
    const controller = new AbortController();
    getItemSummary({ customer: customerRef }, controller.signal)
      .then((summary) => setHistory({ ref: customerRef, others: Math.max(0, summary.total - 1) }))
      .catch(() => undefined); // the link is an extra: without the count it is not shown
    return () => controller.abort();
  }, [customerRef]);
  const others = customerRef && history?.ref === customerRef ? history.others : 0;

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    getItem(itemId, controller.signal)
      .then(({ item }) => setFetched({ id: itemId, item }))
      .catch((err) => {
        if (!isAbortError(err)) setError(err);
      });
    return () => controller.abort();
  }, [itemId, attempt]);

  // A modal panel: the page behind is inert, Tab loops inside, Escape closes (asking first when a
  // correction is not saved), and the focus goes back to the row (or whatever opened it) after.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const layer = layerRef.current;
    const undoInert = layer ? inertOutside(layer) : () => undefined;
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        escapeRef.current();
        return;
      }
      const drawer = drawerRef.current;
      if (event.key !== 'Tab') keysRef.current(event);
      if (event.key !== 'Tab' || !drawer) return;
      // Also for what the page adds behind the panel after it opened (not inert yet).
      const tabbable = Array.from(drawer.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => el.getClientRects().length > 0);
      const first = tabbable[0];
      const last = tabbable[tabbable.length - 1];
      if (!first || !last) return;
      const active = document.activeElement;
      if (!drawer.contains(active)) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      } else if (event.shiftKey && active === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    // The page behind the panel should not scroll with it (phones especially).
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = overflow;
      undoInert();
      // Back to the opener; opened from a link or an address, to the item's row when the list shows it.
      // Moved on with j/k since: to the same place in the row of the item shown last.
      const shown = itemIdRef.current;
      const row = document.querySelector<HTMLElement>(`[data-testid="item-row"][data-item-id="${CSS.escape(shown)}"]`);
      const openerRow = previous?.closest?.<HTMLElement>('[data-testid="item-row"]');
      let target: HTMLElement | null | undefined;
      if (openerRow && row && openerRow !== row) {
        const testId = previous?.dataset.testid;
        target = previous === openerRow || !testId ? row : (row.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`) ?? row);
      } else if (previous && previous !== document.body && previous.isConnected) {
        target = previous;
      } else {
        target = row?.querySelector<HTMLElement>('[data-testid="item-text"]') ?? row;
      }
      target?.focus?.();
    };
    // Once for the panel: it stays open (the page behind inert) while j/k change the item.
  }, []);

  const item = fetched?.id === itemId ? fetched.item : fromList;

  /** Reloads the item after a correction; errors reach the caller (the correction form shows them). */
  const refresh = async () => {
    const { item: fresh } = await getItem(itemId);
    setFetched({ id: itemId, item: fresh });
    onItemChanged(fresh);
  };
  const when = (iso: string | null) => (iso ? formatDateTime(iso, intlLocale, timeZone, 'long') : null);

  return (
    <div className="drawer-layer" ref={layerRef}>
      <div className="drawer-backdrop" onClick={requestClose} aria-hidden="true" />
      <aside
        ref={drawerRef}
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="item-detail-title"
        data-testid="item-detail"
        data-item-id={itemId}
      >
        <header className="drawer-header">
          <h2 id="item-detail-title" className="drawer-title">
            {t('detail.title')}
          </h2>
          <div className="drawer-header-actions">
            {navigation && navigation.index >= 0 && (
              <span className="muted small num nowrap" data-testid="item-position">
                {t('keys.position', { index: formatNumber(navigation.index + 1, intlLocale), count: formatNumber(navigation.count, intlLocale) })}
              </span>
            )}
            {navigation && (
              <>
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => step('previous')}
                  aria-label={t('keys.previous')}
                  title={t('keys.previous')}
                  aria-keyshortcuts="k"
                  data-testid="item-previous"
                >
                  <Chevron direction="up" />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => step('next')}
                  aria-label={t('keys.next')}
                  title={t('keys.next')}
                  aria-keyshortcuts="j"
                  data-testid="item-next"
                >
                  <Chevron direction="down" />
                </button>
              </>
            )}
            <button
              type="button"
              className="icon-button shortcut-icon"
              onClick={() => setKeysShown((shown) => !shown)}
              aria-expanded={keysShown}
              aria-label={t('keys.title')}
              title={t('keys.title')}
              aria-keyshortcuts="?"
              data-testid="item-shortcuts-toggle"
            >
              <kbd>?</kbd>
            </button>
            <button
              ref={closeRef}
              type="button"
              className="icon-button"
              onClick={requestClose}
              aria-label={t('common.close')}
              data-testid="item-detail-close"
            >
              <CloseIcon />
            </button>
          </div>
        </header>
        <div className="drawer-keys">
          <div role="status" className="drawer-note" data-testid="item-key-note">
            {navigation?.note ? <p className="small">{navigation.note}</p> : null}
          </div>
          <p className="muted small drawer-keys-hint">{t('keys.panelHint')}</p>
        </div>
        {keysShown && (
          <div className="drawer-shortcuts">
            <ShortcutList scope="panel" />
          </div>
        )}
        {leaving && (
          <div
            className="drawer-confirm"
            role="alertdialog"
            aria-labelledby="unsaved-question-text"
            data-testid="unsaved-question"
          >
            <p id="unsaved-question-text" className="small">
              {t('detail.unsaved.question', { fields: unsaved.map((field) => t(`detail.${field}`)).join(', ') })}
            </p>
            <div className="drawer-confirm-actions">
              <button
                type="button"
                className="button button-danger button-small"
                onClick={() => {
                  const go = leaving;
                  letGo.current = true;
                  setLeaving(null);
                  setUnsaved([]);
                  go();
                }}
                data-testid="unsaved-discard"
              >
                {t('detail.unsaved.discard')}
              </button>
              <button ref={keepRef} type="button" className="button button-secondary button-small" onClick={keepEditing} data-testid="unsaved-keep">
                {t('detail.unsaved.keep')}
              </button>
            </div>
          </div>
        )}
        <div className="drawer-body">
          {error !== null && !item && (
            <ErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} notFound={t('detail.notFound')} testId="item-detail-error" />
          )}
          {!item && error === null && (
            <div className="center-block">
              <Spinner showLabel />
            </div>
          )}
          {item && (
            <>
              <div className="detail-tags">
                <span className="channel-tag">
                  <span className={`channel-dot channel-${item.channel}`} aria-hidden="true" />
                  {label('channel', item.channel)}
                </span>
                {/* The source beside the channel: 카카오톡 and 채널톡 chats are both 채팅. */}
                <span className="badge" title={item.source} data-testid="detail-source-tag">
                  {sourceName(item.source, t)}
                </span>
                <span className="badge">{label('kind', item.kind)}</span>
                {item.status && (
                  <span className={`badge badge-status status-${item.status}`}>{label('status', item.status)}</span>
                )}
                <time className="muted small num" dateTime={item.created_at}>
                  {when(item.created_at)}
                </time>
              </div>
              {item.title && (
                <h3 className="detail-item-title" data-testid="item-detail-title">
                  {item.title}
                </h3>
              )}
              <p className={item.text ? 'detail-text' : 'detail-text muted'} data-testid="item-detail-text">
                {item.text || t('items.scoreOnly')}
              </p>
              <PiiBadges kinds={item.pii_kinds} />

              <FieldSection title={t('detail.section.item')}>
                <SourceField source={item.source} />
                <Field k="detail.externalId" v={item.external_id} mono />
                <Field k="detail.receivedAt" v={when(item.received_at)} />
                <Field k="detail.language" v={languageName(item.language, intlLocale)} />
                <Field k="detail.id" v={item.id} mono />
              </FieldSection>

              <FieldSection title={t('detail.section.customer')}>
                <Field k="detail.customerRef" v={item.customer_ref} />
                {item.customer_ref && others > 0 && (
                  <div className="field-row">
                    <dt className="visually-hidden">{t('filters.customerField')}</dt>
                    <dd className="detail-history">
                      <Link to={itemsLink({ customer: item.customer_ref })} data-testid="customer-history-link">
                        {others === 1 ? t('detail.customerHistoryOne') : t('detail.customerHistory', { count: formatNumber(others, intlLocale) })}
                      </Link>
                    </dd>
                  </div>
                )}
                <Field k="detail.customerSegment" v={item.customer_segment} />
                <Field k="detail.customerPlan" v={item.customer_plan} />
                <Field k="detail.rating" v={item.rating == null ? null : `${item.rating} / 5`} />
                <Field k="detail.score" v={item.score == null ? null : `${item.score} / 10`} />
                <Field k="detail.orderRef" v={item.order_ref} mono />
                <Field k="detail.productRef" v={item.product_ref} />
              </FieldSection>

              <FieldSection title={t('detail.section.handling')}>
                <Field k="detail.status" v={item.status ? label('status', item.status) : null} />
                <Field k="detail.assignee" v={item.assignee} />
                <Field k="detail.handledBy" v={item.handled_by ? label('handledBy', item.handled_by) : null} />
                <Field k="detail.firstResponseAt" v={when(item.first_response_at)} />
                <Field k="detail.resolvedAt" v={when(item.resolved_at)} />
                <Field
                  k="detail.reopenedCount"
                  v={item.reopened_count == null ? null : formatNumber(item.reopened_count, intlLocale)}
                />
              </FieldSection>

              <ItemAnalysis item={item} catalog={catalog} timeZone={timeZone} />
              {editable && <LabelCorrections key={item.id} item={item} catalog={catalog} onCorrected={refresh} onUnsavedChange={setUnsaved} />}

              {item.metadata && Object.keys(item.metadata).length > 0 && <MetadataFields metadata={item.metadata} title={t('detail.section.metadata')} />}
            </>
          )}
        </div>
      </aside>
    </div>
  );
}
