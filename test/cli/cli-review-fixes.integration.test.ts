// `sori import` / `sori export` / `sori users` / `sori webhooks` as a reviewer met them (review of the
// CLI): export formats from the file name, export filters checked like the API's, vendor exports'
// skipped rows, vendor dry runs, older rejects files, unknown subcommands — in Korean and English.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../fixtures/adapters/load.js';
import { describeRun, makeSandbox, parseJsonl, type Sandbox, type SoriResult } from './run-sori.js';

const SLOW = 180_000;
let ko: Sandbox;
let en: Sandbox;

const ITEMS = '상담ID,문의일시,채널,문의내용\nCT-1,2026-11-10 10:00,채팅,앱 로그인이 안 돼요\nCT-2,2026-11-10 11:00,전화,환불 언제 되나요\n';

beforeAll(async () => {
  ko = makeSandbox('review-ko', 'ko');
  en = makeSandbox('review-en', 'en');
  for (const sb of [ko, en]) {
    writeFileSync(sb.file('items.csv'), ITEMS);
    const r = await sb.run(['import', 'items.csv', '--source', 'review']);
    expect(r.code, describeRun(r)).toBe(0);
    // A Channel Talk-style 상담ID column is the ticket id (column-mapping.ts HEADER_ALIASES).
    expect(r.stdout).toMatch(sb === ko ? /항목 ID 열: 상담ID/ : /item id column: 상담ID/);
  }
}, SLOW);
afterAll(() => {
  ko?.remove();
  en?.remove();
});

function code(r: SoriResult, expected: number): SoriResult {
  expect(r.code, describeRun(r)).toBe(expected);
  return r;
}

