import { listItemSources } from '../api';
import { useI18n } from '../i18n';
import { useInsight } from '../insights/use-insight';
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
