import { describe, expect, it } from 'vitest';
import { buildItem } from '../../test/helpers/factories.js';
import {
  CHANNELS, HANDLED_BY, ITEM_INPUT_FIELDS, ITEM_KINDS, ITEM_STATUSES, itemInputSchema, parseTimestamp, parseWellFormedItem, safeParseItemInput, SOURCE_VERSION_FIELD,
} from './item.js';

// Deterministic PRNG so a failure reproduces.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
}
const rand = rng(20_260_101);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** Every field the schema takes: the file fields and the API's record version. */
const ALL_FIELDS = ITEM_INPUT_FIELDS;

/** Every timestamp shape sources send, all valid. */
function timestamp(): unknown {
  const [y, mo, d, h, mi, s] = [int(2019, 2026), int(1, 12), int(1, 28), int(0, 23), int(0, 59), int(0, 59)];
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  const time = `${pad(h)}:${pad(mi)}:${pad(s)}`;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return pick([
    () => `${date}T${time}+09:00`,
    () => `${date}T${time}Z`,
    () => `${date}T${time}.${pad(int(0, 999), 3)}Z`,
    () => `${date}T${time}.${int(0, 9)}-05:30`,
    () => `${date}T${time}.${pad(int(0, 99))}+00:00`,
    () => `${date} ${time}`,
    () => `${date} ${pad(h)}:${pad(mi)}`,
    () => `${y}.${mo}.${d}`,
    () => date,
    () => ` ${date}T${time}+09:00 `,
    () => String(ms),
    () => ms,
    () => Math.floor(ms / 1000),
    () => new Date(ms),
  ])();
}

const KOREAN = ['배송이 너무 늦어요', '환불 부탁드립니다', '앱이 자꾸 튕겨요 ㅠㅠ', '상담원 연결이 안 돼요', '포장이 꼼꼼해서 만족합니다!', 'Login fails on iOS 18'];

/** A well-formed input as an adapter or a mapped file row produces it; optional fields vary. */
function wellFormed(): Record<string, unknown> {
  const item: Record<string, unknown> = {
    channel: pick(CHANNELS),
    source: pick(['channeltalk', 'zendesk', 'csv', ' survey-export ']),
    created_at: timestamp(),
    text: `${pick(KOREAN)} ${int(1, 1e6)}`,
  };
  const maybe = (field: string, value: () => unknown) => {
    const r = rand();
    if (r < 0.45) item[field] = value();
    else if (r < 0.6) item[field] = ''; // an empty CSV cell
    else if (r < 0.65) item[field] = null;
  };
  maybe('external_id', () => pick([`t-${int(1, 1e6)}`, int(1, 1e9), ` padded-${int(1, 99)} `]));
  if (rand() < 0.5) item.kind = pick(ITEM_KINDS); // blank kind is prepareItem's to default, not the schema's
  maybe('title', () => pick(KOREAN));
  maybe('language', () => pick(['ko', 'en', 'ja']));
  maybe('customer_id', () => pick([`M${int(1e7, 2e7)}`, int(1, 1e6)]));
  maybe('customer_segment', () => pick(['일반', 'VIP']));
  maybe('customer_plan', () => pick(['무료', '베이직', 'pro']));
  maybe('rating', () => pick([int(1, 5), String(int(1, 5)), ` ${int(1, 5)} `, `${int(1, 5)}.0`]));
  maybe('score', () => pick([int(0, 10), String(int(0, 10))]));
  maybe('order_ref', () => `SM2025-${int(1, 1e6)}`);
  maybe('product_ref', () => `P-${int(1, 999)}`);
  maybe('status', () => pick(ITEM_STATUSES));
  maybe('assignee', () => pick(['강다은', '이서준']));
  maybe('first_response_at', timestamp);
  maybe('resolved_at', timestamp);
  maybe('reopened_count', () => pick([int(0, 3), String(int(0, 3))]));
  maybe('handled_by', () => pick(HANDLED_BY));
  maybe('source_updated_at', timestamp);
  if (rand() < 0.3) item.metadata = { 문의유형: pick(['배송', '환불']), tags: ['a', 'b'], n: int(0, 9), at: new Date(0) };
  if (rand() < 0.1) item.customer_ref = 'c_AAAAAAAAAAAAAAAA'; // Sori's own export columns ride along
  return item;
}

