import { describe, expect, it } from 'vitest';
import { activeView, normalViewQuery } from './view-query';

describe('saved view queries', () => {
  it('compares queries by their keys and values, not their order or empty keys', () => {
    expect(normalViewQuery('?sentiment=negative&channel=chat&topic=')).toBe('channel=chat&sentiment=negative');
    expect(normalViewQuery('segment=VIP%2C신규')).toBe(normalViewQuery('?segment=VIP,신규'));
    expect(normalViewQuery('')).toBe('');
  });

  it('finds the view the page shows, and none when one filter differs', () => {
    const views = [
      { name: 'VIP 채팅 중 부정 감정', query: 'channel=chat&segment=VIP&sentiment=negative' },
      { name: '전체', query: '' },
    ];
    expect(activeView(views, '?segment=VIP&sentiment=negative&channel=chat')?.name).toBe('VIP 채팅 중 부정 감정');
    expect(activeView(views, '?segment=VIP&sentiment=negative&channel=board')).toBeNull();
    expect(activeView(views, '')?.name).toBe('전체');
  });
});
