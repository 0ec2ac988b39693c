import type { Workspace } from '../api';
import type { MessageKey, Translate } from '../i18n';

/**
 * Names Sori gives the workspaces it creates itself (src/store/open-store.ts, the demo loader),
 * by slug. Stored names stay as they are; while one is untouched it is shown in the UI's language.
 */
const BUILT_IN_NAMES: Record<string, { name: string; key: MessageKey }> = {
  default: { name: '기본 워크스페이스', key: 'workspace.default' },
  demo: { name: '데모: 소리마켓 (가상 데이터)', key: 'workspace.demo' },
};

/** A workspace's name for people: a built-in, never renamed workspace in the UI's language, else its own name. */
export function workspaceName(workspace: Pick<Workspace, 'slug' | 'name'>, t: Translate): string {
  const builtIn = BUILT_IN_NAMES[workspace.slug];
  return builtIn && builtIn.name === workspace.name ? t(builtIn.key) : workspace.name;
}
