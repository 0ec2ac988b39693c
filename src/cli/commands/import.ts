import { accessSync, constants, existsSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CHANNELS, ITEM_KINDS } from '../../domain/item.js';
import { SoriError } from '../../domain/errors.js';
import { isRowNumberHeader, normalizeEnumValue, parseMappingSpec, resolveMapping } from '../../ingest/files/column-mapping.js';
import { RejectsCsv } from '../../ingest/rejects-file.js';
import { importFile, type ImportSummary, type RowReject } from '../../ingest/import-file.js';
import { importMetricsFile, type MetricsImport } from '../../ingest/import-metrics.js';
import { importVendorExport, VENDOR_EXPORTS, vendorReport, type SkipGroup, type VendorExport, type VendorImportResult, type VendorReport } from '../../ingest/import-vendor-export.js';
import { FILE_FORMATS, type FileFormat } from '../../ingest/files/read-records.js';
import { previewFile } from '../../ingest/files/preview.js';
import { createRecordWriter, FileReplacement } from '../../ingest/files/write-records.js';
import type { Db } from '../../store/db.js';
import { HELP, localize, t } from '../i18n.js';
import { COMMON_FLAGS, parseFlags, type Command, UsageError } from '../main.js';
import { importThroughServer, uploadNameFor } from '../import-via-server.js';
import { runningServer } from '../running-server.js';
import { createProgress } from '../progress.js';
import { requireWorkspace, withStore } from '../with-store.js';

