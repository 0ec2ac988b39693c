// `sori import` / `sori export` file handling as a user meets it (audit of file import/export):
// the rejects file, row-number columns, XLSX cell limits, closed pipes and clear messages.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, makeSandbox, parseJsonl, SORI_BIN, waitForExit, type Sandbox, type SoriResult } from './run-sori.js';

const SLOW = 120_000;
let sb: Sandbox;

beforeAll(() => {
  sb = makeSandbox('files', 'ko');
});
afterAll(() => sb?.remove());

function ok(r: SoriResult): SoriResult {
  expect(r.code, describeRun(r)).toBe(0);
  return r;
}

describe('import: the rejects file', () => {
  it('refuses --rejects naming the input file, and leaves the input alone', async () => {
    const input = sb.file('victim.csv');
    const body = '티켓번호,접수일시,채널,문의내용\nV1,2024-11-01 10:00,채팅,정상\n';
    writeFileSync(input, body);
    const r = await sb.run(['import', input, '--rejects', input]);
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toMatch(/가져올 파일과 같은 파일입니다/);
    expect(readFileSync(input, 'utf8')).toBe(body);
    // The same file by another spelling of its path.
    const r2 = await sb.run(['import', 'victim.csv', '--rejects', './victim.csv', '--dry-run']);
    expect(r2.code, describeRun(r2)).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(body);
  }, SLOW);

  it('uses the header for the rejects columns even when the first rejected row could not be read, so it imports again', async () => {
    const input = sb.file('rej.csv');
    writeFileSync(input, '티켓번호,접수일시,채널,문의내용\r\nA1,2024-11-01 10:00,채팅,정상\r\nA2,2024-11-01 10:00,채팅,쉼표가,많은,행\r\nA3,2024/13/45,채팅,날짜 틀림 - 고쳐서 다시 올릴 행\r\n');
    const r = ok(await sb.run(['import', input, '--source', 'rej']));
    const rejectsPath = `${input}.rejects.csv`;
    const rows = parseCsv(readFileSync(rejectsPath, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['reject_row', 'reject_field', 'reject_reason', '티켓번호', '접수일시', '채널', '문의내용', 'reject_other']);
    expect(rows[1]).toMatchObject({ reject_row: '4', 티켓번호: 'A3', 문의내용: '날짜 틀림 - 고쳐서 다시 올릴 행', reject_other: '' });
    expect(r.stdout).toMatch(/항목 ID 열: 티켓번호/);
    // Corrected (the unreadable row dropped, the date fixed), the rejects file imports as the original rows.
    const fixed = readFileSync(rejectsPath, 'utf8').split(/\r?\n/).filter((l) => !l.includes('"3"')).join('\n').replaceAll('2024/13/45', '2024-11-03 10:00');
    writeFileSync(sb.file('rej-fixed.csv'), fixed);
    const again = ok(await sb.run(['import', sb.file('rej-fixed.csv'), '--source', 'rej']));
    expect(again.stdout).toMatch(/신규 1/);
  }, SLOW);

  it('keeps an older rejects file through a dry run without rejects, and through a run that fails', async () => {
    const input = sb.file('clean.csv');
    writeFileSync(input, '티켓번호,접수일시,채널,문의내용\nC1,2024-11-01 10:00,채팅,정상\n');
    const rejectsPath = sb.file('old.rejects.csv');
    writeFileSync(rejectsPath, 'older rejects');
    ok(await sb.run(['import', input, '--rejects', rejectsPath, '--dry-run']));
    expect(readFileSync(rejectsPath, 'utf8')).toBe('older rejects');
    // A run that stops on a mapping error replaces nothing.
    const bad = await sb.run(['import', input, '--rejects', rejectsPath, '--map', 'text=없는열']);
    expect(bad.code, describeRun(bad)).not.toBe(0);
    expect(readFileSync(rejectsPath, 'utf8')).toBe('older rejects');
    // A completed run without rejects removes it and says so (it would look like this run's).
    const done = ok(await sb.run(['import', input, '--rejects', rejectsPath]));
    expect(done.stdout).toMatch(/이전 거부 행 파일을 지웠습니다/);
    expect(existsSync(rejectsPath)).toBe(false);
  }, SLOW);
});

describe('import: for scripts (--json, --fail-on-reject)', () => {
  it('prints the summary as one JSON line on stdout, the messages on stderr, and exits 3 on a rejected row only when asked', async () => {
    const input = sb.file('cron.csv');
    writeFileSync(input, '티켓번호,접수일시,채널,문의내용\nJ1,2024-11-01 10:00,채팅,배송이 늦어요\nJ2,2024/13/45,채팅,날짜가 틀린 행\nJ3,2024-11-01 11:00,전화,환불 문의\n');
    const r = await sb.run(['import', input, '--source', 'cron', '--json', '--fail-on-reject']);
    expect(r.code, describeRun(r)).toBe(3);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!);
    expect(summary).toMatchObject({ kind: 'items', file_name: 'cron.csv', dry_run: false, total_rows: 3, accepted: 2, inserted: 2, rejected: 1 });
    expect(summary.rejects).toEqual([{ row: 3, field: 'created_at', reason: expect.any(String) }]);
    expect(summary.rejects_file).toBe(`${input}.rejects.csv`);
    expect(summary.run_id).toMatch(/^\d+$/);
    expect(r.stderr).toMatch(/전체 3행 · 정상 2/);
    // The same file again: unchanged rows, the same reject; without --fail-on-reject the exit code is 0.
    const again = ok(await sb.run(['import', input, '--source', 'cron', '--json']));
    expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 2, inserted: 0, unchanged: 2, rejected: 1 });
    // A clean file with --fail-on-reject exits 0.
    writeFileSync(input, '티켓번호,접수일시,채널,문의내용\nJ4,2024-11-02 10:00,채팅,쿠폰이 안 돼요\n');
    const clean = ok(await sb.run(['import', input, '--source', 'cron', '--json', '--fail-on-reject']));
    expect(JSON.parse(clean.stdout)).toMatchObject({ accepted: 1, rejected: 0, rejects_file: null, rejects: [] });
    // Business metrics too.
    const metrics = sb.file('cron-metrics.csv');
    writeFileSync(metrics, '일자,주문수\n2024-11-01,1200\n2024-11-02,-3\n');
    const m = await sb.run(['import', metrics, '--metrics', '--json', '--fail-on-reject']);
    expect(m.code, describeRun(m)).toBe(3);
    expect(JSON.parse(m.stdout)).toMatchObject({ kind: 'metrics', accepted: 1, rejected: 1, names: ['orders'] });
  }, SLOW);
});

