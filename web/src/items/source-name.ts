import { hasMessage, type Translate } from '../i18n';

/**
 * Everyday names people type for a known service rather than any stored spelling (카톡, 젠데스크,
 * 앱스토어): the source box resolves one of these to every stored source of that service. Folded like
 * every name here (앱 스토어 is 앱스토어).
 */
const EVERYDAY_NAMES: Record<string, string> = {
  카톡: 'kakaotalk',
  카카오: 'kakaotalk',
  kakao: 'kakaotalk',
  카카오채널: 'kakaotalk',
  카카오톡채널: 'kakaotalk',
  채널톡: 'channeltalk',
  젠데스크: 'zendesk',
  구글플레이: 'googleplay',
  플레이스토어: 'googleplay',
  구글플레이스토어: 'googleplay',
  playstore: 'googleplay',
  앱스토어: 'appstore',
  애플앱스토어: 'appstore',
};

/**
 * Spellings of the sources Sori's adapters, imports and demo write (and that teams type for
 * `--source`), folded to one key each: case, spaces, `-`, `_` and `.` are ignored, so kakao-talk,
 * KakaoTalk and kakao_talk are one name. Names a team made up are shown as written.
 */
const KNOWN_SOURCES: Record<string, string> = {
  kakaotalk: 'kakaotalk',
  kakao: 'kakaotalk',
  카카오톡: 'kakaotalk',
  kakaochannel: 'kakaotalk',
  channeltalk: 'channeltalk',
  channelio: 'channeltalk',
  채널톡: 'channeltalk',
  zendesk: 'zendesk',
  zendeskexport: 'zendesk',
  googleplay: 'googleplay',
  playstore: 'googleplay',
  appstore: 'appstore',
  ios: 'appstore',
  callcenter: 'callcenter',
  productreview: 'productreview',
  npssurvey: 'npssurvey',
  fileimport: 'fileimport',
  webhook: 'webhook',
  generic: 'webhook',
  api: 'api',
  // A stored 카톡 or 젠데스크 is that service too.
  ...EVERYDAY_NAMES,
};

const fold = (source: string) => source.normalize('NFC').toLowerCase().replace(/[\s._-]+/g, '');

/** The key of a known source (`kakaotalk` for kakao-talk), or null for a name of the team's own. */
export function knownSourceKey(source: string): string | null {
  return KNOWN_SOURCES[fold(source)] ?? null;
}

/** The known service an everyday name means (카톡 → kakaotalk, 앱 스토어 → appstore), or null. */
export function everydaySourceKey(typed: string): string | null {
  return EVERYDAY_NAMES[fold(typed)] ?? null;
}

/**
 * A source as the page names it: a known one in the page's language (카카오톡 / KakaoTalk, 채널톡 /
 * Channel Talk, Zendesk, Google Play …), any other as written — React renders it as text.
 */
export function sourceName(source: string, t: Translate): string {
  const key = knownSourceKey(source);
  const message = key ? `source.name.${key}` : '';
  return key && hasMessage(message) ? t(message) : source;
}
