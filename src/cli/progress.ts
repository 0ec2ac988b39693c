/** A one-line progress display on a terminal (stderr); silent when stderr is not a TTY. */
export function createProgress(label: string) {
  const tty = process.stderr.isTTY;
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
      process.stderr.write(`\r${spin} ${label} ${rows.toLocaleString()} rows · ${Math.round(rate).toLocaleString()}/s ${extra}\x1b[K`);
    },
    done() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}