const symbolKeyed = { a: 1, [Symbol('s')]: 2 };
class Tagged {
  a = 1;
}

/** Values that are unusual, wrong, or right only by a hair. */
const ODD_VALUES: (() => unknown)[] = [
  () => '', () => ' ', () => ' \t\n', () => '\u3000', () => null, () => undefined,
  () => ' 5 ', () => '5.0', () => '5.5', () => '0', () => '-0', () => '1e1', () => '0x3', () => 'abc', () => '+3', () => '٣',
  () => 0, () => -0, () => -1, () => 1, () => 5, () => 6, () => 10, () => 11, () => 10_000, () => 10_001, () => 2.5,
  () => NaN, () => Infinity, () => -Infinity, () => 1e20, () => 2 ** 53, () => true, () => 10n,
  () => new Date(Date.UTC(2024, 1, 29)), () => new Date(NaN), () => 1_714_000_000, () => 1_714_000_000_000, () => '1714000000',
  () => '2024-05-01T13:02:00+09:00', () => '2024-05-01T13:02:00Z', () => '2024-05-01T13:02:00.5Z', () => '2024-05-01T13:02:00.123456+09:00',
  () => '2024-05-01 13:02', () => '2024-02-31', () => '2024-02-31T10:00:00+09:00', () => '2024-02-30T24:00:00Z', () => '2024-13-01',
  () => '2024-05-01T25:00:00Z', () => '2024-05-01t13:02:00z', () => '2024-05-01T13:02:00+0900', () => '0099-01-01T00:00:00Z', () => 'yesterday',
  () => 'Wed, 01 May 2024 13:02:00 GMT',
  () => 'chat', () => 'CHAT', () => ' chat', () => 'email', () => 'inquiry', () => 'Inquiry', () => 'resolved', () => 'bot', () => 'robot',
  () => 'x'.repeat(10), () => 'x'.repeat(11), () => 'x'.repeat(100), () => 'x'.repeat(101), () => ` ${'x'.repeat(100)} `, () => 'x'.repeat(200),
  () => 'x'.repeat(201), () => 'y'.repeat(500), () => 'y'.repeat(501), () => 'z'.repeat(100_000), () => 'z'.repeat(100_001),
  () => [], () => [' '], () => ['a', 'b'], () => ({}), () => ({ a: 1, b: 'x' }), () => ({ nested: { d: new Date(0) } }), () => Object.create(null),
  () => JSON.parse('{"__proto__": {"x": 1}, "y": 2}'), () => ({ constructor: 'x' }), () => symbolKeyed, () => new Tagged(), () => new Map(),
  () => new String('chat'), () => Symbol('v'),
];

/** A well-formed input with one to three fields (or unknown keys) made odd. */
function mutated(): Record<string, unknown> {
  const item = wellFormed();
  for (let n = int(1, 3); n > 0; n--) {
    const r = rand();
    if (r < 0.08) delete item[pick(ALL_FIELDS)];
    else if (r < 0.14) item[pick(['extra', 'customer_ref', 'pii_kinds', 'id', '__proto__'])] = pick(ODD_VALUES)();
    else item[pick(ALL_FIELDS)] = pick(ODD_VALUES)();
  }
  return item;
}

