/**
 * Shared pieces of the browser tests: the real server in-process on a fresh embedded database,
 * API helpers (admin session cookie) to seed data, Debian's headless Chromium through
 * playwright-core, and small waiting/screenshot helpers (playwright-core has no `expect`).
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import { loadConfig, type SoriConfig } from '../../src/config/config.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS_DIR = path.join(ROOT, 'test-output', 'e2e');

export const CHROMIUM_PATH = process.env.SORI_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ADMIN = { email: 'admin@sori.test', password: 'e2e-sori-pass-2026' } as const;

/** One seeded item: what we send, and the text the dashboard should show (after redaction). */
export interface SeedItem {
  external_id: string;
  channel: string;
  kind?: string;
  created_at: string;
  text: string;
  rating?: number;
  score?: number;
  /** The stored (redacted) text; `text` when nothing is redacted. */
  shown?: string;
}

export const SEED_SOURCE = 'e2e-seed';
export const XSS_TEXT = '<img src=x onerror="window.__xss=1">환불 요청합니다';
export const PHONE_TEXT = '배송이 3일째 안 와요. 010-1234-5678로 연락 주세요';
export const PHONE_SHOWN = '배송이 3일째 안 와요. [전화번호]로 연락 주세요';

/** Eight Korean items over four weeks and six channels (times are Seoul wall-clock). */
export const SEED: SeedItem[] = [
  { external_id: 'E2E-001', channel: 'chat', created_at: '2026-10-02 10:15', text: XSS_TEXT },
  { external_id: 'E2E-002', channel: 'phone', created_at: '2026-10-03 14:20', text: PHONE_TEXT, shown: PHONE_SHOWN },
  { external_id: 'E2E-003', channel: 'email', created_at: '2026-10-05 09:00', text: '환불은 언제 처리되나요? 카드 결제 취소 확인 부탁드립니다' },
  { external_id: 'E2E-004', channel: 'chat', created_at: '2026-10-10 21:40', text: '로그인이 안 됩니다. 비밀번호 재설정 메일이 오지 않아요' },
  { external_id: 'E2E-005', channel: 'app_store', kind: 'review', rating: 2, created_at: '2026-10-12 08:05', text: '업데이트 후 앱이 자꾸 꺼져요' },
  { external_id: 'E2E-006', channel: 'survey', kind: 'survey_response', score: 9, created_at: '2026-10-15 17:30', text: '상담원분이 친절하게 안내해 주셨어요' },
  { external_id: 'E2E-007', channel: 'board', created_at: '2026-10-20 11:11', text: '주문 취소하고 싶은데 버튼이 안 보여요' },
  { external_id: 'E2E-008', channel: 'chat', created_at: '2026-09-25 13:00', text: '쿠폰 적용이 안 돼요. 결제 금액이 그대로예요' },
];

export const shownText = (item: SeedItem): string => item.shown ?? item.text;

