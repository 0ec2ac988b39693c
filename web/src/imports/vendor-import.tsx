import { useEffect, useRef } from 'react';
import { VENDOR_DEFAULT_SOURCE, VENDOR_EXPORTS, type VendorExport, type VendorImportRequest, type VendorImportResult } from '../api';
import { formatNumber } from '../format';
import { hasMessage, useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import { localizeDetail, localizePlace, localizeReason } from '../ui/error-message';
import { DownloadIcon } from '../ui/icons';

/** What the picked file is: an ordinary file (its columns mapped) or a vendor's own export (read by its adapter). */
export type FileKind = 'file' | VendorExport;

const KINDS: readonly FileKind[] = ['file', ...VENDOR_EXPORTS];

/** Rejects shown on the page; the full list is in the downloadable file (the server sends at most 200). */
const MAX_REJECTS_SHOWN = 200;

/**
 * The choice of what the file is — 일반 파일 (열 매핑) / 채널톡 상담 내보내기 / Zendesk 티켓 내보내기 —
 * as radio buttons, and why a vendor is suggested when the server recognised the file as its export
 * (`suggested`): said beside the choice, which stays the user's to change.
 */
export function FileKindChoice({
  kind,
  suggested,
  onKind,
  disabled,
}: {
  kind: FileKind;
  suggested: VendorExport | null;
  onKind: (kind: FileKind) => void;
  disabled: boolean;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="file-kind" data-testid="import-kind" data-kind={kind} aria-describedby={suggested ? 'import-kind-suggestion' : undefined}>
      <legend className="field-label">{t('import.kind.legend')}</legend>
      <div className="file-kind-options">
        {KINDS.map((k) => (
          <label key={k} className={`file-kind-option${kind === k ? ' is-selected' : ''}`}>
            <input
              type="radio"
              name="import-kind"
              value={k}
              checked={kind === k}
              disabled={disabled}
              onChange={() => onKind(k)}
              data-testid={`import-kind-${k}`}
            />
            <span>
              <span className="file-kind-name">{t(`import.kind.${k}`)}</span>
              <span className="hint">{t(`import.kind.${k}Help`)}</span>
            </span>
          </label>
        ))}
      </div>
      {suggested && (
        <p className="alert alert-info file-kind-suggestion" role="status" id="import-kind-suggestion" data-testid="import-kind-suggestion" data-suggested={suggested}>
          <span>
            {t(`import.kind.suggested.${suggested}`)}{' '}
            {kind === suggested ? t('import.kind.suggestedChosen') : t('import.kind.suggestedNotChosen')}
          </span>
          {kind !== suggested && (
            <button type="button" className="button button-secondary button-small" onClick={() => onKind(suggested)} disabled={disabled} data-testid="import-kind-use-suggested">
              {t(`import.kind.use.${suggested}`)}
            </button>
          )}
        </p>
      )}
    </fieldset>
  );
}

type CountKey = 'items' | 'inserted' | 'updated' | 'unchanged' | 'repeated' | 'stale' | 'rejected' | 'skipped';

const COUNTS: { key: CountKey; label: MessageKey; tone?: 'good' | 'bad' }[] = [
  { key: 'items', label: 'import.vendor.count.items' },
  { key: 'inserted', label: 'import.count.inserted', tone: 'good' },
  { key: 'updated', label: 'import.count.updated' },
  { key: 'unchanged', label: 'import.count.unchanged' },
  { key: 'repeated', label: 'import.count.repeated' },
  { key: 'stale', label: 'import.vendor.count.stale' },
  { key: 'rejected', label: 'import.count.rejected', tone: 'bad' },
  { key: 'skipped', label: 'import.vendor.count.skipped' },
];

/**
 * What a vendor export's import (or dry run) did: the counts (read, new, changed, unchanged, older
 * than stored, rejected, skipped), why entries were skipped and where the first are, the rejected
 * entries (item, field, reason) with the link to all of them, and a warning when nothing could be
 * read as this vendor's records (most likely an ordinary file). Every string from the server is the
 * file's or the server's text: rendered as text only. The title takes focus when the result
 * arrives, so keyboard and screen-reader users land on it.
 */
export function VendorImportResultView({
  result,
  request,
  onRunForReal,
  onUseOrdinary,
}: {
  result: VendorImportResult;
  request: VendorImportRequest;
  onRunForReal: () => void;
  onUseOrdinary: () => void;
}) {
  const { t, intlLocale, locale } = useI18n();
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const n = (value: number) => formatNumber(value, intlLocale);
  const fieldName = (key: string) => {
    const k = `field.${key}`;
    return hasMessage(k) ? t(k) : null;
  };
  const dryRun = result.dry_run;
  const vendor = result.adapter ?? request.adapter;
  const rejects = result.rejects ?? [];
  const shown = rejects.slice(0, MAX_REJECTS_SHOWN);
  const skipGroups = result.skip_groups ?? [];
  const source = request.source.trim() || VENDOR_DEFAULT_SOURCE[vendor];
  const notExport = result.looks_like_export === false;
  const nothing = result.items === 0;

  return (
    <section
      className="card result-card"
      aria-labelledby="vendor-result-title"
      data-testid="vendor-result"
      data-dry-run={dryRun}
      data-adapter={vendor}
      data-looks-like-export={!notExport}
    >
      <header className="result-header">
        <div>
          <h2 id="vendor-result-title" className="section-title result-title" tabIndex={-1} ref={titleRef}>
            {dryRun ? t('import.dryRunResultTitle') : t('import.resultTitle')}
          </h2>
          <p className="muted small">
            <span className="badge badge-vendor" data-testid="vendor-result-kind">
              {t(`import.history.vendor.${vendor}`)}
            </span>{' '}
            <span className="result-file-name" data-testid="vendor-result-file">
              {result.file_name}
            </span>
            <span> · {t('import.vendor.sourceIs', { source })}</span>
            {result.run_id && <span> · {t('import.runNumber', { id: result.run_id })}</span>}
          </p>
        </div>
        {dryRun ? (
          !nothing && !notExport ? (
            <button type="button" className="button button-primary" onClick={onRunForReal} data-testid="vendor-run-for-real">
              {t('import.runForReal')}
            </button>
          ) : null
        ) : (
          result.inserted + result.updated > 0 && (
            <Link
              to={result.run_id ? `/items?import_run=${encodeURIComponent(result.run_id)}` : `/items?source=${encodeURIComponent(source)}`}
              className="button button-secondary"
              data-testid="vendor-view-items"
            >
              {t('import.viewItems')}
            </Link>
          )
        )}
      </header>

      {notExport ? (
        // Nothing read as this vendor's records: most likely another kind of file.
        <div className="alert alert-warning" role="alert" data-testid="vendor-not-export">
          <span>{t(`import.vendor.notExport.${vendor}`)}</span>
          <button type="button" className="button button-secondary button-small" onClick={onUseOrdinary} data-testid="vendor-use-ordinary">
            {t('import.vendor.useOrdinary')}
          </button>
        </div>
      ) : nothing ? (
        <div className="alert alert-warning" role="status" data-testid="vendor-no-items">
          {t('import.vendor.noItems')}
        </div>
      ) : (
        <div className="alert alert-info" role="status" data-testid="vendor-summary">
          {t(dryRun ? 'import.vendor.summaryDryRun' : 'import.vendor.summary', {
            items: n(result.items),
            inserted: n(result.inserted),
            updated: n(result.updated),
          })}
        </div>
      )}

      <dl className="stat-grid">
        {COUNTS.filter(({ key }) => key !== 'repeated' || result.repeated > 0).map(({ key, label, tone }) => {
          const value = result[key];
          return (
            <div key={key} className={`stat${tone && typeof value === 'number' && value > 0 ? ` stat-${tone}` : ''}`}>
              <dt>{t(label)}</dt>
              <dd className="num" data-testid={`vendor-count-${key}`}>
                {typeof value === 'number' ? n(value) : '—'}
              </dd>
            </div>
          );
        })}
      </dl>

      {skipGroups.length > 0 && (
        <div className="vendor-skips">
          <h3 className="subsection-title">{t('import.vendor.skipsTitle')}</h3>
          <ul className="plain-list vendor-skip-list" data-testid="vendor-skips">
            {skipGroups.map((group, index) => (
              <li key={`${group.reason}-${index}`} className="vendor-skip" data-testid="vendor-skip" data-unreadable={group.unreadable}>
                <span className="vendor-skip-count num">{t('import.vendor.skipCount', { count: n(group.count) })}</span>
                <span className="vendor-skip-reason">
                  {localizeDetail(group.reason, locale)}
                  {group.unreadable && (
                    <>
                      {' '}
                      <span className="badge badge-unreadable">{t('import.vendor.unreadable')}</span>
                    </>
                  )}
                  {group.where.length > 0 && (
                    <span className="muted small block" data-testid="vendor-skip-where">
                      {t('import.vendor.skipWhere', {
                        places: group.where.map((w) => localizeDetail(w, locale)).join(', ') + (group.count > group.where.length ? ', …' : ''),
                      })}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="rejects">
        <div className="rejects-header">
          <h3 className="subsection-title">{t('import.vendor.rejectsTitle')}</h3>
          {result.rejects_url && result.rejected > 0 && (
            <a className="button button-secondary button-small" href={result.rejects_url} download data-testid="vendor-rejects-download">
              <DownloadIcon size={16} />
              {t('import.vendor.rejectsDownload')}
            </a>
          )}
        </div>
        {result.rejected === 0 && shown.length === 0 && (
          <p className="muted small" data-testid="vendor-no-rejects">
            {t('import.vendor.noRejects')}
          </p>
        )}
        {shown.length > 0 && (
          <div className="table-wrap">
            <table className="data-table rejects-table vendor-rejects-table" data-testid="vendor-rejects">
              <thead>
                <tr>
                  <th scope="col">{t('import.vendor.rejects.item')}</th>
                  <th scope="col">{t('import.rejects.field')}</th>
                  <th scope="col">{t('import.rejects.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((reject, index) => (
                  <tr key={`${reject.item}-${reject.field ?? ''}-${index}`} data-testid="vendor-reject-row">
                    <td data-label={t('import.vendor.rejects.item')} className="vendor-reject-item">
                      {localizePlace(reject.item, locale)}
                    </td>
                    <td data-label={t('import.rejects.field')} title={reject.field ?? undefined}>
                      {reject.field ? (fieldName(reject.field) ?? <span className="mono">{reject.field}</span>) : '—'}
                    </td>
                    <td data-label={t('import.rejects.reason')}>{localizeReason(reject.reason, locale, fieldName, { shownField: reject.field })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {result.rejected > shown.length && (
          <p className="muted small" data-testid="vendor-rejects-truncated">
            {t('import.rejectsTruncated', { shown: n(shown.length) })}
          </p>
        )}
      </div>
    </section>
  );
}
