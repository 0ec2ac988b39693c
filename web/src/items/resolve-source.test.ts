import { describe, expect, it } from 'vitest';
import { LISTED_SOURCES_LIMIT, resolveSource, sourceDisplayNames, sourceFilterValue, sourceNote, SUGGESTED_SOURCES, type SourceResolution } from './resolve-source';

// A workspace's stored sources, as GET /items/sources lists them (in order).
const STORED = ['channeltalk', 'kakaotalk', 'zendesk', 'zendesk-export', '네이버 톡톡'];

describe('resolving a typed source against the stored ones', () => {
  const cases: [typed: string, stored: readonly string[], want: SourceResolution][] = [
    // The exact stored name, whatever else it resembles.
    ['kakaotalk', STORED, { kind: 'one', source: 'kakaotalk' }],
    ['zendesk-export', STORED, { kind: 'one', source: 'zendesk-export' }],
    // A stored name ignoring case, full-width letters and surrounding spaces.
    ['Zendesk', STORED, { kind: 'one', source: 'zendesk' }],
    ['  KakaoTalk ', STORED, { kind: 'one', source: 'kakaotalk' }],
    ['ＫＡＫＡＯＴＡＬＫ', STORED, { kind: 'one', source: 'kakaotalk' }],
    // A display name, Korean or English, spaced either way.
    ['카카오톡', STORED, { kind: 'one', source: 'kakaotalk' }],
    ['카카오 톡', STORED, { kind: 'one', source: 'kakaotalk' }],
    ['채널톡', STORED, { kind: 'one', source: 'channeltalk' }],
    ['channel talk', STORED, { kind: 'one', source: 'channeltalk' }],
    // A team's own name is its display name: spacing aside, it is found.
    ['네이버톡톡', STORED, { kind: 'one', source: '네이버 톡톡' }],
    // A stored name equal ignoring case wins over display names (zendesk-export is also "Zendesk").
    ['ZENDESK', STORED, { kind: 'one', source: 'zendesk' }],
    // Only zendesk-export stored: "Zendesk" is its display name.
    ['Zendesk', ['kakaotalk', 'zendesk-export'], { kind: 'one', source: 'zendesk-export' }],
    // Two stored spellings of one service: both are 카카오톡.
    ['카카오톡', ['kakao-talk', 'kakaotalk', 'zendesk'], { kind: 'several', sources: ['kakao-talk', 'kakaotalk'] }],
    ['KakaoTalk', ['KAKAOTALK', 'kakaotalk'], { kind: 'several', sources: ['KAKAOTALK', 'kakaotalk'] }],
    // Everyday names of a known service: its stored source, or every stored spelling of it.
    ['카톡', STORED, { kind: 'one', source: 'kakaotalk' }],
    ['카카오', STORED, { kind: 'one', source: 'kakaotalk' }],
    ['kakao', STORED, { kind: 'one', source: 'kakaotalk' }],
    ['Kakao', STORED, { kind: 'one', source: 'kakaotalk' }],
    ['젠데스크', ['kakaotalk', 'zendesk'], { kind: 'one', source: 'zendesk' }],
    ['젠데스크', STORED, { kind: 'several', sources: ['zendesk', 'zendesk-export'] }],
    ['채널 톡', STORED, { kind: 'one', source: 'channeltalk' }],
    ['구글플레이', ['kakaotalk', 'google-play'], { kind: 'one', source: 'google-play' }],
    ['구글 플레이', ['googleplay'], { kind: 'one', source: 'googleplay' }],
    ['플레이스토어', ['googleplay'], { kind: 'one', source: 'googleplay' }],
    ['앱스토어', ['appstore', 'googleplay'], { kind: 'one', source: 'appstore' }],
    ['앱 스토어', ['app-store', 'googleplay'], { kind: 'one', source: 'app-store' }],
    ['카톡', ['kakao-talk', 'kakaotalk', 'zendesk'], { kind: 'several', sources: ['kakao-talk', 'kakaotalk'] }],
    // A name the service's stored spelling or display name already is wins over everyday names.
    ['kakao', ['kakao', 'kakaotalk'], { kind: 'one', source: 'kakao' }],
    // An everyday name with no stored source of its service: none, nothing of another service resolved.
    ['카톡', ['zendesk', 'channeltalk'], { kind: 'none', suggestions: ['zendesk', 'channeltalk'] }],
    ['앱스토어', ['googleplay'], { kind: 'none', suggestions: ['googleplay'] }],
    // No stored source by that name: others to try, the likeliest first.
    ['카카', STORED, { kind: 'none', suggestions: ['kakaotalk', 'channeltalk', 'zendesk', 'zendesk-export', '네이버 톡톡'] }],
    ['zendesk-export', ['kakaotalk', 'zendesk'], { kind: 'none', suggestions: ['zendesk', 'kakaotalk'] }],
    ['당근마켓', STORED, { kind: 'none', suggestions: STORED.slice(0, SUGGESTED_SOURCES) }],
    ['카카오톡', [], { kind: 'none', suggestions: [] }],
    ['   ', STORED, { kind: 'none', suggestions: [] }],
  ];
  it.each(cases)('%j among %j', (typed, stored, want) => {
    expect(resolveSource(typed, stored)).toEqual(want);
  });

  it('offers at most a few sources', () => {
    const many = Array.from({ length: 12 }, (_, i) => `import-${i}`);
    const resolution = resolveSource('엑셀', many);
    expect(resolution.kind === 'none' && resolution.suggestions).toHaveLength(SUGGESTED_SOURCES);
  });

  it('offers the service an everyday name means first, among many sources', () => {
    const many = [...Array.from({ length: 12 }, (_, i) => `카카오-import-${i}`), 'zendesk', 'kakaotalk', 'googleplay'];
    const first = (typed: string) => {
      const note = sourceNote(typed, many);
      return note?.kind === 'none' ? note.suggestions : [];
    };
    // 카톡 held by the URL (an old link): 카카오톡 is offered first, ahead of names that merely hold 카카오.
    expect(first('카톡')[0]).toBe('kakaotalk');
    expect(first('카톡')).toHaveLength(SUGGESTED_SOURCES);
    expect(first('젠데스크')[0]).toBe('zendesk');
    expect(first('구글 플레이')[0]).toBe('googleplay');
  });

  it('names a stored source in both languages, a team’s own once', () => {
    expect(sourceDisplayNames('kakaotalk')).toEqual(['카카오톡', 'KakaoTalk']);
    expect(sourceDisplayNames('zendesk')).toEqual(['Zendesk']);
    expect(sourceDisplayNames('네이버 톡톡')).toEqual(['네이버 톡톡']);
  });
});

