// `sori import FILE --adapter channeltalk|zendesk`: recorded as an import run (its id printed, so it
// can be undone), and — while `sori serve` holds the data folder — sent through the server
// (POST /imports/vendor) with an ingest-scope SORI_TOKEN, printing what a local run prints and
// fetching its rejects file; before, such an import needed the server stopped.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCsv, fixtureText } from '../fixtures/adapters/load.js';
import { describeRun, freePort, makeSandbox, toCsv, waitForExit, waitForHealth, type Sandbox, type startSori } from './run-sori.js';

const SLOW = 180_000;

let sb: Sandbox;
let server: ReturnType<typeof startSori> | null = null;

beforeAll(() => {
  sb = makeSandbox('vendor-server', 'ko');
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await waitForExit(server);
  }
  sb?.remove();
});

describe('sori import --adapter, as a run and through a running server', () => {
  it('prints the run to undo; through the server with a token: the same lines, the rejects file, the not-an-export refusal', { timeout: SLOW }, async () => {
    const [header, ...rows] = fixtureText('channeltalk-export-userchats.csv').trim().split('\n');
    writeFileSync(sb.file('chats.csv'), [header, ...rows].join('\n') + '\n');
    const local = await sb.run(['import', 'chats.csv', '--adapter', 'channeltalk', '--json']);
    expect(local.code, describeRun(local)).toBe(0);
    const localRun = JSON.parse(local.stdout.trim()) as { run_id: string; inserted: number };
    expect(localRun).toMatchObject({ inserted: rows.length, run_id: expect.stringMatching(/^\d+$/) });
    expect(local.stderr).toContain(`되돌리기: sori import undo ${localRun.run_id}`);

    const made = await sb.run(['tokens', 'create', '--name', 'vendor', '--scopes', 'ingest,read']);
    expect(made.code, describeRun(made)).toBe(0);
    const token = made.stdout.trim();
    const port = await freePort();
    server = sb.start(['serve'], { PORT: String(port), HOST: '127.0.0.1', SORI_ADMIN_EMAIL: 'admin@example.com', SORI_ADMIN_PASSWORD: 'change-me-now!' });
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, server, 120_000);

    // A changed chat, a new one, and one whose time cannot be read (rejected, named by its chat id).
    const table = fixtureCsv('channeltalk-export-userchats.csv');
    const columns = Object.keys(table[0]!);
    const edited = [
      { ...table[0]!, description: '배송 지연 - 다시 문의 (수정)' },
      ...table.slice(1),
      { ...table[0]!, id: 'ct-new-1' },
      { ...table[0]!, id: 'ct-bad-1', createdAt: '어제 오후', firstOpenedAt: '', openedAt: '' },
    ];
    writeFileSync(sb.file('chats2.csv'), toCsv(columns, edited.map((r) => columns.map((c) => r[c] ?? ''))));

    const blocked = await sb.run(['import', 'chats2.csv', '--adapter', 'channeltalk']);
    expect(blocked.code, describeRun(blocked)).toBe(75);
    expect(blocked.stderr).toContain('SORI_TOKEN');

    const through = await sb.run(['import', 'chats2.csv', '--adapter', 'channeltalk'], { SORI_TOKEN: token });
    expect(through.code, describeRun(through)).toBe(0);
    expect(through.stderr).toContain(`실행 중인 서버(http://127.0.0.1:${port})`);
    expect(through.stdout).toContain(`channeltalk 내보내기: 항목 ${rows.length + 2}건 · 신규 1, 변경 1, 동일 ${rows.length - 1} · 거부 1 · 건너뜀 0`);
    expect(through.stdout).toMatch(/ct-bad-1 \[created_at\]: 날짜·시간 형식이 아닙니다: 어제 오후/);
    expect(through.stdout).toContain('거부 목록: chats2.csv.rejects.csv');
    const rejects = readFileSync(sb.file('chats2.csv.rejects.csv'), 'utf8').replace(/^\ufeff/, '').split('\r\n');
    expect(rejects[0]).toBe('item,field,reason');
    expect(rejects[1]).toMatch(/^ct-bad-1,created_at,/);
    const runId = /sori import undo (\d+)/.exec(through.stdout)?.[1];
    expect(runId).toBeDefined();

    const runs = (await (await fetch(`http://127.0.0.1:${port}/api/v1/imports`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { runs: Record<string, unknown>[] };
    expect(runs.runs.find((r) => r.id === runId)).toMatchObject({ adapter: 'channeltalk', file_name: 'chats2.csv', inserted: 1, updated: 1, rejected: 1, status: 'completed' });
    expect(runs.runs.find((r) => r.id === localRun.run_id)).toMatchObject({ adapter: 'channeltalk', created_by: 'cli' });

    // A file of items given to --adapter, through the server too: the same refusal, exit 1.
    writeFileSync(sb.file('items.csv'), 'external_id,created_at,text,channel\nX-1,2026-11-01 10:00,로그인이 안 돼요,chat\n');
    const wrong = await sb.run(['import', 'items.csv', '--adapter', 'channeltalk', '--json'], { SORI_TOKEN: token });
    expect(wrong.code, describeRun(wrong)).toBe(1);
    expect(wrong.stderr).toMatch(/Channel Talk 내보내기 파일로 보이지 않습니다.*--adapter 없이/);
    expect(JSON.parse(wrong.stdout.trim())).toMatchObject({ items: 0, unreadable_skipped: 1, skipped: [{ count: 1, unreadable: true }] });
    server.kill('SIGTERM');
    await waitForExit(server);
  });
});
