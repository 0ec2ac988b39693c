/**
 * The Support page's business-hours note names the workspace's own days off (the SLA settings'
 * extra holidays: 창립기념일, 워크숍 …) that fall in the selected range, in real headless Chromium:
 * the first three by date and name and the rest counted, none said as none, a day also listed as
 * worked left out, and the names in the page's language. The tests run in order.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, SHOTS_DIR, signIn, startHarness, storyHooks, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

const day = (date: string, nameKo: string, nameEn: string) => ({ date, nameKo, nameEn, kind: 'workspace' as const });
const CLOSURES = [
  day('2026-10-30', '가을 워크숍', 'Autumn workshop'),
  day('2026-10-02', '창립기념일', 'Founding day'),
  day('2026-10-16', '체육대회', 'Sports day'),
  day('2026-10-07', '전사 교육', 'Company training'),
  day('2026-10-23', '사무실 이전', 'Office move'),
  // Listed as worked too: the server's calendar counts it, so the note must not name it.
  day('2026-10-21', '취소된 휴무', 'Called-off day off'),
  // Outside the range.
  day('2026-11-03', '11월 휴무', 'November day off'),
];

/** The business-hours note once it names the closures (the SLA settings are read beside the numbers). */
async function closuresNote(p: Page): Promise<{ text: string; count: string | null; note: string }> {
  await p.waitForFunction(() => document.querySelector('[data-testid="support-precision"]')?.getAttribute('data-clock') === 'business');
  const closures = p.locator('[data-testid="support-closures"]');
  await closures.waitFor();
  return { text: await closures.innerText(), count: await closures.getAttribute('data-count'), note: await p.locator('[data-testid="support-precision"]').innerText() };
}

beforeAll(async () => {
  h = await startHarness(SEED);
  const current = await h.api('GET', '/settings/sla');
  const { is_default: _d, ...settings } = current.body;
  const saved = await h.api('PUT', '/settings/sla', {
    ...settings,
    businessHours: { ...settings.businessHours, extraHolidays: CLOSURES, workedHolidays: ['2026-10-21'] },
  });
  if (saved.status !== 200) throw new Error(`saving the SLA settings failed: ${saved.status} ${JSON.stringify(saved.body)}`);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe("the Support page's business-hours note and the workspace's own days off (headless Chromium)", () => {
  it('names the first three days off in the range by date, counts the rest, and leaves out a worked day and days outside it', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/support?from=2026-10-01&to=2026-10-31&clock=business');
    const { text, count, note } = await closuresNote(page);
    expect(count).toBe('5');
    expect(text).toContain('우리 회사 휴무일 5일');
    // By date: 10/2, 10/7, 10/16 named; 10/23 and 10/30 counted.
    expect(text.indexOf('창립기념일')).toBeGreaterThan(-1);
    expect(text.indexOf('창립기념일')).toBeLessThan(text.indexOf('전사 교육'));
    expect(text.indexOf('전사 교육')).toBeLessThan(text.indexOf('체육대회'));
    expect(text).toContain('외 2일');
    for (const name of ['사무실 이전', '가을 워크숍', '취소된 휴무', '11월 휴무']) expect(text).not.toContain(name);
    // The rest of the note is as it was (the weekly hours, the zone, public holidays off).
    expect(note).toContain('Asia/Seoul');
    expect(note).toContain('공휴일 제외');
    await page.screenshot({ path: `${SHOTS_DIR}/polish-support-01-closures.png` });
    expect(errors).toEqual([]);
  });

  it('says so when none falls in the range, and follows the range as it changes', async () => {
    const page = active!.page;
    await page.goto('/support?from=2026-10-08&to=2026-10-15&clock=business');
    const none = await closuresNote(page);
    expect(none.count).toBe('0');
    expect(none.text).toContain('이 기간에 우리 회사 휴무일(SLA 설정)은 없습니다');

    await page.goto('/support?from=2026-10-01&to=2026-10-03&clock=business');
    await page.waitForFunction(() => document.querySelector('[data-testid="support-closures"]')?.getAttribute('data-count') === '1');
    const one = await page.locator('[data-testid="support-closures"]').innerText();
    expect(one).toContain('우리 회사 휴무일 1일');
    expect(one).toContain('창립기념일');
    expect(one).not.toContain('외');

    // On the 24-hour clock there is no business-hours note (and nothing about days off).
    await page.goto('/support?from=2026-10-01&to=2026-10-31');
    await page.waitForFunction(() => document.querySelector('[data-testid="support-precision"]')?.getAttribute('data-clock') === 'calendar');
    expect(await page.locator('[data-testid="support-closures"]').count()).toBe(0);
    expect(active!.errors).toEqual([]);
    await page.context().close();
  });

  it('names them in English on an English page', async () => {
    const { page, errors } = await h.newPage({ locale: 'en-US' });
    active = { page, errors };
    await signIn(page, '/support?from=2026-10-01&to=2026-10-20&clock=business');
    const { text, count } = await closuresNote(page);
    expect(count).toBe('3');
    expect(text).toContain('Our own days off in this range are not counted either (3)');
    expect(text).toContain('Founding day');
    expect(text).toContain('Company training');
    expect(text).toContain('Sports day');
    expect(text).not.toContain('more');
    expect(text).not.toContain('창립기념일');
    expect(errors).toEqual([]);
  });
});
