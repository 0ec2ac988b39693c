import { useI18n } from '../i18n';

/** A small busy indicator with a text label for screen readers (and sighted users when `showLabel`). */
export function Spinner({ label, showLabel = false }: { label?: string; showLabel?: boolean }) {
  const { t } = useI18n();
  const text = label ?? t('common.loading');
  return (
    <span className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className={showLabel ? 'spinner-label' : 'visually-hidden'}>{text}</span>
    </span>
  );
}
