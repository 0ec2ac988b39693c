// A `sori import` killed with SIGKILL in the middle must leave whole batches only, the embedded
// database must open again, and re-running the same import must converge to exactly the file.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, makeSandbox, parseJsonl, waitForExit, type Sandbox } from './run-sori.js';

const SLOW = 150_000;
const GOOD_ROWS = 30_000;
const BATCH = 1_000;
// One unreadable row opens batch 6 (0-based data row 5,000). The CLI creates the rejects file
// when it reaches that row, which is only after batches 1–5 have committed: a reliable sign that
// the import is in the middle, without reading the database the import has locked.
const BAD_AT = 5_000;

let sb: Sandbox;

beforeAll(() => {
  sb = makeSandbox('crash', 'ko');
});

afterAll(() => {
  sb?.remove();
});

/** 30,000 good rows plus the bad one; returns the item count after each complete batch. */
function writeBigCsv(file: string): number[] {
  const lines = ['external_id,channel,source,created_at,text,customer_id,rating'];
  const boundaries = [0];
  let good = 0;
  for (let i = 0, g = 0; i < GOOD_ROWS + 1; i++) {
    if (i === BAD_AT) lines.push('BAD-1,chat,bulk,2026-13-45 10:00,날짜가 잘못된 행,C-1,3');
    else {
      const at = new Date(Date.UTC(2026, 0, 1) + g * 60_000).toISOString();
      lines.push(`B-${g},${g % 3 ? 'chat' : 'phone'},bulk,${at},"대량 문의 ${g}번: 주문한 상품이 아직 안 왔어요, 언제 오나요?",C-${g % 700},${1 + (g % 5)}`);
      g++;
      good++;
    }
    if ((i + 1) % BATCH === 0 || i === GOOD_ROWS) boundaries.push(good);
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return boundaries;
}

/** Starts the import and sends `signal` as soon as it has reached the bad row (batches 1–5 are in). */
async function interruptImport(signal: NodeJS.Signals, rejectsFile: string) {
  rmSync(rejectsFile, { force: true });
  const child = sb.start(['import', 'big.csv', '--batch-size', String(BATCH)]);
  const exited = waitForExit(child);
  let signalled = false;
  while (child.exitCode === null && child.signalCode === null) {
    // The rejects are written beside their file until the import completes (FILE.rejects.csv.tmp-…).
    if (partialRejects(rejectsFile).length) {
      signalled = child.kill(signal);
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const result = await exited;
  expect(signalled, `the import ended before it could be interrupted: ${describeRun(result)}`).toBe(true);
  return { child, result };
}

/** The temporary rejects files beside `rejectsFile`. */
function partialRejects(rejectsFile: string): string[] {
  return readdirSync(path.dirname(rejectsFile)).filter((f) => f.startsWith(`${path.basename(rejectsFile)}.tmp-`));
}

/** Exports everything; the count must be a batch boundary and ids unique. */
async function exportedIds(boundaries: number[], reason: string): Promise<Set<string>> {
  const r = await sb.run(['export', '--format', 'jsonl', '--out', '-']);
  expect(r.code, `${reason}: ${describeRun(r)}`).toBe(0);
  const items = parseJsonl(r.stdout);
  const ids = new Set(items.map((i) => String(i.external_id)));
  expect(ids.size, 'duplicate items').toBe(items.length);
  expect(boundaries, `item count ${items.length} is not a batch boundary`).toContain(items.length);
  return ids;
}

describe('interrupting an import', () => {
  let boundaries: number[] = [];
  const file = () => sb.file('big.csv');
  const rejectsFile = () => `${file()}.rejects.csv`;

  beforeAll(() => {
    boundaries = writeBigCsv(file());
    expect(boundaries.at(-1)).toBe(GOOD_ROWS);
  });

  it('Ctrl-C (SIGINT) stops with exit 130, releases the lock and leaves whole batches', { timeout: SLOW }, async () => {
    const { result } = await interruptImport('SIGINT', rejectsFile());
    expect(result.code, describeRun(result)).toBe(130);
    expect(existsSync(path.join(sb.dataDir, 'sori.lock'))).toBe(false);
    // No partial rejects file: neither in place of the real one nor left beside it.
    expect(existsSync(rejectsFile())).toBe(false);
    expect(partialRejects(rejectsFile())).toEqual([]);
    const ids = await exportedIds(boundaries, 'export after Ctrl-C');
    expect(ids.size).toBeGreaterThanOrEqual(BAD_AT);
    expect(ids.size).toBeLessThan(GOOD_ROWS);
  });

  it('SIGKILL leaves whole batches; re-running converges to exactly 30,000 items', { timeout: SLOW }, async () => {
    const { child, result } = await interruptImport('SIGKILL', rejectsFile());
    expect(result.signal).toBe('SIGKILL');
    // The dead process's lock is still there; the next command must take it over.
    const lock = JSON.parse(readFileSync(path.join(sb.dataDir, 'sori.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: child.pid, command: 'import' });

    // PGlite must reopen the folder after the kill (crash recovery from its WAL).
    const landed = await exportedIds(boundaries, 'PGlite could not reopen the data folder after SIGKILL');
    const count = landed.size;
    expect(count).toBeGreaterThanOrEqual(BAD_AT);
    expect(count).toBeLessThan(GOOD_ROWS);

    const rerun = await sb.run(['import', 'big.csv', '--batch-size', String(BATCH)]);
    expect(rerun.code, describeRun(rerun)).toBe(0);
    expect(rerun.stdout).toContain(`정상 ${GOOD_ROWS} (신규 ${GOOD_ROWS - count}, 변경 0, 동일 ${count})`);
    expect(rerun.stdout).toContain(`행 ${BAD_AT + 2} [created_at]`);
    // The killed run's temporary rejects file is gone, the completed run's is in place.
    expect(partialRejects(rejectsFile())).toEqual([]);
    expect(readFileSync(rejectsFile(), 'utf8')).toContain('BAD-1');

    const ids = await exportedIds(boundaries, 'export after the re-run');
    expect(ids.size).toBe(GOOD_ROWS);
    for (let g = 0; g < GOOD_ROWS; g++) if (!ids.has(`B-${g}`)) expect.fail(`B-${g} is missing`);
  });
});
