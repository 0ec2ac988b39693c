import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addBusinessMs,
  buildBusinessSchedule,
  businessMsBetween,
  businessScheduleSchema,
  isBusinessTime,
  canonicalTimeZone,
  isTimeZone,
  type BusinessSchedule,
} from './business-hours.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const kst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+09:00`);

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
/** The usual Korean CX desk: Mon–Fri 09–12 and 13–18 (lunch 12–13), Korean public holidays off. */
const DESK_BLOCKS = [
  { days: [...WEEKDAYS], start: '09:00', end: '12:00' },
  { days: [...WEEKDAYS], start: '13:00', end: '18:00' },
];
const desk = buildBusinessSchedule({ blocks: DESK_BLOCKS });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('addBusinessMs', () => {
  it('carries a Friday-evening ticket over the weekend and the lunch break', () => {
    // Fri 2024-03-08 17:30: 30 min left that day. Mon 03-11 09:00–12:00 adds 3 h (3.5 h).
    // 3 h target: 0.5 h Fri + 2.5 h Mon → Mon 11:30.
    expect(addBusinessMs(kst('2024-03-08 17:30'), 3 * HOUR, desk)).toEqual(kst('2024-03-11 11:30'));
    // 4 h target: 3.5 h by Mon 12:00, lunch, the last 30 min 13:00–13:30 → Mon 13:30.
    expect(addBusinessMs(kst('2024-03-08 17:30'), 4 * HOUR, desk)).toEqual(kst('2024-03-11 13:30'));
  });

  it('skips a Monday that is a holiday', () => {
    // Mon 2024-05-06 is 대체공휴일(어린이날): Fri 05-03 17:30 + 4 h → Tue 05-07 13:30.
    expect(addBusinessMs(kst('2024-05-03 17:30'), 4 * HOUR, desk)).toEqual(kst('2024-05-07 13:30'));
  });

  it('skips 설날 with its substitute day', () => {
    // 2024 설날 = Fri 02-09 … Mon 02-12 (대체). Thu 02-08 17:30 + 4 h: 0.5 h Thu, then Tue 02-13
    // 09:00–12:00 (3.5 h) and 13:00–13:30.
    expect(addBusinessMs(kst('2024-02-08 17:30'), 4 * HOUR, desk)).toEqual(kst('2024-02-13 13:30'));
    // 2025 추석 break: Thu 10-02 16:00 + 8 h. Thu 2 h; Fri 10-03 개천절; 10-05..07 추석, 10-08 대체,
    // 10-09 한글날; Fri 10-10 09:00–12:00 (5 h), 13:00–16:00 (8 h) → Fri 10-10 16:00.
    expect(addBusinessMs(kst('2025-10-02 16:00'), 8 * HOUR, desk)).toEqual(kst('2025-10-10 16:00'));
  });

  it('starts counting at the next opening when created outside hours', () => {
    expect(addBusinessMs(kst('2024-03-09 22:00'), HOUR, desk)).toEqual(kst('2024-03-11 10:00')); // Saturday night
    expect(addBusinessMs(kst('2024-03-11 07:00'), 30 * MIN, desk)).toEqual(kst('2024-03-11 09:30')); // before opening
    expect(addBusinessMs(kst('2024-03-11 12:30'), HOUR, desk)).toEqual(kst('2024-03-11 14:00')); // during lunch
    expect(addBusinessMs(kst('2024-03-11 19:00'), HOUR, desk)).toEqual(kst('2024-03-12 10:00')); // after closing
  });

  it('ends a budget that runs out at closing time at closing time', () => {
    expect(addBusinessMs(kst('2024-03-08 17:00'), HOUR, desk)).toEqual(kst('2024-03-08 18:00'));
    expect(addBusinessMs(kst('2024-03-11 11:00'), HOUR, desk)).toEqual(kst('2024-03-11 12:00'));
  });

  it('follows a night shift split at midnight', () => {
    const night = buildBusinessSchedule({
      koreanPublicHolidays: false,
      blocks: [
        { days: ['mon', 'tue'], start: '22:00', end: '24:00' },
        { days: ['tue', 'wed'], start: '00:00', end: '06:00' },
      ],
    });
    // Mon 23:00 + 2 h: 1 h to midnight, 1 h after → Tue 01:00.
    expect(addBusinessMs(kst('2024-03-11 23:00'), 2 * HOUR, night)).toEqual(kst('2024-03-12 01:00'));
  });

  it('refuses impossible budgets and schedules', () => {
    expect(addBusinessMs(kst('2024-03-09 22:00'), 0, desk)).toEqual(kst('2024-03-09 22:00'));
    expect(() => addBusinessMs(kst('2024-03-11 09:00'), -1, desk)).toThrow(RangeError);
    expect(() => addBusinessMs(kst('2024-03-11 09:00'), Number.NaN, desk)).toThrow(RangeError);
    expect(() => addBusinessMs(kst('2024-03-11 09:00'), HOUR, buildBusinessSchedule({ blocks: [] }))).toThrow(/no business hours/);
    // Open on Mondays only, and every Monday for 12 years is a holiday: give up rather than walk on.
    const mondays = new Set<string>();
    for (let t = Date.UTC(2024, 2, 11); t < Date.UTC(2036, 0, 1); t += 7 * 86_400_000) mondays.add(new Date(t).toISOString().slice(0, 10));
    const neverOpen: BusinessSchedule = { timeZone: 'Asia/Seoul', twentyFourSeven: false, weekly: [[], [[540, 1080]], [], [], [], [], []], holidays: mondays };
    expect(() => addBusinessMs(kst('2024-03-11 09:00'), HOUR, neverOpen)).toThrow(/no business time in/);
  });
});

