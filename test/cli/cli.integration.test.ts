// The real `sori` command as a user runs it: child processes of `node bin/sori.js`, one fresh
// SORI_DATA_DIR (embedded PGlite) for this file. Steps build on each other and run in order.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, makeSandbox, parseJsonl, toCsv, type Sandbox, type SoriResult } from './run-sori.js';

const SLOW = 120_000;

let sb: Sandbox;

beforeAll(() => {
  sb = makeSandbox('main', 'ko');
});

afterAll(() => {
  sb?.remove();
});

function ok(r: SoriResult): SoriResult {
  expect(r.code, describeRun(r)).toBe(0);
  return r;
}

async function exportJsonl(extra: string[] = []): Promise<Record<string, unknown>[]> {
  const r = ok(await sb.run(['export', '--format', 'jsonl', '--out', '-', ...extra]));
  return parseJsonl(r.stdout);
}

const byKey = (items: Record<string, unknown>[]) => new Map(items.map((i) => [`${i.source}#${i.external_id}`, i]));

// --- generated Korean test data ------------------------------------------------------------------

const PHONE = '010-2345-6789';
const EMAIL = 'kim.minji@example.co.kr';
const RRN = '900101-1234567';
const FORMULA_TEXT = '=1+1 쿠폰 할인 금액이 이상하게 계산돼요';

const TEMPLATES = [
  '배송이 3일째 안 와요. 언제 도착하나요?',
  '환불 요청했는데 아직 입금이 안 됐습니다.',
  '앱에서 로그인이 자꾸 풀려요.',
  '상품이 파손되어 왔어요. 교환 부탁드립니다.',
  '상담원분이 친절하게 안내해 주셔서 감사합니다.',
];
const CHANNELS = ['chat', 'phone', 'email', 'board', 'review'];

/** Text of good row n (1-based): a few carry personal data, one is multi-line, one looks like a formula. */
function goodText(n: number): string {
  if (n === 3) return `주문 취소하고 싶어요. ${PHONE}로 전화 주세요`;
  if (n === 7) return `영수증은 ${EMAIL} 로 보내주세요`;
  if (n === 12) return `본인확인용 주민등록번호 ${RRN} 입니다`;
  if (n === 15) return `연락처 ${PHONE}, 메일 ${EMAIL} 둘 다 가능합니다`;
  if (n === 5) return '첫째 줄: 배송 문의\n둘째 줄: 주소 변경도 가능한가요?';
  if (n === 20) return FORMULA_TEXT;
  return `${TEMPLATES[n % TEMPLATES.length]} (문의 ${n})`;
}

const ITEM_HEADER = ['external_id', 'channel', 'source', 'created_at', 'text', 'customer_id', 'rating'];

/** 50 good rows and 3 bad ones; returns the CSV and each bad row's spreadsheet row (header = row 1). */
function itemsCsv(): { csv: string; bad: { row: number; field: string }[] } {
  const rows: (string | number)[][] = [];
  const bad: { row: number; field: string }[] = [];
  const pushBad = (row: (string | number)[], field: string) => {
    rows.push(row);
    bad.push({ row: rows.length + 1, field });
  };
  for (let n = 1; n <= 50; n++) {
    const hour = String(9 + (n % 9)).padStart(2, '0');
    const day = String(1 + (n % 28)).padStart(2, '0');
    rows.push([`VOC-${String(n).padStart(4, '0')}`, CHANNELS[n % 5], 'crm-export', `2026-03-${day} ${hour}:15`, goodText(n), `CUST-${n % 17}`, n % 6 === 0 ? '' : 1 + (n % 5)]);
    if (n === 9) pushBad(['VOC-BAD-1', 'chat', 'crm-export', '2026-02-30 10:00', '존재하지 않는 날짜', 'CUST-1', 3], 'created_at');
    if (n === 24) pushBad(['VOC-BAD-2', 'chat', 'crm-export', '2026-03-02 10:00', '별점이 9점?', 'CUST-2', 9], 'rating');
    if (n === 38) pushBad(['VOC-BAD-3', 'chat', 'crm-export', '2026-03-03 10:00', '', 'CUST-3', 4], 'text');
  }
  return { csv: toCsv(ITEM_HEADER, rows), bad };
}

