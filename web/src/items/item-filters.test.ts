import { describe, expect, it } from 'vitest';
import { duplicateGroupSearch, EMPTY_FILTERS, filtersFromParams, filtersToQuery, filtersToSearch, hasActiveFilters } from './item-filters';

describe('item filters', () => {
  it('round-trips through the query string and drops bad days', () => {
    const filters = filtersFromParams(new URLSearchParams('channel=chat&q=%ED%99%98%EB%B6%88&from=2024-05-01&to=2024-02-31'));
    expect(filters).toEqual({ ...EMPTY_FILTERS, channel: 'chat', q: '환불', from: '2024-05-01' });
    expect(filtersToSearch(filters, { item: 'abc' })).toBe('?channel=chat&q=%ED%99%98%EB%B6%88&from=2024-05-01&item=abc');
    expect(filtersToSearch(EMPTY_FILTERS)).toBe('');
    expect(hasActiveFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasActiveFilters(filters)).toBe(true);
  });

  it('turns whole Seoul days into instants with an exclusive end', () => {
    const query = filtersToQuery({ ...EMPTY_FILTERS, from: '2024-05-01', to: '2024-05-31', source: ' zendesk ' }, 'Asia/Seoul');
    expect(query).toEqual({
      source: 'zendesk',
      from: '2024-04-30T15:00:00.000Z',
      to: '2024-05-31T15:00:00.000Z',
    });
  });

  it('keeps the label filters in the URL and passes only well-formed ones to the API', () => {
    const filters = filtersFromParams(new URLSearchParams('type=uncertain&topic=none&sentiment=negative&dup_group=42'));
    expect(filters).toEqual({ ...EMPTY_FILTERS, type: 'uncertain', topic: 'none', sentiment: 'negative', dup_group: '42' });
    expect(filtersToSearch(filters)).toBe('?type=uncertain&topic=none&sentiment=negative&dup_group=42');
    expect(filtersToQuery(filters, 'Asia/Seoul')).toEqual({ type: 'uncertain', topic: 'none', sentiment: 'negative', dup_group: '42' });
    expect(filtersToQuery({ ...EMPTY_FILTERS, topic: 'x1', dup_group: 'abc' }, 'Asia/Seoul')).toEqual({});
    expect(duplicateGroupSearch('7')).toBe('?dup_group=7');
  });
});
