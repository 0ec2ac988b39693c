import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRecordWriter, XLSX_MAX_CELL_CHARS, type ExportFormat } from '../../ingest/files/write-records.js';
import { SoriError } from '../../domain/errors.js';
import { EXPORT_COLUMNS, exportRow } from '../../ingest/export-items.js';
import { iterateItems } from '../../store/queries/list-items.js';
import { toFilter } from '../../server/routes/items.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, type Command, UsageError } from '../main.js';
import { requireWorkspace, withStore } from '../with-store.js';

export const exportCommand: Command = async (args, config) => {
  const { flags } = parseFlags(
    args,
    {
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      channel: { type: 'string' },
      kind: { type: 'string' },
      source: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      q: { type: 'string' },
      type: { type: 'string' },
      sentiment: { type: 'string' },
      segment: { type: 'string' },
    },
    HELP.export,
  );
  const format = (flags.format as string | undefined) ?? 'jsonl';
  if (!['jsonl', 'csv', 'xlsx'].includes(format)) throw new UsageError(`--format jsonl|csv|xlsx\n\n${HELP.export}`);
  const out = (flags.out as string | undefined) ?? '-';
  if (out === '-' && format === 'xlsx' && process.stdout.isTTY) throw new UsageError(t('XLSX는 --out FILE 로 저장하세요.', 'write XLSX to a file with --out FILE.'));
  // Checked before the store is opened, so a typo gives a sentence, not ENOENT/EISDIR.
  if (out !== '-') {
    const folder = path.dirname(path.resolve(out));
    if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(t(`--out ${out}: 폴더입니다. 파일 경로를 지정하세요`, `--out ${out} is a folder; name a file`));
    if (!existsSync(folder)) throw new UsageError(t(`--out ${out}: 폴더가 없습니다 (${folder})`, `--out ${out}: no such folder ${folder}`));
  }
  return withStore(config, 'export', async (db, signal) => {
    const ws = await requireWorkspace(db, flags.workspace as string | undefined);
    const filter = toFilter({
      channel: (flags.channel as string | undefined)?.split(','),
      kind: (flags.kind as string | undefined)?.split(','),
      status: undefined,
      source: flags.source as string | undefined,
      q: flags.q as string | undefined,
      from: flags.from as string | undefined,
      to: flags.to as string | undefined,
      import_run: undefined,
      type: (flags.type as string | undefined)?.split(','),
      topic: undefined,
      sentiment: (flags.sentiment as string | undefined)?.split(','),
      dup_group: undefined,
      segment: (flags.segment as string | undefined)?.split(','),
    }, ws.timezone);
    // A file is written aside and renamed over --out when complete (write-records.ts FileReplacement):
    // a failed or stopped export leaves the earlier file whole, not cut short.
    let writer: ReturnType<typeof createRecordWriter>;
    try {
      writer = createRecordWriter(format as ExportFormat, out === '-' ? process.stdout : out, EXPORT_COLUMNS, { timeZone: ws.timezone });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SoriError('export_failed', t(`${out}에 쓰지 못했습니다 (${code})`, `could not write to ${out} (${code})`) + `: ${(error as Error).message}`);
    }
    let n = 0;
    try {
      for await (const item of iterateItems(db, ws.id, filter)) {
        if (signal.aborted) break;
        await writer.write(exportRow(item, format as ExportFormat));
        n++;
      }
      if (signal.aborted) {
        await writer.abort();
        console.error(
          out === '-'
            ? t(`중단했습니다 (${n}건까지 썼습니다).`, `stopped (${n} items written).`)
            : t(`중단했습니다. ${out}은(는) 쓰지 않았습니다 (이전 파일이 있으면 그대로입니다).`, `stopped; ${out} was not written (an earlier file of that name is left as it was).`),
        );
        // Thrown, not returned: withStore would otherwise report the work as completed.
        throw new SoriError('interrupted', 'export stopped / 내보내기를 중단했습니다');
      }
      await writer.close();
    } catch (error) {
      await writer.abort().catch(() => undefined);
      if (error instanceof SoriError) throw error;
      // `sori export --out - | head`: the reader has what it wanted; stop quietly, like other tools.
      if (out === '-' && isClosedPipe(error)) return 0;
      const code = (error as NodeJS.ErrnoException).code;
      if (code) throw new SoriError('export_failed', t(`${out === '-' ? '표준 출력' : out}에 쓰지 못했습니다 (${code})`, `could not write to ${out === '-' ? 'standard output' : out} (${code})`) + `: ${(error as Error).message}`);
      throw error;
    }
    if (out !== '-') console.error(t(`${n}건을 ${out}에 저장했습니다`, `wrote ${n} items to ${out}`));
    if (writer.truncatedCells) console.error(truncationWarning(writer.truncatedCells));
    return 0;
  });
};

/** The write failed because the reading end of stdout went away (EPIPE), not because of Sori. */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}

/** Warns that XLSX cells were cut at Excel's limit (the importer refuses such cells, see read-xlsx.ts). */
export function truncationWarning(cells: number): string {
  const limit = XLSX_MAX_CELL_CHARS.toLocaleString('en');
  return t(
    `주의: 엑셀 셀 한도(${limit}자)를 넘는 값 ${cells}개를 잘라서 저장했습니다 (끝에 …). 전체 본문은 --format csv 또는 jsonl로 내보내세요. 이 XLSX를 다시 가져오면 잘린 행은 거부되고 저장된 본문은 그대로입니다.`,
    `warning: ${cells} cell(s) longer than Excel's ${limit}-character limit were cut (ending in …). Export with --format csv or jsonl for full text. Importing this XLSX again refuses the cut rows and keeps the stored text.`,
  );
}
