import { ApiError } from '../api';
import { hasMessage, useI18n, type Translate } from '../i18n';

/**
 * A failed request as words in the user's language: known problem codes first, then the HTTP
 * status; the server's own detail (often English) is kept as a second line.
 */
export function describeError(t: Translate, error: unknown): { message: string; detail: string | null } {
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
  const detail = error.detail && error.detail !== message ? error.detail : null;
  return { message, detail };
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
  const { t } = useI18n();
  const { message, detail } = describeError(t, error);
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
