import { SoriError } from '../../domain/errors.js';
import { changeWorkspaceTimeZone } from '../../store/queries/workspace-time-zone.js';
import { listWorkspaces } from '../../store/queries/workspaces.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, subcommand, type Command, unknownSubcommand, UsageError } from '../main.js';
import { requireWorkspace, withStore } from '../with-store.js';

export const workspacesCommand: Command = async (args, config) => {
  const { sub, rest } = subcommand(args);
  const { flags, positionals } = parseFlags(rest, {}, HELP.workspaces);
  if (sub === 'list' && !positionals.length) {
    return withStore(config, 'workspaces', async (db) => {
      for (const w of await listWorkspaces(db)) console.log(`${w.slug}\t${w.timezone}\t${w.name}${w.is_demo ? `\t${t('데모', 'demo')}` : ''}`);
      return 0;
    });
  }
  if (sub !== 'list' && sub !== 'timezone') throw unknownSubcommand('workspaces', sub, ['list', 'timezone'], HELP.workspaces);
  if (sub !== 'timezone' || positionals.length !== 1) throw new UsageError(HELP.workspaces);
  return withStore(config, 'workspaces', async (db, signal) => {
    const ws = await requireWorkspace(db, flags.workspace as string | undefined);
    const change = await changeWorkspaceTimeZone(db, ws.id, positionals[0]!, { signal });
    if (change.from === change.to) {
      console.log(t(`워크스페이스 ${ws.slug}는 이미 ${change.to} 시간대입니다.`, `workspace ${ws.slug} is already in ${change.to}.`));
    } else if (signal.aborted) {
      // Stopped while re-indexing: the zone and the recounted rollups are stored; the search index
      // is finished by the next server start (it was reported as a completed job).
      console.log(
        t(
          `워크스페이스 ${ws.slug}: ${change.from} → ${change.to}로 바꾸고 일별 집계를 다시 셌습니다. 검색 색인은 ${change.indexed.toLocaleString()}건까지 만들고 중단했습니다(서버를 시작하면 마저 만듭니다).`,
          `workspace ${ws.slug}: ${change.from} → ${change.to}, daily rollups recounted. Re-indexing for search stopped after ${change.indexed.toLocaleString()} items (the server finishes it when it starts).`,
        ),
      );
      throw new SoriError('interrupted', 'stopped / 중단했습니다');
    } else {
      console.log(
        t(
          `워크스페이스 ${ws.slug}: ${change.from} → ${change.to}. 항목 ${change.items.toLocaleString()}건의 일별 집계를 다시 세고 검색 색인 ${change.indexed.toLocaleString()}건을 다시 만들었습니다.`,
          `workspace ${ws.slug}: ${change.from} → ${change.to}. Recounted the daily rollups of ${change.items.toLocaleString()} items and re-indexed ${change.indexed.toLocaleString()} for search.`,
        ),
      );
    }
    return 0;
  });
};
