import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import {
  ApiError,
  CHANNELS,
  cancelImport,
  isAbortError,
  listImports,
  previewImport,
  previewSendsWhole,
  uploadImport,
  uploadVendorImport,
  type ImportPreview,
  type ImportRequest,
  type ImportResult,
  type VendorImportRequest,
  type VendorImportResult,
  VENDOR_DEFAULT_SOURCE,
} from '../api';
import { formatBytes, formatNumber } from '../format';
import { useMe } from '../auth/session';
import { countKey, useI18n, type MessageKey } from '../i18n';
import { ErrorMessage } from '../ui/error-message';
import { UploadIcon } from '../ui/icons';
import { useDocumentTitle } from '../ui/use-document-title';
import { ColumnMapper } from './column-mapper';
import { ImportHistory } from './import-history';
import { ImportResultView } from './import-result';
import { MetricsUpload } from './metrics-upload';
import { FileKindChoice, VendorImportResultView, type FileKind } from './vendor-import';
import type { RowsRead } from './preview-rows';
import { checkIsStale, fieldColumns, initialChoices, mappingValue, missingFields, type Choices } from './mapping';

const ACCEPT = '.csv,.tsv,.txt,.jsonl,.ndjson,.json,.xlsx';
/** The server's upload limit; bigger files go through `sori import`. */
/** Select value meaning "each row's channel column", sent as no channel at all. */
const CHANNEL_FROM_FILE = '__file';
/**
 * The source a file's rows get unless the user names another: `sori import`'s and the server's own
 * default, so the same file imported from the CLI and from this page lands in one source (rows
 * without an id match by their content within a source, and would otherwise all be new).
 */
const FILE_IMPORT_SOURCE = 'file-import';

type Phase =
  | { name: 'idle' }
  | { name: 'uploading'; fraction: number }
  | { name: 'processing'; rows: number | null; runId?: string }
  | { name: 'done'; result: ImportResult; request: ImportRequest }
  | { name: 'vendorDone'; result: VendorImportResult; request: VendorImportRequest }
  | { name: 'error'; error: unknown };

type PreviewState =
  | { name: 'none' }
  | { name: 'loading' }
  | { name: 'ready'; preview: ImportPreview }
  | { name: 'error'; error: unknown };

/** A file the preview sends whole (a workbook) above this is read again only when asked: every change would upload it again. */
const AUTO_REREAD_MAX_BYTES = 8 * 1024 * 1024;
/** How long the page waits after a change of mapping or channel before reading the rows again. */
const REREAD_DELAY_MS = 300;

const readKeyOf = (mapping: string, channel: string) => JSON.stringify([mapping, channel]);

/**
 * 가져오기 (admin and operator only, see routes): pick a file and the server reads its head —
 * columns with sample values, each mapped to a field (the automatic mapping pre-selected), the
 * first rows as they will land; then channel, source and dry run; shows the counts and the
 * rejected rows. A vendor's own export (채널톡 상담 내보내기, Zendesk 티켓 내보내기) is read by the
 * server's adapter instead: the file's kind is chosen above the form (pre-selected when the
 * preview recognised the export), and such a file has no column mapper and no channel, only a
 * source (the adapter's name when empty) and the dry run.
 */
