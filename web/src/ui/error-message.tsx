import { ApiError } from '../api';
import { hasMessage, useI18n, type Locale, type Translate } from '../i18n';

const HANGUL = /[\uAC00-\uD7A3]/;
const QUOTED = /"[^"]*"|\([^()]*\)/g;

/**
 * The server writes many details as "English / 한국어"; keeps the half in the user's language.
 * Details in one language come back unchanged.
 */
export function localizeDetail(detail: string, locale: Locale, { quotedValue = false }: { quotedValue?: boolean } = {}): string {
  const at = detail.lastIndexOf(' / ');
  if (at < 0) return detail;
  const english = detail.slice(0, at).trim();
  const korean = detail.slice(at + 3).trim();
  // The English half may quote Korean words ("많음", (비고)); any other Hangul means no such pair.
  if (!HANGUL.test(korean) || HANGUL.test(english.replace(QUOTED, ''))) return detail;
  return locale === 'ko' ? korean : quotedValue ? withQuotedValue(english, korean) : english;
}

/**
 * The English half of a reject reason "not a date/time / 날짜·시간 형식이 아닙니다: 어제 오후" with the
 * value the Korean half quotes at its end (the CLI's rule, src/cli/i18n.ts): the refused value is
 * said in both languages. Reasons only (`localizeReason`): other details may end a Korean sentence
 * with a list the English half already names in its own words.
 */
function withQuotedValue(english: string, korean: string): string {
  const m = /(?:니다|세요|어요|아요|해요)\.?: (.+)$/s.exec(korean);
  if (!m) return english;
  const value = m[1]!.trim();
  return !value || english.includes(value) ? english : `${english}: ${value}`;
}

/** Where a place the server names ("row 4 / 4행", "ticket 7 / 티켓 7", "Message data row 9 / …") is said in the user's language; any other text (a record's own id, which may hold " / ") as it is. */
export function localizePlace(text: string, locale: Locale): string {
  return /^(?:row|line|ticket|chat|review|message|[^/]{1,60} row) \S+(?: \([^)]*\))? \/ /i.test(text) ? localizeDetail(text, locale) : text;
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
      const said = (text: string) => localizeDetail(text, locale, { quotedValue: true });
      if (!m) return said(p);
      // One problem, on the field a column beside it already names: the message alone.
      if (parts.length === 1 && m[1] === shownField) return said(m[2]);
      const name = m[1] === 'row' ? null : fieldName(m[1]);
      return `${name ?? m[1]}: ${said(m[2])}`;
    })
    .join('; ');
}

/** The server's answer for a regular expression V8 refuses: "invalid regular expression / 잘못된 정규식: <engine text>". */
const REGEX_PROBLEM = /^invalid regular expression \/ 잘못된 정규식: ([\s\S]+)$/;
/** The composite detail of a refused request ("invalid query: sla: …"): its `errors[]` say the same, one by one. */
const COMPOSITE_DETAIL = /^invalid (body|query|path|params|parameters)\b[^:]*: /;

/**
 * One field's reason in the user's language, and the engine's own English words when they were
 * replaced (kept as the detail: they name the exact problem). Bilingual reasons keep their half; a
 * regular expression V8 refuses and zod's English-only messages are said in Korean where the UI
 * knows what they mean.
 */
