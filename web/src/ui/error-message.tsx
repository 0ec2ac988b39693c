import { ApiError } from '../api';
import { hasMessage, useI18n, type Locale, type Translate } from '../i18n';

const HANGUL = /[\uAC00-\uD7A3]/;

/**
 * The server writes many details as "English / 한국어"; keeps the half in the user's language.
 * Details in one language come back unchanged.
 */
export function localizeDetail(detail: string, locale: Locale): string {
  const at = detail.lastIndexOf(' / ');
  if (at < 0) return detail;
  const english = detail.slice(0, at).trim();
  const korean = detail.slice(at + 3).trim();
  if (!HANGUL.test(korean) || HANGUL.test(english)) return detail;
  return locale === 'ko' ? korean : english;
}

/**
 * A failed request as words in the user's language: known problem codes first, then the HTTP
 * status; the server's own detail is kept as a second line.
 */
export function describeError(
  t: Translate,
  locale: Locale,
  error: unknown,
): { message: string; detail: string | null } {
  if (!(error instanceof ApiError)) return { message: t('error.unknown'), detail: null };
  if (error.status === 0) return { message: t('error.network'), detail: null };
  const codeKey = `error.code.${error.code ?? ''}`;
  const statusKey = `error.status.${error.status}`;
  const message = hasMessage(codeKey)
    ? t(codeKey)
    : hasMessage(statusKey)
      ? t(statusKey)
      : error.status >= 500
        ? t('error.server')
        : t('error.unknown');
  const detail = error.detail ? localizeDetail(error.detail, locale) : null;
  return { message, detail: detail && detail !== message ? detail : null };
}

/** An error box with an optional retry; `compact` drops the server detail. */
export function ErrorMessage({
  error,
  onRetry,
  compact = false,
  testId = 'error',
}: {
  error: unknown;
  onRetry?: () => void;
  compact?: boolean;
  testId?: string;
}) {
  const { t, locale } = useI18n();
  const { message, detail } = describeError(t, locale, error);
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      <div className="alert-body">
        <p className="alert-message">{message}</p>
        {!compact && detail && (
          <p className="alert-detail">
            <span className="visually-hidden">{t('error.serverSaid')}: </span>
            {detail}
          </p>
        )}
      </div>
      {onRetry && (
        <button type="button" className="button button-secondary button-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
