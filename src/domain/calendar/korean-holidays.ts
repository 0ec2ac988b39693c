import { z } from 'zod';

/**
 * Korean public holidays (법정공휴일, 「관공서의 공휴일에 관한 규정」 and 「공휴일에 관한 법률」) for
 * 2000–2050, with substitute holidays (대체공휴일) by the rules in force each year, plus a
 * hand-maintained list of one-off days (임시공휴일, election days) and a workspace's own closures.
 * Dates are KST calendar dates ('YYYY-MM-DD'); this module knows nothing of time zones or clocks.
 */

/** Where a day off comes from: a rule (fixed or lunar date), a substitute, or a one-off. */
export const HOLIDAY_KINDS = ['fixed', 'lunar', 'substitute', 'temporary', 'election', 'workspace'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/** One day off; a date may carry several (2025-05-05 is both 어린이날 and 부처님오신날). */
export interface Holiday {
  date: string;
  nameKo: string;
  nameEn: string;
  kind: HolidayKind;
}

/** Years this module can compute (the lunar table below covers exactly these). */
export const KOREAN_HOLIDAY_YEARS = { first: 2000, last: 2050 } as const;

/**
 * Gregorian month-day (KST) of lunar 1/1 (설날), 4/8 (부처님오신날) and 8/15 (추석) — always the
 * regular month, never a leap month (윤달) — per Gregorian year. Korea's calendar follows KASI
 * (한국천문연구원) computed for KST, which differs from the Chinese calendar on e.g. 설날 2027 and
 * 2028, 부처님오신날 2001/2012/2023 and 추석 2040, so no Chinese-calendar library may replace this.
 * Generated from korean-lunar-calendar 0.4.0 (MIT, KASI tables) and checked day for day against
 * kor-lunar 1.4.0 and @fullstackfamily/manseryeok 1.0.8 (both MIT, KASI data): all three agree.
 * 설날 전날 is always the day before lunar 1/1 (the last day of the 12th month, 29th or 30th).
 */
const LUNAR_HOLIDAY_TABLE: Readonly<Record<number, string>> = {
  2000: '0205 0511 0912', 2001: '0124 0501 1001', 2002: '0212 0519 0921', 2003: '0201 0508 0911',
  2004: '0122 0526 0928', 2005: '0209 0515 0918', 2006: '0129 0505 1006', 2007: '0218 0524 0925',
  2008: '0207 0512 0914', 2009: '0126 0502 1003', 2010: '0214 0521 0922', 2011: '0203 0510 0912',
  2012: '0123 0528 0930', 2013: '0210 0517 0919', 2014: '0131 0506 0908', 2015: '0219 0525 0927',
  2016: '0208 0514 0915', 2017: '0128 0503 1004', 2018: '0216 0522 0924', 2019: '0205 0512 0913',
  2020: '0125 0430 1001', 2021: '0212 0519 0921', 2022: '0201 0508 0910', 2023: '0122 0527 0929',
  2024: '0210 0515 0917', 2025: '0129 0505 1006', 2026: '0217 0524 0925', 2027: '0207 0513 0915',
  2028: '0127 0502 1003', 2029: '0213 0520 0922', 2030: '0203 0509 0912', 2031: '0123 0528 1001',
  2032: '0211 0516 0919', 2033: '0131 0506 0908', 2034: '0219 0525 0927', 2035: '0208 0515 0916',
  2036: '0128 0503 1004', 2037: '0215 0522 0924', 2038: '0204 0511 0913', 2039: '0124 0430 1002',
  2040: '0212 0518 0921', 2041: '0201 0507 0910', 2042: '0122 0526 0928', 2043: '0210 0516 0917',
  2044: '0130 0505 1005', 2045: '0217 0524 0925', 2046: '0206 0513 0915', 2047: '0126 0502 1004',
  2048: '0214 0520 0922', 2049: '0202 0509 0911', 2050: '0123 0528 0930',
};

/**
 * HAND-MAINTAINED: days off that no rule predicts — 임시공휴일 designated by the cabinet, and
 * election days (임기만료 선거일 are holidays by law; early presidential elections were designated
 * separately). Add new ones here as they are announced (a day added to a past year changes past
 * SLA figures, so check the 관보 first); a workspace can add a day before this list has it (`extra`).
 * 2028-04-12 is the statutory date of the 23rd National Assembly election (공직선거법 §34); the
 * 2030 elections are not listed yet.
 */
export const ONE_OFF_HOLIDAYS: readonly Holiday[] = [
  { date: '2000-04-13', nameKo: '제16대 국회의원선거', nameEn: 'National Assembly election', kind: 'election' },
  { date: '2002-06-13', nameKo: '제3회 전국동시지방선거', nameEn: 'Local elections', kind: 'election' },
  { date: '2002-07-01', nameKo: '임시공휴일(월드컵 4강 기념)', nameEn: 'Temporary holiday (World Cup)', kind: 'temporary' },
  { date: '2002-12-19', nameKo: '제16대 대통령선거', nameEn: 'Presidential election', kind: 'election' },
  { date: '2004-04-15', nameKo: '제17대 국회의원선거', nameEn: 'National Assembly election', kind: 'election' },
  { date: '2006-05-31', nameKo: '제4회 전국동시지방선거', nameEn: 'Local elections', kind: 'election' },
  { date: '2007-12-19', nameKo: '제17대 대통령선거', nameEn: 'Presidential election', kind: 'election' },
  { date: '2008-04-09', nameKo: '제18대 국회의원선거', nameEn: 'National Assembly election', kind: 'election' },
  { date: '2010-06-02', nameKo: '제5회 전국동시지방선거', nameEn: 'Local elections', kind: 'election' },
  { date: '2012-04-11', nameKo: '제19대 국회의원선거', nameEn: 'National Assembly election', kind: 'election' },
  { date: '2012-12-19', nameKo: '제18대 대통령선거', nameEn: 'Presidential election', kind: 'election' },
  { date: '2014-06-04', nameKo: '제6회 전국동시지방선거', nameEn: 'Local elections', kind: 'election' },
  { date: '2015-08-14', nameKo: '임시공휴일(광복 70주년)', nameEn: 'Temporary holiday', kind: 'temporary' },
  { date: '2016-04-13', nameKo: '제20대 국회의원선거', nameEn: 'National Assembly election', kind: 'election' },
  { date: '2016-05-06', nameKo: '임시공휴일', nameEn: 'Temporary holiday', kind: 'temporary' },
  { date: '2017-05-09', nameKo: '제19대 대통령선거', nameEn: 'Presidential election', kind: 'election' },
  { date: '2017-10-02', nameKo: '임시공휴일', nameEn: 'Temporary holiday', kind: 'temporary' },
  { date: '2018-06-13', nameKo: '제7회 전국동시지방선거', nameEn: 'Local elections', kind: 'election' },
  { date: '2020-04-15', nameKo: '제21대 국회의원선거', nameEn: 'National Assembly election', kind: 'election' },
  { date: '2020-08-17', nameKo: '임시공휴일', nameEn: 'Temporary holiday', kind: 'temporary' },
  { date: '2022-03-09', nameKo: '제20대 대통령선거', nameEn: 'Presidential election', kind: 'election' },
  { date: '2022-06-01', nameKo: '제8회 전국동시지방선거', nameEn: 'Local elections', kind: 'election' },
  { date: '2023-10-02', nameKo: '임시공휴일', nameEn: 'Temporary holiday', kind: 'temporary' },
  { date: '2024-04-10', nameKo: '제22대 국회의원선거', nameEn: 'National Assembly election', kind: 'election' },
  { date: '2024-10-01', nameKo: '임시공휴일(국군의 날)', nameEn: 'Temporary holiday (Armed Forces Day)', kind: 'temporary' },
  { date: '2025-01-27', nameKo: '임시공휴일', nameEn: 'Temporary holiday', kind: 'temporary' },
  { date: '2025-06-03', nameKo: '제21대 대통령선거', nameEn: 'Presidential election', kind: 'election' },
  { date: '2026-06-03', nameKo: '제9회 전국동시지방선거', nameEn: 'Local elections', kind: 'election' },
  { date: '2028-04-12', nameKo: '제23대 국회의원선거', nameEn: 'National Assembly election', kind: 'election' },
];

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' naming a real calendar day. */
export const dateKeySchema = z.string().regex(DATE_KEY, 'expected YYYY-MM-DD / YYYY-MM-DD 형식이어야 합니다').refine((s) => {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}, 'not a calendar date / 없는 날짜입니다');

/** A workspace's own day off (창립기념일, 워크숍) or a public one this module does not know yet. */
export const extraHolidaySchema = z.object({
  date: dateKeySchema,
  nameKo: z.string().trim().min(1).max(100).default('휴무일'),
  nameEn: z.string().trim().min(1).max(100).default('Closed'),
  kind: z.enum(['temporary', 'election', 'workspace']).default('workspace'),
});
export type ExtraHoliday = z.input<typeof extraHolidaySchema>;

// Which substitute rule a holiday falls under, keyed by the holiday's group.
type SubstituteTrigger = 'sunday' | 'weekend';
interface BaseHoliday extends Holiday {
  /** 설날 and 추석 are three days with one substitute label. */
  group: string;
  trigger: SubstituteTrigger | null;
}

// Effective dates of the substitute-holiday rules (the first date each rule could apply).
// 설날·추석 (on Sunday) and 어린이날 (on Sat/Sun): regulation of 2013-11-05, first used 2014-09-10.
const SUBSTITUTE_LUNAR_AND_CHILDREN_FROM = '2013-11-05';
// 삼일절·광복절·개천절·한글날 on Sat/Sun: first applied to 광복절 2021 (any date from 2021-03-02 to
// 2021-08-15 gives the same days).
const SUBSTITUTE_NATIONAL_DAYS_FROM = '2021-08-01';
// 부처님오신날·성탄절: regulation in force from 2023-05-04, first used for 2023-05-27.
const SUBSTITUTE_BUDDHA_CHRISTMAS_FROM = '2023-05-04';
// 제헌절 (restored) and 노동절 (newly a public holiday) from 2026, both with substitute days:
// 「공휴일에 관한 법률」 amendments of 2026 (official 2026/2027 월력요항 list 2027-05-03 and
// 2027-07-19 as their substitutes).
const CONSTITUTION_AND_LABOUR_DAY_FROM = 2026;

const pad2 = (n: number) => String(n).padStart(2, '0');
const dateKey = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
};
const weekdayOf = (key: string) => new Date(`${key}T00:00:00Z`).getUTCDay();
const addDays = (key: string, days: number) => {
  const [y, m, d] = key.split('-').map(Number);
  return dateKey(y, m, d + days);
};

