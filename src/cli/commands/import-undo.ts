import { cliActor } from '../../auth/audit.js';
import { previewImportUndo, undoImport, type UndoPreview, type UndoResult } from '../../removal/undo-import.js';
import { confirmDeletion } from '../confirm.js';
import { HELP, localize, t } from '../i18n.js';
import { parseFlags, type Command, UsageError } from '../main.js';
import { withStoreOrServer } from '../running-server.js';
import { requireWorkspace } from '../with-store.js';

/**
 * `sori import undo RUN_ID [--yes]`: shows what undoing the run deletes and keeps, asks (or, without
 * a terminal, wants --yes), and undoes it — on the store, or through `sori serve` when it holds the
 * embedded folder (SORI_TOKEN with the admin scope).
 */
export const importUndoCommand: Command = async (args, config) => {
  const { flags, positionals } = parseFlags(args, { yes: { type: 'boolean', short: 'y' }, json: { type: 'boolean' } }, HELP.importUndo);
  const runId = positionals[0];
  if (!runId || positionals.length > 1 || !/^\d{1,18}$/.test(runId)) {
    throw new UsageError(t('되돌릴 가져오기 번호(RUN_ID, 숫자) 하나를 주세요.', 'name one import run to undo (RUN_ID, a number).') + '\n\n' + HELP.importUndo);
  }
  const workspace = flags.workspace as string | undefined;
  const say = (line: string) => (flags.json ? console.error(line) : console.log(line));
  /** The preview printed, the answer asked for; the expected count to send, or null to stop (exit 1). */
  const decide = async (p: UndoPreview): Promise<number | null> => {
    // A run that cannot be undone (running, undone already, a dry run): the undo itself refuses it
    // with the reason; no promise of what it would delete is printed first.
    if (p.not_undoable) return p.items_to_delete;
    say(
      t(
        `가져오기 ${p.run_id} (${p.file_name}, ${p.status}): 이 가져오기가 만든 항목 ${p.items_to_delete.toLocaleString('ko-KR')}건을 삭제합니다${p.corrected ? ` (그중 라벨을 수정한 항목 ${p.corrected.toLocaleString('ko-KR')}건)` : ''}.`,
        `import ${p.run_id} (${p.file_name}, ${p.status}): deletes the ${p.items_to_delete.toLocaleString('en')} items it created${p.corrected ? ` (${p.corrected.toLocaleString('en')} of them with label corrections)` : ''}.`,
      ),
    );
    say(
      t(
        `변경만 한 항목 ${p.updated_kept.toLocaleString('ko-KR')}건은 지금 상태로 남습니다 (이전 내용은 보관하지 않아 되돌릴 수 없습니다).`,
        `${p.updated_kept.toLocaleString('en')} items it only updated are kept as they are now (earlier versions are not kept).`,
      ),
    );
    return (await confirmDeletion(!!flags.yes, t('되돌릴까요?', 'undo it?'))) ? p.items_to_delete : null;
  };
  const done = (r: UndoResult): number => {
    say(
      t(
        `가져오기 ${r.run_id}를 되돌렸습니다: 항목 ${r.deleted.toLocaleString('ko-KR')}건 삭제${r.corrected ? ` (라벨 수정 ${r.corrected.toLocaleString('ko-KR')}건 포함)` : ''}, 변경만 한 항목 ${r.updated_kept.toLocaleString('ko-KR')}건은 그대로 둠. 같은 파일을 다시 가져오면 항목이 돌아옵니다.`,
        `import ${r.run_id} undone: ${r.deleted.toLocaleString('en')} items deleted${r.corrected ? ` (${r.corrected.toLocaleString('en')} with label corrections)` : ''}, ${r.updated_kept.toLocaleString('en')} items it only updated kept. Importing the same file again brings the items back.`,
      ),
    );
    if (flags.json) console.log(JSON.stringify({ ...r, note: localize(r.note) }));
    return 0;
  };
  return withStoreOrServer(
    config,
    'import',
    { workspace, scope: 'admin' },
    async (db) => {
      const ws = await requireWorkspace(db, workspace);
      const expected = await decide(await previewImportUndo(db, ws, runId));
      if (expected === null) return 1;
      return done(await undoImport(db, ws, runId, { expectedCount: expected, actor: cliActor() }));
    },
    async (api) => {
      const expected = await decide(await api<UndoPreview>('GET', `/imports/${runId}/undo`));
      if (expected === null) return 1;
      return done(await api<UndoResult>('POST', `/imports/${runId}/undo`, { expected_count: expected }));
    },
  );
};