export function ImportPage() {
  const { t, label, intlLocale } = useI18n();
  /** The server's largest upload (SORI_MAX_UPLOAD_MB): a bigger file is refused here, before sending it. */
  const maxUpload = useMe().limits.upload_bytes;
  const maxMb = formatNumber(Math.floor(maxUpload / (1024 * 1024)), intlLocale);
  const [file, setFile] = useState<File | null>(null);
  const [channel, setChannel] = useState('');
  const [source, setSource] = useState(FILE_IMPORT_SOURCE);
  /** A vendor export's source: '' for the adapter's name (the server's default). */
  const [vendorSource, setVendorSource] = useState('');
  const [encoding, setEncoding] = useState('');
  const [sheet, setSheet] = useState('');
  const [preview, setPreview] = useState<PreviewState>({ name: 'none' });
  const [choices, setChoices] = useState<Choices>({});
  /** The encoding the server found on its own, shown next to "automatic". */
  const [detected, setDetected] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState(true);
  /** Whether the upload under way is a dry run (the "check first" button runs one with the box unticked). */
  const [runningDryRun, setRunningDryRun] = useState(true);
  const [rowsRead, setRowsRead] = useState<RowsRead | null>(null);
  /** A large workbook's rows are read again under this key only (the button), not on every change. */
  const [rereadAsked, setRereadAsked] = useState<string | null>(null);
  /**
   * The kind the user chose for the current file, or null to follow the preview (a vendor's export
   * when it recognised one, else an ordinary file). Picking another file forgets it, unless it was
   * chosen before any file was.
   */
  const [kindChoice, setKindChoice] = useState<FileKind | null>(null);
  const [invalid, setInvalid] = useState<MessageKey[]>([]);
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const [dragging, setDragging] = useState(false);
  /** Bumped after each run so the history below reloads. */
  const [runs, setRuns] = useState(0);
  const controller = useRef<AbortController | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useDocumentTitle(t('import.title'));

  useEffect(() => () => controller.current?.abort(), []);

  /** The channel sent with the rows ('' when each row's channel column gives it). */
  const channelSent = channel === CHANNEL_FROM_FILE ? '' : channel;
  const channelNow = useRef(channelSent);
  channelNow.current = channelSent;

  // Read the file's head whenever the file, the encoding or the sheet changes.
  useEffect(() => {
    setRowsRead(null);
    if (!file || file.size > maxUpload) {
      setPreview({ name: 'none' });
      return;
    }
    const current = new AbortController();
    setPreview({ name: 'loading' });
    // The automatic mapping, and the channel chosen so far: the rows come back read under them.
    const sentChannel = channelNow.current;
    previewImport(file, { encoding, sheet, channel: sentChannel, signal: current.signal })
      .then((result) => {
        const start = initialChoices(result);
        setChoices(start);
        setPreview({ name: 'ready', preview: result });
        setRowsRead({ key: readKeyOf('', sentChannel), rows: result.rows, read: result.read });
        if (!encoding) setDetected(result.encoding);
        // A channel column in the file: use it unless a channel was picked.
        if (fieldColumns(start).has('channel')) setChannel((prev) => prev || CHANNEL_FROM_FILE);
      })
      .catch((error) => {
        if (!isAbortError(error)) setPreview({ name: 'error', error });
      });
    return () => current.abort();
  }, [file, encoding, sheet, maxUpload]);

  const mappingSent = preview.name === 'ready' ? mappingValue(preview.preview, choices) : '';
  const readKey = readKeyOf(mappingSent, channelSent);
  const autoReread = file !== null && !(previewSendsWhole(file) && file.size > AUTO_REREAD_MAX_BYTES);
  // The rows read again (a moment after the last change) when the mapping or the channel changes.
  useEffect(() => {
    if (!file || preview.name !== 'ready' || rowsRead?.key === readKey) return;
    if (!autoReread && rereadAsked !== readKey) return;
    const current = new AbortController();
    const timer = window.setTimeout(() => {
      previewImport(file, { encoding, sheet, mapping: mappingSent, channel: channelSent, signal: current.signal })
        .then((result) => setRowsRead({ key: readKey, rows: result.rows, read: result.read }))
        .catch((error) => {
          if (!isAbortError(error)) setRowsRead({ key: readKey, rows: preview.preview.rows, read: undefined, error });
        });
    }, REREAD_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      current.abort();
    };
  }, [file, encoding, sheet, preview, rowsRead?.key, readKey, mappingSent, channelSent, autoReread, rereadAsked]);

  const busy = phase.name === 'uploading' || phase.name === 'processing';
  const suggested = preview.name === 'ready' ? (preview.preview.vendor_export ?? null) : null;
  const kind: FileKind = kindChoice ?? suggested ?? 'file';
  const vendor = kind === 'file' ? null : kind;
  const chooseKind = (next: FileKind) => {
    setKindChoice(next);
    setInvalid([]);
    // A result or an error of the other kind of import no longer answers what the form says.
    if (phase.name === 'done' || phase.name === 'vendorDone' || phase.name === 'error') setPhase({ name: 'idle' });
  };

  // While the server works through an uploaded file, its run's row count (committed batch by
  // batch) is read every second and a half, so a long import shows it is moving. Looked for from
  // the upload's start: a run exists only once the server has the whole file, so finding it also
  // tells the upload is done where the browser reports no upload progress.
  const runFileName = preview.name === 'ready' ? preview.preview.file_name : null;
  useEffect(() => {
    if (!busy || !runFileName) return;
    const current = new AbortController();
    const poll = () =>
      listImports(current.signal)
        .then(({ runs: list }) => {
          const running = list.find(
            (r) => r.status === 'running' && r.file_name === runFileName && r.dry_run === runningDryRun && (r.adapter ?? null) === vendor,
          );
          if (!running) return;
          setPhase((p) => (p.name === 'processing' || p.name === 'uploading' ? { name: 'processing', rows: running.total_rows, runId: running.id } : p));
        })
        .catch(() => {}); // the count is a courtesy: the import's own answer reports any failure
    const timer = window.setInterval(poll, 1500);
    return () => {
      window.clearInterval(timer);
      current.abort();
    };
  }, [busy, runFileName, runningDryRun, vendor]);

  /** The run this page asked to stop (the server stops it before its next batch and answers the upload). */
  const [stopping, setStopping] = useState<string | null>(null);
  const [stopError, setStopError] = useState<unknown>(null);
  const stop = (runId: string) => {
    setStopping(runId);
    setStopError(null);
    cancelImport(runId).catch((error) => {
      setStopping(null);
      // Ended meanwhile: the upload's own answer is on its way.
      if (!(error instanceof ApiError && error.code === 'not_running')) setStopError(error);
    });
  };

  /** Uploads with progress (an ordinary file or a vendor's export), then shows what `done` makes of the answer. */
  const upload = <R,>(send: (options: { signal: AbortSignal; onProgress: (fraction: number) => void }) => Promise<R>, done: (result: R) => Phase) => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setPhase({ name: 'uploading', fraction: 0 });
    send({
      signal: current.signal,
      onProgress: (fraction) =>
        setPhase(fraction >= 1 ? { name: 'processing', rows: null } : { name: 'uploading', fraction }),
    })
      .then((result) => setPhase(done(result)))
      .catch((error) => setPhase(isAbortError(error) ? { name: 'idle' } : { name: 'error', error }))
      .finally(() => setRuns((n) => n + 1));
  };
  const run = (request: ImportRequest) => {
    setRunningDryRun(request.dryRun);
    upload((options) => uploadImport(request, options), (result) => ({ name: 'done', result, request }));
  };
  const runVendor = (request: VendorImportRequest) => {
    setRunningDryRun(request.dryRun);
    upload((options) => uploadVendorImport(request, options), (result) => ({ name: 'vendorDone', result, request }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start(dryRun);
  };

  /** Checks the form and sends the file: a dry run (`asDryRun`: the box ticked, or "check first") or the import. */
  const start = (asDryRun: boolean) => {
    if (vendor) {
      const problems: MessageKey[] = [];
      if (!file) problems.push('import.needFile');
      else if (file.size > maxUpload) problems.push('import.tooLarge');
      setInvalid(problems);
      if (problems.length > 0 || !file) return;
      runVendor({ file, adapter: vendor, source: vendorSource.trim(), dryRun: asDryRun });
      return;
    }
    const problems: MessageKey[] = [];
    if (!file) problems.push('import.needFile');
    else if (file.size > maxUpload) problems.push('import.tooLarge');
    if (preview.name === 'ready') {
      problems.push(...missingFields(preview.preview, choices, channel !== '' && channel !== CHANNEL_FROM_FILE));
    } else if (!channel) problems.push('import.needChannel');
    if (!source.trim()) problems.push('import.needSource');
    setInvalid(problems);
    if (problems.length > 0 || !file) return;
    run({ file, channel: channelSent, source: source.trim(), mapping: mappingSent, encoding, sheet, dryRun: asDryRun });
  };

  // A check made with other settings than the form's now: its "import for real" would send those.
  const checkStale =
    phase.name === 'done' &&
    phase.request.dryRun &&
    (file === null || checkIsStale(phase.request, { file, channel: channelSent, source: source.trim(), mapping: mappingSent, encoding, sheet }));

  const pickFile = (picked: File | null | undefined) => {
    if (!picked) return;
    // A kind chosen for the previous file does not carry over: the new file's preview suggests again.
    if (file) setKindChoice(null);
    setFile(picked);
    setEncoding('');
    setSheet('');
    setInvalid([]);
    if (phase.name === 'done' || phase.name === 'vendorDone' || phase.name === 'error') setPhase({ name: 'idle' });
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!busy) pickFile(event.dataTransfer.files?.[0]);
  };

  return (
    <div className="page page-narrow" data-testid="import-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('import.title')}</h1>
          <p className="page-subtitle">{t('import.subtitle')}</p>
        </div>
      </header>

      <form className="card form-stack" onSubmit={submit} ref={formRef} data-testid="import-form" noValidate>
        <div className="field">
          <span className="field-label" id="import-file-label">
            {t('import.file')}
          </span>
          <label
            className={`dropzone${dragging ? ' is-dragging' : ''}${file ? ' has-file' : ''}${invalid.includes('import.needFile') || invalid.includes('import.tooLarge') ? ' is-invalid' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <input
              className="visually-hidden"
              type="file"
              accept={ACCEPT}
              aria-labelledby="import-file-label"
              disabled={busy}
              onChange={(e) => pickFile(e.target.files?.[0])}
              data-testid="import-file"
            />
            <UploadIcon size={22} />
            {file ? (
              <span className="dropzone-file" data-testid="import-file-name">
                {t('import.fileSelected', { name: file.name, size: formatBytes(file.size, intlLocale) })}
              </span>
            ) : (
              <span>{t('import.dropHint')}</span>
            )}
            <span className="muted small" data-testid="import-file-types">
              {t('import.fileTypes', { mb: maxMb })}
            </span>
          </label>
        </div>

        <FileKindChoice kind={kind} suggested={suggested} onKind={chooseKind} disabled={busy} />

        {preview.name === 'loading' && (
          <p className="muted small" role="status" data-testid="import-preview-loading">
            {t('import.preview.loading')}
          </p>
        )}

        {vendor ? (
          <>
            <p className="hint" data-testid="vendor-no-mapping">
              {t(`import.vendor.noMapping.${vendor}`)}
            </p>
            <div className="form-row">
              <label className="field">
                <span className="field-label">{t('import.source')}</span>
                <input
                  className="input"
                  type="text"
                  value={vendorSource}
                  maxLength={100}
                  placeholder={VENDOR_DEFAULT_SOURCE[vendor]}
                  aria-describedby="vendor-source-help"
                  disabled={busy}
                  onChange={(e) => setVendorSource(e.target.value)}
                  data-testid="vendor-source"
                />
              </label>
            </div>
            <p className="hint" id="vendor-source-help">
              {t('import.vendor.sourceHelp', { adapter: VENDOR_DEFAULT_SOURCE[vendor] })}
            </p>
          </>
        ) : (
          <>
            <div className="form-row">
              <label className="field">
                <span className="field-label">{t('import.channel')}</span>
                <select
                  className="input"
                  value={channel}
                  required
                  aria-invalid={invalid.includes('import.needChannel') || undefined}
                  disabled={busy}
                  onChange={(e) => setChannel(e.target.value)}
                  data-testid="import-channel"
                >
                  <option value="" disabled>
                    {t('import.channelPlaceholder')}
                  </option>
                  {CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {label('channel', c)}
                    </option>
                  ))}
                  <option value={CHANNEL_FROM_FILE}>{t('import.channelFromFile')}</option>
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('import.source')}</span>
                <input
                  className="input"
                  type="text"
                  value={source}
                  required
                  maxLength={100}
                  aria-invalid={invalid.includes('import.needSource') || undefined}
                  placeholder={FILE_IMPORT_SOURCE}
                  aria-describedby="import-source-help"
                  disabled={busy}
                  onChange={(e) => setSource(e.target.value)}
                  data-testid="import-source"
                />
              </label>
            </div>
            <p className="hint" id="import-source-help" data-testid="import-source-help">
              {t('import.sourceHelp', { source: FILE_IMPORT_SOURCE })}
            </p>

            {preview.name === 'error' && <ErrorMessage error={preview.error} testId="import-preview-error" />}
            {preview.name === 'ready' && (
              <ColumnMapper
                preview={preview.preview}
                rowsRead={rowsRead}
                readPending={rowsRead?.key !== readKey}
                onReread={autoReread ? undefined : () => setRereadAsked(readKey)}
                choices={choices}
                onChoices={(next) => {
                  setChoices(next);
                  setInvalid([]);
                }}
                encoding={encoding}
                detectedEncoding={detected}
                onEncoding={setEncoding}
                sheet={sheet}
                onSheet={setSheet}
                disabled={busy}
              />
            )}
          </>
        )}

        <label className="checkbox">
          <input
            type="checkbox"
            checked={dryRun}
            disabled={busy}
            onChange={(e) => setDryRun(e.target.checked)}
            data-testid="import-dry-run"
          />
          <span>
            <span className="checkbox-label">{t('import.dryRun')}</span>
            <span className="hint">{t('import.dryRunHelp')}</span>
          </span>
        </label>

        {invalid.length > 0 && (
          <div className="alert alert-error" role="alert" data-testid="import-invalid">
            <ul className="plain-list">
              {invalid.map((key) => (
                <li key={key}>{t(key, { mb: maxMb })}</li>
              ))}
            </ul>
          </div>
        )}

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="import-submit">
            {dryRun ? t('import.checkFirst') : t('import.submit')}
          </button>
          {/* With the box unticked, the check is still one click away, next to the import it would precede. */}
          {!dryRun && !busy && (
            <button type="button" className="button button-secondary" onClick={() => start(true)} data-testid="import-check-first">
              {t('import.checkFirst')}
            </button>
          )}
          {busy && (
            <>
              <div className="progress" data-testid="import-progress">
                <div
                  className="progress-bar"
                  role="progressbar"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={phase.name === 'uploading' ? Math.floor(phase.fraction * 100) : undefined}
                  style={{ width: phase.name === 'uploading' ? `${Math.floor(phase.fraction * 100)}%` : '100%' }}
                  data-indeterminate={phase.name === 'processing' || undefined}
                />
              </div>
              <span className="muted small num" aria-live="polite">
                {phase.name === 'uploading'
                  ? t('import.uploading', { percent: Math.floor(phase.fraction * 100) })
                  : phase.name === 'processing' && phase.rows
                    ? t(countKey('import.processingRows', phase.rows), { count: formatNumber(phase.rows, intlLocale) })
                    : t('import.processing')}
              </span>
              {phase.name === 'uploading' && (
                <button type="button" className="button button-ghost button-small" onClick={() => controller.current?.abort()}>
                  {t('import.cancel')}
                </button>
              )}
              {/* The file is on the server: stopping is the server's, between two batches. */}
              {phase.name === 'processing' && phase.runId && (
                <button
                  type="button"
                  className="button button-ghost button-small"
                  onClick={() => stop(phase.runId!)}
                  disabled={stopping === phase.runId}
                  data-testid="import-stop"
                >
                  {stopping === phase.runId ? t('import.stopping') : t('import.stop')}
                </button>
              )}
            </>
          )}
        </div>
      </form>

      {busy && stopError !== null && <ErrorMessage error={stopError} testId="import-stop-error" />}
      {phase.name === 'error' && <ErrorMessage error={phase.error} testId="import-error" />}

      {phase.name === 'vendorDone' && (
        <VendorImportResultView
          result={phase.result}
          request={phase.request}
          onRunForReal={() => {
            setDryRun(false);
            runVendor({ ...phase.request, dryRun: false });
          }}
          onUseOrdinary={() => {
            chooseKind('file');
            // The warning's button goes with the result: focus moves to the choice it made.
            window.requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('input[name="import-kind"][value="file"]')?.focus());
          }}
        />
      )}

      {phase.name === 'done' && (
        <ImportResultView
          result={phase.result}
          dryRun={phase.request.dryRun}
          source={phase.request.source}
          stale={checkStale}
          onRecheck={() => start(true)}
          onRunForReal={() => {
            setDryRun(false);
            run({ ...phase.request, dryRun: false });
          }}
        />
      )}

      <MetricsUpload />

      <ImportHistory refreshKey={runs} />
    </div>
  );
}
