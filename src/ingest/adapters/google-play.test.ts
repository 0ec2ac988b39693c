import { describe, expect, it } from 'vitest';
import { fixtureCsv } from '../../../test/fixtures/adapters/load.js';
import { isGooglePlayReviewHeader, mapGooglePlayReviews, reviewIdOf } from './google-play.js';

describe('Google Play review report → items', () => {
  const rows = fixtureCsv('googleplay-reviews.csv');

  it('maps each review with text: id from the Review Link, title and text, stars, times, the reply time, app details', () => {
    const { items, ignored, ignoredIndex } = mapGooglePlayReviews(rows);
    expect(items.map((i) => i.external_id)).toEqual(['gp:AOqpTOH1aB2cD3eF4gH5', 'gp:AOqpTOK9zY8xW7vU6tS5', 'gp:AOqpTORatingOnly01', 'gp:AOqpTOEnglish0001', 'kr.co.sori.shop:1793865600000']);
    expect(items[0]).toEqual({
      external_id: 'gp:AOqpTOH1aB2cD3eF4gH5',
      channel: 'app_store',
      source: 'google-play',
      kind: 'review',
      created_at: '2026-11-02T01:15:40Z',
      text: '업데이트 후에 로그인이 계속 풀려요. 자동 로그인 체크해도 앱 다시 켜면 로그아웃 상태입니다',
      rating: 1,
      first_response_at: '2026-11-02T03:20:00Z',
      source_updated_at: '2026-11-02T01:15:40Z',
      metadata: {
        package_name: 'kr.co.sori.shop',
        app_version_name: '4.12.0',
        app_version_code: '412',
        device: 'a52q',
        reviewer_language: 'ko',
        review_link: expect.stringContaining('reviewId=gp:AOqpTOH1aB2cD3eF4gH5'),
      },
    });
    // Title, a blank line, the text; the edit time is the version.
    expect(items[1]).toMatchObject({ title: '배송 조회', text: expect.stringMatching(/^배송 조회\n\n배송 조회 누르면 흰 화면만 나와요/), source_updated_at: '2026-11-03T00:40:05Z', rating: 2 });
    expect(items[1]!.first_response_at).toBeUndefined();
    // The developer's reply text is not kept.
    expect(JSON.stringify(items)).not.toContain('수정 예정');
    // Stars alone are a review without text (s24: they were skipped, so the ratings counted only those who wrote).
    expect(items[2]).toMatchObject({ external_id: 'gp:AOqpTORatingOnly01', text: '', rating: 5, kind: 'review' });
    expect(items[2]!.title).toBeUndefined();
    expect(ignored).toEqual([]);
    expect(ignoredIndex).toEqual([]);
  });

  it('falls back to the millisecond columns, names the source asked for, and says a row without any id', () => {
    const { items, ignored } = mapGooglePlayReviews(
      [
        { 'Package Name': 'kr.app', 'Review Submit Millis Since Epoch': '1793582140000', 'Star Rating': '3', 'Review Text': '결제가 두 번 됐어요', 'Developer Reply Millis Since Epoch': '1793589600000' },
        { 'Star Rating': '4', 'Review Text': '아이디 없는 행' },
      ],
      { source: 'play-kr' },
    );
    expect(items).toEqual([
      expect.objectContaining({ external_id: 'kr.app:1793582140000', source: 'play-kr', created_at: '2026-11-02T01:15:40.000Z', first_response_at: '2026-11-02T03:20:00.000Z', rating: 3 }),
    ]);
    expect(ignored).toEqual(['review without id']);
  });

  it('reads review ids from links and recognises the report by its headers (any case and spacing)', () => {
    expect(reviewIdOf('https://play.google.com/console/u/0/developers/1/app/2/user-feedback/review-details?reviewId=gp%3AAOqp%2B1&corpus=PUBLIC_REVIEWS')).toBe('gp:AOqp+1');
    expect(reviewIdOf('https://play.google.com/store/apps/details?id=kr.app')).toBeUndefined();
    expect(reviewIdOf(undefined)).toBeUndefined();
    expect(isGooglePlayReviewHeader(Object.keys(rows[0]!))).toBe(true);
    expect(isGooglePlayReviewHeader(['review submit  date and time', 'STAR RATING', 'review text'])).toBe(true);
    expect(isGooglePlayReviewHeader(['external_id', 'created_at', 'text', 'rating'])).toBe(false);
    expect(isGooglePlayReviewHeader(['별점', '리뷰 내용', '작성일'])).toBe(false);
  });
});
