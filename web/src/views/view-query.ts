/**
 * A page query compared by what it says, not how it is written: keys sorted, values trimmed,
 * empty ones dropped (`?a=1&b=` and `b=&a=1` are the same view).
 */
export function normalViewQuery(search: string): string {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const pairs = [...params].map(([k, v]) => [k, v.trim()] as const).filter(([, v]) => v !== '');
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString();
}

/** The view whose query the page shows now, or null. */
export function activeView<V extends { query: string }>(views: readonly V[], currentSearch: string): V | null {
  const now = normalViewQuery(currentSearch);
  return views.find((v) => normalViewQuery(v.query) === now) ?? null;
}