/** A comparable picture of a parse result: key order, present-but-undefined keys and Date values included. */
function picture(value: unknown): unknown {
  // Not instanceof: a mutated input may have a Date as its prototype.
  if (Object.prototype.toString.call(value) === '[object Date]') return `Date(${(value as Date).getTime()})`;
  if (Array.isArray(value)) return value.map(picture);
  if (value !== null && typeof value === 'object') {
    const entries: unknown[] = Object.keys(value).map((k) => [k, picture((value as Record<string, unknown>)[k])]);
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype ? entries : [['<prototype>', proto === null ? 'null' : typeof proto.constructor === 'function' ? proto.constructor.name : 'object'], ...entries];
  }
  if (typeof value === 'bigint' || typeof value === 'symbol') return String(value);
  if (Object.is(value, -0)) return '-0';
  return value;
}

/** Asserts the fast path never disagrees with zod; returns whether it answered. */
function agrees(input: Record<string, unknown>): boolean {
  const zod = itemInputSchema.safeParse(input);
  const fast = parseWellFormedItem(input);
  const context = () => JSON.stringify(picture(input)).slice(0, 500);
  if (fast) {
    expect(zod.success, context()).toBe(true);
    expect(picture(fast), context()).toEqual(picture(zod.data));
  }
  const combined = safeParseItemInput(input);
  expect(combined.success, context()).toBe(zod.success);
  if (combined.success && zod.success) expect(picture(combined.data)).toEqual(picture(zod.data));
  if (!combined.success && !zod.success) expect(combined.error.issues).toEqual(zod.error.issues);
  return fast !== undefined;
}

describe('parseWellFormedItem (the fast path) against itemInputSchema.safeParse', () => {
  it('answers, identically, for almost every well-formed input', () => {
    let answered = 0;
    const count = 4_000;
    for (let i = 0; i < count; i++) if (agrees(wellFormed())) answered++;
    // Only values zod itself coerces (numeric ids, Date objects…) may take the slow path.
    expect(answered / count).toBeGreaterThan(0.98);
  });

  it('never disagrees on mutated inputs: same success, same output, same errors', () => {
    let answered = 0;
    let failed = 0;
    const count = 6_000;
    for (let i = 0; i < count; i++) {
      const input = mutated();
      if (agrees(input)) answered++;
      if (!itemInputSchema.safeParse(input).success) failed++;
    }
    // The mix must exercise all three outcomes: fast answers, zod-only successes, failures.
    expect(answered).toBeGreaterThan(count * 0.2);
    expect(failed).toBeGreaterThan(count * 0.2);
    expect(count - answered - failed).toBeGreaterThan(0);
  });

  it('agrees on each odd value in each field', () => {
    for (const field of ALL_FIELDS) {
      for (const odd of ODD_VALUES) agrees(buildItem({ [field]: odd() }) as Record<string, unknown>);
    }
  });

  it('copies metadata like zod (own keys only, a __proto__ key kept as data) and keeps absent keys absent', () => {
    const input = { ...buildItem(), metadata: JSON.parse('{"__proto__": {"x": 1}, "y": 2}') };
    const fast = parseWellFormedItem(input)!;
    expect(JSON.stringify(fast.metadata)).toBe('{"__proto__":{"x":1},"y":2}');
    expect(Object.hasOwn(fast.metadata!, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(fast.metadata)).toBe(Object.prototype);
    const slow = itemInputSchema.parse({ ...input, metadata: JSON.parse('{"y": 2, "__proto__": {"x": 1}}') });
    expect(Object.getPrototypeOf(slow.metadata)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(slow.metadata))).toEqual(JSON.parse('{"__proto__":{"x":1},"y":2}'));
    expect(fast.metadata).not.toBe(input.metadata);
    const minimal = parseWellFormedItem({ channel: 'chat', source: 'api', created_at: '2024-05-01', text: 'hi' })!;
    expect(Object.keys(minimal)).toEqual(['channel', 'source', 'kind', 'created_at', 'text']);
  });
});