describe('businessMsBetween', () => {
  it('leaves out the lunch break, nights and weekends', () => {
    expect(businessMsBetween(kst('2024-03-11 11:00'), kst('2024-03-11 14:00'), desk)).toBe(2 * HOUR);
    expect(businessMsBetween(kst('2024-03-08 17:30'), kst('2024-03-11 13:30'), desk)).toBe(4 * HOUR);
    // A whole week, Mon 09:00 → next Mon 09:00: 5 days × 8 h.
    expect(businessMsBetween(kst('2024-03-11 09:00'), kst('2024-03-18 09:00'), desk)).toBe(40 * HOUR);
  });

  it('leaves out holidays', () => {
    // Mon 2025-09-29 09:00 → Mon 10-13 09:00: two weeks, but only 09-29..10-02 and 10-10 are
    // working days (10-03 개천절, 10-06..08 추석 + 대체, 10-09 한글날): 5 × 8 h.
    expect(businessMsBetween(kst('2025-09-29 09:00'), kst('2025-10-13 09:00'), desk)).toBe(40 * HOUR);
  });

  it('is 0 when end is not after start', () => {
    expect(businessMsBetween(kst('2024-03-11 14:00'), kst('2024-03-11 11:00'), desk)).toBe(0);
    expect(businessMsBetween(kst('2024-03-11 11:00'), kst('2024-03-11 11:00'), desk)).toBe(0);
  });

  it('steps per day and block, not per minute, over a 60-day span', () => {
    const fresh = buildBusinessSchedule({ blocks: [...DESK_BLOCKS] }); // nothing cached yet
    const formatToParts = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    // 2024-03-01 → 04-30 (60 days): 42 weekdays less 삼일절 (Fri 03-01) and the 04-10 election = 40 × 8 h.
    expect(businessMsBetween(kst('2024-03-01 00:00'), kst('2024-04-30 00:00'), fresh)).toBe(320 * HOUR);
    // A per-minute walk would call Intl ~86,400 times; per block it is a few per day.
    expect(formatToParts.mock.calls.length).toBeLessThan(60 * 20);
  });

  it('inverts addBusinessMs (random starts and budgets)', () => {
    let seed = 20_240_308;
    const rand = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
    const base = kst('2024-01-01 00:00').getTime();
    for (let i = 0; i < 200; i += 1) {
      const start = new Date(base + Math.floor(rand() * 365 * 24) * HOUR + Math.floor(rand() * 60) * MIN);
      const budget = Math.floor(rand() * 120) * HOUR / 4 + 1;
      const due = addBusinessMs(start, budget, desk);
      expect(businessMsBetween(start, due, desk)).toBe(budget);
      expect(isBusinessTime(new Date(due.getTime() - 1), desk)).toBe(true);
    }
  });
});

describe('isBusinessTime', () => {
  it('is true inside a block (start included, end excluded)', () => {
    expect(isBusinessTime(kst('2024-03-11 09:00'), desk)).toBe(true);
    expect(isBusinessTime(new Date(kst('2024-03-11 12:00').getTime() - 1), desk)).toBe(true);
    expect(isBusinessTime(kst('2024-03-11 12:00'), desk)).toBe(false); // lunch
    expect(isBusinessTime(kst('2024-03-11 18:00'), desk)).toBe(false);
    expect(isBusinessTime(kst('2024-03-09 10:00'), desk)).toBe(false); // Saturday
    expect(isBusinessTime(kst('2025-10-08 10:00'), desk)).toBe(false); // 대체공휴일(추석), a Wednesday
  });
});

