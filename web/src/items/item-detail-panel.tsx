import { useEffect, useRef, useState, type ReactNode } from 'react';
import { getItem, isAbortError, type Item } from '../api';
import { formatDateTime, formatNumber } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { ErrorMessage } from '../ui/error-message';
import { CloseIcon } from '../ui/icons';
import { PiiBadges } from '../ui/pii-badges';
import { Spinner } from '../ui/spinner';

/**
 * A side panel with one item's full text and fields. Shows the row from the list at once,
 * then the fresh copy from GET /items/:id (the list may carry shortened text later).
 */
export function ItemDetailPanel({
  itemId,
  fromList,
  timeZone,
  onClose,
}: {
  itemId: string;
  fromList: Item | undefined;
  timeZone: string;
  onClose: () => void;
}) {
  const { t, label, intlLocale } = useI18n();
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

              <FieldSection title={t('detail.section.analysis')}>
                {item.type == null && item.topic == null && item.sentiment == null && item.dup_group == null ? (
                  <p className="muted small">{t('detail.notAnalyzed')}</p>
                ) : (
                  <>
                    <Field
                      k="detail.type"
                      v={
                        item.type == null
                          ? null
                          : item.type_confidence == null
                            ? item.type
                            : `${item.type} (${t('detail.confidence', { value: Math.round(item.type_confidence * 100) + '%' })})`
                      }
                    />
                    <Field k="detail.topic" v={item.topic} />
                    <Field k="detail.sentiment" v={item.sentiment ? label('sentiment', item.sentiment) : null} />
                    <Field k="detail.dupGroup" v={item.dup_group} mono />
                  </>
                )}
              </FieldSection>

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

function FieldSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="detail-section">
      <h3 className="detail-section-title">{title}</h3>
      <dl className="field-grid">{children}</dl>
    </section>
  );
}

/** One label/value pair; empty values are left out to keep the panel short. */
function Field({ k, v, mono = false }: { k: MessageKey; v: string | null | undefined; mono?: boolean }) {
  const { t } = useI18n();
  if (v == null || v === '') return null;
  return (
    <div className="field-row">
      <dt>{t(k)}</dt>
      <dd className={mono ? 'mono' : undefined}>{v}</dd>
    </div>
  );
}
