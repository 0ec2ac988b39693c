import { describe, expect, it } from 'vitest';
import {
  KOREAN_HOLIDAY_YEARS,
  ONE_OFF_HOLIDAYS,
  isKoreanPublicHoliday,
  koreanHolidayDates,
  koreanHolidays,
  lunarHolidayDates,
} from './korean-holidays.js';

/**
 * Every Korean public holiday (MM-DD) of 2015–2030, written out by hand.
 * 2018–2027: the official 월력요항 (우주항공청/KASI) as packaged in @hyunbinseo/holidays-kr
 * 5.2027.1 — that package's dates and ours were also compared mechanically, with no difference.
 * 2015–2017: the published calendars of those years (대체공휴일 2015-09-29, 2016-02-10,
 * 2017-01-30, 2017-10-06; 임시공휴일 2015-08-14, 2016-05-06, 2017-10-02).
 * 2028–2030: lunar dates from KASI tables with today's rules applied by hand (notes below).
 */
const EXPECTED: Record<number, string> = {
  2015: '01-01 02-18 02-19 02-20 03-01 05-05 05-25 06-06 08-14 08-15 09-26 09-27 09-28 09-29 10-03 10-09 12-25',
  2016: '01-01 02-07 02-08 02-09 02-10 03-01 04-13 05-05 05-06 05-14 06-06 08-15 09-14 09-15 09-16 10-03 10-09 12-25',
  2017: '01-01 01-27 01-28 01-29 01-30 03-01 05-03 05-05 05-09 06-06 08-15 10-02 10-03 10-04 10-05 10-06 10-09 12-25',
  2018: '01-01 02-15 02-16 02-17 03-01 05-05 05-07 05-22 06-06 06-13 08-15 09-23 09-24 09-25 09-26 10-03 10-09 12-25',
  2019: '01-01 02-04 02-05 02-06 03-01 05-05 05-06 05-12 06-06 08-15 09-12 09-13 09-14 10-03 10-09 12-25',
  2020: '01-01 01-24 01-25 01-26 01-27 03-01 04-15 04-30 05-05 06-06 08-15 08-17 09-30 10-01 10-02 10-03 10-09 12-25',
  2021: '01-01 02-11 02-12 02-13 03-01 05-05 05-19 06-06 08-15 08-16 09-20 09-21 09-22 10-03 10-04 10-09 10-11 12-25',
  2022: '01-01 01-31 02-01 02-02 03-01 03-09 05-05 05-08 06-01 06-06 08-15 09-09 09-10 09-11 09-12 10-03 10-09 10-10 12-25',
  2023: '01-01 01-21 01-22 01-23 01-24 03-01 05-05 05-27 05-29 06-06 08-15 09-28 09-29 09-30 10-02 10-03 10-09 12-25',
  2024: '01-01 02-09 02-10 02-11 02-12 03-01 04-10 05-05 05-06 05-15 06-06 08-15 09-16 09-17 09-18 10-01 10-03 10-09 12-25',
  2025: '01-01 01-27 01-28 01-29 01-30 03-01 03-03 05-05 05-06 06-03 06-06 08-15 10-03 10-05 10-06 10-07 10-08 10-09 12-25',
  2026: '01-01 02-16 02-17 02-18 03-01 03-02 05-01 05-05 05-24 05-25 06-03 06-06 07-17 08-15 08-17 09-24 09-25 09-26 10-03 10-05 10-09 12-25',
  2027: '01-01 02-06 02-07 02-08 02-09 03-01 05-01 05-03 05-05 05-13 06-06 07-17 07-19 08-15 08-16 09-14 09-15 09-16 10-03 10-04 10-09 10-11 12-25 12-27',
  // 추석 10-02..04 (Mon–Wed) and 개천절 10-03 share a day → one substitute, Thu 10-05.
  2028: '01-01 01-26 01-27 01-28 03-01 04-12 05-01 05-02 05-05 06-06 07-17 08-15 10-02 10-03 10-04 10-05 10-09 12-25',
  // 어린이날 Sat → Mon 05-07; 부처님오신날 Sun 05-20 → 05-21; 추석 09-21..23 ends on a Sunday → 09-24.
  2029: '01-01 02-12 02-13 02-14 03-01 05-01 05-05 05-07 05-20 05-21 06-06 07-17 08-15 09-21 09-22 09-23 09-24 10-03 10-09 12-25',
  // 설날 (lunar 1/1) on Sunday 02-03 → Tue 02-05; 어린이날 Sunday → Mon 05-06.
  2030: '01-01 02-02 02-03 02-04 02-05 03-01 05-01 05-05 05-06 05-09 06-06 07-17 08-15 09-11 09-12 09-13 10-03 10-09 12-25',
};

