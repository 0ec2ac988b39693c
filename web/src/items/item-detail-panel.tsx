import { useEffect, useRef, useState } from 'react';
import { getItem, isAbortError, type Item } from '../api';
import { canEdit, useMe } from '../auth/session';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { ErrorMessage } from '../ui/error-message';
import { CloseIcon } from '../ui/icons';
import { PiiBadges } from '../ui/pii-badges';
import { Spinner } from '../ui/spinner';
import type { LabelCatalog } from '../labels/use-label-catalog';
import { Field, FieldSection } from './detail-fields';
import { ItemAnalysis, LabelCorrections } from './item-analysis';

/**
 * A side panel with one item's full text and fields. Shows the row from the list at once,
 * then the fresh copy from GET /items/:id (the list may carry shortened text later).
 * Admins and operators can correct the item's labels here; the list row is updated after.
 */
export function ItemDetailPanel({
  itemId,
  fromList,
  catalog,
  timeZone,
  onClose,
  onItemChanged,
}: {
  itemId: string;
  fromList: Item | undefined;
  catalog: LabelCatalog;
  timeZone: string;
  onClose: () => void;
  /** Called with the fresh item after a label correction. */
  onItemChanged: (item: Item) => void;
}) {
  const { t, label, intlLocale } = useI18n();
  const editable = canEdit(useMe().user.role);
  const [fetched, setFetched] = useState<{ id: string; item: Item } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const closeRef = useRef<HTMLButtonElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

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

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCloseRef.current();
    };
    document.addEventListener('keydown', onKey);
    // The page behind the panel should not scroll with it (phones especially).
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = overflow;
      previous?.focus?.();
    };
  }, [itemId]);

  const item = fetched?.id === itemId ? fetched.item : fromList;

  /** Reloads the item after a correction; errors reach the caller (the correction form shows them). */
  const refresh = async () => {
    const { item: fresh } = await getItem(itemId);
    setFetched({ id: itemId, item: fresh });
    onItemChanged(fresh);
  };
  const when = (iso: string | null) => (iso ? formatDateTime(iso, intlLocale, timeZone, 'long') : null);

  return (
    <div className="drawer-layer">
      <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />
      <aside
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
          <button
            ref={closeRef}
            type="button"
            className="icon-button"
            onClick={onClose}
            aria-label={t('common.close')}
            data-testid="item-detail-close"
          >
            <CloseIcon />
          </button>
        </header>
        <div className="drawer-body">
          {error !== null && !item && <ErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} />}
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
              <p className="detail-text" data-testid="item-detail-text">
                {item.text}
              </p>
              <PiiBadges kinds={item.pii_kinds} />

              <FieldSection title={t('detail.section.item')}>
                <Field k="detail.source" v={item.source} />
                <Field k="detail.externalId" v={item.external_id} mono />
                <Field k="detail.receivedAt" v={when(item.received_at)} />
                <Field k="detail.language" v={item.language} />
                <Field k="detail.id" v={item.id} mono />
              </FieldSection>

              <FieldSection title={t('detail.section.customer')}>
                <Field k="detail.customerRef" v={item.customer_ref} />
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
              {editable && <LabelCorrections key={item.id} item={item} catalog={catalog} onCorrected={refresh} />}

              {item.metadata && Object.keys(item.metadata).length > 0 && (
                <FieldSection title={t('detail.section.metadata')}>
                  <pre className="detail-metadata" data-testid="item-detail-metadata">
                    {JSON.stringify(item.metadata, null, 2)}
                  </pre>
                </FieldSection>
              )}
            </>
          )}
        </div>
      </aside>
    </div>
  );
}
