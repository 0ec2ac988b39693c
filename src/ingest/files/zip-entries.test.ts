import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipEntries, ZipFormatError, ZipLimitError } from './zip-entries.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-zip-entries-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A minimal zip writer: `deflate` picks method 8, else stored (0). CRCs are left 0: the reader does not check them. */
function buildZip(files: { name: string; content: string; deflate?: boolean }[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const raw = Buffer.from(f.content, 'utf8');
    const data = f.deflate ? zlib.deflateRawSync(raw) : raw;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(f.deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(f.deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const commentBytes = Buffer.from(comment);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(commentBytes.length, 20);
  return Buffer.concat([...locals, cd, eocd, commentBytes]);
}

describe('ZipEntries', () => {
  it('reads stored and deflated entries by name, in any order, names case-insensitive', async () => {
    const p = path.join(dir, 'a.zip');
    fs.writeFileSync(
      p,
      buildZip(
        [
          { name: 'xl/worksheets/sheet1.xml', content: '<row>한글 '.repeat(5_000), deflate: true },
          { name: 'xl/sharedStrings.xml', content: '<sst>문의</sst>' },
          { name: 'empty.txt', content: '' },
        ],
        'a trailing archive comment',
      ),
    );
    const zip = await ZipEntries.open(p);
    expect(zip.has('XL/SharedStrings.xml')).toBe(true);
    expect(zip.has('/xl/workbook.xml')).toBe(false);
    expect(await text(await zip.stream('xl/sharedStrings.xml'))).toBe('<sst>문의</sst>');
    expect(await text(await zip.stream('xl/worksheets/sheet1.xml'))).toBe('<row>한글 '.repeat(5_000));
    expect(await text(await zip.stream('empty.txt'))).toBe('');
    await expect(zip.stream('missing.xml')).rejects.toBeInstanceOf(ZipFormatError);
  });

  it('counts what an entry unpacks to and stops it past a size or a packing ratio (a decompression bomb)', async () => {
    const p = path.join(dir, 'bomb.zip');
    const bomb = 'A'.repeat(2 * 1024 * 1024);
    const varied = randomBytes(200_000).toString('hex'); // packs ~2:1
    fs.writeFileSync(
      p,
      buildZip([
        { name: 'xl/sharedStrings.xml', content: bomb, deflate: true },
        { name: 'stored.xml', content: 'B'.repeat(300_000) },
        { name: 'fine.xml', content: varied, deflate: true },
      ]),
    );
    const zip = await ZipEntries.open(p);
    const failure = async (name: string, limits: Parameters<ZipEntries['stream']>[1]) => {
      try {
        await text(await zip.stream(name, limits));
      } catch (e) {
        return e;
      }
      throw new Error(`${name} was read whole`);
    };
    const bySize = await failure('xl/sharedStrings.xml', { maxBytes: 1024 * 1024 });
    expect(bySize).toBeInstanceOf(ZipLimitError);
    expect(bySize).toMatchObject({ entry: 'xl/sharedStrings.xml', reason: 'size' });
    // ~2,000:1 packed: refused once past ratioAfterBytes, long before its size limit.
    expect(await failure('xl/sharedStrings.xml', { maxBytes: 1e9, maxRatio: 100, ratioAfterBytes: 256 * 1024 })).toMatchObject({ reason: 'ratio' });
    // A stored entry is limited by size too (its ratio is 1).
    expect(await failure('stored.xml', { maxBytes: 100_000, maxRatio: 100 })).toMatchObject({ reason: 'size' });
    // Within the limits the content is whole; below ratioAfterBytes the ratio is not held against it.
    expect(await text(await zip.stream('xl/sharedStrings.xml', { maxBytes: bomb.length, maxRatio: 100, ratioAfterBytes: bomb.length }))).toBe(bomb);
    expect(await text(await zip.stream('fine.xml', { maxBytes: 1e6, maxRatio: 100, ratioAfterBytes: 0 }))).toBe(varied);
  });

  it('refuses files that are not zip archives', async () => {
    const p = path.join(dir, 'not.zip');
    fs.writeFileSync(p, 'a,b\n1,2\n');
    await expect(ZipEntries.open(p)).rejects.toBeInstanceOf(ZipFormatError);
  });
});
