import { translate, type Translate } from '../i18n';
import { everydaySourceKey, knownSourceKey, sourceName } from './source-name';

/**
 * GET /items/sources lists at most this many (the server's MAX_LISTED_SOURCES): a workspace with that
 * many may have more, so a name missing from the list is not known to be missing.
 */
export const LISTED_SOURCES_LIMIT = 200;

/** At most this many sources are offered when a typed name matches none (the box's suggestions list them all). */
export const SUGGESTED_SOURCES = 5;

/** What a typed source name means among the workspace's stored sources. */
export type SourceResolution =
  /** One stored source: the typed name itself, or the only one it names. */
  | { kind: 'one'; source: string }
  /** Several stored sources it names equally well (kakaotalk and kakao-talk are both 카카오톡). */
  | { kind: 'several'; sources: string[] }
  /** None: the sources to offer instead, the likeliest first. */
  | { kind: 'none'; suggestions: string[] };

const ko: Translate = (key, vars) => translate('ko', key, vars);
const en: Translate = (key, vars) => translate('en', key, vars);

// A stored name is a code: equal ignoring case, full-width letters and the spaces around it.
const foldCode = (name: string) => name.normalize('NFKC').trim().toLowerCase();
// A display name is words, spaced as people like (카카오 톡, Channel Talk / channeltalk): spaces inside go too.
const foldWords = (name: string) => foldCode(name).replace(/\s+/g, '');

/** A stored source's display names in both languages (kakaotalk → 카카오톡, KakaoTalk); a team's own name once, as written. */
export function sourceDisplayNames(source: string): string[] {
  return [...new Set([sourceName(source, ko), sourceName(source, en)])];
}

/**
 * Resolves a typed source against the workspace's stored ones: the exact stored name first; else a
 * stored name equal ignoring case, width and surrounding spaces; else a stored source whose Korean or
 * English display name equals it (spaces ignored); else, for an everyday name of a known service (카톡,
 * 젠데스크, 구글플레이), the stored sources of that service. Only one match is a resolution.
 */
export function resolveSource(typed: string, stored: readonly string[]): SourceResolution {
  if (stored.includes(typed)) return { kind: 'one', source: typed };
  const code = foldCode(typed);
  if (code === '') return { kind: 'none', suggestions: [] };
  let matches = stored.filter((source) => foldCode(source) === code);
  if (matches.length === 0) {
    const words = foldWords(typed);
    matches = stored.filter((source) => sourceDisplayNames(source).some((name) => foldWords(name) === words));
  }
  // An everyday name (카톡, 젠데스크, 앱 스토어) names its service: every stored spelling of it.
  const everyday = matches.length === 0 ? everydaySourceKey(typed) : null;
  if (everyday !== null) matches = stored.filter((source) => knownSourceKey(source) === everyday);
  if (matches.length === 1) return { kind: 'one', source: matches[0]! };
  if (matches.length > 1) return { kind: 'several', sources: matches };
  return { kind: 'none', suggestions: suggestSources(typed, stored) };
}

/**
 * The source filter's value for what the operator typed: the stored source it resolves to, or the text
 * as typed (trimmed) — an API client may filter by a source no item has yet, and several matches are the operator's choice.
 */
export function sourceFilterValue(typed: string, stored: readonly string[]): string {
  const resolution = resolveSource(typed, stored);
  return resolution.kind === 'one' ? resolution.source : typed.trim();
}

/**
 * The note under the source box for the filter's value: null when it is empty, a stored source, or the
 * sources are not known (not loaded, no items yet, or more than the list holds); else the sources it could mean, or others to try.
 */
export function sourceNote(value: string, stored: readonly string[]): Exclude<SourceResolution, { kind: 'one' }> | null {
  if (value.trim() === '' || stored.length === 0 || stored.includes(value)) return null;
  const resolution = resolveSource(value, stored);
  if (resolution.kind !== 'several' && stored.length >= LISTED_SOURCES_LIMIT) return null;
  // One match for a value the filter holds as is (an old link, a saved view): offer it, first.
  return resolution.kind === 'one' ? { kind: 'none', suggestions: suggestSources(value, stored) } : resolution;
}

/**
 * Up to SUGGESTED_SOURCES stored sources for a name that matched none, likeliest first: one it names
 * (ignoring case and spaces), then one of the same known service (zendesk-export → zendesk), then one
 * whose name holds it or is held by it (카카 → 카카오톡), then the rest in the stored order.
 */
function suggestSources(typed: string, stored: readonly string[]): string[] {
  const words = foldWords(typed);
  const key = knownSourceKey(typed);
  const rank = (source: string): number => {
    const names = [source, ...sourceDisplayNames(source)].map(foldWords);
    if (names.includes(words)) return 0;
    if (key !== null && knownSourceKey(source) === key) return 1;
    if (words !== '' && names.some((name) => name.includes(words) || words.includes(name))) return 2;
    return 3;
  };
  return stored
    .map((source, order) => ({ source, order, rank: rank(source) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, SUGGESTED_SOURCES)
    .map(({ source }) => source);
}