describe('export: the format from --out', () => {
  it('writes CSV to items.csv and XLSX to items.xlsx without --format; stdout stays JSONL', async () => {
    code(await ko.run(['export', '--out', 'out.csv']), 0);
    expect(readFileSync(ko.file('out.csv'), 'utf8').replace(/^\uFEFF/, '')).toMatch(/^[^\n{]*external_id/);
    code(await ko.run(['export', '-o', 'out.xlsx']), 0);
    expect(readFileSync(ko.file('out.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    code(await ko.run(['export', '--out', 'out.ndjson']), 0);
    expect(parseJsonl(readFileSync(ko.file('out.ndjson'), 'utf8'))).toHaveLength(2);
    expect(parseJsonl(code(await ko.run(['export']), 0).stdout)).toHaveLength(2);
  }, SLOW);

  it('refuses a --format that contradicts the extension, naming both, and a name that says no format', async () => {
    const k = code(await ko.run(['export', '--format', 'csv', '--out', 'x.xlsx']), 2);
    expect(k.stderr).toMatch(/--format csv.*--out x\.xlsx.*맞지 않습니다/);
    const e = code(await en.run(['export', '--format', 'jsonl', '--out', 'x.csv']), 2);
    expect(e.stderr).toMatch(/--format jsonl contradicts --out x\.csv: a \.csv file is csv/);
    expect(code(await en.run(['export', '--out', 'x.txt']), 2).stderr).toMatch(/does not say the format.*--format jsonl\|csv\|xlsx/);
    expect(code(await ko.run(['export', '--out', 'x.txt']), 2).stderr).toMatch(/형식을 알 수 없습니다/);
    expect(existsSync(ko.file('x.xlsx')) || existsSync(en.file('x.csv'))).toBe(false);
    // The help says so, and names -o.
    const help = code(await en.run(['export', '--help']), 0).stdout;
    expect(help).toMatch(/-o, --out FILE/);
    expect(help).toMatch(/from the --out extension/);
  }, SLOW);
});

describe('export: filters checked like the API', () => {
  it('takes Korean channel names and type names; refuses unknown channels, kinds and types with the allowed values', async () => {
    const chat = parseJsonl(code(await ko.run(['export', '--channel', '채팅', '--format', 'jsonl']), 0).stdout);
    expect(chat.map((r) => r.external_id)).toEqual(['CT-1']);
    expect(parseJsonl(code(await ko.run(['export', '--channel', '채팅,전화']), 0).stdout)).toHaveLength(2);
    expect(code(await ko.run(['export', '--channel', 'foo']), 2).stderr).toMatch(/--channel foo: 다음 중 하나 .*chat, phone/);
    expect(code(await en.run(['export', '--kind', 'tweet']), 2).stderr).toMatch(/--kind tweet: one of inquiry/);
    code(await ko.run(['export', '--type', '배송']), 0);
    expect(code(await ko.run(['export', '--type', 'frob']), 2).stderr).toMatch(/--type frob: 알 수 없는 유형입니다.*delivery \(배송·주문\)/);
    expect(code(await en.run(['export', '--type', 'frob']), 2).stderr).toMatch(/--type frob: unknown type; one of .*delivery \(Delivery \/ order\).*uncertain, none/);
  }, SLOW);

  it('names the flag and the expected form of a bad --from / --to', async () => {
    expect(code(await en.run(['export', '--from', 'yesterday']), 2).stderr).toMatch(/--from yesterday: expected a date as YYYY-MM-DD/);
    expect(code(await en.run(['export', '--to', '2026-11-31']), 2).stderr).toMatch(/--to 2026-11-31: no such day; expected a date as YYYY-MM-DD/);
    const k = code(await ko.run(['export', '--to', '2026-11-31']), 2);
    expect(k.stderr).toMatch(/--to 2026-11-31: 없는 날짜입니다\. YYYY-MM-DD 형식/);
    expect(k.stderr).not.toMatch(/1970–2199년의 날짜가 아닙니다/);
  }, SLOW);
});

describe('import --adapter: skipped rows and dry runs', () => {
  it('fails on a file that is not the vendor’s export, saying why rows were skipped and where', async () => {
    const k = code(await ko.run(['import', 'items.csv', '--adapter', 'channeltalk']), 1);
    expect(k.stdout).toMatch(/건너뜀 2건: 상담 ID\(열 .*\)가 없는 행 \(2행, 3행\)/);
    expect(k.stderr).toMatch(/Channel Talk 내보내기 파일로 보이지 않습니다.*--adapter 없이/);
    const e = code(await en.run(['import', 'items.csv', '--adapter', 'channeltalk', '--json']), 1);
    expect(e.stderr).toMatch(/skipped 2: user chat row without a chat id .* \(row 2, row 3\)/);
    expect(e.stderr).toMatch(/does not look like a Channel Talk export/);
    expect(JSON.parse(e.stdout.trim())).toMatchObject({ items: 0, unreadable_skipped: 2, skipped: [{ count: 2, unreadable: true }] });
  }, SLOW);

  it('--fail-on-reject trips on rows skipped as unreadable; --dry-run counts new, changed, unchanged', async () => {
    const csv = fixtureText('channeltalk-export-userchats.csv');
    const [header, ...rows] = csv.trim().split('\n');
    writeFileSync(ko.file('chats.csv'), [header, ...rows, `,u9,이름,설명 있는 행,closed,native,,,2024-11-03 10:14:58,,,,,,`].join('\n') + '\n');
    const dry = code(await ko.run(['import', 'chats.csv', '--adapter', 'channeltalk', '--dry-run']), 0);
    expect(dry.stdout).toMatch(new RegExp(`\\[검사만\\] channeltalk 내보내기: 항목 ${rows.length}건 · 신규 ${rows.length}, 변경 0, 동일 0`));
    expect(dry.stdout).toMatch(/건너뜀 1건: .*\(\d+행\)/);
    code(await ko.run(['import', 'chats.csv', '--adapter', 'channeltalk']), 0);
    const again = code(await ko.run(['import', 'chats.csv', '--adapter', 'channeltalk', '--dry-run']), 0);
    expect(again.stdout).toMatch(new RegExp(`신규 0, 변경 0, 동일 ${rows.length}`));
    code(await ko.run(['import', 'chats.csv', '--adapter', 'channeltalk', '--fail-on-reject']), 3);
  }, SLOW);
});

describe('import: an older rejects file after a clean run', () => {
  it('is removed after a clean --metrics or --adapter run, as after an item import', async () => {
    writeFileSync(en.file('m.csv'), '날짜,주문수\n2026-11-04,1500\n');
    writeFileSync(en.file('m.csv.rejects.csv'), 'older');
    const m = code(await en.run(['import', 'm.csv', '--metrics']), 0);
    expect(existsSync(en.file('m.csv.rejects.csv'))).toBe(false);
    expect(m.stdout).toMatch(/removed the older rejects file/);
    writeFileSync(en.file('zd.json'), JSON.stringify(JSON.parse(fixtureText('zendesk-incremental-page.json'))));
    writeFileSync(en.file('zd.json.rejects.csv'), 'older');
    code(await en.run(['import', 'zd.json', '--adapter', 'zendesk', '--dry-run']), 0);
    expect(existsSync(en.file('zd.json.rejects.csv'))).toBe(true);
    code(await en.run(['import', 'zd.json', '--adapter', 'zendesk']), 0);
    expect(existsSync(en.file('zd.json.rejects.csv'))).toBe(false);
  }, SLOW);

  it('says the refused value in English reject reasons too', async () => {
    writeFileSync(en.file('bad-date.csv'), '티켓번호,접수일시,채널,문의내용\nB1,2026-02-31 10:00,채팅,날짜가 틀림\nB2,2026-11-01 10:00,채팅,정상\n');
    const r = code(await en.run(['import', 'bad-date.csv']), 0);
    expect(r.stdout).toMatch(/created_at: not a date\/time: 2026-02-31 10:00/);
  }, SLOW);
});

describe('users and webhooks', () => {
  it('says which subcommand is unknown, and what set-role lacks', async () => {
    expect(code(await ko.run(['users', 'frob']), 2).stderr).toMatch(/알 수 없는 하위 명령: frob/);
    expect(code(await en.run(['users', 'frob']), 2).stderr).toMatch(/^sori users: unknown subcommand: frob \(one of list, create, set-role/);
    expect(code(await en.run(['webhooks', 'frob']), 2).stderr).toMatch(/unknown subcommand: frob/);
    expect(code(await en.run(['users', 'set-role', '--email', 'a@example.com']), 2).stderr).toMatch(/^--role is required \(admin\|operator\|viewer\)/);
    expect(code(await ko.run(['users', 'set-role', '--email', 'a@example.com']), 2).stderr).toMatch(/^--role 이\(가\) 필요합니다/);
  }, SLOW);

  it('warns that a Zendesk receiver needs Zendesk’s own signing secret', async () => {
    const e = code(await en.run(['webhooks', 'create', '--adapter', 'zendesk']), 0);
    expect(e.stderr).toMatch(/warning: Zendesk signs with a secret it issues itself.*sori webhooks rotate \d+ --secret/);
    const k = code(await ko.run(['webhooks', 'create', '--adapter', 'zendesk', '--secret', 'zd-secret-from-zendesk']), 0);
    expect(k.stderr).not.toMatch(/주의/);
    expect(code(await ko.run(['webhooks', 'create', '--adapter', 'zendesk']), 0).stderr).toMatch(/주의: Zendesk는 자기 서명 비밀값/);
  }, SLOW);
});