/** `sori import`'s flags (besides --workspace and --help). */
const IMPORT_FLAGS = {
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
  json: { type: 'boolean' },
  'fail-on-reject': { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const importCommand: Command = async (args, config) => {
  // `sori import undo RUN_ID`, flags before it too (`sori import --workspace shop undo 7`): the first
  // argument that is no flag and no flag's value; a file named undo is imported as ./undo.
  const first = parseArgs({ args, options: { ...COMMON_FLAGS, ...IMPORT_FLAGS }, allowPositionals: true, strict: false, tokens: true }).tokens.find((token) => token.kind === 'positional');
  if (first?.value === 'undo') {
    return (await import('./import-undo.js')).importUndoCommand([...args.slice(0, first.index), ...args.slice(first.index + 1)], config);
  }
  const { flags, positionals } = parseFlags(args, IMPORT_FLAGS, HELP.import);
  // --json: the summary is one JSON object on stdout (for scripts); the lines people read go to stderr.
  const say = (line: string) => (flags.json ? console.error(line) : console.log(line));
  /**
   * The end of a run: its summary as JSON with --json, and its exit code — 3 with --fail-on-reject
   * when a row (or item) was rejected and nothing worse happened, so a scheduled import can stop on it
   * (1 is a failed import, 2 a usage error, 75 a held data folder).
   */
  const finish = (summary: Record<string, unknown>, code: number, rejected: number): number => {
    if (flags.json) console.log(JSON.stringify(summary));
    return code === 0 && flags['fail-on-reject'] && rejected > 0 ? 3 : code;
  };
  const file = positionals[0];
  if (!file) throw new UsageError(t('가져올 파일을 지정하세요.', 'name the file to import.') + '\n\n' + HELP.import);
  if (!existsSync(file)) throw new UsageError(t(`파일이 없습니다: ${file}`, `no such file: ${file}`));
  if (statSync(file).isDirectory()) throw new UsageError(t(`폴더는 가져올 수 없습니다. 파일을 지정하세요: ${file}`, `${file} is a folder; name a file to import`));
  // The same words a file's channel column may use (채팅, 전화, 1:1문의 …).
  if (flags.channel) flags.channel = normalizeEnumValue('channel', flags.channel) as string;
  const oneOf = (flag: string, values: readonly string[]) => new UsageError(`--${flag}: ${t('다음 중 하나', 'one of')} ${values.join(', ')}`);
  if (flags.channel && !CHANNELS.includes(flags.channel as never)) throw oneOf('channel', CHANNELS);
  if (flags.kind && !ITEM_KINDS.includes(flags.kind as never)) throw oneOf('kind', ITEM_KINDS);
  if (flags.format && !FILE_FORMATS.includes(flags.format as FileFormat)) throw oneOf('format', FILE_FORMATS);
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
  // Writing the rejects over the file being read (or the mapping) would destroy it.
  for (const [what, other] of [[t('가져올 파일', 'the file to import'), file], [t('매핑 파일', 'the mapping file'), flags.map as string | undefined]] as const) {
    if (other && existsSync(other) && sameFile(rejectsPath, other)) {
      throw new UsageError(t(`--rejects ${rejectsPath}: ${what}과 같은 파일입니다. 다른 경로를 지정하세요`, `--rejects ${rejectsPath} is ${what}; choose another path`));
    }
  }
  if (existsSync(rejectsPath) && statSync(rejectsPath).isDirectory()) {
    throw new UsageError(t(`--rejects ${rejectsPath}: 폴더입니다. 파일 경로를 지정하세요`, `--rejects ${rejectsPath} is a folder; name a file`));
  }
  // Vendor-export and metrics imports write their rejects on a dry run too.
  if (!flags['dry-run'] || flags.metrics || flags.adapter) {
    try {
      accessSync(path.dirname(path.resolve(rejectsPath)), constants.W_OK);
    } catch {
      throw new UsageError(t(`거부 행 파일을 쓸 수 없습니다: ${rejectsPath} (--rejects로 다른 경로를 지정하세요)`, `cannot write the rejects file ${rejectsPath} (choose another with --rejects)`));
    }
  }

  try {
    return await importLocally();
  } catch (error) {
    // `sori serve` holds the embedded data folder: with an API token, the file goes through it.
    const server = runningServer(error);
    if (!server) throw error;
    if (!config.apiToken) {
      // The lock's message is an English line and a Korean one: each gets its half of the hint.
      const e = error as SoriError;
      const [english, korean] = e.message.split('\n');
      const hint = [
        'Or set SORI_TOKEN to an API token with the ingest scope (Settings → API tokens) and run this again: the file then goes through the running server.',
        '또는 ingest 권한의 API 토큰(설정 → API 토큰)을 SORI_TOKEN에 넣고 다시 실행하면 파일을 실행 중인 서버를 통해 가져옵니다.',
      ];
      throw new SoriError(e.code, korean === undefined ? `${e.message} ${hint[0]} / ${hint[1]}` : `${english} ${hint[0]}\n${korean} ${hint[1]}`, e.detail);
    }
    return importViaServer(server);
  }

  async function importViaServer(server: { port: number; address: string | null }): Promise<number> {
    // Where the server listens, from its lock; a lock from an older server has no address, and this
    // command's own HOST is the best guess then.
    const host = server.address ?? (config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host);
    const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`;
    console.error(t(`데이터 폴더를 쓰는 실행 중인 서버(${baseUrl})로 가져옵니다.`, `importing through the running server at ${baseUrl}, which holds the data folder.`));
    if (flags['batch-size']) console.error(t('--batch-size는 서버 설정(SORI_IMPORT_BATCH_SIZE)을 따르므로 무시합니다.', '--batch-size is ignored: the server uses its own SORI_IMPORT_BATCH_SIZE.'));
    const fields: Record<string, string> = { dry_run: String(!!flags['dry-run']) };
    if (flags.adapter) {
      fields.adapter = vendorFlag();
      if (flags.source) fields.source = flags.source as string;
    } else if (flags.encoding) fields.encoding = flags.encoding as string;
    if (!flags.metrics && !flags.adapter) {
      fields.source = (flags.source as string | undefined) ?? 'file-import';
      if (flags.channel) fields.channel = flags.channel as string;
      if (flags.kind) fields.kind = flags.kind as string;
      if (flags.sheet) fields.sheet = flags.sheet as string;
      // The mapping as read here (a mapping file is read by the CLI, never by the server).
      if (mapping) fields.mapping = JSON.stringify({ ...mapping, partial: undefined });
    }
    const controller = new AbortController();
    const stop = (signal: NodeJS.Signals) => {
      process.exitCode = signal === 'SIGINT' ? 130 : 143;
      controller.abort();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      const upload = {
        baseUrl,
        token: config.apiToken!,
        file: file!,
        uploadName: uploadNameFor(file!, flags.format as string | undefined),
        fields,
        workspace: flags.workspace as string | undefined,
        rejectsPath,
        signal: controller.signal,
      };
      if (flags.metrics) {
        const { summary } = await importThroughServer({ ...upload, route: '/imports/metrics' });
        return await printMetrics(summary as unknown as MetricsImport);
      }
      if (flags.adapter) {
        const { summary, rejectsWritten } = await importThroughServer({ ...upload, route: '/imports/vendor' });
        const report = summary as unknown as PrintedVendorReport;
        return await printVendor(vendorFlag(), report, rejectsWritten ? path.resolve(rejectsPath) : null, async () => {
          if (rejectsWritten) say(report.rejects.length > 10 ? t(`  … 거부 ${report.rejected}건 전체: ${rejectsPath}`, `  … all ${report.rejected} rejects: ${rejectsPath}`) : t(`  거부 목록: ${rejectsPath}`, `  rejects: ${rejectsPath}`));
          else if (report.rejected) say(t('  거부된 행 전체는 가져오기 화면의 최근 가져오기에서 받으세요 (이 토큰에 read 권한이 없어 파일로 받지 못했습니다)', '  download all rejects from recent imports on the import page (this token has no read scope to fetch them)'));
          else if (!report.dry_run && removeOlderRejects()) say(t(`거부된 행이 없어 이전 거부 행 파일을 지웠습니다: ${rejectsPath}`, `no rows were rejected; removed the older rejects file ${rejectsPath}`));
        });
      }
      const { summary, rejectsWritten } = await importThroughServer(upload);
      // The file's columns, read here as the server read them, for the id-column and left-out messages.
      const headers = await fileHeaders(file!, summary.format, flags.encoding as string | undefined, flags.sheet as string | undefined);
      const oldRejectsRemoved = !rejectsWritten && !summary.dry_run && !summary.rejected && removeOlderRejects();
      const rejectsNote = summary.rejected && !rejectsWritten
        ? t(
            `거부된 행 전체는 가져오기 화면의 최근 가져오기에서 받으세요 (이 토큰에 read 권한이 없어 파일로 받지 못했습니다)`,
            `download all rejected rows from recent imports on the import page (this token has no read scope to fetch them)`,
          )
        : null;
      return printSummary(summary, headers, rejectsNote ?? rejectsPath, oldRejectsRemoved);
    } catch (error) {
      // Ctrl-C: whether the server goes on with the file (it had all of it) or never got it.
      if (error instanceof SoriError && error.code === 'interrupted') {
        console.error(error.message);
        return typeof process.exitCode === 'number' ? process.exitCode : 130;
      }
      throw error;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }

  async function importLocally(): Promise<number> {
    return withStore(config, 'import', async (db, signal) => {
      const ws = await requireWorkspace(db, flags.workspace as string | undefined);
      if (flags.adapter) {
        const vendor = vendorFlag();
        const progress = createProgress(t('가져오는 중', 'importing'));
        let r: VendorImportResult;
        try {
          r = await importVendorExport(db, ws, vendor, file!, {
            source: flags.source as string | undefined,
            dryRun: !!flags['dry-run'],
            actor: 'cli',
            signal,
            batchSize,
            onProgress: (p) => progress.update(p.items, t(`거부 ${p.rejected}`, `rejected ${p.rejected}`), null),
          });
        } finally {
          progress.done();
        }
        return printVendor(
          vendor,
          { ...vendorReport(r, vendor, !!flags['dry-run']), ignored: r.ignored },
          r.rejects.length ? path.resolve(rejectsPath) : null,
          () => writeListRejects(rejectsPath, ['item', 'field', 'reason'], r.rejects, r.rejects.length > 10, say, !!flags['dry-run']),
        );
      }
      if (flags.metrics) {
        const r = await importMetricsFile(db, ws, file, { format: flags.format as FileFormat | undefined, encoding: flags.encoding as string | undefined, dryRun: !!flags['dry-run'] });
        return printMetrics(r);
      }
      // The file's columns, told by importFile before any row is stored (read once, not peeked first).
      const fileColumns: { headers: string[] | null } = { headers: null };
      // The rejects file is written only when this run rejects a row, beside its name
      // (FILE.rejects.csv.tmp-<pid>-<random>, where it fills while the import runs; its rows are also
      // in import_rejects) and renamed over it when the import ends: a dry run, a run that fails, is
      // stopped or killed leaves an older file whole, never a partial one in its place (running the
      // same file again writes the whole list). A completed, stored run without rejects removes the
      // older file, which would otherwise look like this run's; a dry run without rejects leaves it.
      let rejectsFile: FileReplacement | null = null;
      let rejectsError: Error | null = null;
      // A table's rejects use its header (known before any row), so a first row that could not be read
      // still leaves columns a corrected file imports by; JSON lines use the first row with values.
      const rejectsCsv = new RejectsCsv(null, { waitForValues: true });
      const writeRejects = (text: string) => {
        if (!text) return;
        if (!rejectsFile) {
          try {
            rejectsFile = new FileReplacement(rejectsPath);
          } catch (e) {
            throw new UsageError(t(`거부 행 파일을 쓸 수 없습니다: ${rejectsPath}`, `cannot write the rejects file ${rejectsPath}`) + ` (${(e as Error).message})`);
          }
          rejectsFile.stream.on('error', (e) => (rejectsError = e));
        }
        rejectsFile.stream.write(text);
      };
      const onReject = (r: RowReject) => {
        if (rejectsError) throw rejectsError;
        // Why, then the row in the file's own columns (masked by importFile), ready to correct and import again.
        writeRejects(rejectsCsv.lines(r));
      };
      const closeRejects = async () => {
        if (!rejectsFile) return;
        const file: FileReplacement = rejectsFile;
        await new Promise((r) => file.stream.end(r));
        if (rejectsError) await file.abort();
        else await file.commit();
      };
      const progress = createProgress(t('가져오는 중', 'importing'));
      const fileBytes = statSync(file).size;
      let summary: Awaited<ReturnType<typeof importFile>>;
      try {
        summary = await importFile(db, ws, {
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
          onColumns: (columns, tabular) => {
            fileColumns.headers = columns;
            if (tabular) rejectsCsv.useColumns(columns);
          },
          onProgress: (p) => progress.update(p.rows, t(`거부 ${p.rejected}`, `rejected ${p.rejected}`), p.bytes !== null && fileBytes > 0 ? p.bytes / fileBytes : null),
        });
        writeRejects(rejectsCsv.end());
        await closeRejects();
      } catch (error) {
        progress.done();
        const partial = rejectsFile as FileReplacement | null;
        if (partial) {
          await partial.abort().catch(() => undefined);
          console.error(
            t(
              `거부 행 파일은 끝까지 마친 가져오기만 씁니다: ${rejectsPath}${existsSync(rejectsPath) ? '(이전 파일)는 그대로 두었습니다' : '는 쓰지 않았습니다'}.`,
              `the rejects file is written only by an import that completes: ${rejectsPath} ${existsSync(rejectsPath) ? '(an earlier one) was left as it was' : 'was not written'}.`,
            ),
          );
        }
        if (error instanceof SoriError && (error.code === 'interrupted' || error.code === 'import_cancelled')) await reportStoredBeforeStop(db, ws.id);
        throw error;
      }
      progress.done();
      if (rejectsError) {
        throw new UsageError(t(`거부 행 파일을 쓰지 못했습니다: ${rejectsPath}`, `could not write the rejects file ${rejectsPath}`) + ` (${(rejectsError as Error).message})`);
      }
      const oldRejectsRemoved = !rejectsFile && !flags['dry-run'] && removeOlderRejects();
      return printSummary(summary, fileColumns.headers, rejectsPath, oldRejectsRemoved);
    });
  }

  /**
   * Removes an older rejects file after a stored run that rejected nothing, which would otherwise
   * look like this run's; whether there was one.
   */
  function removeOlderRejects(): boolean {
    if (!existsSync(rejectsPath)) return false;
    rmSync(rejectsPath, { force: true });
    return true;
  }

  /** --adapter's vendor, or a usage error. */
  function vendorFlag(): VendorExport {
    const vendor = flags.adapter as VendorExport;
    if (!VENDOR_EXPORTS.includes(vendor)) throw new UsageError(`--adapter ${VENDOR_EXPORTS.join('|')}`);
    return vendor;
  }

  /**
   * The lines of a vendor-export import (local or through the server), its rejects file written
   * (`writeRejects`), and its exit code; an error when nothing could be read as that vendor's
   * records (most likely a file of items).
   */
  async function printVendor(vendor: VendorExport, r: PrintedVendorReport, rejectsFile: string | null, writeRejects: () => Promise<void>): Promise<number> {
    say(
      t(
        `${flags['dry-run'] ? '[검사만] ' : ''}${vendor} 내보내기: 항목 ${r.items}건 · 신규 ${r.inserted}, 변경 ${r.updated}, 동일 ${r.unchanged}${r.stale ? `, 저장된 것보다 오래됨 ${r.stale}` : ''}${r.repeated ? `, 중복 ${r.repeated}` : ''} · 거부 ${r.rejected} · 건너뜀 ${r.skipped}`,
        `${flags['dry-run'] ? '[dry run] ' : ''}${vendor} export: ${r.items} items · new ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged}${r.stale ? `, older than stored ${r.stale}` : ''}${r.repeated ? `, repeated ${r.repeated}` : ''} · rejected ${r.rejected} · skipped ${r.skipped}`,
      ),
    );
    // Why rows were skipped, grouped, with where the first few are.
    for (const g of r.skip_groups) say(skipLine(g));
    for (const rej of r.rejects.slice(0, 10)) say(`  ${localize(rej.item)}${rej.field ? ` [${rej.field}]` : ''}: ${localize(rej.reason)}`);
    await writeRejects();
    if (r.run_id && !flags['dry-run'] && r.inserted) say(t(`  되돌리기: sori import undo ${r.run_id}`, `  to undo: sori import undo ${r.run_id}`));
    const json = {
      kind: 'vendor_export',
      adapter: vendor,
      run_id: r.run_id,
      dry_run: !!flags['dry-run'],
      items: r.items,
      inserted: r.inserted,
      updated: r.updated,
      unchanged: r.unchanged,
      repeated: r.repeated,
      stale: r.stale,
      rejected: r.rejected,
      ...(r.ignored ? { ignored: r.ignored } : {}),
      ignoredCount: r.skipped,
      skipped: r.skip_groups,
      unreadable_skipped: r.unreadable_skipped,
      rejects_file: rejectsFile,
      rejects: r.rejects.slice(0, 100),
    };
    if (!r.looks_like_export) {
      finish(json, 1, 0);
      const name = VENDOR_NAMES[vendor];
      throw new SoriError(
        'validation_failed',
        t(
          `${file}은(는) ${name} 내보내기 파일로 보이지 않습니다: 맞춰 읽은 행이 하나도 없습니다 (건너뜀 ${r.skipped}, 거부 ${r.rejected}). ${VENDOR_EXPECTS[vendor][1]} 항목 파일이라면 --adapter 없이 가져오세요.`,
          `${file} does not look like a ${name} export: no row could be read as one (skipped ${r.skipped}, rejected ${r.rejected}). ${VENDOR_EXPECTS[vendor][0]} To import a file of items, leave out --adapter.`,
        ),
      );
    }
    // --fail-on-reject: a row skipped as unreadable (no id, not an object) is a rejected row too.
    // Exit 1 when records were read and none of them could be stored (every one rejected).
    const landed = r.inserted + r.updated + r.unchanged + r.stale + r.repeated;
    return finish(json, r.items > 0 && landed === 0 && r.rejected > 0 ? 1 : 0, r.rejected + r.unreadable_skipped);
  }

  /** The lines of a metrics import (local or through the server) and its rejects file; 1 when every row was refused. */
  async function printMetrics(r: MetricsImport): Promise<number> {
    const covers = r.accepted ? ` (${r.names.join(', ')} · ${r.from}~${r.to})` : '';
    const stored = flags['dry-run'] ? t('검사만 함', 'dry run, not stored') : t('저장', 'stored');
    // A server before cell rejects answers without rejected_cells: every reject was a whole row.
    const cells = r.rejected_cells ?? 0;
    const rows = r.rejected - cells;
    const split = cells ? t(` (행 ${rows}개, 칸 ${cells}개)`, ` (${rows} row${rows === 1 ? '' : 's'}, ${cells} cell${cells === 1 ? '' : 's'})`) : '';
    say(t(`지표 ${r.accepted}건 ${stored}${covers}, ${r.rejected}건 거부${split}`, `${r.accepted} metric values ${stored}${covers}, ${r.rejected} rejected${split}`));
    if (cells) {
      say(
        t(
          '  거부된 칸만 빠졌고 같은 날의 다른 값은 받았습니다. 칸을 고쳐 같은 파일을 다시 가져오면 나머지 값은 그대로이고 고친 값도 저장됩니다',
          '  only the rejected cells were left out: the other numbers of their days were taken. Correct the cells and import the file again: the rest stays as it is and the corrected values are stored too',
        ),
      );
    }
    if (r.repeated) {
      say(
        t(
          `  같은 날짜·지표가 같은 값으로 다시 나온 ${r.repeated}건은 한 번만 저장했습니다 (다른 값이면 그 값을 거부합니다)`,
          `  ${r.repeated} values repeat a day and metric with the same number: stored once (another number is rejected)`,
        ),
      );
    }
    // A cell: "행 5, 주문수: …" (its reason begins with its column); a whole row: "행 5: 날짜: …".
    for (const rej of r.rejects.slice(0, 20)) say(`  ${t('행', 'row')} ${rej.row}${typeof rej.column === 'string' ? ',' : ':'} ${localize(rej.reason, undefined, { anyField: true })}`);
    for (const col of r.skipped_columns) say(`  ${t('건너뛴 열', 'column skipped')} ${col.column}: ${localize(col.reason)}`);
    // row, reason as before (the reason names the cell's column first), then the refused cell's column
    // (rejects[].column; empty for a whole row): scripts reading the first two columns keep working.
    await writeListRejects(rejectsPath, ['row', 'reason', 'column'], r.rejects, r.rejects.length > 20, say, !!flags['dry-run']);
    // The server answers with its first 200 rejects.
    if (r.rejected > r.rejects.length) say(t(`  (거부 ${r.rejected}건 중 처음 ${r.rejects.length}건)`, `  (the first ${r.rejects.length} of ${r.rejected} rejects)`));
    const { rejects, ...counts } = r;
    return finish(
      { kind: 'metrics', dry_run: !!flags['dry-run'], ...counts, rejected_cells: cells, rejects_file: rejects.length ? path.resolve(rejectsPath) : null, rejects: rejects.slice(0, 100) },
      r.accepted === 0 && r.rejected > 0 ? 1 : 0,
      r.rejected,
    );
  }

  /** The summary lines of an import (local or through the server); 0, or an error when no row was accepted. */
  function printSummary(s: ImportSummaryLike, headers: string[] | null, rejectsWhere: string, oldRejectsRemoved: boolean): number {
    say(
      t(
        `${s.dry_run ? '[검사만] ' : ''}${s.file_name}: 전체 ${s.total_rows}행 · 정상 ${s.accepted} (신규 ${s.inserted}, 변경 ${s.updated}, 동일 ${s.unchanged}${s.older ? `, 저장된 것보다 오래됨 ${s.older}` : ''}) · 거부 ${s.rejected}`,
        `${s.dry_run ? '[dry run] ' : ''}${s.file_name}: ${s.total_rows} rows · accepted ${s.accepted} (new ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}${s.older ? `, older than stored ${s.older}` : ''}) · rejected ${s.rejected}`,
      ),
    );
    if (s.repeated) {
      say(
        t(
          `같은 파일 안에서 같은 티켓이 다시 나온 행 ${s.repeated}개: 나중 행을 저장했습니다`,
          `${s.repeated} rows repeat a ticket that comes again later in the file: the later row was stored`,
        ),
      );
    }
    if (s.encoding) say(t(`인코딩: ${s.encoding}`, `encoding: ${s.encoding}`));
    // The mapping as importFile resolved it for these columns, once for both messages.
    const resolved = headers ? resolveMapping(headers, mapping) : null;
    if (headers && resolved) say(idColumnMessage(headers, resolved.mapping.fields.external_id));
    if (s.unmapped_columns.length) say(t(`메타데이터로 보관한 열: ${s.unmapped_columns.join(', ')}`, `columns kept as metadata: ${s.unmapped_columns.join(', ')}`));
    const ignored = resolved?.ignored ?? [];
    if (ignored.length) say(t(`매핑에 없어 저장하지 않은 열: ${ignored.join(', ')}`, `columns not in the mapping, not stored: ${ignored.join(', ')}`));
    for (const r of s.rejects.slice(0, 10)) say(`  ${t('행', 'row')} ${r.row}${r.field ? ` [${r.field}]` : ''}: ${localize(r.reason)}`);
    if (s.rejected) say(rejectsWhere === rejectsPath ? t(`거부된 행 전체: ${rejectsPath}`, `all rejected rows: ${rejectsPath}`) : rejectsWhere);
    else if (oldRejectsRemoved) say(t(`거부된 행이 없어 이전 거부 행 파일을 지웠습니다: ${rejectsPath}`, `no rows were rejected; removed the older rejects file ${rejectsPath}`));
    const json = {
      kind: 'items',
      run_id: s.run_id ?? null,
      file_name: s.file_name,
      dry_run: s.dry_run,
      encoding: s.encoding,
      total_rows: s.total_rows,
      accepted: s.accepted,
      inserted: s.inserted,
      updated: s.updated,
      unchanged: s.unchanged,
      older: s.older,
      repeated: s.repeated,
      rejected: s.rejected,
      unmapped_columns: s.unmapped_columns,
      rejects_file: s.rejected && rejectsWhere === rejectsPath ? path.resolve(rejectsPath) : null,
      // Why each row was refused; the row itself is in the rejects file.
      rejects: s.rejects.slice(0, 100).map(({ row, field, reason }) => ({ row, field, reason })),
    };
    if (s.accepted === 0 && s.total_rows > 0) {
      finish(json, 1, s.rejected);
      // Every row wider than the header: the line taken as the header is likely a title above the real one.
      const wider = s.rejects.length > 0 && s.rejects.every((r) => /expected \d+ columns, found \d+/.test(r.reason));
      throw new SoriError(
        'validation_failed',
        wider
          ? t(
              `정상 행이 없습니다. 모든 행의 칸 수가 머리글로 읽은 줄(${(headers ?? []).join(', ')})과 다릅니다. 첫 줄이 실제 머리글 위의 제목 줄이라면 지우고 다시 가져오세요.`,
              `no row was accepted: every row has more cells than the line read as the header (${(headers ?? []).join(', ')}); if that line is a title above the real header, delete it and import again.`,
            )
          : t('정상 행이 없습니다. 열 매핑(--map)을 확인하세요.', 'no row was accepted; check the column mapping (--map).'),
      );
    }
    return finish(json, 0, s.rejected);
  }
};

/** Whether two paths name the same file: symlinks and relative paths resolved, hard links by inode. */
function sameFile(a: string, b: string): boolean {
  try {
    if (realpathSync(a) === realpathSync(b)) return true;
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}

/** Which column became the item id, or how items are told apart without one (finding: 번호 columns). */
function idColumnMessage(headers: string[], id: string | undefined): string {
  const rowNumbers = headers.filter((h) => isRowNumberHeader(h) && h !== id);
  const note = rowNumbers.length
    ? t(` (${rowNumbers.join(', ')} 열은 목록의 행 번호로 보고 ID로 쓰지 않았습니다. ID라면 --map "external_id=${rowNumbers[0]}")`, ` (${rowNumbers.join(', ')} looks like a list's row number, not used as the id; if it is one, --map "external_id=${rowNumbers[0]}")`)
    : '';
  return id
    ? t(`항목 ID 열: ${id}`, `item id column: ${id}`) + note
    : t('항목 ID 열 없음: 채널·작성 시각·고객·본문으로 항목을 구분합니다', 'no item id column: items are told apart by channel, time, customer and text') + note;
}

/** After Ctrl-C: what the stopped run stored (its import_runs row counts whole, committed batches). */
async function reportStoredBeforeStop(db: Db, workspaceId: number): Promise<void> {
  try {
    const [run] = await db.query<{ total_rows: number; inserted: number; updated: number; unchanged: number; rejected: number; dry_run: boolean }>(
      `SELECT total_rows, inserted, updated, unchanged, rejected, dry_run FROM import_runs
       WHERE workspace_id = $1 AND created_by = 'cli' ORDER BY id DESC LIMIT 1`,
      [workspaceId],
    );
    if (!run) return;
    const done = run.inserted + run.updated + run.unchanged;
    console.error(
      run.dry_run
        ? t(`중단 전 ${run.total_rows}행을 검사했습니다 (저장 없음)`, `${run.total_rows} rows checked before stopping (nothing stored)`)
        : t(
            `중단 전 ${run.total_rows}행 처리: 저장 ${done} (신규 ${run.inserted}, 변경 ${run.updated}, 동일 ${run.unchanged}) · 거부 ${run.rejected}`,
            `${run.total_rows} rows processed before stopping: stored ${done} (new ${run.inserted}, updated ${run.updated}, unchanged ${run.unchanged}) · rejected ${run.rejected}`,
          ),
    );
  } catch {
    // The database may be closing under a second Ctrl-C; the generic message follows anyway.
  }
}

/**
 * The rejects of a vendor-export or metrics import, as a CSV file beside the input (formulas
 * guarded), so none is known only by the first lines printed. Written only when there are rejects;
 * says where when more were found than printed. A completed run without rejects removes an older
 * file (which would otherwise look like this run's), as item imports do; a dry run leaves it.
 */
async function writeListRejects(file: string, columns: string[], rejects: object[], morePrinted: boolean, say: (line: string) => void, dryRun: boolean): Promise<void> {
  if (!rejects.length) {
    if (!dryRun && existsSync(file) && statSync(file).isFile()) {
      rmSync(file, { force: true });
      say(t(`거부된 행이 없어 이전 거부 행 파일을 지웠습니다: ${file}`, `no rows were rejected; removed the older rejects file ${file}`));
    }
    return;
  }
  const writer = createRecordWriter('csv', file, columns);
  for (const r of rejects) await writer.write(r as Record<string, unknown>);
  await writer.close();
  say(
    morePrinted
      ? t(`  … 거부 ${rejects.length}건 전체: ${file}`, `  … all ${rejects.length} rejects: ${file}`)
      : t(`  거부 목록: ${file}`, `  rejects: ${file}`),
  );
}

const VENDOR_NAMES: Record<VendorExport, string> = { zendesk: 'Zendesk', channeltalk: 'Channel Talk', googleplay: 'Google Play' };

/** What each vendor's export holds, for the message saying a file is not one: [English, 한국어]. */
const VENDOR_EXPECTS: Record<VendorExport, [string, string]> = {
  zendesk: [
    "Zendesk's export is JSON of tickets: the full export (a ticket per line), incremental-export pages ({\"tickets\": [...]}) or an array of tickets.",
    'Zendesk 내보내기는 티켓 JSON입니다: 전체 내보내기(한 줄에 티켓 하나), 증분 내보내기 페이지({"tickets": [...]}) 또는 티켓 배열.',
  ],
  channeltalk: [
    "Channel Talk's desk export has a user chat id column (id, userChatId, 상담 ID, 유저챗 ID) on its UserChat data sheet.",
    '채널톡 상담 내보내기는 UserChat data 시트에 상담 ID 열(id, userChatId, 상담 ID, 유저챗 ID)이 있습니다.',
  ],
  googleplay: [
    "Google Play's review report (Play Console → Download reports → Reviews, reviews_<package>_<YYYYMM>.csv) has the columns Review Submit Date and Time, Star Rating, Review Text and Review Link.",
    'Google Play 리뷰 보고서(Play Console → 보고서 다운로드 → 리뷰, reviews_<패키지>_<연월>.csv)에는 Review Submit Date and Time, Star Rating, Review Text, Review Link 열이 있습니다.',
  ],
};

/** One group of a vendor export's skipped rows: how many, why, and where the first few are. */
function skipLine(g: SkipGroup): string {
  const where = g.where.length ? ` (${g.where.map((w) => localize(w)).join(', ')}${g.count > g.where.length ? ', …' : ''})` : '';
  return `  ${t(`건너뜀 ${g.count}건`, `skipped ${g.count}`)}: ${localize(g.reason)}${where}`;
}

/** What a vendor-export import prints from: its report as `POST /imports/vendor` answers it (and `ignored` when run here). */
type PrintedVendorReport = Omit<VendorReport, 'run_id' | 'file_name' | 'adapter' | 'dry_run'> & { run_id: string | null; dry_run?: boolean; ignored?: string[] };

/** What both kinds of import print from: `importFile`'s summary, or the server's answer with it. */
type ImportSummaryLike = Pick<
  ImportSummary,
  'file_name' | 'total_rows' | 'accepted' | 'inserted' | 'updated' | 'unchanged' | 'older' | 'repeated' | 'rejected' | 'unmapped_columns' | 'dry_run' | 'encoding'
> & { run_id?: string | null; rejects: { row: number; field: string | null; reason: string }[] };

/** A file's columns as an import reads them (its header, or a workbook sheet's); null when unreadable here. */
async function fileHeaders(file: string, format: FileFormat, encoding: string | undefined, sheet: string | undefined): Promise<string[] | null> {
  try {
    const preview = await previewFile(file, { format, encoding, sheet });
    return preview.columns.map((c) => c.name);
  } catch {
    return null;
  }
}
