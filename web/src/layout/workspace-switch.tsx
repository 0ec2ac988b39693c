import { setWorkspace, type Workspace } from '../api';
import { useI18n } from '../i18n';
import { useLocation, withWorkspace } from '../router';
import { workspaceName } from './workspace-name';

/**
 * The current workspace, and a picker when there are several (e.g. the demo workspace next to
 * the real one). Switching remembers the choice and opens the same page in the other workspace,
 * its address naming it (`?workspace=SLUG`). `all`: the workspaces the user can open, null until known.
 */
export function WorkspaceSwitch({ current, all }: { current: Workspace; all: Workspace[] | null }) {
  const { t } = useI18n();
  const { pathname } = useLocation();

  if (!all || all.length < 2) {
    return (
      <span className="workspace-name" data-testid="workspace-name">
        {workspaceName(current, t)}
      </span>
    );
  }
  return (
    <select
      className="input workspace-select"
      aria-label={t('header.workspace')}
      data-testid="workspace-select"
      value={current.slug}
      onChange={(e) => {
        const slug = e.target.value;
        setWorkspace(slug === 'default' ? '' : slug);
        // Every page reads the workspace on load: a page load is the simplest complete switch. It stays
        // on the same page but drops the rest of the query (its filters and ids belong to the other
        // workspace). A new history entry: Back returns to the page in the workspace it was in.
        window.location.assign(withWorkspace(pathname, slug));
      }}
    >
      {all.map((w) => (
        <option key={w.slug} value={w.slug}>
          {workspaceName(w, t)}
        </option>
      ))}
    </select>
  );
}
