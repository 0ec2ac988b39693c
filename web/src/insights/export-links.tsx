import { insightExportUrl, type ReportTable } from '../api';
import { useI18n } from '../i18n';
import { DownloadIcon } from '../ui/icons';

/**
 * "CSV" and "XLSX" download links for one dashboard table over the page's range (plain links:
 * the server answers with an attachment, and guards spreadsheet formulas), for people: the page's
 * column names and values by name in the page's language (`labels`).
 */
export function ExportLinks({ table, query }: { table: ReportTable; query: Record<string, string | number | undefined> }) {
  const { t, locale } = useI18n();
  return (
    <span className="export-links" role="group" aria-label={t('export.label')}>
      <DownloadIcon size={14} />
      {(['csv', 'xlsx'] as const).map((format) => (
        <a
          key={format}
          className="export-link"
          href={insightExportUrl(table, format, { ...query, labels: locale })}
          download
          title={t('export.title', { format: format.toUpperCase() })}
          data-testid={`export-${table}-${format}`}
        >
          {format.toUpperCase()}
        </a>
      ))}
    </span>
  );
}
