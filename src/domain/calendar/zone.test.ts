import { describe, expect, it } from 'vitest';
import { epochOfWallClock, wallClockText, zoneOffsetMs } from './zone.js';

describe('zoneOffsetMs (cached per hour)', () => {
  /** The offset as Intl gives it for this very instant. */
  const intlOffset = (epochMs: number, timeZone: string) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    const v: Record<string, number> = {};
    for (const p of f.formatToParts(epochMs)) if (p.type !== 'literal') v[p.type] = Number(p.value);
    return Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second) - Math.floor(epochMs / 1000) * 1000;
  };

  it('equals Intl minute by minute across DST changes, half-hour and 45-minute zones', () => {
    const cases: [string, string][] = [
      ['America/New_York', '2026-03-08T05:00:00Z'], // spring forward at 07:00 UTC
      ['America/New_York', '2026-11-01T04:00:00Z'], // fall back at 06:00 UTC
      ['Australia/Lord_Howe', '2026-04-04T13:00:00Z'], // a 30-minute DST change at 15:00 UTC
      ['America/St_Johns', '2026-03-08T03:00:00Z'], // -3:30 → -2:30 at 05:30 UTC: mid-hour
      ['Asia/Kathmandu', '1985-12-31T16:00:00Z'], // +5:30 → +5:45 at 18:30 UTC: mid-hour
      ['Asia/Seoul', '1988-05-08T00:00:00Z'], // Seoul's last DST (1988)
    ];
    for (const [zone, from] of cases) {
      const start = Date.parse(from);
      for (let m = 0; m < 6 * 60; m += 1) {
        const t = start + m * 60_000 + 17_123; // off the minute, with milliseconds
        expect(zoneOffsetMs(t, zone), `${zone} ${new Date(t).toISOString()}`).toBe(intlOffset(t, zone));
      }
    }
  });
});

