import { useI18n } from '../i18n';
import { Link } from '../router';
import { itemsLink } from './item-filters';
import { sourceName } from './source-name';

/**
 * The detail panel's 출처 row: the source by its display name (카카오톡 for kakaotalk), the stored
 * name beside it when they differ, and a link to the list of that source's items.
 */
export function SourceField({ source }: { source: string }) {
  const { t } = useI18n();
  const name = sourceName(source, t);
  return (
    <div className="field-row" data-testid="detail-source">
      <dt>{t('detail.source')}</dt>
      <dd className="label-cell">
        <span className="label-value" data-testid="detail-source-name">
          {name}
        </span>
        {name !== source && <span className="label-meta mono">{t('source.code', { source })}</span>}
        <Link to={itemsLink({ source })} data-testid="detail-source-link">
          {t('source.onlyThis')}
        </Link>
      </dd>
    </div>
  );
}