/** Gregorian dates (KST) of lunar 1/1, 4/8 and 8/15 in a year, from the KASI-derived table. */
export function lunarHolidayDates(year: number): { seollal: string; buddhasBirthday: string; chuseok: string } {
  const row = LUNAR_HOLIDAY_TABLE[year];
  if (!row) {
    throw new RangeError(`Korean lunar holidays are known for ${KOREAN_HOLIDAY_YEARS.first}–${KOREAN_HOLIDAY_YEARS.last}, not ${year}`);
  }
  const [seollal, buddha, chuseok] = row.split(' ').map((md) => `${year}-${md.slice(0, 2)}-${md.slice(2)}`);
  return { seollal, buddhasBirthday: buddha, chuseok };
}

function baseHolidays(year: number): BaseHoliday[] {
  const out: BaseHoliday[] = [];
  const fixed = (md: string, nameKo: string, nameEn: string, trigger: SubstituteTrigger | null) => {
    out.push({ date: `${year}-${md}`, nameKo, nameEn, kind: 'fixed', group: nameKo, trigger });
  };
  const lunar = (date: string, nameKo: string, nameEn: string, group: string, trigger: SubstituteTrigger | null) => {
    out.push({ date, nameKo, nameEn, kind: 'lunar', group, trigger });
  };
  const ruleFrom = (from: string, date: string, trigger: SubstituteTrigger) => (date >= from ? trigger : null);
  const { seollal, buddhasBirthday, chuseok } = lunarHolidayDates(year);
  const since2026 = year >= CONSTITUTION_AND_LABOUR_DAY_FROM;

  fixed('01-01', '신정', "New Year's Day", null);
  const seollalRule = ruleFrom(SUBSTITUTE_LUNAR_AND_CHILDREN_FROM, seollal, 'sunday');
  lunar(addDays(seollal, -1), '설날 전날', 'Day before Seollal', '설날', seollalRule);
  lunar(seollal, '설날', 'Seollal (Lunar New Year)', '설날', seollalRule);
  lunar(addDays(seollal, 1), '설날 다음 날', 'Day after Seollal', '설날', seollalRule);
  fixed('03-01', '삼일절', 'Independence Movement Day', ruleFrom(SUBSTITUTE_NATIONAL_DAYS_FROM, `${year}-03-01`, 'weekend'));
  if (year <= 2005) fixed('04-05', '식목일', 'Arbor Day', null);
  if (since2026) fixed('05-01', '노동절', 'Labour Day', 'weekend');
  fixed('05-05', '어린이날', "Children's Day", ruleFrom(SUBSTITUTE_LUNAR_AND_CHILDREN_FROM, `${year}-05-05`, 'weekend'));
  lunar(buddhasBirthday, '부처님오신날', "Buddha's Birthday", '부처님오신날', ruleFrom(SUBSTITUTE_BUDDHA_CHRISTMAS_FROM, buddhasBirthday, 'weekend'));
  fixed('06-06', '현충일', 'Memorial Day', null);
  if (year <= 2007) fixed('07-17', '제헌절', 'Constitution Day', null);
  if (since2026) fixed('07-17', '제헌절', 'Constitution Day', 'weekend');
  fixed('08-15', '광복절', 'Liberation Day', ruleFrom(SUBSTITUTE_NATIONAL_DAYS_FROM, `${year}-08-15`, 'weekend'));
  const chuseokRule = ruleFrom(SUBSTITUTE_LUNAR_AND_CHILDREN_FROM, chuseok, 'sunday');
  lunar(addDays(chuseok, -1), '추석 전날', 'Day before Chuseok', '추석', chuseokRule);
  lunar(chuseok, '추석', 'Chuseok', '추석', chuseokRule);
  lunar(addDays(chuseok, 1), '추석 다음 날', 'Day after Chuseok', '추석', chuseokRule);
  fixed('10-03', '개천절', 'National Foundation Day', ruleFrom(SUBSTITUTE_NATIONAL_DAYS_FROM, `${year}-10-03`, 'weekend'));
  // 한글날 was dropped from the holidays for 1991–2012.
  if (year >= 2013) fixed('10-09', '한글날', 'Hangeul Day', ruleFrom(SUBSTITUTE_NATIONAL_DAYS_FROM, `${year}-10-09`, 'weekend'));
  fixed('12-25', '성탄절', 'Christmas Day', ruleFrom(SUBSTITUTE_BUDDHA_CHRISTMAS_FROM, `${year}-12-25`, 'weekend'));
  for (const h of ONE_OFF_HOLIDAYS) {
    if (h.date.startsWith(`${year}-`)) out.push({ ...h, group: h.nameKo, trigger: null });
  }
  return out;
}

