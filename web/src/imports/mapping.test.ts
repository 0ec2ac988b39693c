import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../api';
import { checkIsStale, choose, initialChoices, KEEP_METADATA, mappingValue, missingFields, PASSTHROUGH, previewFieldNames, SKIP, type CheckedRequest } from './mapping';

const preview = (over: Partial<ImportPreview> = {}): ImportPreview => ({
  file_name: '고객문의.csv',
  format: 'csv',
  encoding: 'cp949',
  delimiter: ',',
  sheet: null,
  sheets: [],
  columns: ['티켓번호', '접수일시', '고객 메시지', '상담메모', 'customer_ref', 'topic'].map((name) => ({ name, samples: [], filled: 0 })),
  rows: [],
  errors: [],
  sampled_rows: 0,
  mapping: { fields: { external_id: '티켓번호', created_at: '접수일시' }, metadata: ['고객 메시지', '상담메모'], passthrough: ['customer_ref'] },
  unmapped: ['고객 메시지', '상담메모'],
  fields: [
    { name: 'external_id', required: false },
    { name: 'channel', required: true },
    { name: 'created_at', required: true },
    { name: 'text', required: true },
  ],
  ...over,
});

describe('import column mapping', () => {
  it('starts from the automatic mapping: fields, metadata, Sori export columns, derived columns left out', () => {
    expect(initialChoices(preview())).toEqual({
      티켓번호: 'external_id',
      접수일시: 'created_at',
      '고객 메시지': KEEP_METADATA,
      상담메모: KEEP_METADATA,
      customer_ref: PASSTHROUGH,
      topic: SKIP,
    });
  });

  it('sends no mapping while nothing changed, and the whole mapping once something did', () => {
    const p = preview();
    const start = initialChoices(p);
    expect(mappingValue(p, start)).toBe('');
    const changed = choose(choose(start, '고객 메시지', 'text'), '상담메모', SKIP);
    expect(JSON.parse(mappingValue(p, changed))).toEqual({
      fields: { external_id: '티켓번호', created_at: '접수일시', text: '고객 메시지' },
      metadata: [],
      passthrough: ['customer_ref'],
    });
  });

  it('gives each field one column: taking a field moves the other column back to metadata', () => {
    const next = choose(initialChoices(preview()), '상담메모', 'created_at');
    expect(next.접수일시).toBe(KEEP_METADATA);
    expect(next.상담메모).toBe('created_at');
    expect(choose(next, '티켓번호', SKIP).상담메모).toBe('created_at');
  });

  it('names the required fields no column gives; a channel chosen on the form is enough', () => {
    const p = preview();
    const start = initialChoices(p);
    expect(missingFields(p, start, false)).toEqual(['import.needText', 'import.needChannel']);
    expect(missingFields(p, choose(start, '고객 메시지', 'text'), true)).toEqual([]);
    expect(missingFields(p, choose(start, '접수일시', SKIP), true)).toEqual(['import.needText', 'import.needCreatedAt']);
  });

  it('shows the mapped fields in the preview table, and once the rows are read also when, channel, kind and text', () => {
    const p = preview({
      fields: ['external_id', 'channel', 'source', 'kind', 'created_at', 'text', 'rating'].map((name) => ({ name, required: ['channel', 'created_at', 'text'].includes(name) })),
    });
    const start = initialChoices(p);
    expect(previewFieldNames(p, start, false)).toEqual(['external_id', 'created_at']);
    // The channel from the form and the default kind are part of what lands, though no column gives them.
    expect(previewFieldNames(p, choose(start, '고객 메시지', 'text'), true)).toEqual(['external_id', 'channel', 'kind', 'created_at', 'text']);
    expect(previewFieldNames(p, choose(start, '상담메모', 'rating'), true)).toEqual(['external_id', 'channel', 'kind', 'created_at', 'text', 'rating']);
  });

  it('calls a check stale when anything it was made with changed, not when only the dry-run box did', () => {
    const file = new File(['a'], '카톡 문의.csv');
    const checked: CheckedRequest = { file, channel: '', source: 'file-import', mapping: '', encoding: '', sheet: '' };
    expect(checkIsStale(checked, { ...checked })).toBe(false);
    expect(checkIsStale({ ...checked, dryRun: true } as CheckedRequest, { ...checked })).toBe(false);
    expect(checkIsStale(checked, { ...checked, mapping: '{"fields":{"text":"문의내용"}}' })).toBe(true);
    expect(checkIsStale(checked, { ...checked, channel: 'chat' })).toBe(true);
    expect(checkIsStale(checked, { ...checked, source: 'kakao' })).toBe(true);
    expect(checkIsStale(checked, { ...checked, encoding: 'cp949' })).toBe(true);
    expect(checkIsStale(checked, { ...checked, sheet: '3월' })).toBe(true);
    expect(checkIsStale(checked, { ...checked, file: new File(['a'], '카톡 문의.csv') })).toBe(true); // another file of the same name
  });
});
