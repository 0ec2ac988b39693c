import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real `sori` entry point, run exactly as a user's `npx sori` runs it. */
export const SORI_BIN = fileURLToPath(new URL('../../bin/sori.js', import.meta.url));

export interface SoriResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A fresh temp folder for one test file: `dir` is the working directory for files, `dataDir`
 * the SORI_DATA_DIR. Only the variables Sori needs are passed on, so a developer's
 * DATABASE_URL or SORI_LANG never leaks into the run.
 */
export function makeSandbox(name: string, lang: 'ko' | 'en') {
  const dir = mkdtempSync(path.join(tmpdir(), `sori-cli-${name}-`));
  const dataDir = path.join(dir, 'data');
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    SORI_DATA_DIR: dataDir,
    SORI_LANG: lang,
    DATABASE_URL: '',
    SORI_LOG_LEVEL: 'warn',
  };
  return {
    dir,
    dataDir,
    env: baseEnv,
    file: (name: string) => path.join(dir, name),
    /** Runs `node bin/sori.js …args` in the sandbox and collects its output. */
    run: (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runSori(args, { cwd: dir, env: { ...baseEnv, ...extraEnv } }),
    /** Starts `sori …args` and returns the child (for serve, or to kill it mid-run). */
    start: (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => startSori(args, { cwd: dir, env: { ...baseEnv, ...extraEnv } }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type Sandbox = ReturnType<typeof makeSandbox>;

/** Starts the CLI as a child process with piped output. */
export function startSori(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [SORI_BIN, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (output.stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (output.stderr += s));
  return Object.assign(child, { output });
}

/** Resolves when the child has exited and its output streams are drained. */
export function waitForExit(child: ReturnType<typeof startSori>): Promise<SoriResult> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close' (not 'exit') so stdout is complete.
    child.once('close', (code, signal) => resolve({ code, signal, ...child.output }));
  });
}

/** Runs the CLI to completion; a hung run is killed after `timeoutMs` so the test fails clearly. */
export async function runSori(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<SoriResult> {
  const child = startSori(args, opts);
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  try {
    return await waitForExit(child);
  } finally {
    clearTimeout(timer);
  }
}

/** Parses `sori export --format jsonl --out -` output. */
export function parseJsonl(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Formats a run for assertion messages, so a failing exit code shows what the CLI said. */
export function describeRun(r: SoriResult): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout ---\n${r.stdout.slice(0, 4000)}\n--- stderr ---\n${r.stderr.slice(0, 4000)}`;
}

/** A CSV cell, quoted when it must be. */
export function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text (LF line ends) from a header and rows. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** Waits for a started `sori serve` to answer `url` (its /healthz), giving its answer; fails when it exits first or never answers. */
export async function waitForHealth(url: string, child: ReturnType<typeof startSori>, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`sori serve exited early (${child.exitCode ?? child.signalCode})\n${child.output.stderr}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return await res.json();
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from ${url}: ${String(lastError)}\n${child.output.stderr}`);
}
