import { ApiError } from '../api';
import { hasMessage, useI18n, type Locale, type Translate } from '../i18n';

const HANGUL = /[\uAC00-\uD7A3]/;
const QUOTED = /"[^"]*"|\([^()]*\)/g;

/**
 * The server writes many details as "English / 한국어"; keeps the half in the user's language.
 * Details in one language come back unchanged.
 */
export function localizeDetail(detail: string, locale: Locale): string {
  const at = detail.lastIndexOf(' / ');
  if (at < 0) return detail;
  const english = detail.slice(0, at).trim();
  const korean = detail.slice(at + 3).trim();
  // The English half may quote Korean words ("많음", (비고)); any other Hangul means no such pair.
  if (!HANGUL.test(korean) || HANGUL.test(english.replace(QUOTED, ''))) return detail;
  return locale === 'ko' ? korean : english;
}

/**
 * An import's reject reason in the user's language. The server joins one "field: English / 한국어"
 * part per problem with "; "; each part keeps its own language's half, and a field key the page
 * has a name for is shown by that name (`created_at` → 접수 일시). Item fields are keys
 * (`[a-z_]+`); `anyField` takes any column name (a metrics sheet's 주문수, MAU). `shownField`: the
 * field a table shows beside the reason, not repeated when it is the only problem.
 */
export function localizeReason(
  reason: string,
  locale: Locale,
  fieldName: (key: string) => string | null,
  { anyField = false, shownField = null }: { anyField?: boolean; shownField?: string | null } = {},
): string {
  const field = anyField ? '[^;:]{1,80}' : '[a-z][a-z0-9_]*';
  const partStart = new RegExp(`; (?=${field}: )`);
  const part = new RegExp(`^(${field}): ([\\s\\S]*)$`);
  const parts = reason.split(partStart);
  return parts
    .map((p) => {
      const m = part.exec(p);
      if (!m) return localizeDetail(p, locale);
      // One problem, on the field a column beside it already names: the message alone.
      if (parts.length === 1 && m[1] === shownField) return localizeDetail(m[2], locale);
      const name = m[1] === 'row' ? null : fieldName(m[1]);
      return `${name ?? m[1]}: ${localizeDetail(m[2], locale)}`;
    })
    .join('; ');
}

/**
 * A failed request as words in the user's language: known problem codes first, then the HTTP
 * status; the server's own detail is kept as a second line.
 */
export function describeError(
  t: Translate,
  locale: Locale,
  error: unknown,
): { message: string; detail: string | null; fields: string[] } {
  if (!(error instanceof ApiError)) return { message: t('error.unknown'), detail: null, fields: [] };
  if (error.status === 0) return { message: t('error.network'), detail: null, fields: [] };
  const codeKey = `error.code.${error.code ?? ''}`;
  const statusKey = `error.status.${error.status}`;
  const message = hasMessage(codeKey)
    ? t(codeKey)
    : hasMessage(statusKey)
      ? t(statusKey)
      : error.status >= 500
        ? t('error.server')
        : t('error.unknown');
  const localized = error.detail ? localizeDetail(error.detail, locale) : null;
  const detail = localized && localized !== message ? localized : null;
  // Each invalid field's reason (`errors[]`), in the user's language, unless the detail already says it.
  const fields: string[] = [];
  for (const fieldError of error.errors) {
    const reason = localizeDetail(fieldError.message, locale);
    if (!reason || reason === message || (detail ?? '').includes(reason)) continue;
    const line = fieldError.field && !reason.startsWith(`${fieldError.field}:`) ? `${fieldError.field}: ${reason}` : reason;
    if (!fields.includes(line)) fields.push(line);
  }
  return { message, detail, fields };
}

/**
 * An error box with an optional retry. The server's reason (its detail and each invalid field's
 * message) is shown under the message; `compact` drops it — for a list that failed to load, never
 * for a form the user sent (they need to know what to fix).
 */
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
  const { message, detail, fields } = describeError(t, locale, error);
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
        {!compact && fields.length > 0 && (
          <ul className="alert-detail alert-fields" data-testid={`${testId}-fields`}>
            {fields.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
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
