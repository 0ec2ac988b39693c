import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

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
});
