import { useI18n } from '../i18n';

/** "전화번호 가림"-style badges for the kinds of personal data redacted from an item. */
export function PiiBadges({ kinds }: { kinds: string[] | null | undefined }) {
  const { t, label } = useI18n();
  if (!kinds || kinds.length === 0) return null;
  return (
    <ul className="badge-list" aria-label={t('detail.pii')}>
      {[...new Set(kinds)].map((kind) => (
        <li key={kind} className="badge badge-pii" data-testid="pii-badge" data-pii-kind={kind}>
          {t('pii.redacted', { kind: label('pii', kind) })}
        </li>
      ))}
    </ul>
  );
}