describe('import: row-number columns and messages', () => {
  it("does not take a board's 번호 column as the ticket id: November and December both stay", async () => {
    writeFileSync(sb.file('nov.csv'), '번호,작성일,내용\n1,2024-11-01,11월 첫 문의 배송\n2,2024-11-02,11월 두번째 환불\n');
    writeFileSync(sb.file('dec.csv'), '번호,작성일,내용\n1,2024-12-01,12월 첫 문의 로그인\n2,2024-12-02,12월 두번째 결제\n');
    const dry = ok(await sb.run(['import', sb.file('nov.csv'), '--channel', 'board', '--source', 'board', '--dry-run']));
    expect(dry.stdout).toMatch(/항목 ID 열 없음/);
    expect(dry.stdout).toMatch(/번호 열은 목록의 행 번호로 보고/);
    ok(await sb.run(['import', sb.file('nov.csv'), '--channel', 'board', '--source', 'board']));
    const dec = ok(await sb.run(['import', sb.file('dec.csv'), '--channel', 'board', '--source', 'board']));
    expect(dec.stdout).toMatch(/신규 2/);
    const items = parseJsonl(ok(await sb.run(['export', '--format', 'jsonl', '--out', '-', '--source', 'board'])).stdout);
    expect(items).toHaveLength(4);
  }, SLOW);

  it('names the columns a complete mapping drops as not stored, not as kept in metadata', async () => {
    writeFileSync(sb.file('full.csv'), '티켓번호,접수일시,채널,문의내용,고객명,연락처,상태\nF1,2024-11-01 10:00,전화,본문,홍길동,010-1234-5678,완료\n');
    writeFileSync(sb.file('map-full.json'), '{"fields":{"text":"문의내용","created_at":"접수일시","external_id":"티켓번호"},"metadata":["채널"],"constants":{"channel":"phone"}}');
    const r = ok(await sb.run(['import', sb.file('full.csv'), '--map', sb.file('map-full.json'), '--source', 'full']));
    expect(r.stdout).toMatch(/메타데이터로 보관한 열: 채널\n/);
    expect(r.stdout).toMatch(/매핑에 없어 저장하지 않은 열: 고객명, 연락처, 상태/);
  }, SLOW);

  it('keeps a leading apostrophe in a customer file', async () => {
    writeFileSync(sb.file('apos.csv'), "티켓번호,접수일시,채널,문의내용\nP1,2024-11-01 10:00,채팅,'-' 표시가 이상해요\n");
    ok(await sb.run(['import', sb.file('apos.csv'), '--source', 'apos']));
    const [item] = parseJsonl(ok(await sb.run(['export', '--format', 'jsonl', '--out', '-', '--source', 'apos'])).stdout);
    expect(item.text).toBe("'-' 표시가 이상해요");
    // Through Sori's own CSV export and back, exactly the same.
    ok(await sb.run(['export', '--format', 'csv', '--out', sb.file('apos-out.csv'), '--source', 'apos']));
    const again = ok(await sb.run(['import', sb.file('apos-out.csv')]));
    expect(again.stdout).toMatch(/동일 1/);
  }, SLOW);

  it('explains a folder given as the file to import, in both languages', async () => {
    mkdirSync(sb.file('a-folder'), { recursive: true });
    const ko = await sb.run(['import', sb.file('a-folder')]);
    expect(ko.code, describeRun(ko)).toBe(2);
    expect(ko.stderr).toMatch(/폴더는 가져올 수 없습니다/);
    expect(ko.stderr).not.toMatch(/EISDIR|at /);
    const en = await sb.run(['import', sb.file('a-folder')], { SORI_LANG: 'en' });
    expect(en.stderr).toMatch(/is a folder; name a file to import/);
  }, SLOW);
});