describe('time zones with DST (America/New_York)', () => {
  const newYork = buildBusinessSchedule({
    timeZone: 'America/New_York',
    koreanPublicHolidays: false,
    blocks: [{ days: [...WEEKDAYS], start: '09:00', end: '17:00' }],
  });

  it('counts real hours across the spring-forward weekend', () => {
    // Fri 2024-03-08 16:00 EST (21:00Z) + 2 h: 1 h Friday, then Mon 03-11 09:00 EDT (13:00Z) + 1 h.
    // A fixed UTC−5 offset would answer 15:00Z.
    const friday = new Date('2024-03-08T21:00:00Z');
    expect(addBusinessMs(friday, 2 * HOUR, newYork)).toEqual(new Date('2024-03-11T14:00:00Z'));
    expect(businessMsBetween(friday, new Date('2024-03-11T14:00:00Z'), newYork)).toBe(2 * HOUR);
    expect(isBusinessTime(new Date('2024-03-11T13:30:00Z'), newYork)).toBe(true); // 09:30 EDT
    expect(isBusinessTime(new Date('2024-03-08T13:30:00Z'), newYork)).toBe(false); // 08:30 EST
  });

  it('makes a whole-day block 23 h and 25 h long on the change days', () => {
    const allDay = buildBusinessSchedule({
      timeZone: 'America/New_York',
      koreanPublicHolidays: false,
      blocks: [{ days: ['sun'], start: '00:00', end: '24:00' }],
    });
    // Sun 2024-03-10 00:00 EST = 05:00Z … Mon 00:00 EDT = 04:00Z.
    expect(businessMsBetween(new Date('2024-03-10T00:00:00Z'), new Date('2024-03-12T00:00:00Z'), allDay)).toBe(23 * HOUR);
    // Sun 2024-11-03 00:00 EDT = 04:00Z … Mon 00:00 EST = 05:00Z.
    expect(businessMsBetween(new Date('2024-11-02T12:00:00Z'), new Date('2024-11-05T00:00:00Z'), allDay)).toBe(25 * HOUR);
    expect(addBusinessMs(new Date('2024-03-09T12:00:00Z'), 23 * HOUR, allDay)).toEqual(new Date('2024-03-11T04:00:00Z'));
  });

  it('places block edges right after the jump, and maps a skipped time past the jump', () => {
    const sunday = (start: string, end: string) =>
      buildBusinessSchedule({ timeZone: 'America/New_York', koreanPublicHolidays: false, blocks: [{ days: ['sun'], start, end }] });
    const day = [new Date('2024-03-10T00:00:00Z'), new Date('2024-03-11T00:00:00Z')] as const;
    // 01:00 EST (06:00Z) → 04:00 EDT (08:00Z): the clock skips 02:00–03:00, so 2 h of work.
    expect(businessMsBetween(...day, sunday('01:00', '04:00'))).toBe(2 * HOUR);
    expect(isBusinessTime(new Date('2024-03-10T07:30:00Z'), sunday('03:00', '05:00'))).toBe(true); // 03:30 EDT
    expect(isBusinessTime(new Date('2024-03-10T06:30:00Z'), sunday('03:00', '05:00'))).toBe(false); // 01:30 EST
    // 02:30 does not exist that night: it counts as 03:30 EDT (07:30Z), leaving 30 min until 04:00.
    expect(businessMsBetween(...day, sunday('02:30', '04:00'))).toBe(30 * MIN);
  });
});

describe('twentyFourSeven', () => {
  const always: BusinessSchedule = buildBusinessSchedule({ twentyFourSeven: true });

  it('counts every instant, holidays included', () => {
    expect(businessMsBetween(kst('2025-10-05 00:00'), kst('2025-10-06 12:00'), always)).toBe(36 * HOUR);
    expect(addBusinessMs(kst('2025-10-05 23:00'), 3 * HOUR, always)).toEqual(kst('2025-10-06 02:00'));
    expect(isBusinessTime(kst('2025-10-06 03:00'), always)).toBe(true);
  });
});

