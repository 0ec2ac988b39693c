import { describe, expect, it } from 'vitest';
import { CHURN_REASONS, UNKNOWN_CHURN_REASON } from '../../../src/domain/churn-reasons';
import { hasMessage, translate } from '../i18n';
import { activeFilterCount, duplicateGroupSearch, EMPTY_FILTERS, filtersFromParams, filtersToQuery, filtersToSearch, hasActiveFilters, isReversedRange, itemsLink } from './item-filters';

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

  it('keeps the SLA and churn-reason drill-downs in the URL and passes them to the API', () => {
    const link = itemsLink({ sla: 'breached', from: '2026-03-04', to: '2026-03-31' });
    expect(link).toBe('/items?from=2026-03-04&to=2026-03-31&sla=breached');
    const filters = filtersFromParams(new URLSearchParams(link.split('?')[1]));
    expect(filters).toEqual({ ...EMPTY_FILTERS, sla: 'breached', from: '2026-03-04', to: '2026-03-31' });
    expect(filtersToQuery(filters, 'Asia/Seoul')).toMatchObject({ sla: 'breached' });
    const churn = filtersFromParams(new URLSearchParams(itemsLink({ type: 'cancellation', churn_reason: 'price,unknown' }).split('?')[1]));
    expect(filtersToQuery(churn, 'Asia/Seoul')).toEqual({ type: 'cancellation', churn_reason: 'price,unknown' });
    expect(hasActiveFilters({ ...EMPTY_FILTERS, churn_reason: 'price' })).toBe(true);
  });

  it('keeps the NPS page’s "has a score" filter in the URL and passes it to the API', () => {
    const filters = filtersFromParams(new URLSearchParams('has_score=true&topic=3'));
    expect(filters).toEqual({ ...EMPTY_FILTERS, has_score: 'true', topic: '3' });
    expect(filtersToSearch(filters)).toBe('?topic=3&has_score=true');
    expect(filtersToQuery(filters, 'Asia/Seoul')).toEqual({ topic: '3', has_score: 'true' });
    expect(hasActiveFilters({ ...EMPTY_FILTERS, has_score: 'true' })).toBe(true);
  });

  it('names every cancellation reason the server knows in both languages (the churn-reason chip)', () => {
    for (const reason of [...CHURN_REASONS, { key: UNKNOWN_CHURN_REASON, nameKo: '사유 미상', nameEn: 'Unknown' }]) {
      const key = `churnReason.${reason.key}`;
      expect(hasMessage(key), key).toBe(true);
      if (!hasMessage(key)) continue;
      expect(translate('ko', key)).toBe(reason.nameKo);
      expect(translate('en', key)).toBe(reason.nameEn);
    }
  });

  it('keeps one customer’s contact history in the URL as customer= and passes it to the API', () => {
    const link = itemsLink({ customer: 'c_v3YxCC7pC7-sljR2' });
    expect(link).toBe('/items?customer=c_v3YxCC7pC7-sljR2');
    const filters = filtersFromParams(new URLSearchParams(link.split('?')[1]));
    expect(filters).toEqual({ ...EMPTY_FILTERS, customer: 'c_v3YxCC7pC7-sljR2' });
    expect(filtersToQuery(filters, 'Asia/Seoul')).toEqual({ customer: 'c_v3YxCC7pC7-sljR2' });
    expect(hasActiveFilters(filters)).toBe(true);
    expect(filtersToSearch(filters, { item: '9' })).toBe('?customer=c_v3YxCC7pC7-sljR2&item=9');
    // A member number as the customer gave it, typed into the customer box: kept as typed (trimmed) for the server to pseudonymise.
    const typed = filtersFromParams(new URLSearchParams(filtersToSearch({ ...EMPTY_FILTERS, customer: ' M10000050 ' })));
    expect(typed.customer).toBe('M10000050');
    expect(filtersToQuery({ ...EMPTY_FILTERS, customer: ' 회원-0042 ' }, 'Asia/Seoul')).toEqual({ customer: '회원-0042' });
  });

  it('tells a reversed date range and counts the active filters', () => {
    expect(isReversedRange({ from: '2026-12-05', to: '2026-11-01' })).toBe(true);
    expect(isReversedRange({ from: '2026-11-01', to: '2026-11-01' })).toBe(false);
    expect(isReversedRange({ from: '2026-12-05', to: '' })).toBe(false);
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, channel: 'chat', customer: 'c_x', from: '2026-01-01' })).toBe(3);
  });
});
