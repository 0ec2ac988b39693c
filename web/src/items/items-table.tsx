import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Item, ItemType } from '../api';
import { formatDateTime, truncate } from '../format';
import { useI18n } from '../i18n';
import { PiiBadges } from '../ui/pii-badges';
import { ItemLabelBadges } from './item-label-badges';
import { shortcutAllowed, shortcutKey, stepIndex, tableCommand, type Step } from './keyboard';
import { sourceName } from './source-name';

const PREVIEW_CHARS = 140;

/** Which rows are picked: a row by its index (shift: the range from the last one picked), or the whole page. */
export interface RowSelection {
  has: (id: string) => boolean;
  toggle: (index: number, range: boolean) => void;
  togglePage: () => void;
}

/**
 * The item list, with each item's type, topic and sentiment as badges under its text.
 * Customer text is attacker-controlled and only ever rendered as React text.
 * On narrow screens the CSS turns each row into a card, using `data-label` for headings.
 * One row is in the Tab order at a time (a roving tabindex, with its own box and text button):
 * j/k or the arrows move between rows, Home/End to the page's first and last, Enter opens,
 * Space or x picks. The open item's row becomes that row, so closing the panel lands there.
 */
export function ItemsTable({
  items,
  types,
  timeZone,
  selectedId,
  busy,
  onOpen,
  onStep,
  selection,
  describedBy,
}: {
  items: Item[];
  /** The type taxonomy, for type names (empty while it loads: keys are shown). */
  types: readonly ItemType[];
  timeZone: string;
  selectedId: string | null;
  busy: boolean;
  onOpen: (id: string) => void;
  /** After a keyboard move: where it landed, and whether it ran into the page's first or last row. */
  onStep?: (step: Step) => void;
  /** The id of the text that tells a screen reader the keys. */
  describedBy?: string;
  /** Check boxes to pick rows for a bulk correction (operators and admins); absent for viewers. */
  selection?: RowSelection;
}) {
  const { t, label, intlLocale } = useI18n();
  const picked = selection ? items.filter((item) => selection.has(item.id)).length : 0;

  // The row in the Tab order: the one last moved to, else the open item's, else the first.
  const [activeId, setActiveId] = useState<string | null>(null);
  const byId = (id: string | null) => (id === null ? -1 : items.findIndex((item) => item.id === id));
  const activeIndex = byId(activeId) >= 0 ? byId(activeId) : Math.max(0, byId(selectedId));
  const rows = useRef(new Map<string, HTMLTableRowElement>());

  // The panel moved to another item (j/k there): the table follows, behind it, so closing lands there.
  useEffect(() => {
    if (selectedId === null) return;
    setActiveId(selectedId);
    rows.current.get(selectedId)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (!shortcutAllowed(event.nativeEvent)) return;
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLTableRowElement>('tr[data-item-id]');
    const index = row ? byId(row.getAttribute('data-item-id')) : -1;
    if (!row || index < 0) return;
    const command = tableCommand(shortcutKey(event), target !== row);
    if (command === null || command === 'help') return; // '?' is the page's
    if (command === 'open') {
      event.preventDefault();
      onOpen(items[index]!.id);
    } else if (command === 'toggle') {
      if (!selection) return;
      event.preventDefault();
      selection.toggle(index, event.shiftKey);
    } else {
      const step = stepIndex(index, command, items.length);
      // An arrow past the first or last row scrolls the page as usual (to the filters, to 더 보기).
      if (!(step.edge && event.key.startsWith('Arrow'))) event.preventDefault();
      const next = items[step.index];
      if (next) {
        setActiveId(next.id);
        const el = rows.current.get(next.id);
        el?.focus({ preventScroll: true });
        el?.scrollIntoView({ block: 'nearest' });
      }
      onStep?.(step);
    }
  };

  return (
    <div className="table-wrap">
      <table className="data-table items-table" aria-busy={busy} aria-describedby={describedBy} data-testid="items-table">
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="cell-select">
                <input
                  type="checkbox"
                  checked={picked > 0 && picked === items.length}
                  ref={(el) => {
                    if (el) el.indeterminate = picked > 0 && picked < items.length;
                  }}
                  onChange={() => selection.togglePage()}
                  aria-label={t('bulk.selectPage')}
                  data-testid="select-page"
                />
              </th>
            )}
            <th scope="col">{t('items.col.createdAt')}</th>
            <th scope="col">{t('items.col.channelSource')}</th>
            <th scope="col" className="col-text">{t('items.col.text')}</th>
            <th scope="col">{t('items.col.customer')}</th>
            <th scope="col">{t('items.col.rating')}</th>
            <th scope="col">{t('items.col.status')}</th>
            <th scope="col">{t('items.col.pii')}</th>
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {items.map((item, index) => {
            const inTabOrder = index === activeIndex;
            return (
              <tr
                key={item.id}
                ref={(el) => {
                  if (el) rows.current.set(item.id, el);
                  else rows.current.delete(item.id);
                }}
                tabIndex={inTabOrder ? 0 : -1}
                aria-current={item.id === selectedId ? 'true' : undefined}
                className={[item.id === selectedId && 'is-selected', selection?.has(item.id) && 'is-picked'].filter(Boolean).join(' ') || undefined}
                onClick={() => onOpen(item.id)}
                onFocus={() => setActiveId(item.id)}
                data-testid="item-row"
                data-item-id={item.id}
              >
                {selection && (
                  // The box's own cell: a click here picks the row, it does not open the item.
                  <td className="cell-select" data-label={t('bulk.pick')} onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      checked={selection.has(item.id)}
                      // A click (or Space) toggles; shift-click picks the range from the last row picked.
                      onChange={() => undefined}
                      onClick={(e) => selection.toggle(index, e.shiftKey)}
                      tabIndex={inTabOrder ? undefined : -1}
                      aria-label={t('bulk.pickRow', { text: truncate(item.title || item.text || t('items.scoreOnly'), 40) })}
                      data-testid="select-row"
                    />
                  </td>
                )}
                <td data-label={t('items.col.createdAt')} className="num nowrap cell-date">
                  <time dateTime={item.created_at}>{formatDateTime(item.created_at, intlLocale, timeZone)}</time>
                </td>
                {/* Channel, source and kind in one column: at 1366 px the status and personal-data columns were off-screen. */}
                <td data-label={t('items.col.channelSource')} className="cell-source">
                  <span className="channel-tag" data-testid="item-channel">
                    <span className={`channel-dot channel-${item.channel}`} aria-hidden="true" />
                    {label('channel', item.channel)}
                  </span>
                  <span className="cell-sub" title={`${item.source} · ${label('kind', item.kind)}`} data-testid="item-source">
                    {sourceName(item.source, t)} · {label('kind', item.kind)}
                  </span>
                </td>
                <td data-label={t('items.col.text')} className="col-text">
                  <button type="button" className="text-preview" tabIndex={inTabOrder ? undefined : -1} data-testid="item-text">
                    {item.title && <span className="text-preview-title">{truncate(item.title, 80)}</span>}
                    {item.text || item.title ? (
                      <span className="text-preview-body">{truncate(item.text, PREVIEW_CHARS)}</span>
                    ) : (
                      <span className="text-preview-body muted" data-testid="item-no-text">
                        {t('items.scoreOnly')}
                      </span>
                    )}
                  </button>
                  <ItemLabelBadges item={item} types={types} />
                </td>
                <td data-label={t('items.col.customer')} className="cell-customer">
                  <span className="customer-cell">
                    {item.customer_ref ? (
                      <span className="customer-ref" title={item.customer_ref}>
                        {item.customer_ref}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                    {item.customer_segment && <span className="cell-sub">{item.customer_segment}</span>}
                  </span>
                </td>
                <td data-label={t('items.col.rating')} className="num nowrap">
                  <RatingCell item={item} />
                </td>
                <td data-label={t('items.col.status')} className="nowrap">
                  {item.status ? (
                    <span className={`badge badge-status status-${item.status}`}>{label('status', item.status)}</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td data-label={t('items.col.pii')} className="cell-pii">
                  <PiiBadges kinds={item.pii_kinds} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RatingCell({ item }: { item: Item }) {
  const { t } = useI18n();
  if (item.rating == null && item.score == null) return <span className="muted">—</span>;
  return (
    <span className="rating-cell">
      {item.rating != null && (
        <span className="rating" title={t('items.ratingValue', { value: item.rating })}>
          <span aria-hidden="true" className="star">★</span>
          <span className="visually-hidden">{t('items.ratingValue', { value: item.rating })}</span>
          <span aria-hidden="true">{item.rating}</span>
        </span>
      )}
      {item.score != null && <span className="score">{t('items.scoreValue', { value: item.score })}</span>}
    </span>
  );
}

/** Placeholder rows while the first page loads. */
export function ItemsTableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="table-wrap" data-testid="items-loading" aria-hidden="true">
      <table className="data-table items-table skeleton-table">
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr key={i}>
              {Array.from({ length: 6 }, (_, j) => (
                <td key={j}>
                  <span className="skeleton" style={{ width: `${[70, 45, 55, 40, 90, 50][j]}%` }} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