export function localizeFieldReason(t: Translate, locale: Locale, message: string): { reason: string; engine: string | null } {
  const regex = REGEX_PROBLEM.exec(message.trim());
  if (regex) return { reason: t('error.regexInvalid'), engine: regex[1]!.trim() };
  const localized = localizeDetail(message, locale);
  if (locale !== 'ko' || HANGUL.test(localized)) return { reason: localized, engine: null };
  const option = /^Invalid option: expected one of (.+)$/.exec(localized);
  if (option) {
    const values = [...option[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join(', ');
    return { reason: values ? t('error.reason.option', { values }) : t('error.reason.invalid'), engine: localized };
  }
  if (/^Too big\b/.test(localized)) return { reason: t('error.reason.tooBig'), engine: localized };
  if (/^Too small\b/.test(localized)) return { reason: t('error.reason.tooSmall'), engine: localized };
  return { reason: t('error.reason.invalid'), engine: localized };
}

/**
 * One field's reason as a single line (for a list of refused rules and the like): the reason in the
 * user's language, then the engine's own words when they were replaced.
 */
export function fieldReasonLine(t: Translate, locale: Locale, message: string): string {
  const { reason, engine } = localizeFieldReason(t, locale, message);
  return engine ? `${reason} (${t('error.engineSaid')}: ${engine})` : reason;
}

/** A field path as the user knows it: `rules.2` → "3번째 규칙"; others by `fieldName`, else as sent. */
function nameField(t: Translate, field: string, fieldName?: (key: string) => string | null): string {
  const rule = /^rules\.(\d+)(?:\.\w+)?$/.exec(field);
  if (rule) return t('error.field.rule', { n: Number(rule[1]) + 1 });
  return fieldName?.(field) ?? field;
}

/** True for a 404: retrying cannot bring back what is not there. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * A failed request as words in the user's language: known problem codes first, then the HTTP
 * status; the server's own detail is kept as a second line. An English-only engine or validation
 * text is not shown as the reason in the Korean UI: the reason is said in Korean and the server's
 * words are kept apart (`engine`).
 */
export function describeError(
  t: Translate,
  locale: Locale,
  error: unknown,
  fieldName?: (key: string) => string | null,
): { message: string; detail: string | null; fields: string[]; engine: string | null } {
  if (!(error instanceof ApiError)) return { message: t('error.unknown'), detail: null, fields: [], engine: null };
  if (error.status === 0) return { message: t('error.network'), detail: null, fields: [], engine: null };
  const codeKey = `error.code.${error.code ?? ''}`;
  const statusKey = `error.status.${error.status}`;
  const message = hasMessage(codeKey)
    ? t(codeKey)
    : hasMessage(statusKey)
      ? t(statusKey)
      : error.status >= 500
        ? t('error.server')
        : t('error.unknown');
  const engines: string[] = [];
  // "invalid query: a: …; b: …" repeats the field reasons, in English: the fields say it instead.
  const composite = error.errors.length > 0 && !!error.detail && COMPOSITE_DETAIL.test(error.detail);
  let detail: string | null = null;
  if (error.detail && !composite) {
    const regex = REGEX_PROBLEM.exec(error.detail.trim());
    const localized = regex ? t('error.regexInvalid') : localizeDetail(error.detail, locale);
    if (regex) engines.push(regex[1]!.trim());
    if (locale === 'ko' && !HANGUL.test(localized)) engines.push(localized);
    else if (localized !== message) detail = localized;
  }
  // Each invalid field's reason (`errors[]`), in the user's language, unless the detail already says it.
  const fields: string[] = [];
  for (const fieldError of error.errors) {
    const { reason, engine } = localizeFieldReason(t, locale, fieldError.message);
    if (engine && !engines.includes(engine)) engines.push(engine);
    if (!reason || reason === message || (!engine && (detail ?? '').includes(reason))) continue;
    const line = fieldError.field && !reason.startsWith(`${fieldError.field}:`) ? `${nameField(t, fieldError.field, fieldName)}: ${reason}` : reason;
    if (!fields.includes(line)) fields.push(line);
  }
  return { message, detail, fields, engine: engines.length > 0 ? engines.join('; ') : null };
}

/**
 * An error box with an optional retry. The server's reason (its detail and each invalid field's
 * message) is shown under the message; `compact` drops it — for a list that failed to load, never
 * for a form the user sent (they need to know what to fix). A 404 gets no retry (what is not there
 * stays not there) and may say why in the page's words (`notFound`).
 */
export function ErrorMessage({
  error,
  onRetry,
  compact = false,
  testId = 'error',
  notFound,
  fieldName,
}: {
  error: unknown;
  onRetry?: () => void;
  compact?: boolean;
  testId?: string;
  /** What a 404 means on this page (e.g. "the item may be in another workspace or removed"). */
  notFound?: string;
  /** A field's name in the user's language (a query parameter → the filter's label). */
  fieldName?: (key: string) => string | null;
}) {
  const { t, locale } = useI18n();
  const described = describeError(t, locale, error, fieldName);
  const missing = isNotFound(error);
  const message = missing && notFound ? notFound : described.message;
  const { detail, fields, engine } = described;
  return (
    <div className="alert alert-error" role="alert" data-testid={testId} data-status={error instanceof ApiError ? error.status : undefined}>
      <div className="alert-body">
        <p className="alert-message">{message}</p>
        {!compact && detail && !(missing && notFound) && (
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
        {!compact && engine && (
          <p className="alert-detail alert-engine" data-testid={`${testId}-engine`}>
            {t('error.engineSaid')}: <span lang="en">{engine}</span>
          </p>
        )}
      </div>
      {onRetry && !missing && (
        <button type="button" className="button button-secondary button-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