describe('the source filter’s value and the note under the box', () => {
  it('filters by the one stored source, else by the text as typed', () => {
    expect(sourceFilterValue('카카오톡', STORED)).toBe('kakaotalk');
    expect(sourceFilterValue(' 당근마켓 ', STORED)).toBe('당근마켓');
    expect(sourceFilterValue('카카오톡', ['kakao-talk', 'kakaotalk'])).toBe('카카오톡');
    // Sources not loaded yet: as typed.
    expect(sourceFilterValue('카카오톡', [])).toBe('카카오톡');
  });

  it('says nothing for a stored source, an empty box, or sources not known', () => {
    expect(sourceNote('kakaotalk', STORED)).toBeNull();
    expect(sourceNote('', STORED)).toBeNull();
    expect(sourceNote('당근마켓', [])).toBeNull();
    // A full list may not hold every source: a name missing from it is not said to be missing.
    const full = Array.from({ length: LISTED_SOURCES_LIMIT }, (_, i) => `import-${String(i).padStart(3, '0')}`);
    expect(sourceNote('당근마켓', full)).toBeNull();
    expect(sourceNote('당근마켓', full.slice(1))).toMatchObject({ kind: 'none' });
    expect(sourceNote('IMPORT-001', [...full.slice(1), 'Import-001'])).toEqual({ kind: 'several', sources: ['import-001', 'Import-001'] });
  });

  it('lists the sources a name could mean, or others to try — the one it names first (an old link’s "Zendesk")', () => {
    expect(sourceNote('카카오톡', ['kakao-talk', 'kakaotalk'])).toEqual({ kind: 'several', sources: ['kakao-talk', 'kakaotalk'] });
    expect(sourceNote('당근마켓', ['kakaotalk', 'zendesk'])).toEqual({ kind: 'none', suggestions: ['kakaotalk', 'zendesk'] });
    expect(sourceNote('Zendesk', STORED)).toEqual({ kind: 'none', suggestions: ['zendesk', 'zendesk-export', 'channeltalk', 'kakaotalk', '네이버 톡톡'] });
  });
});
