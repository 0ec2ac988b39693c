import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '../i18n';
import { everydaySourceKey, knownSourceKey, sourceName } from './source-name';

describe('source names', () => {
  it('names the sources Sori’s adapters, imports and demo write, however they are spelled', () => {
    for (const spelling of ['kakaotalk', 'kakao-talk', 'KakaoTalk', 'kakao_talk', '카카오톡']) expect(knownSourceKey(spelling), spelling).toBe('kakaotalk');
    for (const spelling of ['channeltalk', 'channel-talk', 'Channel Talk', '채널톡']) expect(knownSourceKey(spelling), spelling).toBe('channeltalk');
    expect(knownSourceKey('zendesk-export')).toBe('zendesk');
    expect(knownSourceKey('google-play')).toBe('googleplay');
  });

  it('knows the everyday names people type for a service, and only those', () => {
    const cases: [typed: string, key: string | null][] = [
      ['카톡', 'kakaotalk'],
      ['카카오', 'kakaotalk'],
      ['kakao', 'kakaotalk'],
      ['KAKAO', 'kakaotalk'],
      ['채널 톡', 'channeltalk'],
      ['젠데스크', 'zendesk'],
      ['구글플레이', 'googleplay'],
      ['구글 플레이', 'googleplay'],
      ['Play Store', 'googleplay'],
      ['앱스토어', 'appstore'],
      ['앱 스토어', 'appstore'],
      // Stored spellings are not everyday names: zendesk-export stays a source of its own when typed.
      ['zendesk-export', null],
      ['kakaotalk', null],
      ['카카', null],
      ['네이버 톡톡', null],
    ];
    for (const [typed, key] of cases) expect(everydaySourceKey(typed), typed).toBe(key);
    // A source stored under an everyday name is that service, shown by its name.
    const ko: Translate = (key, vars) => translate('ko', key, vars);
    expect(knownSourceKey('카톡')).toBe('kakaotalk');
    expect(sourceName('젠데스크', ko)).toBe('Zendesk');
  });

  it('in Korean and English; a name of the team’s own as written', () => {
    const ko: Translate = (key, vars) => translate('ko', key, vars);
    const en: Translate = (key, vars) => translate('en', key, vars);
    expect(sourceName('kakao-talk', ko)).toBe('카카오톡');
    expect(sourceName('kakao-talk', en)).toBe('KakaoTalk');
    expect(sourceName('channeltalk', ko)).toBe('채널톡');
    expect(sourceName('channeltalk', en)).toBe('Channel Talk');
    expect(sourceName('zendesk', ko)).toBe('Zendesk');
    expect(sourceName('google-play', en)).toBe('Google Play');
    expect(sourceName('file-import', ko)).toBe('파일 가져오기');
    expect(sourceName('네이버 톡톡 <b>', ko)).toBe('네이버 톡톡 <b>');
    expect(sourceName('generic-2', en)).toBe('generic-2');
  });
});
