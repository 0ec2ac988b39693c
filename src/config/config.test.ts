import { describe, expect, it } from 'vitest';
import { localize } from '../cli/i18n.js';
import { ConfigError, loadConfig } from './config.js';

/** The problems loadConfig reports for env (none: []). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('loadConfig', () => {
  it('takes an IANA zone for new workspaces, Asia/Seoul by default', () => {
    expect(loadConfig({}).defaultTimezone).toBe('Asia/Seoul');
    expect(loadConfig({ SORI_DEFAULT_TIMEZONE: 'America/Los_Angeles' }).defaultTimezone).toBe('America/Los_Angeles');
    expect(loadConfig({ SORI_DEFAULT_TIMEZONE: 'Australia/Lord_Howe' }).defaultTimezone).toBe('Australia/Lord_Howe');
  });

  it('ends unused sessions after SORI_SESSION_IDLE_HOURS (12 by default), within 1–720', () => {
    expect(loadConfig({}).sessionIdleHours).toBe(12);
    expect(loadConfig({ SORI_SESSION_IDLE_HOURS: '2' }).sessionIdleHours).toBe(2);
    for (const bad of ['0', '721', 'soon']) expect(() => loadConfig({ SORI_SESSION_IDLE_HOURS: bad })).toThrow(ConfigError);
  });

  it('refuses offsets, abbreviations and typos in SORI_DEFAULT_TIMEZONE, saying why in both languages', () => {
    // The first-run admin's password is checked at start, naming the variable.
    expect(() => loadConfig({ SORI_ADMIN_EMAIL: 'a@example.com', SORI_ADMIN_PASSWORD: 'aaaaaaaaaaab' })).toThrow(/SORI_ADMIN_PASSWORD: password is too simple/);
    // Empty means unset (PORT= in a compose file): the default.
    expect(loadConfig({ SORI_DEFAULT_TIMEZONE: '', PORT: '' })).toMatchObject({ defaultTimezone: 'Asia/Seoul', port: 8080 });
    for (const zone of ['+09:00', '-05:00', 'KST', 'Asia/Seol', 'UTC+9', '서울', ' ']) {
      let error: unknown;
      try {
        loadConfig({ SORI_DEFAULT_TIMEZONE: zone });
      } catch (e) {
        error = e;
      }
      expect(error, zone).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems, zone).toHaveLength(1);
      expect(problems[0]).toContain('SORI_DEFAULT_TIMEZONE: not an IANA time zone name');
      expect(problems[0]).toContain('IANA 시간대 이름이 아닙니다');
      expect(problems[0]).toContain(JSON.stringify(zone));
    }
  });

  it('takes SORI_PUBLIC_URL as an http(s) origin with an optional path, written as URL writes it, and refuses anything else', () => {
    expect(loadConfig({ SORI_PUBLIC_URL: 'HTTPS://VOC.Example.com:443/' })).toMatchObject({ publicUrl: 'https://voc.example.com', publicUrlSet: true });
    expect(loadConfig({ SORI_PUBLIC_URL: 'https://example.com/sori/' }).publicUrl).toBe('https://example.com/sori');
    expect(loadConfig({ SORI_PUBLIC_URL: 'http://10.0.0.5:8080' }).publicUrl).toBe('http://10.0.0.5:8080');
    for (const bad of ['javascript:alert(1)//', 'ftp://example.com', 'https://example.com/sori?x=1', 'https://example.com/#top', 'https://user:pw@example.com', 'example.com']) {
      let error: unknown;
      try {
        loadConfig({ SORI_PUBLIC_URL: bad });
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0], bad).toMatch(/^SORI_PUBLIC_URL: must be an http:\/\/ or https:\/\/ address.*http:\/\/ 또는 https:\/\/ 주소여야 합니다/);
    }
  });

  it('reports a bad zone together with the other problems', () => {
    expect(() => loadConfig({ SORI_DEFAULT_TIMEZONE: 'KST', PORT: 'abc' })).toThrow(/PORT[\s\S]*SORI_DEFAULT_TIMEZONE|SORI_DEFAULT_TIMEZONE[\s\S]*PORT/);
  });

  it('says every rule in English and Korean, so SORI_LANG=ko prints no English', () => {
    const bad = {
      SORI_DATA_DIR: '', // empty is unset
      DATABASE_URL: 'mysql://db/sori',
      DATABASE_SCHEMA: 'Sori',
      PORT: 'abc',
      SORI_PUBLIC_URL: 'ftp://example.com',
      SORI_ADMIN_EMAIL: 'admin',
      SORI_ADMIN_PASSWORD: 'short',
      SORI_DEFAULT_TIMEZONE: 'KST',
      SORI_SECURE_COOKIES: 'yes',
      SORI_TRUST_PROXY: '1',
      SORI_SESSION_DAYS: '1.5',
      SORI_SESSION_IDLE_HOURS: '0',
      SORI_IMPORT_BATCH_SIZE: '10',
      SORI_MAX_UPLOAD_MB: '99999999',
      SORI_LOG_LEVEL: 'loud',
      SORI_LANG: 'fr',
      SORI_RETRAIN_AFTER_CORRECTIONS: '-1',
    };
    const problems = problemsOf(bad);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(Object.keys(bad).filter((k) => k !== 'SORI_DATA_DIR').sort());
    for (const problem of problems) {
      const [name] = problem.split(':');
      const ko = localize(problem, 'ko');
      const en = localize(problem, 'en');
      // Each half alone: the Korean one in Hangul, the English one without.
      expect(ko, problem).toMatch(new RegExp(`^${name}: .*[가-힣]`));
      expect(ko.slice(name!.length + 2), problem).not.toMatch(/\b(must|whole|one of|least|start)\b/);
      expect(en, problem).toMatch(new RegExp(`^${name}: [^가-힣]+$`));
    }
    expect(localize(problems.find((p) => p.startsWith('PORT'))!, 'ko')).toBe('PORT: 0–65535 사이의 정수여야 합니다 (0: 비어 있는 아무 포트)');
    expect(localize(problems.find((p) => p.startsWith('SORI_LOG_LEVEL'))!, 'en')).toBe('SORI_LOG_LEVEL: must be one of debug, info, warn, error, silent');
    // A password is never repeated back, nor a database URL (it may hold one).
    expect(problems.join('\n')).not.toContain('short');
    expect(problems.join('\n')).not.toContain('mysql://db');
  });

  it('refuses a DATABASE_SCHEMA that is no plain lower-case identifier, an SQL reserved word or a pg_ name', async () => {
    for (const name of ['sori', 'tenant_2', '_sori', 'between', 'int', 'a'.repeat(63)]) expect(loadConfig({ DATABASE_SCHEMA: name }).databaseSchema).toBe(name);
    for (const name of ['Sori', '2sori', 'so-ri', 'sori schema', 'a'.repeat(64), 'pg_catalog', 'pg_sori']) {
      expect(problemsOf({ DATABASE_SCHEMA: name }), name).toEqual([expect.stringMatching(/^DATABASE_SCHEMA: .* \/ .*[가-힣]/)]);
    }
    expect(problemsOf({ DATABASE_SCHEMA: 'select' })).toEqual([
      'DATABASE_SCHEMA: "select" is an SQL reserved word; choose another name such as sori / "select"는 SQL 예약어라 쓸 수 없습니다. sori 같은 다른 이름을 쓰세요',
    ]);
    // Every word PostgreSQL's grammar reserves (no schema name unquoted), as the database itself lists them.
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = await PGlite.create();
    try {
      const { rows } = await pg.query<{ word: string }>("SELECT word FROM pg_get_keywords() WHERE catcode IN ('R', 'T')");
      expect(rows.length).toBeGreaterThan(90);
      for (const { word } of rows) expect(problemsOf({ DATABASE_SCHEMA: word }), word).toEqual([expect.stringContaining('SQL reserved word')]);
      // And what is accepted is a schema name there.
      await pg.exec('CREATE SCHEMA between; CREATE SCHEMA tenant_2');
    } finally {
      await pg.close();
    }
  });
});