// A CP949 file as Korean Excel saves it; 똠/똘/햏 are outside EUC-KR's 2,350 syllables but in CP949.
const BOARD_ROWS = [
  ['B-1001', '2026.03.02 14:05', '1:1 문의드립니다. 똠얌꿍 밀키트가 녹아서 왔어요.', 'M-77'],
  ['B-1002', '2026.03.02 15:30', '결제는 됐는데 주문 내역에 안 보여요', 'M-78'],
  ['B-1003', '2026-03-03 09:00', '햏 이거 쿠폰 적용이 안 됩니다', 'M-79'],
  ['B-1004', '2026-03-03 11:11', '배송지 변경하고 싶어요 (똘똘이 아파트 101동)', 'M-80'],
  ['B-1005', '2026-03-04 18:45', '회원 탈퇴는 어디서 하나요?', 'M-81'],
  ['B-1006', '2026-03-05 08:20', '교환 신청 후 회수 기사님이 안 오셨어요', 'M-82'],
  ['B-1007', '2026-03-05 13:00', '적립금이 사라졌어요', 'M-83'],
  ['B-1008', '2026-03-06 10:10', '선물 포장 되나요?', 'M-84'],
  ['B-1009', '2026-03-06 16:40', '영수증 재발행 부탁드립니다', 'M-85'],
  ['B-1010', '2026-03-07 09:30', '상품 문의: 사이즈가 어떻게 되나요?', 'M-86'],
];

