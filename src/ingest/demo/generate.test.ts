import { describe, expect, it } from 'vitest';
import { CHANNELS, itemInputSchema, type ItemInput } from '../../domain/item.js';
import { createRng, generateDemoDataset, generateItems } from './generate.js';
import { compile, withJosa } from './template.js';

const END = new Date('2026-03-31T18:00:00+09:00');
const dataset = generateDemoDataset({ seed: 7, endDate: END });
const items = dataset.items;

type Truth = { type: string; topic: string; reason?: string; incident?: string; reask_of?: string };
const truthOf = (item: ItemInput) => (item.metadata as { demo_truth: Truth }).demo_truth;
const dayOf = (item: ItemInput) => (item.created_at as string).slice(0, 10);
const ms = (iso: unknown) => Date.parse(iso as string);

function countByDay(list: readonly ItemInput[], keep: (item: ItemInput) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of list) if (keep(item)) out.set(dayOf(item), (out.get(dayOf(item)) ?? 0) + 1);
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('createRng', () => {
  it('repeats a sequence for a seed and spreads values over [0, 1)', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(createRng(43)()).not.toBe(createRng(42)());
  });
});

describe('templates', () => {
  it('attaches the particle that fits the last sound', () => {
    expect(withJosa('사과', '을')).toBe('사과를');
    expect(withJosa('수박', '을')).toBe('수박을');
    expect(withJosa('서울', '으로')).toBe('서울로');
    expect(withJosa('부산', '으로')).toBe('부산으로');
    expect(withJosa('L', '이')).toBe('L이');
    expect(withJosa('240', '으로')).toBe('240으로');
    expect(withJosa('5.12.2', '이에요')).toBe('5.12.2예요');
  });

  it('rejects unknown slots and unbalanced brackets at compile time', () => {
    expect(() => compile('{nope}', {})).toThrow(/unknown slot/);
    expect(() => compile('[a|b', {})).toThrow(/unclosed/);
    expect(() => compile('a]', {})).toThrow(/stray/);
  });
});