describe('epochOfWallClock', () => {
  const at = (wall: string, zone: string) => new Date(epochOfWallClock(Date.parse(`${wall}Z`), zone)).toISOString();

  it('reads a wall-clock time in the zone, with daylight saving where the zone has it', () => {
    expect(at('2026-07-01T10:00:00.000', 'Asia/Seoul')).toBe('2026-07-01T01:00:00.000Z');
    expect(at('2026-07-01T10:00:00.000', 'America/New_York')).toBe('2026-07-01T14:00:00.000Z'); // EDT
    expect(at('2026-12-01T10:00:00.000', 'America/New_York')).toBe('2026-12-01T15:00:00.000Z'); // EST
    expect(at('2026-07-01T10:00:00.000', 'Asia/Kathmandu')).toBe('2026-07-01T04:15:00.000Z');
    expect(at('2026-07-01T10:00:00.250', 'UTC')).toBe('2026-07-01T10:00:00.250Z');
  });

  it('moves a skipped time past the jump and takes the first of a repeated one', () => {
    expect(at('2026-03-08T02:30:00.000', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // = 03:30 EDT
    expect(at('2026-11-01T01:30:00.000', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT, not EST
  });

  // Expected instants from Python's zoneinfo (fold=0: the first of a repeated time; a skipped time
  // read with the offset before the jump). East of UTC, the offset at the wall-clock time read as
  // UTC is already the later one, so these once came out an hour late.
  const repeated: [zone: string, wall: string, first: string][] = [
    ['Europe/Berlin', '2026-10-25T02:30', '2026-10-25T00:30Z'], // 02:30 CEST, not CET
    ['Europe/Berlin', '2026-10-25T02:00', '2026-10-25T00:00Z'], // the repeated hour's first minute
    ['Europe/London', '2026-10-25T01:30', '2026-10-25T00:30Z'], // BST, not GMT
    ['Pacific/Auckland', '2026-04-05T02:30', '2026-04-04T13:30Z'], // NZDT +13
    ['Australia/Sydney', '2026-04-05T02:30', '2026-04-04T15:30Z'], // AEDT +11
    ['Australia/Lord_Howe', '2026-04-05T01:45', '2026-04-04T14:45Z'], // +11, half an hour repeated
    ['America/Los_Angeles', '2026-11-01T01:30', '2026-11-01T08:30Z'], // PDT
    ['America/St_Johns', '2026-11-01T01:30', '2026-11-01T04:00Z'], // NDT −2:30
    ['America/Havana', '2026-11-01T00:00', '2026-11-01T04:00Z'], // midnight repeated: the day starts at the first
    ['America/Santiago', '2026-04-04T23:30', '2026-04-05T02:30Z'], // the last hour of the day repeated (−03, then −04)
  ];
  it.each(repeated)('takes the first occurrence of a repeated time: %s %s', (zone, wall, first) => {
    expect(at(`${wall}:00.000`, zone)).toBe(first.replace('Z', ':00.000Z'));
  });

  const skipped: [zone: string, wall: string, instant: string][] = [
    ['Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:30Z'], // = 03:30 CEST
    ['Europe/London', '2026-03-29T01:30', '2026-03-29T01:30Z'], // = 02:30 BST
    ['Pacific/Auckland', '2026-09-27T02:30', '2026-09-26T14:30Z'], // = 03:30 NZDT
    ['Australia/Sydney', '2026-10-04T02:30', '2026-10-03T16:30Z'], // = 03:30 AEDT
    ['Australia/Lord_Howe', '2026-10-04T02:15', '2026-10-03T15:45Z'], // = 02:45 (+11), a 30-minute jump
    ['America/Los_Angeles', '2026-03-08T02:30', '2026-03-08T10:30Z'], // = 03:30 PDT
    ['America/St_Johns', '2026-03-08T02:15', '2026-03-08T05:45Z'], // = 03:15 NDT
    ['America/Santiago', '2026-09-06T00:00', '2026-09-06T04:00Z'], // midnight skipped: the day starts at 01:00
  ];
  it.each(skipped)('moves a skipped time past the jump: %s %s', (zone, wall, instant) => {
    expect(at(`${wall}:00.000`, zone)).toBe(instant.replace('Z', ':00.000Z'));
  });

  it('reads ordinary times next to a change once, on the right side of it', () => {
    expect(at('2026-10-25T03:00:00.000', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z'); // CET, after the repeat
    expect(at('2026-10-25T01:59:00.000', 'Europe/Berlin')).toBe('2026-10-24T23:59:00.000Z'); // CEST, before it
    expect(at('2026-11-01T10:00:00.000', 'America/Los_Angeles')).toBe('2026-11-01T18:00:00.000Z'); // PST, the same day
  });
});

describe('wallClockText', () => {
  it('writes an instant as the zone\'s clock shows it, as Intl does, across DST changes and odd offsets', () => {
    const intl = (at: Date, timeZone: string) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
    const cases: [string, string][] = [
      ['Asia/Seoul', '2199-12-31T14:00:00Z'], // the last day Sori stores, in Seoul
      ['America/New_York', '2026-11-01T04:00:00Z'], // fall back: 01:xx twice
      ['Australia/Lord_Howe', '2026-04-04T13:00:00Z'],
      ['Asia/Kathmandu', '1985-12-31T16:00:00Z'],
      ['Africa/Monrovia', '1972-01-06T23:00:00Z'], // −0:44:30 → UTC: an offset with seconds
    ];
    for (const [zone, from] of cases) {
      for (let m = 0; m < 4 * 60; m += 7) {
        const at = new Date(Date.parse(from) + m * 60_000 + 23_456);
        expect(wallClockText(at, zone), `${zone} ${at.toISOString()}`).toBe(intl(at, zone));
      }
    }
  });

  it('leaves :00 seconds out when asked (the import preview), and an invalid date empty', () => {
    const at = new Date('2026-11-01T01:00:00Z');
    expect(wallClockText(at, 'Asia/Seoul')).toBe('2026-11-01 10:00:00');
    expect(wallClockText(at, 'Asia/Seoul', 'when-set')).toBe('2026-11-01 10:00');
    expect(wallClockText(new Date('2026-11-01T01:00:07.900Z'), 'Asia/Seoul', 'when-set')).toBe('2026-11-01 10:00:07');
    expect(wallClockText(new Date(Number.NaN), 'Asia/Seoul')).toBe('');
  });
});
