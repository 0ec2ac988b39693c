import { LOCALES, setLocale, useI18n } from '../i18n';

/** 한국어 | English toggle; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { t, locale } = useI18n();
  return (
    <div className="segmented" role="group" aria-label={t('lang.label')} data-testid="lang-switch">
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="segmented-option"
          aria-pressed={locale === option}
          data-testid={`lang-switch-${option}`}
          onClick={() => setLocale(option)}
        >
          {t(`lang.${option}`)}
        </button>
      ))}
    </div>
  );
}
