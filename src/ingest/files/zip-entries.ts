import fs from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;

/** The zip is damaged or uses something this reader does not handle (zip64, encryption…). */
export class ZipFormatError extends Error {}

/**
 * How much one entry may unpack to. A few kilobytes of deflate can hold gigabytes of repeated
 * bytes (a decompression bomb), so what an entry declares is not trusted: the bytes are counted
 * as they are inflated. Past `maxBytes` it is refused; past `ratioAfterBytes` it is also refused
 * once it has given more than `maxRatio` times the compressed bytes read so far (real workbook
 * parts pack 5–30:1; a bomb packs ~1,000:1).
 */
export interface InflateLimits {
  maxBytes: number;
  maxRatio?: number;
  ratioAfterBytes?: number;
}

/** An entry unpacked past its InflateLimits (`reason`: the absolute size, or the ratio). */
export class ZipLimitError extends Error {
  constructor(
    readonly entry: string,
    readonly reason: 'size' | 'ratio',
    readonly limits: InflateLimits,
  ) {
    super(
      reason === 'size'
        ? `${entry} unpacks to more than ${limits.maxBytes} bytes / ${entry}의 압축을 풀면 ${limits.maxBytes}바이트를 넘습니다`
        : `${entry} unpacks to more than ${limits.maxRatio} times its packed size / ${entry}의 압축을 풀면 압축된 크기의 ${limits.maxRatio}배를 넘습니다`,
    );
  }
}

/**
 * Random-access reader of a zip file's entries from its central directory, so parts of an
 * .xlsx can be read in the order we need, and only the parts we need, each as a stream.
 * (exceljs reads the zip front to back with unzipper, whose early 'end' can silently drop
 * small trailing parts such as sharedStrings.xml — see read-xlsx.ts.)
 */
export class ZipEntries {
  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, ZipEntry>,
  ) {}

  /** Reads the central directory of `file`. */
  static async open(file: string): Promise<ZipEntries> {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const tailBytes = Math.min(size, EOCD_MIN_BYTES + MAX_COMMENT_BYTES);
      const tail = Buffer.alloc(tailBytes);
      await handle.read(tail, 0, tailBytes, size - tailBytes);
      let eocd = -1;
      for (let i = tailBytes - EOCD_MIN_BYTES; i >= 0; i--) {
        if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
          eocd = i;
          break;
        }
      }
      if (eocd === -1) throw new ZipFormatError('not a zip file (no end of central directory) / zip 파일이 아닙니다');
      const count = tail.readUInt16LE(eocd + 10);
      const cdSize = tail.readUInt32LE(eocd + 12);
      const cdOffset = tail.readUInt32LE(eocd + 16);
      if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
        throw new ZipFormatError('zip64 archives are not supported / zip64 압축 파일은 지원하지 않습니다');
      }
      if (cdOffset + cdSize > size) throw new ZipFormatError('central directory lies outside the file / 파일이 손상되었습니다');
      const cd = Buffer.alloc(cdSize);
      await handle.read(cd, 0, cdSize, cdOffset);
      const entries = new Map<string, ZipEntry>();
      let p = 0;
      for (let i = 0; i < count; i++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new ZipFormatError('damaged central directory / 파일이 손상되었습니다');
        const flags = cd.readUInt16LE(p + 8);
        const method = cd.readUInt16LE(p + 10);
        const compressedSize = cd.readUInt32LE(p + 20);
        const nameLength = cd.readUInt16LE(p + 28);
        const extraLength = cd.readUInt16LE(p + 30);
        const commentLength = cd.readUInt16LE(p + 32);
        const localHeaderOffset = cd.readUInt32LE(p + 42);
        const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
        if (!(flags & 0x1)) entries.set(normalizeName(name), { name, method, compressedSize, localHeaderOffset });
        p += 46 + nameLength + extraLength + commentLength;
      }
      return new ZipEntries(file, entries);
    } finally {
      await handle.close();
    }
  }

  /** Whether the archive holds `name` (part names compare case-insensitively, as in OPC). */
  has(name: string): boolean {
    return this.entries.has(normalizeName(name));
  }

  /** The uncompressed content of entry `name` as a stream; it errors with ZipLimitError past `limits`. */
  async stream(name: string, limits?: InflateLimits): Promise<Readable> {
    const entry = this.entries.get(normalizeName(name));
    if (!entry) throw new ZipFormatError(`no ${name} in the archive / 압축 파일에 ${name}이(가) 없습니다`);
    if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`${name} uses unsupported compression ${entry.method} / 지원하지 않는 압축 방식입니다`);
    const header = Buffer.alloc(30);
    const handle = await open(this.file, 'r');
    try {
      await handle.read(header, 0, 30, entry.localHeaderOffset);
    } finally {
      await handle.close();
    }
    if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipFormatError(`damaged local header for ${name} / 파일이 손상되었습니다`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (entry.compressedSize === 0) return Readable.from([]);
    const raw = fs.createReadStream(this.file, { start, end: start + entry.compressedSize - 1 });
    if (!limits) {
      if (entry.method === 0) return raw;
      return pipeline(raw, zlib.createInflateRaw(), () => {
        // Errors reach the reader of the returned stream.
      });
    }
    let packedBytes = 0;
    const countPacked = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        packedBytes += chunk.length;
        done(null, chunk);
      },
    });
    let unpackedBytes = 0;
    // Read-ahead makes packedBytes at least what the inflater consumed: the ratio is never overstated.
    const guard = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        unpackedBytes += chunk.length;
        if (unpackedBytes > limits.maxBytes) return done(new ZipLimitError(entry.name, 'size', limits));
        if (limits.maxRatio !== undefined && unpackedBytes > (limits.ratioAfterBytes ?? 0) && unpackedBytes > limits.maxRatio * packedBytes) {
          return done(new ZipLimitError(entry.name, 'ratio', limits));
        }
        done(null, chunk);
      },
    });
    const done = () => {
      // Errors (a limit, a damaged stream) reach the reader of the returned stream.
    };
    if (entry.method === 0) return pipeline(raw, countPacked, guard, done);
    return pipeline(raw, countPacked, zlib.createInflateRaw(), guard, done);
  }
}

function normalizeName(name: string): string {
  return name.replace(/^\/+/, '').toLowerCase();
}
