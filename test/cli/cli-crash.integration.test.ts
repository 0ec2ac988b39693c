// A `sori import` killed with SIGKILL in the middle must leave whole batches only, the embedded
// database must open again, and re-running the same import must converge to exactly the file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('crash in the middle of an import', () => {
  it('SIGKILL leaves whole batches; re-running converges to exactly 30,000 items', { timeout: SLOW }, async () => {
    const file = sb.file('big.csv');
    const boundaries = writeBigCsv(file);
    expect(boundaries.at(-1)).toBe(GOOD_ROWS);
    const rejectsFile = `${file}.rejects.csv`;

    const child = sb.start(['import', 'big.csv', '--batch-size', String(BATCH)]);
    const exited = waitForExit(child);
    let sawRejects = false;
    while (child.exitCode === null && child.signalCode === null) {
      if (existsSync(rejectsFile)) {
        sawRejects = true;
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const killed = await exited;
    expect(sawRejects, `the import ended before it could be killed: ${describeRun(killed)}`).toBe(true);
    expect(killed.signal).toBe('SIGKILL');
    // The dead process's lock is still there; the next command must take it over.
    const lock = JSON.parse(readFileSync(path.join(sb.dataDir, 'sori.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: child.pid, command: 'import' });

    // PGlite must reopen the folder after the kill (crash recovery from its WAL).
    const afterKill = await sb.run(['export', '--format', 'jsonl', '--out', '-']);
    expect(afterKill.code, `PGlite could not reopen the data folder after SIGKILL: ${describeRun(afterKill)}`).toBe(0);
    const landed = parseJsonl(afterKill.stdout);
    const count = landed.length;
    // Whole batches only: the count is one of the batch boundaries, and at least batches 1–5.
    expect(boundaries, `count after kill: ${count}`).toContain(count);
    expect(count).toBeGreaterThanOrEqual(BAD_AT);
    expect(count).toBeLessThan(GOOD_ROWS);
    expect(new Set(landed.map((i) => i.external_id)).size).toBe(count);

    const rerun = await sb.run(['import', 'big.csv', '--batch-size', String(BATCH)]);
    expect(rerun.code, describeRun(rerun)).toBe(0);
    expect(rerun.stdout).toContain(`정상 ${GOOD_ROWS} (신규 ${GOOD_ROWS - count}, 변경 0, 동일 ${count})`);
    expect(rerun.stdout).toContain(`행 ${BAD_AT + 2} [created_at]`);

    const final = await sb.run(['export', '--format', 'jsonl', '--out', '-']);
    expect(final.code, describeRun(final)).toBe(0);
    const items = parseJsonl(final.stdout);
    expect(items).toHaveLength(GOOD_ROWS);
    const ids = new Set(items.map((i) => i.external_id));
    expect(ids.size).toBe(GOOD_ROWS);
    for (let g = 0; g < GOOD_ROWS; g++) if (!ids.has(`B-${g}`)) expect.fail(`B-${g} is missing`);
  });
});
