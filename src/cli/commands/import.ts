import { accessSync, constants, createWriteStream, existsSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CHANNELS, ITEM_KINDS } from '../../domain/item.js';
import { SoriError } from '../../domain/errors.js';
import { normalizeEnumValue, parseMappingSpec } from '../../ingest/files/column-mapping.js';
import { RejectsCsv } from '../../ingest/rejects-file.js';
import { importFile, type RowReject } from '../../ingest/import-file.js';
import { importMetricsFile } from '../../ingest/import-metrics.js';
import { importVendorExport, VENDOR_EXPORTS, type VendorExport } from '../../ingest/import-vendor-export.js';
import { FILE_FORMATS, type FileFormat } from '../../ingest/files/read-records.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, type Command, UsageError } from '../main.js';
import { createProgress } from '../progress.js';
import { requireWorkspace, withStore } from '../with-store.js';

export const importCommand: Command = async (args, config) => {
  const { flags, positionals } = parseFlags(
    args,
    {
      channel: { type: 'string' },
      source: { type: 'string' },
      kind: { type: 'string' },
      map: { type: 'string' },
      format: { type: 'string' },
      encoding: { type: 'string' },
      sheet: { type: 'string' },
      'dry-run': { type: 'boolean' },
      rejects: { type: 'string' },
      metrics: { type: 'boolean' },
      adapter: { type: 'string' },
      'batch-size': { type: 'string' },
    },
    HELP.import,
  );
  const file = positionals[0];
  if (!file) throw new UsageError(t('가져올 파일을 지정하세요.', 'name the file to import.') + '\n\n' + HELP.import);
  if (!existsSync(file)) throw new UsageError(t(`파일이 없습니다: ${file}`, `no such file: ${file}`));
  // The same words a file's channel column may use (채팅, 전화, 1:1문의 …).
  if (flags.channel) flags.channel = normalizeEnumValue('channel', flags.channel) as string;
  if (flags.channel && !CHANNELS.includes(flags.channel as never)) throw new UsageError(`--channel: ${CHANNELS.join(', ')}`);
  if (flags.kind && !ITEM_KINDS.includes(flags.kind as never)) throw new UsageError(`--kind: ${ITEM_KINDS.join(', ')}`);
  if (flags.format && !FILE_FORMATS.includes(flags.format as FileFormat)) throw new UsageError(`--format: ${FILE_FORMATS.join(', ')}`);
  // Checked before anything is read or stored: the mapping's syntax, and that rejects can be written.
  let mapping: ReturnType<typeof parseMappingSpec> | undefined;
  try {
    mapping = flags.map ? parseMappingSpec(flags.map as string) : undefined;
  } catch (e) {
    throw new UsageError(`--map: ${(e as Error).message}`);
  }
  const batchSize = flags['batch-size'] ? Number(flags['batch-size']) : config.importBatchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(t('--batch-size는 1 이상의 정수여야 합니다', '--batch-size must be a whole number of at least 1'));
  const rejectsPath = (flags.rejects as string) ?? `${file}.rejects.csv`;
  if (!flags.metrics && !flags.adapter && !flags['dry-run']) {
    try {
      accessSync(path.dirname(path.resolve(rejectsPath)), constants.W_OK);
    } catch {
      throw new UsageError(t(`거부 행 파일을 쓸 수 없습니다: ${rejectsPath} (--rejects로 다른 경로를 지정하세요)`, `cannot write the rejects file ${rejectsPath} (choose another with --rejects)`));
    }
  }

  return withStore(config, 'import', async (db, signal) => {
    const ws = await requireWorkspace(db, flags.workspace as string | undefined);
    if (flags.adapter) {
      const vendor = flags.adapter as VendorExport;
      if (!VENDOR_EXPORTS.includes(vendor)) throw new UsageError(`--adapter ${VENDOR_EXPORTS.join('|')}`);
      const r = await importVendorExport(db, ws, vendor, file, { source: flags.source as string | undefined, dryRun: !!flags['dry-run'] });
      console.log(
        t(
          `${flags['dry-run'] ? '[검사만] ' : ''}${vendor} 내보내기: 항목 ${r.items}건 · 신규 ${r.inserted}, 변경 ${r.updated}, 동일 ${r.unchanged}${r.stale ? `, 저장된 것보다 오래됨 ${r.stale}` : ''} · 거부 ${r.rejected} · 건너뜀 ${r.ignored.length}`,
          `${flags['dry-run'] ? '[dry run] ' : ''}${vendor} export: ${r.items} items · new ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged}${r.stale ? `, older than stored ${r.stale}` : ''} · rejected ${r.rejected} · skipped ${r.ignored.length}`,
        ),
      );
      for (const rej of r.rejects.slice(0, 10)) console.log(`  ${rej.item}${rej.field ? ` [${rej.field}]` : ''}: ${rej.reason}`);
      return r.items > 0 && r.rejected === r.items ? 1 : 0;
    }
    if (flags.metrics) {
      const r = await importMetricsFile(db, ws, file, { format: flags.format as FileFormat | undefined, encoding: flags.encoding as string | undefined, dryRun: !!flags['dry-run'] });
      const covers = r.accepted ? ` (${r.names.join(', ')} · ${r.from}~${r.to})` : '';
      const stored = flags['dry-run'] ? t('검사만 함', 'dry run, not stored') : t('저장', 'stored');
      console.log(t(`지표 ${r.accepted}건 ${stored}${covers}, ${r.rejected}건 거부`, `${r.accepted} metric values ${stored}${covers}, ${r.rejected} rejected`));
      for (const rej of r.rejects.slice(0, 20)) console.log(`  ${t('행', 'row')} ${rej.row}: ${rej.reason}`);
      return r.accepted === 0 && r.rejected > 0 ? 1 : 0;
    }
    // A rejects file from an earlier run must not look like this run's.
    rmSync(rejectsPath, { force: true });
    let rejectsOut: ReturnType<typeof createWriteStream> | null = null;
    let rejectsError: Error | null = null;
    const rejectsCsv = new RejectsCsv();
    const onReject = (r: RowReject) => {
      if (rejectsError) throw rejectsError;
      if (!rejectsOut) {
        let fd: number;
        try {
          fd = openSync(rejectsPath, 'w');
        } catch (e) {
          throw new UsageError(t(`거부 행 파일을 쓸 수 없습니다: ${rejectsPath}`, `cannot write the rejects file ${rejectsPath}`) + ` (${(e as Error).message})`);
        }
        rejectsOut = createWriteStream('', { fd });
        rejectsOut.on('error', (e) => (rejectsError = e));
      }
      // Why, then the row in the file's own columns (masked by importFile), ready to correct and import again.
      rejectsOut.write(rejectsCsv.lines(r));
    };
    const progress = createProgress(t('가져오는 중', 'importing'));
    const summary = await importFile(db, ws, {
      path: file,
      format: flags.format as FileFormat | undefined,
      encoding: flags.encoding as string | undefined,
      sheet: flags.sheet as string | undefined,
      mapping,
      defaults: { channel: flags.channel as string | undefined, source: (flags.source as string | undefined) ?? 'file-import', kind: flags.kind as string | undefined },
      dryRun: !!flags['dry-run'],
      batchSize,
      signal,
      actor: 'cli',
      onReject,
      onProgress: (p) => progress.update(p.rows, t(`거부 ${p.rejected}`, `rejected ${p.rejected}`)),
    });
    progress.done();
    if (rejectsOut) await new Promise((r) => rejectsOut!.end(r));
    if (rejectsError) throw new UsageError(t(`거부 행 파일을 쓰지 못했습니다: ${rejectsPath}`, `could not write the rejects file ${rejectsPath}`) + ` (${(rejectsError as Error).message})`);
    const s = summary;
    console.log(
      t(
        `${s.dry_run ? '[검사만] ' : ''}${s.file_name}: 전체 ${s.total_rows}행 · 정상 ${s.accepted} (신규 ${s.inserted}, 변경 ${s.updated}, 동일 ${s.unchanged}) · 거부 ${s.rejected}`,
        `${s.dry_run ? '[dry run] ' : ''}${s.file_name}: ${s.total_rows} rows · accepted ${s.accepted} (new ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}) · rejected ${s.rejected}`,
      ),
    );
    if (s.repeated) {
      console.log(
        t(
          `같은 파일 안에서 같은 티켓이 다시 나온 행 ${s.repeated}개: 나중 행을 저장했습니다`,
          `${s.repeated} rows repeat a ticket that comes again later in the file: the later row was stored`,
        ),
      );
    }
    if (s.unmapped_columns.length) console.log(t(`메타데이터로 보관한 열: ${s.unmapped_columns.join(', ')}`, `columns kept as metadata: ${s.unmapped_columns.join(', ')}`));
    for (const r of s.rejects.slice(0, 10)) console.log(`  ${t('행', 'row')} ${r.row}${r.field ? ` [${r.field}]` : ''}: ${r.reason}`);
    if (s.rejected) console.log(t(`거부된 행 전체: ${rejectsPath}`, `all rejected rows: ${rejectsPath}`));
    if (s.accepted === 0 && s.total_rows > 0) throw new SoriError('validation_failed', t('정상 행이 없습니다. 열 매핑(--map)을 확인하세요.', 'no row was accepted; check the column mapping (--map).'));
    return 0;
  });
};
