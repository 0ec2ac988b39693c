import { afterEach, describe, expect, it, vi } from 'vitest';

async function progressIn(lang: 'ko' | 'en') {
  vi.resetModules();
  vi.stubEnv('SORI_LANG', lang);
  return import('./progress.js');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('progress line', () => {
  it('is all Korean under SORI_LANG=ko, no English "rows" in it', async () => {
    const { progressText } = await progressIn('ko');
    const { t } = await import('./i18n.js');
    const line = progressText(t('가져오는 중', 'importing'), 3000, 1477.4, t('거부 0', 'rejected 0'));
    expect(line).toBe('가져오는 중 3,000행 · 초당 1,477행 · 거부 0');
    expect(line).not.toMatch(/rows|\/s/);
  });

  it('is all English under SORI_LANG=en', async () => {
    const { progressText } = await progressIn('en');
    const { t } = await import('./i18n.js');
    expect(progressText(t('가져오는 중', 'importing'), 3000, 1477.4, t('거부 0', 'rejected 0'))).toBe('importing 3,000 rows · 1,477 rows/s · rejected 0');
  });

  it('writes to a terminal only, and clears its line when done', async () => {
    const { createProgress } = await progressIn('en');
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const p = createProgress('importing', tty);
    p.update(10, 'rejected 0');
    p.done();
    expect(written[0]).toMatch(/importing 10 rows · [\d,]+ rows\/s · rejected 0/);
    expect(written.at(-1)).toBe('\r\x1b[K');
    const pipe = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const before = written.length;
    createProgress('x', pipe).update(1);
    expect(written.length).toBe(before);
  });

  it('draws a bar with the share of the file read and the time left, when the size is known', async () => {
    const { progressBar } = await progressIn('ko');
    expect(progressBar(0.5, 30, 10)).toBe('[█████░░░░░] 50% · 30초 남음');
    expect(progressBar(0.25, 50, 8)).toBe('[██░░░░░░] 25% · 2분 30초 남음');
    expect(progressBar(1, 10, 4)).toBe('[████] 100%');
    const en = await progressIn('en');
    expect(en.progressBar(0.1, 10, 10)).toBe('[█░░░░░░░░░] 10% · 1m 30s left');
  });
});
