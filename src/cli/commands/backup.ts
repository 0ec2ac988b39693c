import { backupWorkspace, restoreWorkspace } from '../../store/backup.js';
import { DEFAULT_WORKSPACE_SLUG } from '../../store/queries/workspaces.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, type Command, UsageError } from '../main.js';
import { withStore } from '../with-store.js';

export const backupCommand: Command = async (args, config) => {
  const { flags, positionals } = parseFlags(args, {}, HELP.backup);
  const file = positionals[0];
  if (!file) throw new UsageError(HELP.backup);
  return withStore(config, 'backup', async (db) => {
    const counts = await backupWorkspace(db, (flags.workspace as string | undefined) ?? DEFAULT_WORKSPACE_SLUG, file);
    console.log(t(`백업 완료: ${file}`, `backup written: ${file}`), counts);
    return 0;
  });
};

export const restoreCommand: Command = async (args, config) => {
  const { flags, positionals } = parseFlags(args, { as: { type: 'string' } }, HELP.restore);
  const file = positionals[0];
  if (!file) throw new UsageError(HELP.restore);
  return withStore(config, 'restore', async (db) => {
    const { workspace, counts } = await restoreWorkspace(db, file, flags.as as string | undefined);
    console.log(t(`복원 완료: 워크스페이스 ${workspace.slug}`, `restored into workspace ${workspace.slug}`), counts);
    return 0;
  });
};