/** The substitute days alone, with what they replace (the brief's and the gazette's examples). */
const SUBSTITUTES: [string, string][] = [
  ['2014-09-10', '대체공휴일(추석)'], // the first substitute holiday ever: 추석 전날 on Sunday 09-07
  ['2016-02-10', '대체공휴일(설날)'],
  ['2017-10-06', '대체공휴일(추석)'], // 추석 전날 = 개천절 (Tue 10-03): overlap, not a weekend
  ['2021-08-16', '대체공휴일(광복절)'], // first use of the 2021 rule for 국경일
  ['2023-05-29', '대체공휴일(부처님오신날)'], // first use of the 2023 rule: Sat 05-27
  ['2024-02-12', '대체공휴일(설날)'],
  ['2025-03-03', '대체공휴일(삼일절)'],
  ['2025-05-06', '대체공휴일(부처님오신날)'], // 어린이날 + 부처님오신날 both Mon 05-05
  ['2025-10-08', '대체공휴일(추석)'],
  ['2027-02-09', '대체공휴일(설날)'],
  ['2027-12-27', '대체공휴일(성탄절)'],
  ['2028-10-05', '대체공휴일(추석)'],
];

const datesOf = (year: number) => koreanHolidays(year).map((h) => h.date);
const dayGap = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('koreanHolidays', () => {
  it.each(Object.keys(EXPECTED).map(Number))('lists the published holidays of %i', (year) => {
    const expected = EXPECTED[year].split(' ').map((md) => `${year}-${md}`);
    expect([...new Set(datesOf(year))]).toEqual(expected);
  });

  it.each(SUBSTITUTES)('%s is %s', (date, nameKo) => {
    const found = koreanHolidays(Number(date.slice(0, 4))).filter((h) => h.date === date);
    expect(found).toEqual([expect.objectContaining({ nameKo, kind: 'substitute' })]);
  });

  it('names the holidays and their kinds (2025-05-05 carries two)', () => {
    const y2025 = koreanHolidays(2025);
    expect(y2025.filter((h) => h.date === '2025-05-05')).toEqual([
      { date: '2025-05-05', nameKo: '어린이날', nameEn: "Children's Day", kind: 'fixed' },
      { date: '2025-05-05', nameKo: '부처님오신날', nameEn: "Buddha's Birthday", kind: 'lunar' },
    ]);
    expect(y2025.find((h) => h.date === '2025-10-06')).toMatchObject({ nameKo: '추석', kind: 'lunar' });
    expect(y2025.find((h) => h.date === '2025-10-08')).toMatchObject({ nameEn: 'Substitute holiday (Chuseok)' });
    expect(y2025.find((h) => h.date === '2025-06-03')).toMatchObject({ kind: 'election' });
    expect(koreanHolidays(2024).find((h) => h.date === '2024-10-01')).toMatchObject({ kind: 'temporary' });
    expect(koreanHolidays(2024).find((h) => h.date === '2024-01-01')).toMatchObject({ nameKo: '신정', kind: 'fixed' });
  });

  it('follows the rules in force each year', () => {
    // 식목일 until 2005, 제헌절 until 2007 and again from 2026, 한글날 again from 2013, 노동절 from 2026.
    expect(datesOf(2005)).toContain('2005-04-05');
    expect(datesOf(2006)).not.toContain('2006-04-05');
    expect(datesOf(2007)).toContain('2007-07-17');
    expect(datesOf(2008)).not.toContain('2008-07-17');
    expect(datesOf(2025)).not.toContain('2025-07-17');
    expect(datesOf(2012)).not.toContain('2012-10-09');
    expect(datesOf(2013)).toContain('2013-10-09');
    expect(datesOf(2025)).not.toContain('2025-05-01');
    // No substitutes before 2014: 2010 추석 (09-21..23) and 2013 설날 (02-09..11, Sun 02-10) had none.
    for (let y = 2000; y <= 2013; y += 1) expect(koreanHolidays(y).filter((h) => h.kind === 'substitute')).toEqual([]);
    // Before 2021-08 a 국경일 on a weekend had no substitute (삼일절 2020 was a Sunday) …
    expect(datesOf(2020)).not.toContain('2020-03-02');
    // … nor 부처님오신날 before 2023-05 (Sat 2016-05-14), nor 성탄절 (Sun 2022-12-25).
    expect(datesOf(2016)).not.toContain('2016-05-16');
    expect(datesOf(2022)).not.toContain('2022-12-26');
    // 설날/추석 on a Saturday give none: 2024 설날 is Sat 02-10, its substitute comes from Sunday only.
    expect(koreanHolidays(2024).filter((h) => h.kind === 'substitute' && h.date.startsWith('2024-02'))).toHaveLength(1);
  });

  it('keeps substitutes on free weekdays in every year', () => {
    for (let y = KOREAN_HOLIDAY_YEARS.first; y <= KOREAN_HOLIDAY_YEARS.last; y += 1) {
      const all = koreanHolidays(y);
      for (const sub of all.filter((h) => h.kind === 'substitute')) {
        expect([0, 6], sub.date).not.toContain(weekday(sub.date));
        expect(all.filter((h) => h.date === sub.date), sub.date).toHaveLength(1);
      }
    }
  });

  it('includes each hand-maintained one-off day in its year', () => {
    for (const day of ONE_OFF_HOLIDAYS) {
      expect(koreanHolidays(Number(day.date.slice(0, 4)))).toContainEqual(day);
    }
    expect(ONE_OFF_HOLIDAYS.map((d) => d.date)).toEqual(expect.arrayContaining(['2017-10-02', '2020-08-17', '2023-10-02', '2024-10-01', '2022-03-09', '2022-06-01', '2024-04-10', '2025-06-03']));
  });

  it("adds a workspace's extra days to their year only", () => {
    const extra = [{ date: '2026-03-16', nameKo: '창립기념일', nameEn: 'Founding day' }, { date: '2027-01-04' }];
    const y2026 = koreanHolidays(2026, extra);
    expect(y2026.find((h) => h.date === '2026-03-16')).toEqual({ date: '2026-03-16', nameKo: '창립기념일', nameEn: 'Founding day', kind: 'workspace' });
    expect(y2026.map((h) => h.date)).not.toContain('2027-01-04');
    expect(koreanHolidays(2027, extra).find((h) => h.date === '2027-01-04')).toMatchObject({ nameKo: '휴무일', kind: 'workspace' });
    // Sorted by date with the extra in place.
    const dates = y2026.map((h) => h.date);
    expect(dates).toEqual([...dates].sort());
    expect(() => koreanHolidays(2026, [{ date: '2026-02-30' }])).toThrow();
  });

  it('refuses years outside 2000–2050', () => {
    expect(() => koreanHolidays(1999)).toThrow(RangeError);
    expect(() => koreanHolidays(2051)).toThrow(RangeError);
    expect(koreanHolidays(2050).length).toBeGreaterThan(15);
  });
});

