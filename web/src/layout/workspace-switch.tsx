import { useEffect, useState } from 'react';
import { isAbortError, listWorkspaces, setWorkspace, type Workspace } from '../api';
import { useI18n } from '../i18n';
import { workspaceName } from './workspace-name';

/**
 * The current workspace, and a picker when there are several (e.g. the demo workspace next to
 * the real one). Switching remembers the choice and reloads the page's data.
 */
export function WorkspaceSwitch({ current }: { current: Workspace }) {
  const { t } = useI18n();
  const [all, setAll] = useState<Workspace[] | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    listWorkspaces(controller.signal)
      .then((r) => setAll(r.workspaces))
      .catch((error) => {
        if (!isAbortError(error)) setAll(null);
      });
    return () => controller.abort();
  }, []);

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
        setWorkspace(e.target.value === 'default' ? '' : e.target.value);
        // Every page reads the workspace on load: a reload is the simplest complete switch. It stays
        // on the same page but drops the query (its filters and ids belong to the other workspace).
        window.location.assign(window.location.pathname);
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
