import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { SoriError } from '../domain/errors.js';
import { storedFileName, type ImportSummary } from '../ingest/import-file.js';
import { safeUploadName } from '../server/upload.js';
import { t } from './i18n.js';
import { createProgress, progressBar } from './progress.js';

/** What `sori import` sends a running server instead of opening its data folder. */
export interface ServerImportOptions {
  /** `http://127.0.0.1:PORT` of the `sori serve` holding the folder. */
  baseUrl: string;
  /** An API token with the `ingest` scope (`read` too, to follow the run and fetch its rejects file). */
  token: string;
  file: string;
  /** The name the server sees (its extension tells the format). */
  uploadName: string;
  /** The upload's text fields (channel, source, kind, mapping, encoding, sheet, dry_run). */
  fields: Record<string, string>;
  workspace?: string;
  /** Where the run's rejects file is written when it rejected rows. */
  rejectsPath: string;
  signal: AbortSignal;
  /** `/imports` (items, the default) or `/imports/vendor` (a vendor's export): the run is followed and its rejects file fetched; or `/imports/metrics`. */
  route?: '/imports' | '/imports/metrics' | '/imports/vendor';
}

export type ServerImportSummary = Omit<ImportSummary, 'rejects'> & { rejects: { row: number; field: string | null; reason: string }[]; rejects_url: string | null };

/**
 * Uploads a file to the running server's `POST /api/v1/imports` — streamed from disk with a
 * progress bar, its length declared so an over-large file is refused before it is sent — and
 * follows the run (rows read so far, from `GET /imports`) until the server answers with the same
 * summary `sori import` prints. Its rejects file is then fetched to `rejectsPath`. With `route`
 * `/imports/metrics`, a business-numbers file, answered with what `importMetricsFile` returns.
 */