export interface Harness {
  server: RunningServer;
  /** http://127.0.0.1:PORT (no trailing slash). */
  baseUrl: string;
  browser: Browser;
  /** `Cookie` header value of an admin session made with fetch. */
  adminCookie: string;
  /** JSON API call as the admin; returns status and parsed body. */
  api<T = any>(method: string, apiPath: string, body?: unknown, cookie?: string): Promise<{ status: number; body: T }>;
  /** A fresh browser context (Korean browser, Seoul time, desktop size) and page; errors recorded. */
  newPage(options?: { locale?: string; viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** Logs in with fetch and returns the session cookie (`name=value`). */
export async function loginCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sori_session='));
  if (!cookie) throw new Error('login answered 200 without a session cookie');
  return cookie.split(';')[0];
}

export interface HarnessOptions {
  /** Runs on the fresh data folder before the server opens it (e.g. to load the demo workspace). */
  beforeStart?: (config: SoriConfig) => Promise<void>;
  /** Settings of the server besides the harness's own (e.g. SORI_MAX_UPLOAD_MB). */
  env?: Record<string, string>;
}

/** Starts the server on a fresh data folder and an ephemeral port, seeds `items`, launches Chromium. */
export async function startHarness(items: SeedItem[] = SEED, options: HarnessOptions = {}): Promise<Harness> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sori-e2e-'));
  const serverLog: string[] = [];
  const env = {
    ...process.env,
    DATABASE_URL: '', // always the embedded database, whatever the shell has
    DATABASE_SCHEMA: undefined,
    SORI_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    SORI_PUBLIC_URL: undefined,
    SORI_ADMIN_EMAIL: ADMIN.email,
    SORI_ADMIN_PASSWORD: ADMIN.password,
    SORI_SECURE_COOKIES: 'auto',
    SORI_LOG_LEVEL: 'error',
    SORI_DEFAULT_TIMEZONE: 'Asia/Seoul',
    ...options.env,
  };
  // PORT=0: the system picks a free port.
  const config = loadConfig(env);
  try {
    await options.beforeStart?.(config);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const server = await startServer(config, (line) => serverLog.push(line));
  if (!server.port) throw new Error('server did not report its port');
  const baseUrl = `http://127.0.0.1:${server.port}`;

  let browser: Browser | undefined;
  try {
    const adminCookie = await loginCookie(baseUrl, ADMIN.email, ADMIN.password);
    const api: Harness['api'] = async (method, apiPath, body, cookie = adminCookie) => {
      const res = await fetch(`${baseUrl}/api/v1${apiPath}`, {
        method,
        headers: { Cookie: cookie, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: any = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed };
    };

    if (items.length > 0) await seedItems({ api }, items.map(({ shown: _s, ...item }) => item), SEED_SOURCE);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
    const contexts: BrowserContext[] = [];
    const launched = browser;
    return {
      server,
      baseUrl,
      browser: launched,
      adminCookie,
      api,
      async newPage(options = {}) {
        const context = await launched.newContext({
          baseURL: baseUrl,
          locale: options.locale ?? 'ko-KR',
          timezoneId: 'Asia/Seoul',
          viewport: options.viewport ?? { width: 1360, height: 900 },
          deviceScaleFactor: 1,
          acceptDownloads: true,
          // The app honours reduced motion (no drawer slide-in), so positions are final at once.
          reducedMotion: 'reduce',
        });
        contexts.push(context);
        context.setDefaultTimeout(20_000);
        context.setDefaultNavigationTimeout(30_000);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`));
        page.on('console', (msg) => {
          // A 401 from the session probe is an answer, not a bug; everything else is recorded.
          if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(`console: ${msg.text()}`);
        });
        page.on('dialog', (dialog) => {
          errors.push(`dialog: ${dialog.type()} ${dialog.message()}`);
          void dialog.dismiss();
        });
        return { context, page, errors };
      },
      async close() {
        for (const context of contexts) await context.close().catch(() => undefined);
        await launched.close().catch(() => undefined);
        await server.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    if (serverLog.length) (error as Error).message += `\nserver log:\n${serverLog.join('\n')}`;
    throw error;
  }
}

/** Who signs in: an email and password (`ADMIN`, or a user a test made). */
export interface Credentials {
  email: string;
  password: string;
}

/**
 * Signs in through the login page as `who` and waits until the app is on `next`'s path. `next` null
 * opens the bare /login (no `next`) and waits for the home page, /overview.
 */
export async function signIn(page: Page, next: string | null, who: Credentials = ADMIN): Promise<void> {
  await page.goto(next === null ? '/login' : `/login?next=${encodeURIComponent(next)}`);
  await page.fill('[data-testid="login-email"]', who.email);
  await page.fill('[data-testid="login-password"]', who.password);
  await page.click('[data-testid="login-submit"]');
  const landing = next === null ? '/overview' : next.split('?')[0];
  await waitForUrl(page, (u) => u.pathname === landing);
}

/**
 * Sends `items` through POST /items as the admin — each with `source` unless it names its own (all
 * as given when `source` is left out) — and throws unless every one is accepted.
 */
export async function seedItems(h: Pick<Harness, 'api'>, items: readonly object[], source?: string): Promise<void> {
  const sent = source === undefined ? items : items.map((item) => ({ source, ...item }));
  const seeded = await h.api('POST', '/items', { items: sent });
  if (seeded.status !== 200 || seeded.body.accepted !== items.length) {
    throw new Error(`seeding failed: ${seeded.status} ${JSON.stringify(seeded.body).slice(0, 2000)}`);
  }
}

/**
 * The hooks of a story — tests that build on each other: after the first failure the rest are
 * skipped, naming it, and a failed test's page is reported (`reportFailure`). `current` gives the
 * page the test used and its script errors.
 */
export function storyHooks(current: () => { page?: Page; errors?: string[] } | undefined): void {
  let broken: string | null = null;
  beforeEach((ctx) => {
    if (broken) ctx.skip(`skipped: "${broken}" failed first`);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' || (task.result?.errors?.length ?? 0) > 0) broken ??= task.name;
    const shown = current();
    await reportFailure(task, shown?.page, shown?.errors);
  });
}

/**
 * For an afterEach hook: when the test failed, saves a screenshot (test-output/e2e/FAILED-….png)
 * and prints the page's URL and any script errors, so a red run says what the browser showed.
 */
export async function reportFailure(
  task: { name: string; result?: { state?: string; errors?: unknown[] } },
  page: Page | undefined,
  errors: string[] = [],
): Promise<void> {
  const failed = task.result?.state === 'fail' || (task.result?.errors?.length ?? 0) > 0;
  if (!failed || !page || page.isClosed()) return;
  const name = `FAILED-${task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}`;
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true }).catch(() => undefined);
  console.error(`[e2e] ${task.name} failed at ${page.url()}; screenshot ${name}.png${errors.length ? `; page errors:\n${errors.join('\n')}` : ''}`);
}

/** Saves a full-page screenshot as test-output/e2e/NAME.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** The preview texts of the item rows, in page order. */
export function rowTexts(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="item-row"] [data-testid="item-text"]', (els) => els.map((el) => (el.textContent ?? '').trim()));
}

/**
 * Waits until the list has finished loading and shows exactly `expected` (any order) — or the
 * empty state when `expected` is empty. Fails with what the page showed instead.
 */
export async function waitForRows(page: Page, expected: string[], timeout = 20_000): Promise<void> {
  try {
    await page.waitForFunction(
      (want: string[]) => {
        const table = document.querySelector('[data-testid="items-table"]');
        if (want.length === 0) return !!document.querySelector('[data-testid="items-empty"]') && !table;
        if (!table || table.getAttribute('aria-busy') === 'true') return false;
        const have = [...document.querySelectorAll('[data-testid="item-row"] [data-testid="item-text"]')].map((el) => (el.textContent ?? '').trim());
        return have.length === want.length && [...have].sort().join('\n') === [...want].sort().join('\n');
      },
      expected,
      { timeout },
    );
  } catch (error) {
    const have = await rowTexts(page).catch(() => ['(could not read rows)']);
    throw new Error(`rows did not become ${JSON.stringify(expected)}; page shows ${JSON.stringify(have)} at ${page.url()}\n${(error as Error).message}`);
  }
}

/** Waits until the summary strip has loaded and shows `total`. */
export async function waitForTotal(page: Page, total: number, timeout = 20_000): Promise<void> {
  try {
    await page.waitForFunction(
      (want: number) => {
        const strip = document.querySelector('[data-testid="summary"]');
        const value = document.querySelector('[data-testid="summary-total"]')?.textContent?.replace(/[^\d]/g, '');
        return !!strip && strip.getAttribute('aria-busy') === 'false' && value === String(want);
      },
      total,
      { timeout },
    );
  } catch (error) {
    const shown = await page.textContent('[data-testid="summary-total"]').catch(() => '(missing)');
    throw new Error(`summary total did not become ${total}; shows ${JSON.stringify(shown)}\n${(error as Error).message}`);
  }
}

/** Waits until the page's URL satisfies `test` (client-side navigation included). */
export async function waitForUrl(page: Page, test: (url: URL) => boolean, timeout = 10_000): Promise<void> {
  await page.waitForURL((url) => test(url), { timeout, waitUntil: 'commit' });
}
