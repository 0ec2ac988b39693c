/**
 * The Overview's downloads for people in real headless Chromium against the real server, on a small
 * demo workspace: the movers and channels files carry the page's column names and values by name
 * in the page's language (토픽, 판정, 1:1 문의; after the switch to English, Topic, Verdict,
 * 1:1 inquiry), the XLSX as well as the CSV, each file named by its range; the XLSX says on a second
 * sheet (정보) which period it covers; the SLA page's breaches sheet gives its times in the page's words
 * and in minutes as numbers (목표 시간 "3분", 목표 시간 (분) 3), never raw milliseconds.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE, loadSmallDemo } from './demo-seed.js';
import { signIn, startHarness, storyHooks, type Harness } from './harness.js';

let h: Harness;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  h = await startHarness([], { beforeStart: (config) => loadSmallDemo(config, { days: 60, itemsPerDay: 20 }) });
  ({ page, errors: pageErrors } = await h.newPage());
  await page.addInitScript((slug) => window.localStorage.setItem('sori.workspace', slug), DEMO_WORKSPACE);
  await signIn(page, null);
});

storyHooks(() => ({ page, errors: pageErrors }));

afterAll(async () => {
  await h?.close();
});

const waitForOverview = () =>
  page.waitForFunction(() => document.querySelector('[data-testid="overview-body"]')?.getAttribute('aria-busy') === 'false');

/** Clicks a download link and returns the saved file's path and name. */
async function download(selector: string): Promise<{ name: string; file: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), file: (await file.path())! };
}

/** A download's name: the table and the range's first and last local day (sori-channels-2026-11-09_2026-12-06.csv). */
const RANGE_NAME = (table: string, format: string) => new RegExp(`^sori-${table}-(\\d{4}-\\d{2}-\\d{2})_(\\d{4}-\\d{2}-\\d{2})\\.${format}$`);
const csvHeader = async (file: string) => (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
const VERDICTS_KO = ['유의미한 증가', '유의미한 감소', '변동 범위 내(노이즈)', '데이터 부족'];

describe('the Overview’s downloads speak the page’s language (headless Chromium)', () => {
  it('1. in Korean: the channels CSV and the movers XLSX carry 채널, 토픽, 판정 and channels by name', async () => {
    await waitForOverview();
    const href = await page.getAttribute('[data-testid="export-channels-csv"]', 'href');
    expect(href).toContain('labels=ko');

    const channels = await download('[data-testid="export-channels-csv"]');
    expect(channels.name).toMatch(RANGE_NAME('channels', 'csv'));
    const text = (await readFile(channels.file, 'utf8')).replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('채널,인입 (이번 기간),인입 (이전 기간),인입 변화,인입 변화 단위,인입 변화 95% 구간 하한,인입 변화 95% 구간 상한,p값,판정,보정 p값 (BH)');
    const firstCells = lines.slice(1).map((l) => l.split(',')[0]);
    expect(firstCells).toContain('채팅');
    expect(firstCells.some((c) => /^[a-z_]+$/.test(c!))).toBe(false);
    for (const line of lines.slice(1)) expect(VERDICTS_KO).toContain(line.split(',')[8]);

    const movers = await download('[data-testid="export-topic_movers-xlsx"]');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(movers.file);
    const header = (book.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['토픽 ID', '토픽', '상위 토픽']);
    expect(header).toContain('판정');
    // The second sheet says which period the file covers: the range its name carries, and the one compared with.
    const [, from, to] = RANGE_NAME('topic_movers', 'xlsx').exec(movers.name)!;
    expect(book.worksheets.map((w) => w.name)).toEqual(['topic_movers', '정보']);
    const about: Record<string, unknown> = {};
    book.worksheets[1]!.eachRow((row) => {
      about[String(row.getCell(1).value)] = row.getCell(2).value;
    });
    expect(about['기간 (현지 날짜, 양 끝 포함)']).toMatch(new RegExp(`^${from} ~ ${to} \\(\\d+일\\)$`));
    expect(about['비교 기간']).toMatch(/^\d{4}-\d{2}-\d{2} ~ \d{4}-\d{2}-\d{2}$/);
    expect(about['시간대']).toBe('Asia/Seoul');
    expect(about['표']).toBe('개요 · 크게 움직인 토픽');
  });

  it('2. after switching to English the same buttons give English headers and names', async () => {
    await page.click('[data-testid="lang-switch-en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await waitForOverview();
    expect(await page.getAttribute('[data-testid="export-channels-xlsx"]', 'href')).toContain('labels=en');
    const channels = await download('[data-testid="export-channels-csv"]');
    expect(await csvHeader(channels.file)).toMatch(/^Channel,Items \(current\),Items \(previous\),Items change,/);
    const body = await readFile(channels.file, 'utf8');
    expect(body).toContain('\r\nChat,');
    await page.click('[data-testid="lang-switch-ko"]');
  });

  it('3. the SLA page’s breaches sheet gives targets and elapsed times in words and in minutes, as numbers with one decimal', async () => {
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
    await page.click('[data-testid="nav-sla"]');
    await page.waitForURL((u) => u.pathname === '/sla');
    await page.waitForFunction(() => document.querySelector('[data-testid="sla-body"]')?.getAttribute('aria-busy') === 'false');
    const sheet = await download('[data-testid="export-sla_breaches-xlsx"]');
    expect(sheet.name).toMatch(RANGE_NAME('sla_breaches', 'xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(sheet.file);
    const ws = book.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header).toEqual(expect.arrayContaining(['목표', '목표 시간', '목표 시간 (분)', '걸린 시간', '걸린 시간 (분)']));
    expect(header.some((h) => /ms\)|_ms$/.test(h))).toBe(false);
    expect(ws.rowCount).toBeGreaterThan(1);
    const col = (name: string) => header.indexOf(name) + 1;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const minutes = row.getCell(col('목표 시간 (분)'));
      expect(typeof minutes.value).toBe('number');
      expect(minutes.numFmt).toBe('0.0');
      // The shipped targets: 1 and 3 minutes, 8 and 24 hours — in words as the page writes them, and in minutes
      // (hours to one decimal read 1 minute as 0 and 3 as 0.1).
      const words = row.getCell(col('목표 시간')).value as string;
      expect(['1분', '3분', '8시간', '1일']).toContain(words);
      expect(minutes.value).toBe({ '1분': 1, '3분': 3, '8시간': 480, '1일': 1_440 }[words]);
      expect(typeof row.getCell(col('걸린 시간 (분)')).value).toBe('number');
      expect(row.getCell(col('걸린 시간')).value).toMatch(/^\d+(일|시간|분|초)( \d+(시간|분|초))?$/);
    });
  });
});
