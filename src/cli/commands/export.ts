import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRecordWriter, XLSX_MAX_CELL_CHARS, type ExportFormat } from '../../ingest/files/write-records.js';
import { SoriError } from '../../domain/errors.js';
import { EXPORT_COLUMNS, exportRow } from '../../ingest/export-items.js';
import { iterateItems } from '../../store/queries/list-items.js';
import { toFilter } from '../../server/routes/items.js';
import { HELP, t } from '../i18n.js';
import { CHANNELS, inInstantRange, ITEM_KINDS, parseTimestamp } from '../../domain/item.js';
import { isLocalDay } from '../../domain/local-day.js';
import { normalizeEnumValue } from '../../ingest/files/column-mapping.js';
import { UNCERTAIN_TYPE } from '../../domain/taxonomy.js';
import { SENTIMENT_LABELS } from '../../text/sentiment.js';
import { resolveTypeNames } from '../../store/queries/item-types.js';
import type { Db } from '../../store/db.js';
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
  const out = (flags.out as string | undefined) ?? '-';
  const format = exportFormat(flags.format as string | undefined, out);
  // Checked like the API's filters, before the store is opened: a typo is an error, not 0 rows.
  const list = (name: string) => (flags[name] as string | undefined)?.split(',').map((v) => v.trim()).filter(Boolean);
  const channels = list('channel')?.map((v) => String(normalizeEnumValue('channel', v)));
  checkValues('channel', channels, CHANNELS);
  checkValues('kind', list('kind'), ITEM_KINDS);
  checkValues('sentiment', list('sentiment'), [...SENTIMENT_LABELS, 'none']);
  checkDay('from', flags.from as string | undefined);
  checkDay('to', flags.to as string | undefined);
  if (out === '-' && format === 'xlsx' && process.stdout.isTTY) throw new UsageError(t('XLSX는 --out FILE 로 저장하세요.', 'write XLSX to a file with --out FILE.'));
  // Checked before the store is opened, so a typo gives a sentence, not ENOENT/EISDIR.
  if (out !== '-') {
    const folder = path.dirname(path.resolve(out));
    if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(t(`--out ${out}: 폴더입니다. 파일 경로를 지정하세요`, `--out ${out} is a folder; name a file`));
    if (!existsSync(folder)) throw new UsageError(t(`--out ${out}: 폴더가 없습니다 (${folder})`, `--out ${out}: no such folder ${folder}`));
  }
  return withStore(config, 'export', async (db, signal) => {
    const ws = await requireWorkspace(db, flags.workspace as string | undefined);
    const types = list('type');
    const typeKeys = types ? await resolveTypes(db, ws.id, types) : undefined;
    let filter: ReturnType<typeof toFilter>;
    try {
      filter = toFilter({
        channel: channels,
        kind: list('kind'),
        status: undefined,
        source: flags.source as string | undefined,
        q: flags.q as string | undefined,
        from: flags.from as string | undefined,
        to: flags.to as string | undefined,
        import_run: undefined,
        type: typeKeys,
        topic: undefined,
        sentiment: list('sentiment'),
        dup_group: undefined,
        segment: list('segment'),
      }, ws.timezone);
    } catch (error) {
      // A bound at the edge of 1970–2199 in the workspace's zone: named by its flag, as checkDay does.
      const field = (error as SoriError).detail?.errors as { field: string }[] | undefined;
      const name = field?.[0]?.field;
      if (error instanceof SoriError && (name === 'from' || name === 'to')) {
        throw new UsageError(t(`--${name} ${flags[name]}: 1970–2199년 안의 날짜(YYYY-MM-DD)를 주세요`, `--${name} ${flags[name]}: expected a date as YYYY-MM-DD from 1970 to 2199`));
      }
      throw error;
    }
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

/** Which format each --out name says (`--format` wins when given; a contradiction is an error). */
const EXTENSION_FORMATS: Record<string, ExportFormat> = { '.csv': 'csv', '.xlsx': 'xlsx', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };
const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv', 'xlsx'];

/**
 * The export's format: `--format` when given, else the --out name's extension (.csv, .xlsx,
 * .jsonl, .ndjson); stdout (`-`) is JSONL unless --format says otherwise. A --format that
 * contradicts the extension, or a file name that says no format without --format, is a usage error
 * (before, both silently wrote JSONL into items.xlsx).
 */
export function exportFormat(given: string | undefined, out: string): ExportFormat {
  if (given !== undefined && !EXPORT_FORMATS.includes(given as ExportFormat)) {
    throw new UsageError(`--format ${given}: ${t('다음 중 하나', 'one of')} ${EXPORT_FORMATS.join(', ')}\n\n${HELP.export}`);
  }
  if (out === '-') return (given as ExportFormat | undefined) ?? 'jsonl';
  const ext = path.extname(out).toLowerCase();
  const named = EXTENSION_FORMATS[ext];
  if (given && named && given !== named) {
    throw new UsageError(
      t(
        `--format ${given}와(과) --out ${out}이(가) 맞지 않습니다: ${ext} 파일은 ${named} 형식입니다. --format ${named}로 쓰거나 파일 이름을 바꾸세요`,
        `--format ${given} contradicts --out ${out}: a ${ext} file is ${named}. Use --format ${named} or another file name`,
      ),
    );
  }
  if (given) return given as ExportFormat;
  if (named) return named;
  throw new UsageError(
    t(
      `--out ${out}: 파일 이름으로 형식을 알 수 없습니다 (.csv, .xlsx, .jsonl, .ndjson). --format jsonl|csv|xlsx를 주세요`,
      `--out ${out}: the file name does not say the format (.csv, .xlsx, .jsonl, .ndjson); give --format jsonl|csv|xlsx`,
    ),
  );
}

/** A comma list flag whose every value must be one of `allowed` (as the API's filters check). */
function checkValues(flag: string, values: string[] | undefined, allowed: readonly string[]): void {
  const bad = values?.filter((v) => !allowed.includes(v)) ?? [];
  if (bad.length) throw new UsageError(`--${flag} ${bad.join(',')}: ${t('다음 중 하나', 'one of')} ${allowed.join(', ')}`);
}

/**
 * --from / --to: a day (YYYY-MM-DD, in the workspace's zone) or an ISO 8601 time, from 1970 to 2199,
 * named by its flag with the form it expects.
 */
function checkDay(flag: string, value: string | undefined): void {
  if (value === undefined) return;
  const v = value.trim();
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(v) ? isLocalDay(v) && inInstantRange(new Date(`${v}T12:00:00Z`)) : (() => {
    // Whatever the API reads (toFilter): the zone only moves the instant, not whether it is one.
    const d = parseTimestamp(v, 'UTC');
    return !!d && inInstantRange(d);
  })();
  if (!ok) {
    const noDay = /^\d{4}-\d{2}-\d{2}$/.test(v);
    throw new UsageError(
      t(
        `--${flag} ${value}: ${noDay ? '없는 날짜입니다. ' : ''}YYYY-MM-DD 형식의 날짜(예: 2026-11-30, 1970–2199년) 또는 ISO 8601 시각(2026-11-30T09:00:00+09:00)을 주세요`,
        `--${flag} ${value}: ${noDay ? 'no such day; ' : ''}expected a date as YYYY-MM-DD (e.g. 2026-11-30, 1970–2199) or an ISO 8601 time (2026-11-30T09:00:00+09:00)`,
      ),
    );
  }
}

/**
 * --type values as the workspace's type keys: a key (`delivery`), `uncertain`, `none`, or a type's
 * name or a part of it in either language (`배송` for 배송·주문, `Delivery`); anything else, or a
 * name two types share, is a usage error listing the types.
 */
async function resolveTypes(db: Db, workspaceId: number, values: string[]): Promise<string[]> {
  const r = await resolveTypeNames(db, workspaceId, values);
  if (r.ok) return r.keys;
  throw new UsageError(
    r.several.length
      ? t(`--type ${r.value}: 여러 유형의 이름입니다 (${r.several.join(', ')}). 유형 키로 주세요`, `--type ${r.value} names several types (${r.several.join(', ')}); give the type key`)
      : t(`--type ${r.value}: 알 수 없는 유형입니다. 다음 중 하나: ${allowedTypes(r.types, 'ko')}`, `--type ${r.value}: unknown type; one of ${allowedTypes(r.types, 'en')}`),
  );
}

function allowedTypes(types: { key: string; ko: string; en: string }[], lang: 'ko' | 'en'): string {
  return [...types.map((x) => `${x.key} (${x[lang]})`), UNCERTAIN_TYPE, 'none'].join(', ');
}

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
