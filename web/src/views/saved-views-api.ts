import { SAVED_VIEW_NAME_MAX, type SavedViewPage } from '../../../src/store/queries/saved-views.js';
import { request, toQueryString } from '../api';

/** The saved views API (GET/POST /saved-views, PATCH/DELETE /saved-views/:id), through api.ts's one `request`. */

/** The pages a view is saved on and the longest name: the server's own (migration 053). */
export { SAVED_VIEW_NAME_MAX, type SavedViewPage };

/**
 * A saved view (저장된 보기), as the API answers it. Its name is a user's text: shown as React text only.
 * Written out rather than taken from the server's SavedView: that one is the row (owner ids, Date instants), not the answer.
 */
export interface SavedView {
  id: string;
  page: SavedViewPage;
  name: string;
  /** The page's URL query, without `?`. */
  query: string;
  shared: boolean;
  mine: boolean;
  can_change: boolean;
  created_by: string;
}

/** The views of a page the signed-in user sees: shared ones first, then their own. */
export function listSavedViews(page: SavedViewPage, signal?: AbortSignal): Promise<{ views: SavedView[] }> {
  return request(`/saved-views${toQueryString({ page })}`, { signal });
}

export function createSavedView(input: { page: SavedViewPage; name: string; query: string; shared: boolean }): Promise<{ view: SavedView }> {
  return request('/saved-views', { method: 'POST', body: input });
}

export function updateSavedView(id: string, change: { name?: string; query?: string }): Promise<{ view: SavedView }> {
  return request(`/saved-views/${encodeURIComponent(id)}`, { method: 'PATCH', body: change });
}

export function deleteSavedView(id: string): Promise<void> {
  return request(`/saved-views/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