/**
 * Holidays that lose their day: on a triggering weekend day, or sharing a date with another
 * holiday (Sunday counts as one). Two holidays on one weekday lose one day between them, not two
 * (2025-05-05 어린이날 + 부처님오신날 gave one substitute), so one holiday keeps the date: one
 * without a substitute rule if any, else a fixed-date one (the official label then names the
 * lunar one: 대체공휴일(부처님 오신 날)).
 */
function displacedHolidays(base: readonly BaseHoliday[]): BaseHoliday[] {
  const byDate = new Map<string, BaseHoliday[]>();
  for (const h of base) byDate.set(h.date, [...(byDate.get(h.date) ?? []), h]);
  const displaced: BaseHoliday[] = [];
  for (const [date, holidays] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) {
    const weekday = weekdayOf(date);
    let dayTaken = weekday === 0;
    const keepersFirst = [...holidays].sort((a, b) => rank(a) - rank(b));
    for (const h of keepersFirst) {
      if (weekday === 6 && h.trigger === 'weekend') displaced.push(h);
      else if (!dayTaken) dayTaken = true;
      else if (h.trigger) displaced.push(h);
    }
  }
  return displaced;
}
const rank = (h: BaseHoliday) => (h.trigger ? 2 : 0) + (h.kind === 'lunar' ? 1 : 0);

