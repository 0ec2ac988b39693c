/**
 * A cheap script-based language guess: Hangul → ko, Kana → ja, Han only → zh, Latin → en.
 * Good enough to route Korean vs English processing; text intelligence may refine it.
 */
export function detectLanguage(text: string): string | null {
  // Markup, URLs and e-mail addresses are Latin whatever the language around them.
  if (/[<:@]/.test(text)) text = text.replace(/<[^>]{0,500}>|\b(?:https?|ftp):\/\/\S+|\S+@\S+/g, ' ');
  let hangul = 0;
  let latin = 0;
  let kana = 0;
  let han = 0;
  const n = Math.min(text.length, 2_000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xac00 && c <= 0xd7a3) hangul++;
    else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if (c >= 0x3131 && c <= 0x318e) hangul++; // ㅋㅋ, ㅠㅠ
  }
  if (hangul === 0 && latin === 0 && kana === 0 && han === 0) return null;
  // Korean text mixes in Latin brand names; a modest Hangul share already means Korean.
  if (hangul * 3 >= latin && hangul >= kana && hangul > 0) return 'ko';
  if (kana > 0) return 'ja';
  if (han > latin) return 'zh';
  return 'en';
}

/** Unicode NFC (macOS exports decomposed Hangul), control characters removed, trimmed. */
export function normalizeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]/g, '').trim();
}
