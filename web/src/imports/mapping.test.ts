import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../api';
import { choose, initialChoices, KEEP_METADATA, mappingValue, missingFields, PASSTHROUGH, SKIP } from './mapping';

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
});