describe('sori CLI (embedded database, Korean)', () => {
  it('1. prints bilingual help; unknown commands and flags exit 2', { timeout: SLOW }, async () => {
    for (const lang of ['ko', 'en'] as const) {
      const main = await sb.run(['--help'], { SORI_LANG: lang });
      expect(main.code, describeRun(main)).toBe(0);
      expect(main.stdout).toContain('사용법');
      expect(main.stdout).toContain('Usage');
      expect(main.stdout).toMatch(/import FILE/);

      const imp = await sb.run(['import', '--help'], { SORI_LANG: lang });
      expect(imp.code, describeRun(imp)).toBe(0);
      expect(imp.stdout).toContain('--map');
      expect(imp.stdout).toContain('열 매핑');
      expect(imp.stdout).toContain('column mapping');
      expect(imp.stdout).toContain('--dry-run');
    }
    // Commands with subcommands show their help for --help too (it was "unknown subcommand", exit 2).
    for (const [command, words] of [['users', '관리자·운영자·열람자'], ['tokens', 'bound to one workspace'], ['webhooks', '--secret'], ['workspaces', 'timezone ZONE']] as const) {
      const help = await sb.run([command, '--help']);
      expect(help.code, describeRun(help)).toBe(0);
      expect(help.stdout).toContain(words);
    }
    expect((await sb.run(['users', 'frobnicate'])).code).toBe(2);
    const koUnknown = await sb.run(['frobnicate']);
    expect(koUnknown.code, describeRun(koUnknown)).toBe(2);
    expect(koUnknown.stderr).toContain('알 수 없는 명령: frobnicate');
    const enUnknown = await sb.run(['frobnicate'], { SORI_LANG: 'en' });
    expect(enUnknown.code).toBe(2);
    expect(enUnknown.stderr).toContain('unknown command: frobnicate');

    const badFlag = await sb.run(['import', 'x.csv', '--no-such-flag']);
    expect(badFlag.code, describeRun(badFlag)).toBe(2);
    expect(badFlag.stderr).toContain('--no-such-flag');
    // None of these opened the database.
    expect(existsSync(sb.dataDir)).toBe(false);
  });

  it('takes a backup of the still-empty default workspace (used later to make a second workspace)', { timeout: SLOW }, async () => {
    const r = ok(await sb.run(['backup', 'empty.jsonl.gz']));
    expect(r.stdout).toContain('백업 완료');
    expect(r.stdout).toMatch(/  인입: 0\n/);
    expect(r.stdout).not.toContain('{');
  });

  it('2. imports a CSV with item-named columns; reports bad rows by spreadsheet row; redacts PII', { timeout: SLOW }, async () => {
    const { csv, bad } = itemsCsv();
    expect(bad.map((b) => b.row)).toEqual([11, 27, 42]);
    writeFileSync(sb.file('items.csv'), csv);

    const r = ok(await sb.run(['import', 'items.csv']));
    expect(r.stdout).toContain('전체 53행');
    expect(r.stdout).toContain('정상 50 (신규 50, 변경 0, 동일 0)');
    expect(r.stdout).toContain('거부 3');
    for (const b of bad) expect(r.stdout).toContain(`행 ${b.row} [${b.field}]`);
    expect(r.stdout).toContain('거부된 행 전체: items.csv.rejects.csv');

    const rejectsPath = sb.file('items.csv.rejects.csv');
    expect(existsSync(rejectsPath)).toBe(true);
    const rejects = parseCsv(readFileSync(rejectsPath, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rejects.map((x) => [Number(x.reject_row), x.reject_field])).toEqual(bad.map((b) => [b.row, b.field]));
    // The row itself in the file's own columns, to correct and import again.
    expect(rejects[1].external_id).toBe('VOC-BAD-2');

    const out = ok(await sb.run(['export', '--format', 'jsonl', '--out', '-']));
    const items = parseJsonl(out.stdout);
    expect(items).toHaveLength(50);
    expect(new Set(items.map((i) => i.external_id)).size).toBe(50);
    // Raw personal data and customer ids appear nowhere in the export, in any column.
    for (const raw of [PHONE, '01023456789', EMAIL, RRN, 'CUST-']) expect(out.stdout).not.toContain(raw);
    const get = (id: string) => items.find((i) => i.external_id === id)!;
    expect(get('VOC-0003').text).toBe('주문 취소하고 싶어요. [전화번호]로 전화 주세요');
    expect(get('VOC-0003').pii_kinds).toEqual(['phone']);
    expect(get('VOC-0007').text).toContain('[이메일]');
    expect(get('VOC-0012').text).toContain('[주민등록번호]');
    expect(get('VOC-0012').pii_kinds).toContain('rrn');
    expect(get('VOC-0015').text).toBe('연락처 [전화번호], 메일 [이메일] 둘 다 가능합니다');
    expect(get('VOC-0005').text).toBe(goodText(5));
    // A naive time is Seoul wall-clock time: 2026-03-06 14:15 KST.
    expect(get('VOC-0005').created_at).toBe('2026-03-06T05:15:00.000Z');
    expect(get('VOC-0006').rating).toBeNull();
    expect(get('VOC-0004').rating).toBe(5);
    for (const i of items) expect(String(i.customer_ref)).toMatch(/^c_[A-Za-z0-9_-]{16}$/);
    // The same customer gets the same pseudonym (CUST-3 is rows 3, 20, 37).
    expect(get('VOC-0020').customer_ref).toBe(get('VOC-0003').customer_ref);
    expect(get('VOC-0020').customer_ref).not.toBe(get('VOC-0004').customer_ref);
  });

  it('3. re-running the same import changes nothing', { timeout: SLOW }, async () => {
    const r = ok(await sb.run(['import', 'items.csv']));
    expect(r.stdout).toContain('정상 50 (신규 0, 변경 0, 동일 50)');
    expect(await exportJsonl()).toHaveLength(50);
  });

  it('4. imports a CP949 file with Korean headers and no --map', { timeout: SLOW }, async () => {
    const csv = toCsv(['티켓번호', '접수일시', '문의내용', '고객ID'], BOARD_ROWS);
    const bytes = iconv.encode(csv, 'cp949');
    // Really CP949, not UTF-8 with Korean in it.
    expect(bytes.includes(Buffer.from('문의내용', 'utf8'))).toBe(false);
    writeFileSync(sb.file('board.csv'), bytes);

    const r = ok(await sb.run(['import', 'board.csv', '--channel', 'board', '--source', '1:1-board']));
    expect(r.stdout).toContain('정상 10 (신규 10');
    expect(r.stdout).toContain('거부 0');

    const items = await exportJsonl(['--source', '1:1-board']);
    expect(items).toHaveLength(10);
    const got = new Map(items.map((i) => [i.external_id, i]));
    for (const [id, , text] of BOARD_ROWS) {
      const item = got.get(id)!;
      expect(item, id).toBeDefined();
      expect(item.text).toBe(text);
      expect(item.channel).toBe('board');
      expect(item.language).toBe('ko');
      expect(String(item.customer_ref)).toMatch(/^c_/);
    }
    // 2026.03.02 14:05 in Seoul.
    expect(got.get('B-1001')!.created_at).toBe('2026-03-02T05:05:00.000Z');
  });

  it('5. --map maps odd headers and wins over automatic recognition', { timeout: SLOW }, async () => {
    // In this helpdesk export 문의내용 holds only a category; the real text is in 내용.
    // Automatic recognition would take 문의내용 as the text, so the mapping must win.
    const rows = [
      ['L-1', '2026/03/05 10:30', '배송', '택배가 다른 집으로 갔어요', '재문의'],
      ['L-2', '2026/03/05 11:00', '환불', '부분 환불 가능할까요?', ''],
      ['L-3', '2026/03/06 09:15', '회원', '비밀번호 재설정 메일이 안 와요', 'VIP'],
      ['L-4', '2026/03/06 12:00', '상품', '재입고 알림 신청했어요', ''],
      ['L-5', '2026/03/07 17:45', '배송', '오늘 출발하나요?', ''],
    ];
    writeFileSync(sb.file('legacy.csv'), toCsv(['번호', '날짜', '문의내용', '내용', '비고'], rows));
    const r = ok(
      await sb.run(['import', 'legacy.csv', '--channel', 'email', '--source', 'legacy-helpdesk', '--map', 'text=내용,created_at=날짜,external_id=번호']),
    );
    expect(r.stdout).toContain('정상 5 (신규 5');

    const items = await exportJsonl(['--source', 'legacy-helpdesk']);
    expect(items).toHaveLength(5);
    const got = new Map(items.map((i) => [i.external_id, i]));
    for (const [id, , category, text, note] of rows) {
      const item = got.get(id)!;
      expect(item.text).toBe(text);
      expect(item.channel).toBe('email');
      expect(item.metadata).toEqual(note ? { 문의내용: category, 비고: note } : { 문의내용: category });
    }
    expect(got.get('L-1')!.created_at).toBe('2026-03-05T01:30:00.000Z');

    // A mapping that names an unknown item field is a usage problem, reported before any row is read.
    const bad = await sb.run(['import', 'legacy.csv', '--map', 'body=내용']);
    expect(bad.code, describeRun(bad)).not.toBe(0);
    expect(bad.stderr).toContain('unknown item field "body"');
  });

  it('6. --dry-run validates and stores nothing', { timeout: SLOW }, async () => {
    const rows = [1, 2, 3, 4].map((n) => [`D-${n}`, 'chat', 'dry-src', `2026-03-0${n} 10:00`, `검사만 하는 문의 ${n}`, `CUST-D${n}`, 3]);
    rows.push(['D-5', 'chat', 'dry-src', '2026-03-05 10:00', '별점 오류', 'CUST-D5', 7]);
    writeFileSync(sb.file('dry.csv'), toCsv(ITEM_HEADER, rows));
    const r = ok(await sb.run(['import', 'dry.csv', '--dry-run']));
    expect(r.stdout).toContain('[검사만]');
    expect(r.stdout).toContain('정상 4');
    expect(r.stdout).toContain('행 6 [rating]');
    const items = await exportJsonl();
    expect(items).toHaveLength(65);
    expect(items.filter((i) => i.source === 'dry-src')).toHaveLength(0);
  });

  it('7a. JSONL: a malformed line is reported by line number, the others are stored', { timeout: SLOW }, async () => {
    const line = (n: number) =>
      JSON.stringify({ external_id: `J-${n}`, channel: 'chat', source: 'channeltalk', created_at: `2026-03-10T1${n}:00:00+09:00`, text: `채팅 문의 ${n}번: 주문 상태 확인 부탁드려요`, customer_id: `U-${n}` });
    const lines = [line(1), line(2), '{"external_id": "J-3", "text": "닫히지 않은 따옴표}', line(4), line(5)];
    writeFileSync(sb.file('chat.jsonl'), lines.join('\n') + '\n');
    const r = ok(await sb.run(['import', 'chat.jsonl']));
    expect(r.stdout).toContain('정상 4 (신규 4');
    expect(r.stdout).toContain('거부 1');
    expect(r.stdout).toContain('행 3: JSON 형식이 올바르지 않습니다');
    expect(r.stdout).not.toContain('malformed JSON'); // the CLI's language only
    const items = await exportJsonl(['--source', 'channeltalk']);
    expect(items.map((i) => i.external_id).sort()).toEqual(['J-1', 'J-2', 'J-4', 'J-5']);
    expect(items.find((i) => i.external_id === 'J-1')!.created_at).toBe('2026-03-10T02:00:00.000Z');
  });

  let all: Record<string, unknown>[] = [];
  let xlsxCopy = new Map<string, Record<string, unknown>>();

  it('7b. XLSX export reads back in exceljs and re-imports into a second workspace', { timeout: SLOW }, async () => {
    all = await exportJsonl();
    expect(all).toHaveLength(69);
    const r = ok(await sb.run(['export', '--format', 'xlsx', '--out', 'all.xlsx']));
    expect(r.stderr).toContain('69건을 all.xlsx에 저장했습니다');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sb.file('all.xlsx'));
    const sheet = wb.worksheets[0];
    expect(sheet.actualRowCount).toBe(70);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(['id', 'external_id', 'channel', 'source', 'kind']);
    const textCol = header.indexOf('text') + 1;
    const idCol = header.indexOf('external_id') + 1;
    const texts = new Map<string, string>();
    sheet.eachRow((row, n) => {
      if (n > 1) texts.set(String(row.getCell(idCol).value), String(row.getCell(textCol).value));
    });
    expect(texts.get('B-1001')).toBe(BOARD_ROWS[0][2]);
    expect(texts.get('VOC-0003')).toContain('[전화번호]');
    // The formula guard's apostrophe is in the XLSX cell too (exceljs writes no quotePrefix style: write-records.test.ts).
    expect(texts.get('VOC-0020')).toBe(`'${FORMULA_TEXT}`);

    // No `sori workspaces create`: restoring the empty backup under a new slug makes an empty workspace.
    const restored = ok(await sb.run(['restore', 'empty.jsonl.gz', '--as', 'xlsx-copy']));
    expect(restored.stdout).toContain('xlsx-copy');

    const imp = ok(await sb.run(['import', 'all.xlsx', '--workspace', 'xlsx-copy']));
    // All new: the restored workspace was empty.
    expect(imp.stdout, describeRun(imp)).toContain('정상 69 (신규 69, 변경 0, 동일 0)');
    const copy = byKey(await exportJsonl(['--workspace', 'xlsx-copy']));
    xlsxCopy = copy;
    expect(copy.size).toBe(69);
    for (const [key, item] of byKey(all)) {
      const back = copy.get(key);
      expect(back, key).toBeDefined();
      expect(back!.channel).toBe(item.channel);
      expect(back!.created_at).toBe(item.created_at);
      expect(back!.rating).toBe(item.rating);
      // Every text exactly, the formula-looking one too: the import takes the guard's apostrophe off.
      expect(back!.text, key).toBe(item.text);
    }
  });

  it('7b. re-importing an export keeps what Sori derived: customer ref and PII kinds carried, derived columns not copied', () => {
    // The export's own columns (id, received_at, enrichment) are recomputed, never stored in metadata;
    // customer_ref and pii_kinds pass through, so an export → import round trip loses nothing.
    expect(xlsxCopy.size).toBe(69);
    for (const [key, item] of byKey(all)) {
      const back = xlsxCopy.get(key)!;
      const metadata = (back.metadata ?? {}) as Record<string, unknown>;
      for (const derived of ['id', 'received_at', 'updated_at', 'type', 'sentiment', 'customer_ref', 'pii_kinds']) {
        expect(metadata, `${key} metadata.${derived}`).not.toHaveProperty(derived);
      }
      expect(back.customer_ref, key).toBe(item.customer_ref);
      expect([...(back.pii_kinds as string[])].sort(), key).toEqual([...(item.pii_kinds as string[])].sort());
    }
  });

  it('7c. CSV export has a UTF-8 BOM and guards formula-looking text', { timeout: SLOW }, async () => {
    const r = ok(await sb.run(['export', '--format', 'csv', '--out', '-']));
    expect(r.stdout.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(r.stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(69);
    const formula = rows.find((x) => x.external_id === 'VOC-0020')!;
    expect(formula.text).toBe(`'${FORMULA_TEXT}`);
    for (const row of rows) for (const value of Object.values(row)) expect(value).not.toMatch(/^\s*[=+@]/);
    expect(rows.find((x) => x.external_id === 'B-1003')!.text).toBe(BOARD_ROWS[2][2]);
  });

  it('8. imports a wide metrics file; the bad cell is reported, its day\'s other numbers stored', { timeout: SLOW }, async () => {
    const csv = ['day,orders,mau,비고', '2026-03-01,120,5000,', '2026-03-02,"1,304",5100,', '2026-03-03,많음,5200,', '2026.03.04,140,5300,연휴'].join('\n') + '\n';
    writeFileSync(sb.file('metrics.csv'), csv);
    const r = ok(await sb.run(['import', 'metrics.csv', '--metrics']));
    expect(r.stdout).toContain('지표 7건 저장 (mau, orders · 2026-03-01~2026-03-04), 1건 거부 (행 0개, 칸 1개)');
    expect(r.stdout).toContain('행 4, orders: 숫자가 아닙니다 (많음)\n'); // the CLI's language, with the cell
    // A notes column is no metric: skipped for every row and said once, the days keep their numbers.
    expect(r.stdout).toContain('건너뛴 열 비고: 날짜를 설명하는 열이라 건너뛰었습니다\n');
    // Every reject is also in a file beside the input, not only on the screen.
    expect(r.stdout).toContain('거부 목록: metrics.csv.rejects.csv');
    const rejects = parseCsv(readFileSync(sb.file('metrics.csv.rejects.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rejects).toEqual([{ row: '4', reason: expect.stringMatching(/^orders: not a number/), column: 'orders' }]);
  });

  it("8b. imports Zendesk's full JSON export with --adapter; an unreadable line is reported and written to the rejects file", { timeout: SLOW }, async () => {
    const { tickets } = JSON.parse(readFileSync(new URL('../fixtures/adapters/zendesk-incremental-page.json', import.meta.url), 'utf8')) as {
      tickets: Record<string, unknown>[];
    };
    const lines = tickets.map((t, i) => JSON.stringify({ ...t, id: 70_000 + i }));
    writeFileSync(sb.file('zendesk.json'), [lines[0], '{"id": 1, "subject": "잘린', ...lines.slice(1)].join('\n') + '\n');
    // A dry run, so the items the later tests count stay the sandbox's own.
    const r = ok(await sb.run(['import', 'zendesk.json', '--adapter', 'zendesk', '--source', 'zd-cli', '--dry-run']));
    expect(r.stdout).toContain(`[검사만] zendesk 내보내기: 항목 ${tickets.length}건 · 신규 ${tickets.length}, 변경 0, 동일 0 · 거부 1 · 건너뜀 0`);
    expect(r.stdout).toContain('거부 목록: zendesk.json.rejects.csv');
    const rejects = parseCsv(readFileSync(sb.file('zendesk.json.rejects.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rejects).toEqual([{ item: 'line 2 / 2번째 줄', field: '', reason: 'not JSON / JSON이 아닙니다' }]);
    // A rejects path that cannot be written is a usage error before anything is read (it crashed at the end).
    const unwritable = await sb.run(['import', 'zendesk.json', '--adapter', 'zendesk', '--dry-run', '--rejects', '/nonexistent/dir/r.csv']);
    expect(unwritable.code, describeRun(unwritable)).toBe(2);
    expect(unwritable.stderr).toContain('거부 행 파일을 쓸 수 없습니다: /nonexistent/dir/r.csv');
  });

  it('9. backup, restore --as copy, and the copy has the same items', { timeout: SLOW }, async () => {
    const b = ok(await sb.run(['backup', 'b.jsonl.gz']));
    expect(b.stdout).toMatch(/  인입: 69\n/);
    // Test 8's file: 7 numbers (the row with one bad cell keeps its other number).
    expect(b.stdout).toMatch(/  비즈니스 지표\(일별\): 7\n/);
    // The file itself: a header line, then one line per row.
    const lines: string[] = [];
    for await (const l of createInterface({ input: createReadStream(sb.file('b.jsonl.gz')).pipe(createGunzip()) })) lines.push(l);
    expect(JSON.parse(lines[0]).format).toBe('sori-backup/1');
    expect(lines.filter((l) => l.startsWith('{"t":"items"'))).toHaveLength(69);
    expect(lines.join('\n')).not.toContain(PHONE);

    const restore = ok(await sb.run(['restore', 'b.jsonl.gz', '--as', 'copy']));
    expect(restore.stdout).toContain('복원 완료: 워크스페이스 copy');

    // Items have not changed since 7b (only metrics were added).
    const original = byKey(all);
    expect(original.size).toBe(69);
    const copy = byKey(await exportJsonl(['--workspace', 'copy']));
    expect(copy.size).toBe(69);
    for (const [key, item] of original) {
      const c = copy.get(key);
      expect(c, key).toBeDefined();
      for (const f of ['text', 'customer_ref', 'channel', 'created_at', 'rating', 'pii_kinds', 'metadata', 'language']) {
        expect(c![f], `${key} ${f}`).toEqual(item[f]);
      }
    }

    // Restoring again into the copy (now holding data) is refused and changes nothing.
    const again = await sb.run(['restore', 'b.jsonl.gz', '--as', 'copy']);
    expect(again.code, describeRun(again)).toBe(1);
    expect(again.stderr).toContain('이미 데이터가 있습니다');
    expect(await exportJsonl(['--workspace', 'copy'])).toHaveLength(69);
  });

  it('12. users, API tokens and webhook receivers; a secret is shown once', { timeout: SLOW }, async () => {
    const password = 'operator-pass-123';
    const created = ok(await sb.run(['users', 'create', '--email', 'a@b.co', '--role', 'operator', '--password', password]));
    expect(created.stdout).toContain('사용자를 만들었습니다: a@b.co (operator)');

    const list = ok(await sb.run(['users', 'list']));
    expect(list.stdout).toMatch(/\ta@b\.co\toperator\t/);
    expect(list.stdout).not.toContain(password);

    const token = ok(await sb.run(['tokens', 'create', '--name', 'x', '--scopes', 'ingest,read']));
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^sori_pat_[A-Za-z0-9_-]{20,}$/);
    expect(token.stderr).toContain('한 번만');

    const tokens = ok(await sb.run(['tokens', 'list']));
    expect(tokens.stdout).toMatch(/\tx\t/);
    expect(tokens.stdout).toContain('ingest,read');
    expect(tokens.stdout).toContain('active');
    expect(tokens.stdout).not.toContain(secret);
    expect(tokens.stdout).not.toContain(secret.slice(0, 24));

    // Webhook receivers: a guessable secret is refused; a leaked one is rotated, a receiver switched off and on.
    const weak = await sb.run(['webhooks', 'create', '--adapter', 'zendesk', '--secret', 'x']);
    expect(weak.code, describeRun(weak)).toBe(1);
    expect(weak.stderr).toContain('16자 이상');
    const made = ok(await sb.run(['webhooks', 'create', '--adapter', 'channeltalk']));
    const oldToken = /서명 비밀값: (\S+)/.exec(made.stdout)![1]!;
    const id = ok(await sb.run(['webhooks', 'list'])).stdout.trim().split('\t')[0]!;
    const rotated = ok(await sb.run(['webhooks', 'rotate', id]));
    expect(rotated.stdout).toContain('이전 비밀값은 이제 통하지 않습니다');
    const newToken = /새 서명 비밀값: (\S+)/.exec(rotated.stdout)![1]!;
    expect(newToken).not.toBe(oldToken);
    expect(rotated.stdout).toContain(`?token=${encodeURIComponent(newToken)}`);
    expect(ok(await sb.run(['webhooks', 'disable', id])).stdout).toContain(`수신 주소 ${id}를 껐습니다`);
    expect(ok(await sb.run(['webhooks', 'list'])).stdout).toMatch(/\t꺼짐$/m);
    ok(await sb.run(['webhooks', 'enable', id]));
    expect(ok(await sb.run(['webhooks', 'list'])).stdout).not.toContain('꺼짐');
    const missing = await sb.run(['webhooks', 'disable', '999']);
    expect(missing.code, describeRun(missing)).toBe(2);
    expect(missing.stderr).toContain('수신 주소 999가 없습니다');
  });

  it('13. moves a workspace to another time zone: its days are counted again, a bad name is refused', { timeout: SLOW }, async () => {
    const before = ok(await sb.run(['workspaces', 'list']));
    expect(before.stdout).toMatch(/^default\tAsia\/Seoul\t/m);
    const moved = ok(await sb.run(['workspaces', 'timezone', 'America/Los_Angeles']));
    expect(moved.stdout).toMatch(/Asia\/Seoul → America\/Los_Angeles/);
    expect(moved.stdout).toMatch(/다시 세고/);
    expect(ok(await sb.run(['workspaces', 'list'])).stdout).toMatch(/^default\tAmerica\/Los_Angeles\t/m);
    const bad = await sb.run(['workspaces', 'timezone', '+09:00']);
    expect(bad.code, describeRun(bad)).toBe(1);
    expect(bad.stderr).toMatch(/IANA/);
    ok(await sb.run(['workspaces', 'timezone', 'Asia/Seoul']));
  });
});