describe('import: files that used to lose rows (review)', () => {
  it('stores every row after a stray opening quote with over 1,000,000 characters after it', async () => {
    const lines = ['external_id,text,created_at,channel'];
    for (let i = 0; i < 20_000; i++) lines.push(i === 1 ? `U${i},"열린 따옴표만 있는 행,2024-03-05 14:30,chat` : `U${i},문의 내용 번호 ${i} 배송 관련 질문이 있습니다 확인 부탁드립니다,2024-03-05 14:30,chat`);
    writeFileSync(sb.file('stray.csv'), lines.join('\n') + '\n');
    const r = ok(await sb.run(['import', 'stray.csv', '--source', 'stray']));
    expect(r.stdout).toMatch(/전체 20000행 · 정상 19999 .* 거부 1/);
    expect(r.stdout).toMatch(/행 3: 따옴표가 닫히지 않았습니다. 이 줄을 건너뛰고 다음 줄부터 읽었습니다/);
  }, SLOW);

  it('takes the header under a title line of two cells', async () => {
    writeFileSync(sb.file('title2.csv'), '\uFEFF1:1 문의 내역,2024년 3월\r\n\r\n번호,문의내용,작성일,작성자\r\n1,배송 문의,2024-03-05 14:30,홍길동\r\n');
    const r = ok(await sb.run(['import', 'title2.csv', '--source', 'title2', '--channel', 'board']));
    expect(r.stdout).toMatch(/전체 1행 · 정상 1/);
    // Columns Sori does not know under the title: the title is still read as the header, and the error says so.
    writeFileSync(sb.file('title-unknown.csv'), '보고서,2024년 3월\r\nA,B,C,D\r\n배송 문의,2024-03-05 14:30,x,y\r\n');
    const bad = await sb.run(['import', 'title-unknown.csv', '--channel', 'board', '--map', 'text=보고서,created_at=2024년 3월']);
    expect(bad.code, describeRun(bad)).toBe(1);
    expect(bad.stderr).toMatch(/머리글로 읽은 줄\(보고서, 2024년 3월\)과 다릅니다. 첫 줄이 실제 머리글 위의 제목 줄이라면/);
  }, SLOW);
});