describe('lunarHolidayDates', () => {
  it('uses the Korean (KASI) calendar where it differs from the Chinese one', () => {
    // Chinese-calendar libraries give 2027-02-06, 2028-01-26, 2001-04-30, 2012-04-28 (different
    // leap month), 2023-05-26 and 2040-09-20 for these.
    expect(lunarHolidayDates(2027).seollal).toBe('2027-02-07');
    expect(lunarHolidayDates(2028).seollal).toBe('2028-01-27');
    expect(lunarHolidayDates(2001).buddhasBirthday).toBe('2001-05-01');
    expect(lunarHolidayDates(2012).buddhasBirthday).toBe('2012-05-28');
    expect(lunarHolidayDates(2023).buddhasBirthday).toBe('2023-05-27');
    expect(lunarHolidayDates(2040).chuseok).toBe('2040-09-21');
  });

  it('has a plausible lunar year in every row (catches a mistyped table entry)', () => {
    for (let y = KOREAN_HOLIDAY_YEARS.first; y <= KOREAN_HOLIDAY_YEARS.last; y += 1) {
      const { seollal, buddhasBirthday, chuseok } = lunarHolidayDates(y);
      expect(seollal >= `${y}-01-21` && seollal <= `${y}-02-20`, seollal).toBe(true);
      // 1/1 → 4/8: three months of 29–30 days plus 7 (94–97), or a leap month more (123–127).
      const toBuddha = dayGap(seollal, buddhasBirthday);
      expect((toBuddha >= 94 && toBuddha <= 97) || (toBuddha >= 123 && toBuddha <= 127), `${y} 1/1→4/8 ${toBuddha}`).toBe(true);
      // 1/1 → 8/15: seven months plus 14 (215–224), or a leap month more (244–254).
      const toChuseok = dayGap(seollal, chuseok);
      expect((toChuseok >= 215 && toChuseok <= 224) || (toChuseok >= 244 && toChuseok <= 254), `${y} 1/1→8/15 ${toChuseok}`).toBe(true);
      if (y > KOREAN_HOLIDAY_YEARS.first) {
        const yearLength = dayGap(lunarHolidayDates(y - 1).seollal, seollal);
        expect([353, 354, 355, 383, 384, 385], `${y} lunar year ${yearLength}`).toContain(yearLength);
      }
    }
  });
});

