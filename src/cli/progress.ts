import { t } from './i18n.js';

/**
 * A one-line progress display on a terminal (stderr); silent when stderr is not a TTY. In the
 * CLI's language (SORI_LANG), like its other messages: "가져오는 중 3,000행 · 초당 1,477행 · 거부 0"
 * or "importing 3,000 rows · 1,477 rows/s · rejected 0".
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY;
  const started = Date.now();
  let last = 0;
  return {
    update(rows: number, extra = '') {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const rate = rows / Math.max(0.001, (now - started) / 1000);
      const spin = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[Math.floor(now / 100) % 10];
      stream.write(`\r${spin} ${progressText(label, rows, rate, extra)}\x1b[K`);
    },
    done() {
      if (tty) stream.write('\r\x1b[K');
    },
  };
}

/** The progress line's text, without the spinner. */
export function progressText(label: string, rows: number, ratePerSecond: number, extra = ''): string {
  const n = rows.toLocaleString('en');
  const rate = Math.round(ratePerSecond).toLocaleString('en');
  return t(`${label} ${n}행 · 초당 ${rate}행`, `${label} ${n} rows · ${rate} rows/s`) + (extra ? ` · ${extra}` : '');
}