describe('isTimeZone', () => {
  it('takes IANA names and refuses abbreviations, typos and offsets', () => {
    for (const zone of ['Asia/Seoul', 'asia/seoul', 'America/Los_Angeles', 'Australia/Lord_Howe', 'UTC']) expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['KST', 'Asia/Seol', '+09:00', '서울', '']) expect(isTimeZone(zone), zone).toBe(false);
  });

  it('refuses abbreviations Intl takes but PostgreSQL reads as other zones or not at all (IST: India to one, Israel to the other)', () => {
    for (const zone of ['IST', 'NST', 'BST', 'AST', 'ART', 'PST', 'CST', 'AET', 'CTT', 'PLT', 'CET', 'EET', 'WET', 'MET']) expect(isTimeZone(zone), zone).toBe(false);
    // IANA's own names without a slash, which PostgreSQL reads as Intl does, still are zones.
    for (const zone of ['Singapore', 'Japan', 'ROK', 'GMT', 'EST5EDT', 'UTC', 'Zulu', 'NZ']) expect(isTimeZone(zone), zone).toBe(true);
  });

  it('names a zone canonically, as it is stored', () => {
    expect(canonicalTimeZone('asia/seoul')).toBe('Asia/Seoul');
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
    expect(canonicalTimeZone('Etc/GMT-9')).toBe('Etc/GMT-9');
    expect(canonicalTimeZone('Singapore')).toBe('Asia/Singapore');
    expect(canonicalTimeZone('IST')).toBeNull();
  });

  it('refuses offsets even where Intl takes them (newer runtimes): PostgreSQL reads "+09:00" as UTC−9', () => {
    // A runtime that takes any zone, offsets included, and names it as given.
    const takesAnything = class {
      constructor(_locale: string, private readonly options: { timeZone: string }) {}
      resolvedOptions() {
        return { timeZone: this.options.timeZone };
      }
    };
    vi.stubGlobal('Intl', Object.create(Intl, { DateTimeFormat: { value: takesAnything } }));
    try {
      expect(isTimeZone('Asia/Seoul')).toBe(true);
      expect(isTimeZone('+09:00')).toBe(false);
      expect(isTimeZone('-0330')).toBe(false);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('businessScheduleSchema / buildBusinessSchedule', () => {
  it('fills defaults: Asia/Seoul, Korean public holidays', () => {
    const s = businessScheduleSchema.parse({});
    expect(s).toEqual({ timeZone: 'Asia/Seoul', twentyFourSeven: false, blocks: [], koreanPublicHolidays: true, extraHolidays: [], workedHolidays: [] });
    expect(buildBusinessSchedule({}).holidays.has('2025-10-06')).toBe(true);
  });

  it('rejects what cannot be a schedule', () => {
    const bad = (settings: unknown) => businessScheduleSchema.safeParse(settings).success;
    expect(bad({ timeZone: 'Asia/Busan' })).toBe(false);
    expect(bad({ blocks: [{ days: ['mon'], start: '18:00', end: '09:00' }] })).toBe(false);
    expect(bad({ blocks: [{ days: ['mon'], start: '09:00', end: '24:30' }] })).toBe(false);
    expect(bad({ blocks: [{ days: ['monday'], start: '09:00', end: '18:00' }] })).toBe(false);
    expect(bad({ blocks: [{ days: [], start: '09:00', end: '18:00' }] })).toBe(false);
    expect(bad({ extraHolidays: [{ date: '2025-02-29' }] })).toBe(false);
    expect(bad({ blocks: [{ days: ['sat'], start: '00:00', end: '24:00' }] })).toBe(true);
    expect(() => buildBusinessSchedule({ timeZone: 'Nowhere/Town' })).toThrow();
  });

  it('merges overlapping blocks and applies extra and worked holidays', () => {
    const s = buildBusinessSchedule({
      blocks: [
        { days: ['mon'], start: '09:00', end: '12:00' },
        { days: ['mon'], start: '11:00', end: '14:00' },
      ],
      extraHolidays: [{ date: '2024-03-11', nameKo: '워크숍' }],
      workedHolidays: ['2024-04-10'],
    });
    expect(s.weekly[1]).toEqual([[540, 840]]); // Monday 09:00–14:00
    expect(s.holidays.has('2024-03-11')).toBe(true); // the workshop
    // The 2024-04-10 election is worked; other public holidays stay off.
    expect(s.holidays.has('2024-04-10')).toBe(false);
    expect(s.holidays.has('2024-05-06')).toBe(true);
    expect(businessMsBetween(kst('2024-03-18 00:00'), kst('2024-03-19 00:00'), s)).toBe(5 * HOUR);
    expect(businessMsBetween(kst('2024-03-11 00:00'), kst('2024-03-12 00:00'), s)).toBe(0);
  });
});