/** Korean public holidays of one year (2000–2050) with substitutes and one-off days, plus `extra`, by date. */
export function koreanHolidays(year: number, extra: readonly ExtraHoliday[] = []): Holiday[] {
  const base = baseHolidays(year);
  const taken = new Set(base.map((h) => h.date));
  const substitutes: Holiday[] = [];
  for (const h of displacedHolidays(base)) {
    // The first following weekday that is not already a holiday (nor another substitute).
    let date = addDays(h.date, 1);
    while (taken.has(date) || weekdayOf(date) === 0 || weekdayOf(date) === 6) date = addDays(date, 1);
    taken.add(date);
    substitutes.push({ date, nameKo: `대체공휴일(${h.group})`, nameEn: `Substitute holiday (${englishGroup(h)})`, kind: 'substitute' });
  }
  const extras = extra
    .map((e) => extraHolidaySchema.parse(e))
    .filter((e) => e.date.startsWith(`${year}-`));
  const all: Holiday[] = [...base.map(({ date, nameKo, nameEn, kind }) => ({ date, nameKo, nameEn, kind })), ...substitutes, ...extras];
  // Stable sort: same-date holidays keep the order they were defined in.
  return all.sort((a, b) => a.date.localeCompare(b.date));
}
const englishGroup = (h: BaseHoliday) =>
  h.group === '설날' ? 'Seollal' : h.group === '추석' ? 'Chuseok' : h.nameEn;

let publicHolidayDatesCache: ReadonlySet<string> | undefined;
function publicHolidayDates(): ReadonlySet<string> {
  if (!publicHolidayDatesCache) {
    const dates = new Set<string>();
    for (let y = KOREAN_HOLIDAY_YEARS.first; y <= KOREAN_HOLIDAY_YEARS.last; y += 1) {
      for (const h of koreanHolidays(y)) dates.add(h.date);
    }
    publicHolidayDatesCache = dates;
  }
  return publicHolidayDatesCache;
}

/** Every public-holiday date of 2000–2050, plus the dates of `extra`, for a business-hours schedule. */
export function koreanHolidayDates(extra: readonly ExtraHoliday[] = []): Set<string> {
  const out = new Set(publicHolidayDates());
  for (const e of extra) out.add(extraHolidaySchema.parse(e).date);
  return out;
}

/** Whether a KST date is a Korean public holiday (weekends alone do not count). */
export function isKoreanPublicHoliday(date: string): boolean {
  return publicHolidayDates().has(dateKeySchema.parse(date));
}
