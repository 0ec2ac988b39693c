import type { Item, ItemType } from '../api';
import { formatDateTime, truncate } from '../format';
import { useI18n } from '../i18n';
import { PiiBadges } from '../ui/pii-badges';
import { ItemLabelBadges } from './item-label-badges';

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
 */
export function ItemsTable({
  items,
  types,
  timeZone,
  selectedId,
  busy,
  onOpen,
  selection,
}: {
  items: Item[];
  /** The type taxonomy, for type names (empty while it loads: keys are shown). */
  types: readonly ItemType[];
  timeZone: string;
  selectedId: string | null;
  busy: boolean;
  onOpen: (id: string) => void;
  /** Check boxes to pick rows for a bulk correction (operators and admins); absent for viewers. */
  selection?: RowSelection;
}) {
  const { t, label, intlLocale } = useI18n();
  const picked = selection ? items.filter((item) => selection.has(item.id)).length : 0;
  return (
    <div className="table-wrap">
      <table className="data-table items-table" aria-busy={busy} data-testid="items-table">
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
        <tbody>
          {items.map((item, index) => (
            <tr
              key={item.id}
              className={[item.id === selectedId && 'is-selected', selection?.has(item.id) && 'is-picked'].filter(Boolean).join(' ') || undefined}
              onClick={() => onOpen(item.id)}
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
                <span className="cell-sub" title={`${item.source} · ${label('kind', item.kind)}`}>
                  {item.source} · {label('kind', item.kind)}
                </span>
              </td>
              <td data-label={t('items.col.text')} className="col-text">
                <button type="button" className="text-preview" data-testid="item-text">
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
          ))}
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