describe('generateDemoDataset', () => {
  it('is deterministic for a seed and end date, and differs for another seed', () => {
    const again = generateDemoDataset({ seed: 7, endDate: END });
    expect(again).toEqual(dataset);
    const other = generateDemoDataset({ seed: 8, endDate: END });
    expect(other.items.slice(0, 50).map((i) => i.text)).not.toEqual(items.slice(0, 50).map((i) => i.text));
  });

  it('produces items that all pass the item input schema', () => {
    const failures = items.map((item) => itemInputSchema.safeParse(item)).filter((r) => !r.success);
    expect(failures).toEqual([]);
  });

  it('has about itemsPerDay × days items with unique, stable external ids', () => {
    expect(items).toHaveLength(90 * 120);
    // A later "now" moves the data in time but keeps each id's source and content, so loading
    // the demo again updates the same (source, external_id) rows instead of adding new ones.
    // A conversation's rating is the satisfaction answer given after it was solved, which moves
    // with the calendar like its status; reviews' stars and survey scores are content.
    const identity = (list: readonly ItemInput[]) =>
      new Map(list.map((i) => [i.external_id, `${i.source}|${i.channel}|${i.customer_id}|${i.kind === 'review' || i.kind === 'survey_response' ? i.rating : ''}|${i.score}|${truthOf(i).topic}`]));
    const later = generateDemoDataset({ seed: 7, endDate: new Date('2026-04-02T09:30:00+09:00') });
    expect(identity(later.items)).toEqual(identity(items));
    const sameText = later.items.filter((item, k) => item.text === items.find((i) => i.external_id === item.external_id)?.text).length;
    expect(sameText / items.length).toBeGreaterThan(0.8); // dates inside texts may differ
    const ids = items.map((i) => i.external_id);
    expect(new Set(ids).size).toBe(items.length);
    expect(ids[0]).toBe('demo-000001');
  });

  it('covers every support channel, with chat the largest', () => {
    const byChannel = new Map<string, number>();
    for (const item of items) byChannel.set(item.channel, (byChannel.get(item.channel) ?? 0) + 1);
    for (const channel of ['chat', 'board', 'email', 'phone', 'app_store', 'review', 'survey', 'chatbot']) {
      expect(byChannel.get(channel), channel).toBeGreaterThan(100);
    }
    const largest = [...byChannel].sort((a, b) => b[1] - a[1])[0][0];
    expect(largest).toBe('chat');
    expect([...byChannel.keys()].every((c) => (CHANNELS as readonly string[]).includes(c))).toBe(true);
  });

  it('keeps every timestamp inside the window and before the end', () => {
    const first = Date.parse('2026-01-01T00:00:00+09:00');
    for (const item of items) {
      const t = ms(item.created_at);
      expect(t).toBeGreaterThanOrEqual(first);
      expect(t).toBeLessThanOrEqual(END.getTime());
      expect(item.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
      if (item.first_response_at !== undefined) expect(ms(item.first_response_at)).toBeGreaterThanOrEqual(t);
      if (item.resolved_at !== undefined) expect(ms(item.resolved_at)).toBeGreaterThanOrEqual(ms(item.first_response_at));
      if (item.resolved_at !== undefined) expect(ms(item.resolved_at)).toBeLessThanOrEqual(END.getTime());
    }
  });

  it('follows office hours and the week: busy 10–12 and 14–17 KST, quiet at night and at weekends', () => {
    const byHour = new Array<number>(24).fill(0);
    let weekday = 0;
    let weekend = 0;
    for (const item of items) {
      const kst = new Date(ms(item.created_at) + 9 * 3_600_000);
      byHour[kst.getUTCHours()]++;
      if (kst.getUTCDay() === 0 || kst.getUTCDay() === 6) weekend++;
      else weekday++;
    }
    const peak = (byHour[10] + byHour[11] + byHour[14] + byHour[15] + byHour[16]) / 5;
    const night = (byHour[2] + byHour[3] + byHour[4]) / 3;
    expect(peak).toBeGreaterThan(night * 10);
    expect(byHour[12]).toBeLessThan(byHour[11]); // lunch dip
    expect(weekday / 5).toBeGreaterThan((weekend / 2) * 1.4);
  });

  it('grows slowly over the window', () => {
    const perDay = countByDay(items, () => true);
    const days = [...perDay.keys()].sort();
    const sum = (from: number, to: number) => days.slice(from, to).reduce((s, d) => s + perDay.get(d)!, 0);
    // First four weeks vs. the last four full weeks before the last (partial) day (the login
    // outage and the coupon policy add ~2.5% to the latter: growth alone must carry the rest).
    expect(sum(61, 89) / sum(0, 28)).toBeGreaterThan(1.1);
  });

  it('embeds the login outage: its days carry several times the usual login volume', () => {
    const login = dataset.incidents.find((i) => i.name.includes('로그인'))!;
    expect(login.from < login.to).toBe(true);
    const loginRelated = countByDay(items, (i) => /로그인|로긴|log ?in|sign in/i.test(i.text as string));
    const burstDays = [login.from.slice(0, 10), login.to.slice(0, 10)];
    const normal = median([...loginRelated].filter(([d]) => !burstDays.includes(d)).map(([, n]) => n));
    expect(loginRelated.get(burstDays[0])!).toBeGreaterThan(normal * 5);
    expect(loginRelated.get(burstDays[1])!).toBeGreaterThan(normal * 2.5);
    // Several different customers, in different words.
    const reports = items.filter((i) => truthOf(i).incident === 'login_outage');
    expect(new Set(reports.map((i) => i.customer_id).filter(Boolean)).size).toBeGreaterThan(30);
    expect(new Set(reports.map((i) => i.text)).size).toBeGreaterThan(reports.length * 0.8);
    for (const r of reports) {
      expect(ms(r.created_at)).toBeGreaterThanOrEqual(ms(login.from));
      expect(ms(r.created_at)).toBeLessThanOrEqual(ms(login.to));
    }
  });

  it('embeds the coupon policy change: coupon complaints keep growing for weeks instead of spiking', () => {
    const policy = dataset.incidents.find((i) => i.name.includes('쿠폰'))!;
    const coupon = countByDay(items, (i) => truthOf(i).topic === 'coupon_error');
    const days = [...countByDay(items, () => true).keys()].sort();
    const sum = (from: number, to: number) => days.slice(from, to).reduce((s, d) => s + (coupon.get(d) ?? 0), 0);
    const start = days.indexOf(policy.from.slice(0, 10));
    expect(days.length - 1 - start).toBe(19);
    // Per day: the 17 days before, the first 8 and the last 9 days of the change.
    const [before, first, second] = [sum(start - 17, start) / 17, sum(start, start + 8) / 8, sum(start + 8, start + 17) / 9];
    expect(first / before).toBeGreaterThan(2);
    expect(second).toBeGreaterThan(first); // growing, not a burst that fades
    expect(items.some((i) => /쿠폰.*(같이|중복|두 [장개])/.test(i.text as string) && truthOf(i).incident === 'coupon_policy')).toBe(true);
  });

  it('embeds the delivery delay week: delay inquiries roughly triple', () => {
    const delay = dataset.incidents.find((i) => i.name.includes('출고'))!;
    const delayed = countByDay(items, (i) => truthOf(i).topic === 'delivery_delay');
    const inWeek = (d: string) => d >= delay.from.slice(0, 10) && d <= delay.to.slice(0, 10);
    const week = [...delayed].filter(([d]) => inWeek(d)).reduce((s, [, n]) => s + n, 0);
    const others = [...delayed].filter(([d]) => !inWeek(d));
    const usualWeek = (others.reduce((s, [, n]) => s + n, 0) / others.length) * 7;
    expect(week / usualWeek).toBeGreaterThan(2.5);
    expect(week / usualWeek).toBeLessThan(4.5);
  });

  it('has business metrics for every day, consistent with cancellation inquiries', () => {
    const names = ['orders', 'payments', 'cancellations', 'mau', 'dau', 'signups', 'subscribers', 'churned'];
    const days = [...new Set(dataset.metrics.map((m) => m.day))];
    expect(days).toHaveLength(90);
    expect(days[0]).toBe('2026-01-01');
    expect(days[89]).toBe('2026-03-31');
    for (const day of days) {
      expect(dataset.metrics.filter((m) => m.day === day).map((m) => m.name).sort()).toEqual([...names].sort());
    }
    for (const m of dataset.metrics) expect(Number.isFinite(m.value) && m.value >= 0).toBe(true);
    const value = (name: string, day: string) => dataset.metrics.find((m) => m.name === name && m.day === day)!.value;
    const full = days.slice(0, 89);
    for (const day of full) expect(value('payments', day)).toBeGreaterThan(value('orders', day) * 0.9);
    for (const day of full) expect(value('dau', day)).toBeLessThan(value('mau', day));
    // The membership loses a few percent of its members a month (churned per subscriber-day × 30).
    const monthlyChurn = (full.reduce((s, d) => s + value('churned', d), 0) / full.reduce((s, d) => s + value('subscribers', d), 0)) * 30;
    expect(monthlyChurn).toBeGreaterThan(0.01);
    expect(monthlyChurn).toBeLessThan(0.1);

    // Cancellations move with cancellation inquiries (Pearson r over full days).
    const inquiries = countByDay(items, (i) => truthOf(i).type === 'cancellation');
    const xs = full.map((d) => inquiries.get(d) ?? 0);
    const ys = full.map((d) => value('cancellations', d));
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const [mx, my] = [mean(xs), mean(ys)];
    const cov = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0);
    const r = cov / Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) * ys.reduce((s, y) => s + (y - my) ** 2, 0));
    expect(r).toBeGreaterThan(0.5);
  });

  it('lets customers re-ask the same issue on another channel within a day (a call: the next working day)', () => {
    const byId = new Map(items.map((i) => [i.external_id, i]));
    const reasks = items.filter((i) => truthOf(i).reask_of);
    expect(reasks.length).toBeGreaterThan(items.length * 0.01);
    for (const again of reasks) {
      const first = byId.get(truthOf(again).reask_of)!;
      expect(again.customer_id).toBe(first.customer_id);
      expect(again.channel).not.toBe(first.channel);
      expect(truthOf(again).topic).toBe(truthOf(first).topic);
      const gap = ms(again.created_at) - ms(first.created_at);
      expect(gap).toBeGreaterThan(0);
      // The call centre does not answer at weekends and on holidays: a call waits for it (설날 is 3 days).
      expect(gap).toBeLessThanOrEqual((again.channel === 'phone' ? 6 : 1) * 24 * 3_600_000);
    }
    const customers = new Set(items.map((i) => i.customer_id).filter(Boolean));
    expect(customers.size).toBeLessThan(items.length * 0.6); // a pool, not one customer per item
  });

  it('gives customers one segment and plan each', () => {
    const seen = new Map<string, string>();
    for (const item of items) {
      const id = item.customer_id as string | undefined;
      if (!id) continue;
      const profile = `${item.customer_segment}/${item.customer_plan}`;
      expect(seen.get(id) ?? profile).toBe(profile);
      seen.set(id, profile);
      expect(['신규', '일반', 'VIP']).toContain(item.customer_segment);
      expect(['무료', '베이직', '프로']).toContain(item.customer_plan);
    }
  });

  it('fills support-conversation fields like a help desk export', () => {
    const conversations = items.filter((i) => ['chat', 'board', 'email', 'phone', 'chatbot'].includes(i.channel));
    const resolved = conversations.filter((i) => i.status === 'resolved' || i.status === 'closed');
    expect(resolved.length / conversations.length).toBeGreaterThan(0.85);
    expect(conversations.some((i) => i.status === 'open' || i.status === 'new')).toBe(true);
    const bots = conversations.filter((i) => i.handled_by === 'bot');
    expect(bots.length).toBeGreaterThan(100);
    expect(bots.every((i) => i.assignee === undefined)).toBe(true);
    expect(conversations.filter((i) => i.handled_by === 'human').every((i) => typeof i.assignee === 'string')).toBe(true);
    const waitHours = (channel: string) =>
      conversations
        .filter((i) => i.channel === channel && i.handled_by === 'human' && i.first_response_at)
        .map((i) => (ms(i.first_response_at) - ms(i.created_at)) / 3_600_000);
    const chatWorkingHours = conversations
      .filter((i) => i.channel === 'chat' && i.handled_by === 'human' && i.first_response_at)
      .filter((i) => {
        const kst = new Date(ms(i.created_at) + 9 * 3_600_000);
        return kst.getUTCDay() >= 1 && kst.getUTCDay() <= 5 && kst.getUTCHours() >= 9 && kst.getUTCHours() < 17;
      })
      .map((i) => (ms(i.first_response_at) - ms(i.created_at)) / 60_000);
    expect(median(chatWorkingHours)).toBeLessThan(10); // minutes
    const board = waitHours('board');
    expect(median(board)).toBeGreaterThan(1);
    expect(board.filter((h) => h > 24).length).toBeGreaterThan(20);
    expect(conversations.some((i) => (i.reopened_count as number) > 0)).toBe(true);
    // Nothing but support conversations carries conversation fields.
    for (const item of items.filter((i) => !conversations.includes(i))) expect(item.status).toBeUndefined();
  });

  it('rates reviews and scores surveys', () => {
    for (const item of items) {
      if (item.channel === 'app_store' || item.channel === 'review') expect(item.rating).toBeGreaterThanOrEqual(1);
      if (item.channel === 'survey') expect(item.score).toBeGreaterThanOrEqual(0);
    }
    const reviews = items.filter((i) => i.channel === 'review');
    expect(reviews.every((i) => typeof i.product_ref === 'string')).toBe(true);
  });

  it('labels cancellations with reasons, controllable and involuntary', () => {
    const reasons = new Set(items.map((i) => truthOf(i).reason).filter(Boolean));
    for (const r of ['price', 'quality', 'service', 'closure', 'moving', 'military']) expect(reasons, r).toContain(r);
    expect(items.some((i) => /폐업|이사|입대|군대/.test(i.text as string))).toBe(true);
  });

  it('leaves out incidents that do not fit a short window', () => {
    const short = generateDemoDataset({ seed: 1, days: 10, endDate: END, itemsPerDay: 20 });
    expect(short.incidents).toEqual([]);
    expect(new Set(short.metrics.map((m) => m.day)).size).toBe(10);
    expect(short.items.length).toBeGreaterThan(150);
  });
});

