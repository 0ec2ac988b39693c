import { useI18n } from '../i18n';

/** "수정됨": the label was corrected by an operator and re-classification keeps it. */
export function CorrectedMark({ testId }: { testId?: string }) {
  const { t } = useI18n();
  return (
    <span className="badge badge-corrected" title={t('labels.correctedTitle')} data-testid={testId}>
      {t('labels.corrected')}
    </span>
  );
}
