import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { settleAbandonedImports } from '../store/queries/import-runs.js';
import { countItemsRunUpdated, findRunToUndo, markRunUndone, type UndoableRun } from '../store/queries/undo-import-run.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { deleteSelection, previewDeletion } from './remove-items.js';

/**
 * Undoing an import run (가져오기 되돌리기): every item the run created is deleted, whatever
 * happened to it since (corrected, updated by a later run or a webhook); items it only updated are
 * kept as they are now — Sori keeps no earlier versions to put back. The run is marked undone and
 * cannot be undone twice; a run still going must be cancelled first. Importing the same file again
 * brings the items back (as new items, without the deleted ones' corrections).
 */

/** Said in the preview and the result: what an undo does not do. */
export const UNDO_NOTE =
  'items the run only updated are kept as they are now: their earlier versions are not kept, so an undo cannot restore them / ' +
  '이 가져오기가 변경만 한 항목은 지금 상태 그대로 남습니다. 이전 내용은 보관하지 않으므로 되돌릴 수 없습니다';

/** Why a run cannot be undone, or null. */
export type NotUndoable = 'running' | 'undone' | 'dry_run';

export interface UndoPreview {
  run_id: string;
  file_name: string;
  status: UndoableRun['status'];
  /** null when it can be undone; else why not (running: cancel it first). */
  not_undoable: NotUndoable | null;
  undone_at: Date | null;
  undone_by: string | null;
  /** Items the run created: the undo deletes them (send this number as expected_count). */
  items_to_delete: number;
  /** Of those, items with an operator's label correction (deleted with them). */
  corrected: number;
  /** Items the run updated and another run or call created: kept as they are now. */
  updated_kept: number;
  note: string;
}

export interface UndoResult {
  run_id: string;
  deleted: number;
  corrected: number;
  updated_kept: number;
  note: string;
}

function whyNot(run: UndoableRun): NotUndoable | null {
  if (run.undone_at) return 'undone';
  if (run.status === 'running') return 'running';
  if (run.dry_run) return 'dry_run';
  return null;
}

function refusal(run: UndoableRun, why: NotUndoable): SoriError {
  switch (why) {
    case 'undone':
      return new SoriError('already_undone', `import ${run.id} was already undone (by ${run.undone_by ?? 'unknown'}) / 이미 되돌린 가져오기입니다`, {
        run_id: run.id,
        undone_at: run.undone_at,
        undone_by: run.undone_by,
      });
    case 'running':
      return new SoriError('import_running', `import ${run.id} is still running: cancel it first (POST /imports/${run.id}/cancel), then undo it / 아직 진행 중인 가져오기입니다. 먼저 중지한 뒤 되돌리세요`, {
        run_id: run.id,
      });
    case 'dry_run':
      return new SoriError('dry_run_import', `import ${run.id} was a dry run: it stored nothing to undo / 검사만 한 가져오기라 되돌릴 항목이 없습니다`, { run_id: run.id });
  }
}

async function requireRun(db: Db, workspace: Workspace, runId: string, lock = false): Promise<UndoableRun> {
  const run = await findRunToUndo(db, workspace.id, runId, { lock });
  if (!run) throw new SoriError('not_found', `no import ${runId} / 가져오기 기록이 없습니다`);
  return run;
}

/** What undoing the run would delete and keep; nothing is changed. */
export async function previewImportUndo(db: Db, workspace: Workspace, runId: string): Promise<UndoPreview> {
  // A run whose process died is no longer running (PostgreSQL: no batch for a quarter of an hour).
  if (db.kind === 'postgres') await settleAbandonedImports(db, workspace.id);
  const run = await requireRun(db, workspace, runId);
  const { matched, corrected } = await previewDeletion(db, workspace.id, { createdRun: run.id });
  return {
    run_id: run.id,
    file_name: run.file_name,
    status: run.status,
    not_undoable: whyNot(run),
    undone_at: run.undone_at,
    undone_by: run.undone_by,
    items_to_delete: matched,
    corrected,
    updated_kept: await countItemsRunUpdated(db, workspace.id, run.id),
    note: UNDO_NOTE,
  };
}

/**
 * Undoes the run in one transaction: its row locked and checked (not running, not undone, no dry
 * run), the items it created locked and counted against `expectedCount` (the preview's
 * items_to_delete; another number deletes nothing, 409 count_changed), deleted, the run marked
 * undone, the audit entry (`imports.undo`) written.
 */
export async function undoImport(db: Db, workspace: Workspace, givenRunId: string, opts: { expectedCount: number; actor: string }): Promise<UndoResult> {
  const runId = BigInt(givenRunId).toString();
  if (db.kind === 'postgres') await settleAbandonedImports(db, workspace.id);
  let run: UndoableRun | null = null;
  let kept = 0;
  const done = await deleteSelection(db, workspace, { createdRun: runId }, {
    expectedCount: opts.expectedCount,
    audit: { actor: opts.actor, action: 'imports.undo', target: runId, detail: {} },
    before: async (tx) => {
      run = await requireRun(tx, workspace, runId, true);
      const why = whyNot(run);
      if (why) throw refusal(run, why);
      kept = await countItemsRunUpdated(tx, workspace.id, runId);
    },
    after: async (tx, counts) => {
      await markRunUndone(tx, runId, opts.actor, counts.deleted);
      return { file_name: run!.file_name, updated_kept: kept };
    },
  });
  return { run_id: runId, deleted: done.deleted, corrected: done.corrected, updated_kept: kept, note: UNDO_NOTE };
}