describe('generateItems', () => {
  const sample = [...generateItems(5_000, 3, { endDate: END })];

  it('yields exactly the requested count, deterministically, without labels by default', () => {
    expect(sample).toHaveLength(5_000);
    expect([...generateItems(5_000, 3, { endDate: END })]).toEqual(sample);
    expect(sample.every((i) => i.metadata === undefined)).toBe(true);
    expect([...generateItems(12_345, 9, { endDate: END, days: 30 })]).toHaveLength(12_345);
    expect([...generateItems(0, 1, { endDate: END })]).toEqual([]);
    const ids = [...generateItems(20_000, 5, { endDate: END })].map((i) => i.external_id);
    expect(new Set(ids).size).toBe(20_000);
  });

  it('writes varied texts', () => {
    const distinct = new Set(sample.map((i) => i.text)).size;
    expect(distinct / sample.length).toBeGreaterThanOrEqual(0.6);
    const english = sample.filter((i) => !/[가-힣]/.test(i.text as string)).length / sample.length;
    expect(english).toBeGreaterThan(0.015);
    expect(english).toBeLessThan(0.05);
    // Spoken endings, emoticons and typos all appear.
    const all = sample.map((i) => i.text).join('\n');
    for (const marker of ['는데요', 'ㅠㅠ', 'ㅋㅋ', '되요', '결재']) expect(all, marker).toContain(marker);
  });

  it('includes personal data for the redactor to find', () => {
    const texts = sample.map((i) => i.text as string);
    const phone = texts.filter((t) => /01[016789][- ]?\d{3,4}[- ]?\d{4}/.test(t)).length;
    const email = texts.filter((t) => /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/.test(t)).length;
    const account = texts.filter((t) => /계좌[^\n]{0,20}\d{2,6}-?\d{2,7}-?\d{2,7}/.test(t)).length;
    expect(phone).toBeGreaterThan(50);
    expect(email).toBeGreaterThan(10);
    expect(account).toBeGreaterThan(10);
    expect((phone + email + account) / texts.length).toBeLessThan(0.2);
  });

  it('passes the item input schema', () => {
    expect(sample.filter((item) => !itemInputSchema.safeParse(item).success)).toEqual([]);
  });

  it('rejects a bad count', () => {
    expect(() => [...generateItems(-1)]).toThrow(/count/);
    expect(() => [...generateItems(1.5)]).toThrow(/count/);
  });
});
