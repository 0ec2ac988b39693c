import { hasMessage, type Translate } from '../i18n';

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
};

const fold = (source: string) => source.normalize('NFC').toLowerCase().replace(/[\s._-]+/g, '');

/** The key of a known source (`kakaotalk` for kakao-talk), or null for a name of the team's own. */
export function knownSourceKey(source: string): string | null {
  return KNOWN_SOURCES[fold(source)] ?? null;
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
