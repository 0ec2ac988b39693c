import path from 'node:path';
import { z } from 'zod';
import { passwordProblem } from '../auth/password.js';
import { isTimeZone } from '../domain/calendar/business-hours.js';
import { schemaNameProblem } from '../store/db.js';

/** A whole number from min to max, said in both languages (zod's own words are English only); note: what a bound means. */
function wholeNumber(min: number, max: number, fallback: number, note?: [english: string, korean: string]) {
  const range = `must be a whole number from ${min} to ${max}${note ? ` (${note[0]})` : ''} / ${min}–${max} 사이의 정수여야 합니다${note ? ` (${note[1]})` : ''}`;
  return z.coerce.number({ error: range }).int({ error: range }).min(min, { error: range }).max(max, { error: range }).default(fallback);
}

/** One of a few words, said in both languages. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')} / ${values.join(', ')} 중 하나여야 합니다` });
}

/**
 * The one place that reads process.env. Every problem is reported at once, each rule's message in
 * English and Korean ("English / 한국어": the CLI prints the half of its language).
 * The CLI and the server read the same settings.
 */
const envSchema = z.object({
  SORI_DATA_DIR: z.string().min(1, 'must name a folder / 폴더 경로를 지정하세요').default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql:// / postgres:// 또는 postgresql://로 시작해야 합니다')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Written into SQL and the connection's search_path unquoted: a reserved word (select) would pass a
  // pattern and then fail at the first connection.
  DATABASE_SCHEMA: z
    .string()
    .superRefine((name, ctx) => {
      const problem = schemaNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  PORT: wholeNumber(0, 65535, 8080, ['0: any free port', '0: 비어 있는 아무 포트']),
  HOST: z.string().default('127.0.0.1'),
  // The address people open, behind any proxy: links (setup, webhook receivers) are built on it and
  // its scheme decides the cookie's Secure flag, so only a plain http(s) origin with an optional path.
  SORI_PUBLIC_URL: z
    .string()
    .refine(isPublicUrl, {
      error: (iss) =>
        `must be an http:// or https:// address without query, fragment or user name, e.g. https://sori.example.com / 쿼리·프래그먼트·사용자 이름 없는 http:// 또는 https:// 주소여야 합니다: ${JSON.stringify(iss.input)}`,
    })
    .transform(normalizePublicUrl)
    .optional(),
  SORI_ADMIN_EMAIL: z.string().email('must be an e-mail address / 이메일 주소여야 합니다').optional(),
  SORI_ADMIN_PASSWORD: z.string().min(10, 'at least 10 characters / 10자 이상이어야 합니다').optional(),
  // An offset (+09:00) or abbreviation (KST) would be read differently, or not at all, by PostgreSQL
  // and by Intl: the rollups would count days in one zone and the pages fail on it.
  SORI_DEFAULT_TIMEZONE: z
    .string()
    .refine(isTimeZone, {
      error: (iss) =>
        `not an IANA time zone name such as Asia/Seoul or America/Los_Angeles (offsets like +09:00 and abbreviations like KST are not accepted) / Asia/Seoul, America/Los_Angeles 같은 IANA 시간대 이름이 아닙니다 (+09:00 같은 오프셋이나 KST 같은 약어는 쓸 수 없습니다): ${JSON.stringify(iss.input)}`,
    })
    .default('Asia/Seoul'),
  SORI_SECURE_COOKIES: oneOf(['true', 'false', 'auto']).default('auto'),
  SORI_TRUST_PROXY: oneOf(['true', 'false']).default('false'),
  SORI_SESSION_DAYS: wholeNumber(1, 365, 14),
  SORI_SESSION_IDLE_HOURS: wholeNumber(1, 720, 12),
  SORI_IMPORT_BATCH_SIZE: wholeNumber(100, 50_000, 5_000),
  SORI_MAX_UPLOAD_MB: wholeNumber(1, 65_536, 1_024),
  SORI_TOKEN: z.string().min(1, 'must not be empty / 비어 있으면 안 됩니다').optional(),
  SORI_LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  SORI_LANG: oneOf(['ko', 'en']).optional(),
  SORI_RETRAIN_AFTER_CORRECTIONS: wholeNumber(0, 100_000, 10, ['0: off', '0: 끔']),
});

function isPublicUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username && !url.password && !value.includes('?') && !value.includes('#');
}

/** The scheme and host as URL writes them (lower case, default port dropped) and the path without its trailing slash. */
function normalizePublicUrl(value: string): string {
  const url = new URL(value);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export type SoriConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.output<typeof envSchema>) {
  return {
    dataDir: path.resolve(env.SORI_DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    databaseSchema: env.DATABASE_SCHEMA,
    port: env.PORT,
    host: env.HOST,
    /** SORI_PUBLIC_URL without a trailing slash; the server fills it from its real port when unset. */
    publicUrl: (env.SORI_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    publicUrlSet: env.SORI_PUBLIC_URL !== undefined,
    adminEmail: env.SORI_ADMIN_EMAIL,
    adminPassword: env.SORI_ADMIN_PASSWORD,
    defaultTimezone: env.SORI_DEFAULT_TIMEZONE,
    secureCookies: env.SORI_SECURE_COOKIES,
    /** Behind a reverse proxy: read the client's address from X-Forwarded-For and the scheme from X-Forwarded-Proto. */
    trustProxy: env.SORI_TRUST_PROXY === 'true',
    sessionDays: env.SORI_SESSION_DAYS,
    /** A session unused this long ends (SORI_SESSION_DAYS still bounds one in use). */
    sessionIdleHours: env.SORI_SESSION_IDLE_HOURS,
    importBatchSize: env.SORI_IMPORT_BATCH_SIZE,
    /** The largest file the import page and API take (streamed to a temporary file, not held in memory). */
    maxUploadBytes: env.SORI_MAX_UPLOAD_MB * 1024 * 1024,
    /** An API token (ingest scope) the CLI imports with through a running `sori serve` that holds the embedded data folder. */
    apiToken: env.SORI_TOKEN,
    logLevel: env.SORI_LOG_LEVEL,
    lang: env.SORI_LANG,
    /** Corrections of a type or topic after which that model is retrained in the background (0: only on request). */
    retrainAfterCorrections: env.SORI_RETRAIN_AFTER_CORRECTIONS,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration / 설정 오류:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses settings from an environment object (process.env by default); throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): SoriConfig {
  // An empty value (`PORT=` in a compose file or .env) means unset, as for every shell tool.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(given);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // The first-run admin needs both; one alone would be ignored without a word.
  if ((given.SORI_ADMIN_EMAIL === undefined) !== (given.SORI_ADMIN_PASSWORD === undefined)) {
    problems.push(
      `${given.SORI_ADMIN_EMAIL === undefined ? 'SORI_ADMIN_EMAIL' : 'SORI_ADMIN_PASSWORD'}: set SORI_ADMIN_EMAIL and SORI_ADMIN_PASSWORD together (or neither, for a one-time setup link) / ` +
        `SORI_ADMIN_EMAIL과 SORI_ADMIN_PASSWORD는 함께 설정하세요 (둘 다 없으면 일회용 설정 링크를 출력합니다)`,
    );
  }
  const weak = given.SORI_ADMIN_PASSWORD !== undefined && given.SORI_ADMIN_PASSWORD.length >= 10 ? passwordProblem(given.SORI_ADMIN_PASSWORD) : null;
  if (weak) problems.push(`SORI_ADMIN_PASSWORD: ${weak}`);
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  return toConfig(parsed.data);
}

/** The UI/CLI language from SORI_LANG or LANG (Korean unless the locale says English). */
export function detectLang(env: Record<string, string | undefined> = process.env): 'ko' | 'en' {
  if (env.SORI_LANG === 'en' || env.SORI_LANG === 'ko') return env.SORI_LANG;
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en/i.test(lang) ? 'en' : 'ko';
}
