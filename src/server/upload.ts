import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { SoriError } from '../domain/errors.js';

/** A multipart upload as received: its one file, on disk, and its text fields. */
export interface ReceivedUpload {
  filePath: string;
  /** The client's file name made safe for a path (letters, digits, `.`, `_`, `-`). */
  fileName: string;
  size: number;
  fields: Record<string, string>;
}

/** Text fields an upload may carry besides its file, and the longest one (a mapping is the largest). */
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 64 * 1024;

/** The largest upload in bytes, as the error says it (MB, the unit of SORI_MAX_UPLOAD_MB). */
export function tooLargeError(maxFileBytes: number): SoriError {
  const mb = Math.floor(maxFileBytes / (1024 * 1024));
  return new SoriError(
    'payload_too_large',
    `file over ${mb} MB (SORI_MAX_UPLOAD_MB) / 파일이 ${mb}MB(SORI_MAX_UPLOAD_MB)를 넘습니다`,
    { limit_bytes: maxFileBytes },
  );
}

/** A client's file name as a name in our own folder: never a path, never `.` or `..`. */
export function safeUploadName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const safe = base.replace(/[^\p{L}\p{N}._-]/gu, '_').slice(0, 120);
  return /^\.*$/.test(safe) ? 'upload' : safe;
}

/**
 * Streams a `multipart/form-data` request into `dir`: the part named `file` is written to disk as
 * it arrives (memory stays flat whatever the file's size), the other parts are read as text
 * fields. Refused: another content type (415), a file over `maxFileBytes` (413, the upload is cut
 * off there), a second file, too many or too long fields, a body that ends mid-part (400). The
 * caller removes `dir` afterwards, on success or failure.
 */
export function receiveUpload(req: Request, dir: string, maxFileBytes: number): Promise<ReceivedUpload> {
  const contentType = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    return Promise.reject(new SoriError('unsupported_media_type', 'send multipart/form-data with a "file" field'));
  }
  if (!req.body) return Promise.reject(missingFile());
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // Browsers send a file name's UTF-8 bytes as they are ("문의 내역.csv"), not latin1.
      defParamCharset: 'utf8',
      limits: { fileSize: maxFileBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 },
    });
  } catch (error) {
    return Promise.reject(malformed(error));
  }
  const input = Readable.fromWeb(req.body as unknown as NodeWebStream<Uint8Array>);
  return new Promise<ReceivedUpload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: { filePath: string; fileName: string } | null = null;
    let written: Promise<void> = Promise.resolve();
    let fileStream: Readable | null = null;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      input.unpipe(parser);
      input.destroy();
      // Ends the file's write (its descriptor closed) rather than leave it waiting for bytes that will not come.
      fileStream?.destroy();
      reject(error instanceof SoriError ? error : malformed(error));
    };
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        stream.resume();
        if (file && name === 'file') fail(new SoriError('validation_failed', 'one file per upload / 파일은 한 번에 하나만 올릴 수 있습니다'));
        return;
      }
      const fileName = safeUploadName(info.filename);
      file = { filePath: path.join(dir, fileName), fileName };
      fileStream = stream;
      stream.on('limit', () => fail(tooLargeError(maxFileBytes)));
      written = pipeline(stream, createWriteStream(file.filePath, { flags: 'wx' }));
      written.catch(fail);
    });
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) fail(new SoriError('validation_failed', `field "${name.slice(0, 40)}" is over ${MAX_FIELD_BYTES / 1024} KB / 필드가 너무 깁니다`));
      else fields[name] = value;
    });
    const tooMany = () => fail(new SoriError('validation_failed', `an upload takes one file and at most ${MAX_FIELDS} fields / 파일 하나와 필드 ${MAX_FIELDS}개까지 보낼 수 있습니다`));
    parser.on('filesLimit', () => fail(new SoriError('validation_failed', 'one file per upload / 파일은 한 번에 하나만 올릴 수 있습니다')));
    parser.on('fieldsLimit', tooMany);
    parser.on('partsLimit', tooMany);
    parser.on('error', fail);
    parser.on('close', () => {
      if (failed) return;
      written
        .then(async () => {
          if (failed) return;
          if (!file) return fail(missingFile());
          resolve({ ...file, size: (await stat(file.filePath)).size, fields });
        })
        .catch(fail);
    });
    input.on('error', fail);
    input.pipe(parser);
  });
}

const missingFile = () => new SoriError('validation_failed', 'missing "file" / 파일을 선택하세요');

function malformed(error: unknown): SoriError {
  return new SoriError('validation_failed', `malformed multipart body: ${(error as Error)?.message ?? String(error)} / multipart 본문을 읽을 수 없습니다`);
}