/**
 * Instant of new moon number k (k = 0: 2000-01-06), in epoch ms: Meeus, Astronomical Algorithms,
 * ch. 49 (periodic and planetary terms; good to well under a minute for these years), ΔT ≈ 69 s.
 * An independent check of the lunar table: a lunar month starts on the KST date of its new moon.
 */
function newMoonMs(k: number): number {
  const rad = Math.PI / 180;
  const T = k / 1236.85;
  const E = 1 - 0.002516 * T - 0.0000074 * T ** 2;
  const M = (2.5534 + 29.1053567 * k - 0.0000014 * T ** 2 - 0.00000011 * T ** 3) * rad;
  const Mp = (201.5643 + 385.81693528 * k + 0.0107582 * T ** 2 + 0.00001238 * T ** 3 - 0.000000058 * T ** 4) * rad;
  const F = (160.7108 + 390.67050284 * k - 0.0016118 * T ** 2 - 0.00000227 * T ** 3 + 0.000000011 * T ** 4) * rad;
  const O = (124.7746 - 1.56375588 * k + 0.0020672 * T ** 2 + 0.00000215 * T ** 3) * rad;
  const s = Math.sin;
  let jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * T ** 2 - 0.00000015 * T ** 3 + 0.00000000073 * T ** 4;
  jde += -0.4072 * s(Mp) + 0.17241 * E * s(M) + 0.01608 * s(2 * Mp) + 0.01039 * s(2 * F) + 0.00739 * E * s(Mp - M)
    - 0.00514 * E * s(Mp + M) + 0.00208 * E * E * s(2 * M) - 0.00111 * s(Mp - 2 * F) - 0.00057 * s(Mp + 2 * F)
    + 0.00056 * E * s(2 * Mp + M) - 0.00042 * s(3 * Mp) + 0.00042 * E * s(M + 2 * F) + 0.00038 * E * s(M - 2 * F)
    - 0.00024 * E * s(2 * Mp - M) - 0.00017 * s(O) - 0.00007 * s(Mp + 2 * M) + 0.00004 * s(2 * Mp - 2 * F)
    + 0.00004 * s(3 * M) + 0.00003 * s(Mp + M - 2 * F) + 0.00003 * s(2 * Mp + 2 * F) - 0.00003 * s(Mp + M + 2 * F)
    + 0.00003 * s(Mp - M + 2 * F) - 0.00002 * s(Mp - M - 2 * F) - 0.00002 * s(3 * Mp + M) + 0.00002 * s(4 * Mp);
  const planetary = [
    [299.77, 0.107408, 0.000325], [251.88, 0.016321, 0.000165], [251.83, 26.651886, 0.000164], [349.42, 36.412478, 0.000126],
    [84.66, 18.206239, 0.00011], [141.74, 53.303771, 0.000062], [207.14, 2.453732, 0.00006], [154.84, 7.30686, 0.000056],
    [34.52, 27.261239, 0.000047], [207.19, 0.121824, 0.000042], [291.34, 1.844379, 0.00004], [161.72, 24.198154, 0.000037],
    [239.56, 25.513099, 0.000035], [331.55, 3.592518, 0.000023],
  ];
  planetary.forEach(([a, b, c], i) => {
    jde += c * s((a + b * k - (i === 0 ? 0.009173 * T ** 2 : 0)) * rad);
  });
  return (jde - 2440587.5) * 86_400_000 - 69_000;
}

