import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';

/** A titled group of label/value rows in the detail panel. */
export function FieldSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="detail-section" data-testid={testId}>
      <h3 className="detail-section-title">{title}</h3>
      <dl className="field-grid">{children}</dl>
    </section>
  );
}

/** One label/value pair; empty values are left out to keep the panel short. */
export function Field({ k, v, mono = false }: { k: MessageKey; v: string | null | undefined; mono?: boolean }) {
  const { t } = useI18n();
  if (v == null || v === '') return null;
  return (
    <div className="field-row">
      <dt>{t(k)}</dt>
      <dd className={mono ? 'mono' : undefined}>{v}</dd>
    </div>
  );
}

/**
 * The item's metadata as rows: each key as the source named it, a text or number as it is, a list
 * or object as compact JSON (one level is spread into `key.sub` rows). Closed at first: it holds the
 * source's own fields (a demo's answer key among them), not what an operator reads first.
 */
export function MetadataFields({ metadata, title }: { metadata: Record<string, unknown>; title: string }) {
  const rows = metadataRows(metadata);
  return (
    <section className="detail-section" data-testid="item-detail-metadata">
      <details>
        <summary className="detail-section-title detail-metadata-summary">
          {title} ({rows.length})
        </summary>
        <dl className="field-grid">
          {rows.map(([key, value]) => (
            <div className="field-row" key={key}>
              <dt className="mono">{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}

/** [key, shown value] pairs: a nested object's fields one level down as `key.sub`, deeper values as JSON. */
export function metadataRows(metadata: Record<string, unknown>): [string, string][] {
  const shown = (v: unknown): string => (v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const rows: [string, string][] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [sub, inner] of Object.entries(value as Record<string, unknown>)) rows.push([`${key}.${sub}`, shown(inner)]);
    } else rows.push([key, shown(value)]);
  }
  return rows;
}

/** A language code as its name in the UI's language, the code after it ("한국어 (ko)"); the code alone when unknown. */
export function languageName(code: string | null | undefined, intlLocale: string): string | null {
  if (!code) return null;
  try {
    const name = new Intl.DisplayNames([intlLocale], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
