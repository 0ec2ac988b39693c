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