describe('import: Ctrl-C', () => {
  it('says how many rows were stored before it stopped, and leaves the earlier rejects file whole', async () => {
    // 20,000 rows, batches of 500, one bad row at 3,000: the rejects file appears once six batches are in.
    const lines = ['external_id,channel,source,created_at,text'];
    for (let i = 0; i < 20_000; i++) {
      lines.push(i === 3_000 ? 'BAD,chat,stop,2026-13-45 10:00,날짜가 잘못된 행' : `S-${i},chat,stop,${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()},중단 시험 문의 ${i}번`);
    }
    writeFileSync(sb.file('stop.csv'), lines.join('\n') + '\n');
    const rejectsPath = sb.file('stop.csv.rejects.csv');
    writeFileSync(rejectsPath, 'earlier rejects');
    const partial = () => readdirSync(sb.dir).filter((f) => f.startsWith('stop.csv.rejects.csv.tmp-'));
    const child = sb.start(['import', 'stop.csv', '--batch-size', '500']);
    const exited = waitForExit(child);
    // The rejects are written beside the file while the import runs (an older version wrote over it).
    while (child.exitCode === null && !partial().length && readFileSync(rejectsPath, 'utf8') === 'earlier rejects') await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const r = await exited;
    expect(r.code, describeRun(r)).toBe(130);
    const m = /중단 전 (\d+)행 처리: 저장 (\d+) \(신규 (\d+)/.exec(r.stderr);
    expect(m, describeRun(r)).not.toBeNull();
    expect(readFileSync(rejectsPath, 'utf8')).toBe('earlier rejects');
    expect(partial()).toEqual([]);
    expect(r.stderr).toMatch(/거부 행 파일은 끝까지 마친 가져오기만 씁니다/);
    const stored = parseJsonl(ok(await sb.run(['export', '--format', 'jsonl', '--out', '-', '--source', 'stop'])).stdout).length;
    expect(Number(m![2])).toBe(stored);
    expect(stored).toBeGreaterThanOrEqual(3_000);
    // Run to its end, the import replaces the earlier rejects file with its own.
    ok(await sb.run(['import', 'stop.csv', '--batch-size', '500']));
    expect(readFileSync(rejectsPath, 'utf8')).toMatch(/2026-13-45/);
    expect(partial()).toEqual([]);

    // An export stopped midway leaves the earlier file of its name whole, and no partial one beside it.
    const exportPath = sb.file('stop.xlsx');
    writeFileSync(exportPath, 'earlier export');
    const partialExport = () => readdirSync(sb.dir).filter((f) => f.startsWith('stop.xlsx.tmp-'));
    const exporting = sb.start(['export', '--format', 'xlsx', '--out', 'stop.xlsx', '--source', 'stop']);
    const exportExited = waitForExit(exporting);
    while (exporting.exitCode === null && !partialExport().length) await new Promise((r) => setTimeout(r, 5));
    exporting.kill('SIGINT');
    const stopped = await exportExited;
    expect(stopped.code, describeRun(stopped)).toBe(130);
    expect(stopped.stderr).toMatch(/중단했습니다. .*stop.xlsx은\(는\) 쓰지 않았습니다/);
    expect(readFileSync(exportPath, 'utf8')).toBe('earlier export');
    expect(partialExport()).toEqual([]);
    ok(await sb.run(['export', '--format', 'xlsx', '--out', 'stop.xlsx', '--source', 'stop']));
    expect(readFileSync(exportPath).subarray(0, 2).toString()).toBe('PK');
  }, SLOW);
});

describe('export', () => {
  it('warns when XLSX cuts text, and importing that XLSX keeps the full stored text', async () => {
    const text = '긴 본문 '.repeat(10_000) + '끝부분 중요한 내용';
    writeFileSync(sb.file('big.jsonl'), JSON.stringify({ external_id: 'BIG1', created_at: '2024-11-01T10:00:00Z', channel: 'chat', text }) + '\n');
    ok(await sb.run(['import', sb.file('big.jsonl'), '--source', 'big']));
    const ex = ok(await sb.run(['export', '--format', 'xlsx', '--out', sb.file('big.xlsx'), '--source', 'big']));
    expect(ex.stderr).toMatch(/1개를 잘라서 저장했습니다.*csv 또는 jsonl/);
    const im = await sb.run(['import', sb.file('big.xlsx')]);
    expect(im.stdout).toMatch(/거부 1/);
    expect(im.stdout).toMatch(/엑셀 셀 한도/);
    const [item] = parseJsonl(ok(await sb.run(['export', '--format', 'jsonl', '--out', '-', '--source', 'big'])).stdout);
    expect(item.text).toBe(text.trim());
  }, SLOW);

  it('explains an --out in a missing folder instead of printing ENOENT', async () => {
    const r = await sb.run(['export', '--format', 'csv', '--out', sb.file('no-such-dir/x.csv')]);
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toMatch(/폴더가 없습니다/);
    expect(r.stderr).not.toMatch(/ENOENT/);
  }, SLOW);

  for (const format of ['csv', 'xlsx'] as const) {
    it(`ends quietly with exit 0 when the reader of stdout closes it (${format} | head -c 1)`, async () => {
      // More than a pipe holds (64 KB), so sori is still writing when head closes its end.
      const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ external_id: `PIPE${i}`, created_at: '2024-11-01T10:00:00Z', channel: 'chat', text: `파이프 ${i} `.repeat(4_000) }));
      writeFileSync(sb.file('pipe.jsonl'), lines.join('\n') + '\n');
      ok(await sb.run(['import', sb.file('pipe.jsonl'), '--source', 'pipe']));
      // bash's PIPESTATUS gives the exit status of sori, the left side of the pipe.
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const c = spawn('bash', ['-c', `node "${SORI_BIN}" export --format ${format} --out - | head -c 1 >/dev/null; exit \${PIPESTATUS[0]}`], { cwd: sb.dir, env: sb.env });
        let stderr = '';
        c.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
        c.on('close', (code) => resolve({ code, stderr }));
      });
      expect(r.stderr).not.toMatch(/EPIPE|Error/);
      expect(r.code).toBe(0);
    }, SLOW);
  }
});
