import { createRecordWriter, type ExportFormat } from '../../ingest/files/write-records.js';
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
  return withStore(config, 'export', async (db) => {
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
    const writer = createRecordWriter(format as ExportFormat, out === '-' ? process.stdout : out, EXPORT_COLUMNS, { timeZone: ws.timezone });
    let n = 0;
    for await (const item of iterateItems(db, ws.id, filter)) {
      await writer.write(exportRow(item, format as ExportFormat));
      n++;
    }
    await writer.close();
    if (out !== '-') console.error(t(`${n}건을 ${out}에 저장했습니다`, `wrote ${n} items to ${out}`));
    return 0;
  });
};