describe('itemInputSchema', () => {
  it('reads source_updated_at as the other timestamps (offsets, wall-clock time, 1970–2199, blank is absent), from files as from the API', () => {
    const read = (v: unknown) => itemInputSchema.safeParse(buildItem({ source_updated_at: v } as never));
    expect(read('2026-12-01T10:05:00+09:00').data?.source_updated_at).toEqual(new Date('2026-12-01T01:05:00Z'));
    expect(read('2026-12-01 10:05').data?.source_updated_at).toEqual(new Date('2026-12-01T01:05:00Z'));
    expect(read(1_796_087_100).data?.source_updated_at).toEqual(new Date('2026-12-01T01:05:00Z'));
    for (const blank of ['', '  ', null]) expect(read(blank).data?.source_updated_at).toBeUndefined();
    for (const [bad, why] of [['어제 오후', /not a date\/time/], ['12/01/2026 10:05', /day or month first/], ['2200-01-01T00:00:00Z', /out of range/]] as const) {
      const r = read(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error!.issues[0]).toMatchObject({ path: ['source_updated_at'], message: expect.stringMatching(why) });
    }
    expect(ITEM_INPUT_FIELDS).toContain(SOURCE_VERSION_FIELD);
  });

  it('refuses a JSON object or array in a text field instead of storing "[object Object]"', () => {
    for (const field of ['text', 'title', 'external_id', 'customer_segment', 'order_ref'] as const) {
      for (const value of [{ nested: 'object text' }, ['a', 'b']]) {
        const r = itemInputSchema.safeParse(buildItem({ [field]: value } as never));
        expect(r.success, `${field} ${JSON.stringify(value)}`).toBe(false);
        expect(r.error!.issues[0].path).toEqual([field]);
        expect(r.error!.issues[0].message).toMatch(/^expected text, found a JSON (object|array) \/ 글자가 와야 할 자리에 JSON/);
      }
    }
    // Numbers and booleans are still written out as text.
    const ok = itemInputSchema.parse(buildItem({ text: 12345, title: true, external_id: 9007199254740991 } as never));
    expect([ok.text, ok.title, ok.external_id]).toEqual(['12345', 'true', '9007199254740991']);
  });

  it('refuses a number past 2^53 in a text field: JSON has already rounded it, and two ids would become one item', () => {
    // 9007199254740993 parses as …992: stored, review A and review B would be one item.
    const [a, b] = [JSON.parse('{"id": 9007199254740993}').id, JSON.parse('{"id": 9007199254740992}').id];
    expect(a).toBe(b);
    for (const field of ['external_id', 'customer_id', 'order_ref', 'product_ref', 'text'] as const) {
      for (const value of [a, 12345678901234567891, 1e21, -(2 ** 60)]) {
        const r = safeParseItemInput(buildItem({ [field]: value } as never));
        expect(r.success, `${field} ${value}`).toBe(false);
        const issue = (r as { error: { issues: { path: unknown[]; message: string }[] } }).error.issues[0]!;
        expect(issue.path).toEqual([field]);
        expect(issue.message).toMatch(/too large to keep every digit .* send it as a string .* 문자열/);
      }
    }
    // Safe integers and decimals are still written out.
    const ok = itemInputSchema.parse(buildItem({ external_id: -9007199254740991, order_ref: 12.5 } as never));
    expect([ok.external_id, ok.order_ref]).toEqual(['-9007199254740991', '12.5']);
  });

  it('treats blank optional text (after trimming) as absent, not as an empty string', () => {
    for (const blank of ['', ' ', '  \t ', '\u3000', null]) {
      const input = buildItem({ external_id: blank, title: blank, customer_id: blank, assignee: blank, order_ref: blank, language: blank } as never);
      for (const parsed of [itemInputSchema.parse(input), parseWellFormedItem(input as Record<string, unknown>)!]) {
        expect(parsed.external_id).toBeUndefined();
        expect(parsed.title).toBeUndefined();
        expect(parsed.customer_id).toBeUndefined();
        expect(parsed.assignee).toBeUndefined();
        expect(parsed.order_ref).toBeUndefined();
        expect(parsed.language).toBeUndefined();
      }
    }
    expect(itemInputSchema.parse(buildItem({ external_id: [' '] } as never)).external_id).toBeUndefined();
    expect(itemInputSchema.parse(buildItem({ external_id: '  t-1 ' })).external_id).toBe('t-1');
  });

  it('treats blank optional numbers, timestamps and enums as absent too (a blank score is not 0)', () => {
    const parsed = itemInputSchema.parse(
      buildItem({ rating: ' ', score: ' ', reopened_count: '\t', resolved_at: ' ', first_response_at: ' ', status: ' ', handled_by: ' ' } as never),
    );
    expect(parsed).toMatchObject({ rating: undefined, score: undefined, reopened_count: undefined, resolved_at: undefined, status: undefined, handled_by: undefined });
    expect(itemInputSchema.parse(buildItem({ rating: ' 5 ', score: '0' } as never))).toMatchObject({ rating: 5, score: 0 });
  });

  it('still rejects what it rejected', () => {
    const issues = (overrides: Record<string, unknown>) => itemInputSchema.safeParse(buildItem(overrides)).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ rating: 6 })).toEqual(['rating']);
    expect(issues({ score: 'abc' })).toEqual(['score']);
    expect(issues({ created_at: '2024-02-31' })).toEqual(['created_at']);
    expect(issues({ text: '   ' })).toEqual(['text']);
    expect(issues({ channel: 'fax', status: 'done' })).toEqual(['channel', 'status']);
    expect(issues({ external_id: 'x'.repeat(201) })).toEqual(['external_id']);
    expect(issues({ metadata: ['a'] })).toEqual(['metadata']);
    // Beyond Date's range: an error, not an Invalid Date that fails later.
    expect(issues({ created_at: 1e20 })).toEqual(['created_at']);
  });
});

