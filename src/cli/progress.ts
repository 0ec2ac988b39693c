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
    /** `fraction`: how much of the file is read (0–1), when known: then a bar, the percentage and the time left. */
    update(rows: number, extra = '', fraction: number | null = null) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const seconds = Math.max(0.001, (now - started) / 1000);
      const rate = rows / seconds;
      const head = fraction === null ? '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[Math.floor(now / 100) % 10] : progressBar(fraction, seconds);
      stream.write(`\r${head} ${progressText(label, rows, rate, extra)}\x1b[K`);
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

/** `[██████░░░░░░░░] 42% · 1분 10초 남음` — the bar of a file read `fraction` of the way in `seconds`. */
export function progressBar(fraction: number, seconds: number, width = 20): string {
  const f = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(f * width);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(f * 100)}%`;
  if (f < 0.02 || f >= 1) return bar;
  const left = Math.round((seconds * (1 - f)) / f);
  const m = Math.floor(left / 60);
  const sec = left % 60;
  return `${bar} · ${t(`${m ? `${m}분 ` : ''}${sec}초 남음`, `${m ? `${m}m ` : ''}${sec}s left`)}`;
}
