import { describe, expect, it } from 'vitest';
import { uploadNameFor } from './import-via-server.js';

describe('uploadNameFor: the name the server tells the format by', () => {
  it.each([
    ['data/문의 내역.csv', undefined, '문의 내역.csv'],
    ['exports/tickets.txt', 'tsv', 'tickets.txt.tsv'],
    ['exports/tickets.JSONL', 'jsonl', 'tickets.JSONL'],
    ['/tmp/export', 'xlsx', 'export.xlsx'],
  ])('%s with --format %s → %s', (file, format, name) => {
    expect(uploadNameFor(file, format)).toBe(name);
  });
});
