import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipEntries, ZipFormatError } from './zip-entries.js';

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

  it('refuses files that are not zip archives', async () => {
    const p = path.join(dir, 'not.zip');
    fs.writeFileSync(p, 'a,b\n1,2\n');
    await expect(ZipEntries.open(p)).rejects.toBeInstanceOf(ZipFormatError);
  });
});