export async function importThroughServer(opts: ServerImportOptions): Promise<{ summary: ServerImportSummary; rejectsWritten: boolean }> {
  const boundary = `sori-${randomBytes(12).toString('hex')}`;
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = Buffer.from(
    Object.entries(opts.fields)
      .map(([k, v]) => field(k, v))
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.uploadName.replace(/["\r\n\\]/g, '_')}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const fileBytes = statSync(opts.file).size;
  const query = opts.workspace ? `?workspace=${encodeURIComponent(opts.workspace)}` : '';
  const auth = { Authorization: `Bearer ${opts.token}` };
  const route = opts.route ?? '/imports';

  const progress = uploadProgress(fileBytes);
  let sent = 0;
  let uploaded = false;
  // While the server works through the file: the run's rows so far (needs the token's read scope).
  let follow: NodeJS.Timeout | null = null;
  const startedAt = new Date();
  // Made when the upload ends, so its rows per second count the server's work only.
  const processing: { line: ReturnType<typeof createProgress> | null } = { line: null };
  const followRun = () => {
    let rows = 0;
    const shown = (processing.line = createProgress(t('서버에서 가져오는 중', 'importing on the server')));
    // Without the read scope the runs cannot be read: the line goes on turning, without a count.
    let readable = true;
    follow = setInterval(() => {
      shown.update(rows);
      if (!readable) return;
      void fetch(`${opts.baseUrl}/api/v1/imports${query}`, { headers: auth, signal: opts.signal })
        .then(async (res) => {
          if (!res.ok) {
            if (res.status === 401 || res.status === 403) readable = false;
            await res.body?.cancel();
            return;
          }
          const { runs } = (await res.json()) as { runs: { file_name: string; status: string; total_rows: number; started_at: string }[] };
          const run = runs.find((r) => r.file_name === storedFileName(safeUploadName(opts.uploadName)) && r.status === 'running' && Date.parse(r.started_at) >= startedAt.getTime() - 60_000);
          if (run) rows = Number(run.total_rows);
        })
        .catch(() => undefined);
    }, 1_000);
  };

  try {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      let answered = false;
      const req = request(
        `${opts.baseUrl}/api/v1${route}${query}`,
        {
          method: 'POST',
          headers: { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': head.length + fileBytes + tail.length },
          signal: opts.signal,
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
            // An early answer (413, 401): what is left of the file is not sent.
            if (!uploaded) req.destroy();
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      async function* body(): AsyncGenerator<Buffer> {
        yield head;
        for await (const chunk of createReadStream(opts.file)) {
          sent += (chunk as Buffer).length;
          progress.update(sent);
          yield chunk as Buffer;
        }
        yield tail;
        uploaded = true;
        progress.done();
        if (route !== '/imports/metrics') followRun();
      }
      pipeline(Readable.from(body()), req).catch((error) => {
        if (!answered) reject(error);
      });
    });
    if (follow) clearInterval(follow);
    processing.line?.done();
    progress.done();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(answer.body) as Record<string, unknown>;
    } catch {
      throw new SoriError('server_error', t(`서버 응답을 읽을 수 없습니다 (HTTP ${answer.status})`, `unreadable answer from the server (HTTP ${answer.status})`));
    }
    if (answer.status !== 200) {
      // The server's own problem (its code, its bilingual detail), as if the command had met it.
      throw new SoriError(String(parsed.code ?? 'server_error'), String(parsed.detail ?? `HTTP ${answer.status}`), { status: answer.status });
    }
    const summary = parsed as unknown as ServerImportSummary;
    let rejectsWritten = false;
    if (summary.rejected && summary.rejects_url) {
      const res = await fetch(`${opts.baseUrl}${summary.rejects_url}`, { headers: auth, signal: opts.signal });
      if (res.ok && res.body) {
        await pipeline(Readable.fromWeb(res.body as never), createWriteStream(opts.rejectsPath));
        rejectsWritten = true;
      } else await res.body?.cancel();
    }
    return { summary, rejectsWritten };
  } catch (error) {
    if (follow) clearInterval(follow);
    processing.line?.done();
    progress.done();
    if (opts.signal.aborted) {
      throw new SoriError(
        'interrupted',
        uploaded
          ? t(
              '중단했습니다. 파일은 서버에 다 올라갔고, 서버가 가져오기를 마칩니다 (가져오기 화면의 최근 가져오기에서 확인하세요)',
              'stopped. The file had reached the server, which finishes the import (see 최근 가져오기 / recent imports on the import page)',
            )
          : t('중단했습니다. 파일을 다 올리기 전이라 아무것도 가져오지 않았습니다', 'stopped before the file was uploaded: nothing was imported'),
      );
    }
    if ((error as { code?: string }).code === 'ECONNREFUSED' || (error as { code?: string }).code === 'ECONNRESET') {
      throw new SoriError('server_unreachable', t(`실행 중인 서버(${opts.baseUrl})에 연결할 수 없습니다`, `cannot reach the running server at ${opts.baseUrl}`) + ` (${(error as Error).message})`);
    }
    throw error;
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `[████░░░░] 42% · 10초 남음 서버로 올리는 중 12.0 MB / 28.4 MB` on a terminal's stderr; silent otherwise. */
function uploadProgress(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let last = 0;
  return {
    update(sent: number) {
      if (!stream.isTTY || Date.now() - last < 100) return;
      last = Date.now();
      const bar = progressBar(total ? sent / total : 1, Math.max(0.001, (last - started) / 1000));
      stream.write(`\r${bar} ${t('서버로 올리는 중', 'uploading to the server')} ${mb(sent)} / ${mb(total)}\x1b[K`);
    },
    done() {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  };
}

/** The name a file is uploaded under: its own, with `--format`'s extension when its own says otherwise. */
export function uploadNameFor(file: string, format: string | undefined): string {
  const base = path.basename(file);
  if (!format) return base;
  const ext = path.extname(base).slice(1).toLowerCase();
  return ext === format ? base : `${base}.${format}`;
}