describe('parseTimestamp', () => {
  it('reads ISO 8601 with an offset exactly as Date does, except impossible calendar days, which Date rolls over', () => {
    const r = rng(7);
    const two = (lo: number, hi: number) => pad(lo + Math.floor(r() * (hi - lo + 1)));
    const samples = ['2024-02-29T12:00:00Z', '2023-02-29T12:00:00Z', '2100-02-29T00:00:00Z', '2000-02-29T00:00:00+14:00', '2024-12-31T23:59:59.999-23:59',
      '2024-04-31T10:00:00+09:00', '2024-05-01T24:00:00Z', '2024-05-01T23:60:00Z', '2024-05-01T10:00:00+24:00', '2024-05-01T10:00:00.Z', '2024-05-01T10:00:00.1234Z',
      '1000-01-01T00:00:00Z', '0999-12-31T23:59:59Z', '2024-05-01T10:00:00+9:00', '2024-05-01T10:00:00Z ', '２０２４-05-01T10:00:00Z'];
    for (let i = 0; i < 5_000; i++) {
      const frac = pick(['', `.${Math.floor(r() * 10)}`, `.${two(0, 99)}`, `.${String(Math.floor(r() * 1000)).padStart(3, '0')}`]);
      const zone = pick(['Z', `+${two(0, 14)}:${two(0, 59)}`, `-${two(0, 12)}:${pick(['00', '30', '45'])}`]);
      samples.push(`${1990 + Math.floor(r() * 60)}-${two(1, 12)}-${two(1, 31)}T${two(0, 23)}:${two(0, 59)}:${two(0, 59)}${frac}${zone}`);
    }
    const impossible = (s: string) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s.trim());
      return !!m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDate() !== +m[3];
    };
    for (const s of samples) {
      const expected = new Date(s.trim());
      expect(parseTimestamp(s)?.getTime() ?? NaN, s).toBe(/\d{4}/.test(s) && !impossible(s) ? expected.getTime() : NaN);
    }
  });

  it('rejects impossible calendar dates in every form, with or without an offset', () => {
    for (const s of ['2024-02-31T10:00:00+09:00', '2024-02-30 10:00', '2023-02-29T00:00:00Z', '2024-04-31T10:00:00+09:00', '2024-02-31 10:00:00 +09:00',
      '2024/02/31 10:00 GMT', 'Sat, 31 Feb 2024 10:00:00 GMT', 'Feb 31, 2024 10:00 UTC', '2024-02-31 10:00 KST', '20240231', '20240230 100000', '20241301']) {
      expect(parseTimestamp(s), s).toBeNull();
    }
    expect(parseTimestamp('2024-02-29T10:00:00+09:00')?.toISOString()).toBe('2024-02-29T01:00:00.000Z');
    expect(parseTimestamp('Thu, 29 Feb 2024 10:00:00 GMT')?.toISOString()).toBe('2024-02-29T10:00:00.000Z');
  });

  it('reads the compact yyyymmdd[ hhmmss] forms of ERP exports as wall-clock time in the zone', () => {
    expect(parseTimestamp('20241101')?.toISOString()).toBe('2024-10-31T15:00:00.000Z');
    expect(parseTimestamp('20241101 153000')?.toISOString()).toBe('2024-11-01T06:30:00.000Z');
    expect(parseTimestamp('20241101153000')?.toISOString()).toBe('2024-11-01T06:30:00.000Z');
    expect(parseTimestamp('20241101 1530')?.toISOString()).toBe('2024-11-01T06:30:00.000Z');
    expect(parseTimestamp(20241101)?.toISOString()).toBe('2024-10-31T15:00:00.000Z');
    expect(parseTimestamp('20241101 153000', 'America/New_York')?.toISOString()).toBe('2024-11-01T19:30:00.000Z');
    // The forms already taken keep their meaning: epoch seconds/ms and serial days.
    expect(parseTimestamp('1714000000')?.toISOString()).toBe(new Date(1_714_000_000_000).toISOString());
    expect(parseTimestamp('202411011530')?.getTime()).toBe(202_411_011_530);
    expect(parseTimestamp(45597)?.toISOString()).toBe('2024-10-31T15:00:00.000Z');
    expect(parseTimestamp('20241101 25')).toBeNull();
  });

  it('keeps local wall-clock time in Seoul and rejects impossible calendar dates', () => {
    expect(parseTimestamp('2024-05-01 13:02')?.toISOString()).toBe('2024-05-01T04:02:00.000Z');
    expect(parseTimestamp('2024-02-31')).toBeNull();
    expect(parseTimestamp('2024-05-01T13:02:00+09:00')?.toISOString()).toBe('2024-05-01T04:02:00.000Z');
  });

  it('reads Seoul wall-clock times of the 1987–88 summers in daylight saving time (UTC+10), like Intl and PostgreSQL', () => {
    const cases: [string, string][] = [
      ['1988-07-01 23:30', '1988-07-01T13:30:00.000Z'], // KDT
      ['1988년 7월 2일', '1988-07-01T14:00:00.000Z'], // local midnight under KDT
      ['1987-08-15 09:00', '1987-08-14T23:00:00.000Z'],
      ['1987-05-10 02:30', '1987-05-09T17:30:00.000Z'], // skipped by the jump: 03:30 KDT
      ['1988-10-09 02:30', '1988-10-08T16:30:00.000Z'], // repeated: the first, still KDT
      ['1988-10-09 03:00', '1988-10-08T18:00:00.000Z'], // KST again
      ['1987-05-09 23:00', '1987-05-09T14:00:00.000Z'], // the day before: KST
      ['1989-01-01 00:00', '1988-12-31T15:00:00.000Z'],
    ];
    for (const [s, iso] of cases) {
      expect(parseTimestamp(s, 'Asia/Seoul')?.toISOString(), s).toBe(iso);
      // The same zone spelled otherwise goes through Intl; both spellings name one instant.
      expect(parseTimestamp(s, 'asia/seoul')?.toISOString(), `${s} asia/seoul`).toBe(iso);
    }
    expect(parseTimestamp(32_325.5, 'Asia/Seoul')?.toISOString()).toBe('1988-07-01T02:00:00.000Z'); // a serial day: 1988-07-01 12:00 KDT
  });

  it('reads the wall-clock forms Korean exports and people write, in the given zone', () => {
    const cases: [string, string][] = [
      ['2024. 11. 3.', '2024-11-02T15:00:00.000Z'],
      ['2024년 11월 3일', '2024-11-02T15:00:00.000Z'],
      ['2024년 11월 3일 오후 3시 12분', '2024-11-03T06:12:00.000Z'],
      ['2024년 11월 3일 (일) 오후 3:12', '2024-11-03T06:12:00.000Z'],
      ['2024.11.03 오후 3:12', '2024-11-03T06:12:00.000Z'],
      ['2024.11.03 오전 12:05', '2024-11-02T15:05:00.000Z'],
      ['2024/11/03 3:12 PM', '2024-11-03T06:12:00.000Z'],
      ['2024-11-03 12:30 pm', '2024-11-03T03:30:00.000Z'],
      ['2024-11-03 15:12:00 KST', '2024-11-03T06:12:00.000Z'],
    ];
    for (const [s, iso] of cases) expect(parseTimestamp(s)?.toISOString(), s).toBe(iso);
    // The workspace's zone, daylight saving included.
    expect(parseTimestamp('2024년 7월 4일 오전 9시', 'America/New_York')?.toISOString()).toBe('2024-07-04T13:00:00.000Z');
    // KST is Korea's clock whatever the zone asked for.
    expect(parseTimestamp('2024-11-03 15:12 KST', 'America/New_York')?.toISOString()).toBe('2024-11-03T06:12:00.000Z');
  });

  it('reads a spreadsheet serial day as local wall-clock time, and refuses what it cannot place', () => {
    expect(parseTimestamp(45599.5)?.toISOString()).toBe('2024-11-03T03:00:00.000Z'); // 2024-11-03 12:00 in Seoul
    expect(parseTimestamp('45599.5')?.toISOString()).toBe('2024-11-03T03:00:00.000Z');
    expect(parseTimestamp(45599, 'UTC')?.toISOString()).toBe('2024-11-03T00:00:00.000Z');
    expect(parseTimestamp(1_700_000_000)?.toISOString()).toBe('2023-11-14T22:13:20.000Z'); // epoch seconds
    expect(parseTimestamp(1_700_000_000_000)?.toISOString()).toBe('2023-11-14T22:13:20.000Z'); // epoch ms
    // Not a date: too small to be a serial day or epoch time, or ambiguous, or a server-zone guess.
    for (const v of [0, 12, 20_000, 5_000_000, '11/03/2024', '03.11.2024', 'Order 2024-11', '2024-11-03 13:00 PM', '0001-01-01', '2024년 13월 1일']) {
      expect(parseTimestamp(v as string | number), String(v)).toBeNull();
    }
  });

  it('says why a day-first or month-first date is refused', () => {
    const r = itemInputSchema.safeParse({ channel: 'chat', source: 't', created_at: '11/05/2024', text: '문의' });
    expect(r.error!.issues[0].message).toMatch(/^day or month first\? write the year first/);
  });

  it('refuses instants outside 1970–2199 in items, where deadlines computed from them would overflow', () => {
    for (const created_at of ['9999-12-31T23:59:59Z', '+200000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '999999']) {
      const r = itemInputSchema.safeParse({ channel: 'chat', source: 't', created_at, text: '문의' });
      expect(r.success, created_at).toBe(false);
      expect(r.error!.issues[0].path).toEqual(['created_at']);
    }
    expect(itemInputSchema.safeParse({ channel: 'chat', source: 't', created_at: '2199-12-31T00:00:00Z', text: '문의', metadata: null }).success).toBe(true);
  });
});

