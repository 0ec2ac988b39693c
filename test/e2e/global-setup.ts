import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'web');
const BUILT = path.join(WEB, 'dist', 'index.html');

/** Newest modification time of the web app's sources (src/, index.html, public/, vite config). */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of ['src', 'public', 'index.html', 'vite.config.ts']) walk(path.join(WEB, p));
  return newest;
}

/** Builds the dashboard once when web/dist is missing or older than its sources. */
export default function setup(): void {
  // Screenshots of this run only (no FAILED-*.png left from an earlier one).
  const shots = path.join(ROOT, 'test-output', 'e2e');
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const reason = !existsSync(BUILT)
    ? 'web/dist missing'
    : statSync(BUILT).mtimeMs < newestSource()
      ? 'web sources changed since the last build'
      : process.env.SORI_E2E_REBUILD === '1'
        ? 'SORI_E2E_REBUILD=1'
        : null;
  if (!reason) return;
  const started = Date.now();
  process.stderr.write(`[e2e] building the web app (${reason})…\n`);
  // The bundle that ships: vitest runs with NODE_ENV=test, which the build would inherit and turn into React's
  // development build (StrictMode then mounts every page twice and each of its requests goes out twice).
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0 || !existsSync(BUILT)) {
    throw new Error(`web build failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  process.stderr.write(`[e2e] web app built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
