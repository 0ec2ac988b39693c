import { listItemSources } from '../api';
import { useI18n } from '../i18n';
import { useInsight } from '../insights/use-insight';
import type { SourceResolution } from './resolve-source';
import { sourceName } from './source-name';

/** The workspace's item sources (kakaotalk, zendesk, an import's source …); empty until loaded or when the request fails (the box still takes any name). */
export function useItemSources(): readonly string[] {
  return useInsight((signal) => listItemSources(signal), 'item-sources').data?.sources ?? [];
}

/**
 * The source box's suggestions: each stored source with its display name (카카오톡 for kakaotalk),
 * so a lead picks 카카오톡 without knowing how the integration spells it. The value is the stored name.
 */
export function SourceChoices({ id, sources }: { id: string; sources: readonly string[] }) {
  const { t } = useI18n();
  return (
    <datalist id={id} data-testid="filter-source-choices">
      {sources.map((source) => {
        const name = sourceName(source, t);
        return <option key={source} value={source} label={name === source ? undefined : name} />;
      })}
    </datalist>
  );
}

/**
 * Under the source box when its name is no stored source's: the sources it could mean (several share
 * the name), or others to try — each a button that filters by it, shown by display name with the
 * stored name beside it when they differ (two spellings of 카카오톡 stay apart).
 */
export function SourceNote({
  id,
  note,
  onApply,
}: {
  id: string;
  note: Exclude<SourceResolution, { kind: 'one' }>;
  onApply: (source: string) => void;
}) {
  const { t } = useI18n();
  const sources = note.kind === 'several' ? note.sources : note.suggestions;
  return (
    <div className="source-note" id={id} role="status" data-testid="filter-source-note" data-kind={note.kind}>
      <span>{t(note.kind === 'several' ? 'filters.sourceSeveral' : 'filters.sourceNone')}</span>
      {sources.map((source) => {
        const name = sourceName(source, t);
        return (
          <button
            key={source}
            type="button"
            className="button button-secondary button-small source-note-choice"
            title={t('filters.sourceApply', { name })}
            onClick={() => onApply(source)}
            data-testid="filter-source-choice"
            data-source={source}
          >
            {name}
            {name !== source && <span className="source-note-code mono">{source}</span>}
          </button>
        );
      })}
    </div>
  );
}