describe('lunar table against astronomy', () => {
  const KST_MS = 9 * 3_600_000;
  const kstDateOf = (ms: number) => new Date(ms + KST_MS).toISOString().slice(0, 10);
  /** The new moon nearest to noon KST of a date. */
  const newMoonNear = (date: string) => {
    const noon = Date.parse(`${date}T03:00:00Z`);
    const k = Math.round((noon - newMoonMs(0)) / (29.530588861 * 86_400_000));
    return [k - 1, k, k + 1].map(newMoonMs).sort((a, b) => Math.abs(a - noon) - Math.abs(b - noon))[0];
  };

  it('starts lunar 1/1, the 4th and the 8th month on the KST date of a new moon, every year', () => {
    const shift = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
    for (let y = KOREAN_HOLIDAY_YEARS.first; y <= KOREAN_HOLIDAY_YEARS.last; y += 1) {
      const { seollal, buddhasBirthday, chuseok } = lunarHolidayDates(y);
      for (const monthStart of [seollal, shift(buddhasBirthday, -7), shift(chuseok, -14)]) {
        const moon = newMoonNear(monthStart);
        // Not within minutes of midnight, where the approximation could pick the wrong day.
        const fromMidnight = (moon + KST_MS) % 86_400_000;
        expect(Math.min(fromMidnight, 86_400_000 - fromMidnight), `${y} ${monthStart}`).toBeGreaterThan(5 * 60_000);
        expect(kstDateOf(moon), `${y}: the month starting ${monthStart}`).toBe(monthStart);
      }
    }
  });

  it('explains 2027: the new moon falls after midnight in Seoul but before midnight in Beijing', () => {
    const moon = newMoonNear('2027-02-07');
    expect(kstDateOf(moon)).toBe('2027-02-07');
    expect(new Date(moon + 8 * 3_600_000).toISOString().slice(0, 10)).toBe('2027-02-06');
  });
});

describe('koreanHolidayDates / isKoreanPublicHoliday', () => {
  it('covers every year and adds extras without changing the shared set', () => {
    const dates = koreanHolidayDates([{ date: '2026-03-16' }]);
    expect(dates.has('2000-01-01')).toBe(true);
    expect(dates.has('2050-12-25')).toBe(true);
    expect(dates.has('2026-03-16')).toBe(true);
    expect(koreanHolidayDates().has('2026-03-16')).toBe(false);
    expect(isKoreanPublicHoliday('2025-10-08')).toBe(true);
    expect(isKoreanPublicHoliday('2025-10-10')).toBe(false);
    expect(isKoreanPublicHoliday('2025-10-11')).toBe(false); // a Saturday is not a public holiday
  });
});
