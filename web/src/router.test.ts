import { describe, expect, it } from 'vitest';
import { isLocalPath } from './router';

const ORIGIN = 'https://sori.example';

describe('isLocalPath', () => {
  it('accepts paths on this site, with their query', () => {
    for (const path of ['/', '/items', '/items?type=refund&workspace=default', '/topics/12', '/items?q=%ED%99%98%EB%B6%88%20%EC%9A%94%EC%B2%AD#top']) {
      expect(isLocalPath(path, ORIGIN), path).toBe(true);
    }
  });

  it('refuses other sites, however the path is written', () => {
    for (const path of [
      '//evil.example/?workspace=x',
      '/\\evil.example/',
      '/\\/evil.example/',
      // Browsers strip tabs, CR and LF anywhere in a URL: these become //evil.example.
      '/\t/evil.example/?workspace=x',
      '/\n/evil.example/x?workspace=default',
      '/\r/evil.example/',
      '/\r\n/evil.example/',
      '/ /evil.example/',
      '/\x00/evil.example/',
      '/\x7f/evil.example/',
      '/items?next=\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example',
      '',
      null,
      undefined,
    ]) {
      expect(isLocalPath(path, ORIGIN), JSON.stringify(path)).toBe(false);
    }
  });

  it('keeps percent-encoded slashes, backslashes and breaks as path text on this origin', () => {
    // `next` is decoded once (URLSearchParams); nothing decodes these again before navigating.
    for (const path of ['/%2F%2Fevil.example/', '/%5Cevil.example', '/%09/evil.example', '/%0A/evil.example', '/%2F/evil.example']) {
      expect(isLocalPath(path, ORIGIN), path).toBe(true);
      expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
    }
  });
});
