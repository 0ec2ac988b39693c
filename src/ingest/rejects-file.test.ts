import { describe, expect, it } from 'vitest';
import { prepareItem } from './prepare-item.js';
import { maskedValues, RejectsCsv } from './rejects-file.js';

const workspace = { id: 1, slug: 'acme', name: '에이크미', timezone: 'Asia/Seoul', is_demo: false, pseudonym_key: 'test-key-0123456789abcdef0123456789abcdef' };

describe('maskedValues', () => {
  // A row refused for its date: the same columns, once stored as an item, once kept as a reject.
  const row = {
    티켓번호: 'T2', 접수일시: '2026/13/45', 문의내용: '날짜 이상, 연락은 010-1111-2222로', 채널: 'board',
    고객명: '이순신', 연락처: 1011112222, customer_name: 'Yi Sun-sin', 배송지: '서울시 종로구 세종대로 1', 'lee@example.com': '키에 개인정보',
  };

  it('masks a refused row with the rules of a stored item: personal-data columns whatever they hold, keys holding an e-mail', () => {
    const masked = maskedValues(row);
    expect(masked).toEqual({
      티켓번호: 'T2', 접수일시: '2026/13/45', 문의내용: '날짜 이상, 연락은 [전화번호]로', 채널: 'board',
      고객명: '[이름]', 연락처: '[전화번호]', customer_name: '[이름]', 배송지: '[주소]', '[이메일]': '키에 개인정보',
    });
    // Corrected, the row is stored with the very values its reject showed.
    const stored = prepareItem({ ...row, 접수일시: undefined, created_at: '2026-12-03 10:00', text: row.문의내용, channel: 'board', source: 'csv', metadata: { 고객명: '이순신', 연락처: 1011112222 } }, workspace);
    expect(stored.ok && stored.row.metadata).toEqual({ 고객명: masked!.고객명, 연락처: masked!.연락처 });
    const csv = new RejectsCsv().lines({ row: 3, field: 'created_at', reason: 'not a date/time', values: masked });
    expect(csv).not.toMatch(/이순신|Yi Sun-sin|세종대로|1011112222|lee@example/);
    expect(csv).toContain('"[이름]"');
  });

  it('keeps a refused row storable: no NUL, no lone surrogate, in values or column names', () => {
    expect(maskedValues({ '메모\u0000': '가\u0000나\ud800', 목록: ['\udc00'] })).toEqual({ 메모: '가나\ufffd', 목록: ['\ufffd'] });
  });

  it("writes an XLSX row's date cells in the workspace's zone with its offset, not as UTC", () => {
    const values = { 티켓번호: 'X1', 접수일시: new Date('2026-12-03T07:00:00.000Z'), 문의내용: '', 해결일시: new Date('2026-07-01T05:30:00.000Z') };
    const mapping = { fields: { external_id: '티켓번호', created_at: '접수일시', text: '문의내용', resolved_at: '해결일시' } };
    expect(maskedValues(values, { workspace, mapping })).toEqual({ 티켓번호: 'X1', 접수일시: '2026-12-03T16:00:00.000+09:00', 문의내용: '', 해결일시: '2026-07-01T14:30:00.000+09:00' });
    const ny = maskedValues(values, { workspace: { ...workspace, timezone: 'America/New_York' }, mapping });
    expect([ny!.접수일시, ny!.해결일시]).toEqual(['2026-12-03T02:00:00.000-05:00', '2026-07-01T01:30:00.000-04:00']);
    expect(values.접수일시).toBeInstanceOf(Date); // the caller's row is left alone
  });

  it('gives null for no values or too many characters', () => {
    expect(maskedValues(null)).toBeNull();
    expect(maskedValues(undefined)).toBeNull();
    expect(maskedValues({ 문의내용: '가'.repeat(70_000) })).toBeNull();
  });
});

describe('RejectsCsv columns', () => {
  const parse = (csv: string) => csv.replace(/^\ufeff/, '').trimEnd().split('\n');

  it("uses the file's header, so a first row that could not be read still leaves the file's columns", () => {
    const csv = new RejectsCsv(['티켓번호', '접수일시', '문의내용']);
    const out =
      csv.lines({ row: 3, field: null, reason: 'expected 4 columns, found 6' }) +
      csv.lines({ row: 4, field: 'created_at', reason: 'not a date', values: { 티켓번호: 'A3', 접수일시: '2024/13/45', 문의내용: '고칠 행' } }) +
      csv.end();
    expect(parse(out)).toEqual([
      '"reject_row","reject_field","reject_reason","티켓번호","접수일시","문의내용","reject_other"',
      '"3","","expected 4 columns, found 6","","","",""',
      '"4","created_at","not a date","A3","2024/13/45","고칠 행",""',
    ]);
  });

  it('for JSON lines, waits for the first row with values before choosing columns, and keeps raw text of unreadable rows', () => {
    const csv = new RejectsCsv(null, { waitForValues: true });
    let out = csv.lines({ row: 1, field: null, reason: 'malformed JSON', raw: '{"text": 1' });
    expect(out).toBe('');
    out += csv.lines({ row: 2, field: 'text', reason: 'required', values: { external_id: 'J2', text: '' } });
    expect(parse(out)).toEqual([
      '"reject_row","reject_field","reject_reason","external_id","text","reject_other"',
      '"1","","malformed JSON","","","{""text"": 1"',
      '"2","text","required","J2","",""',
    ]);
    // Only unreadable rows: end() writes them with the reject_* columns.
    const only = new RejectsCsv(null, { waitForValues: true });
    expect(only.lines({ row: 1, field: null, reason: 'bad' })).toBe('');
    expect(parse(only.end())).toEqual(['"reject_row","reject_field","reject_reason","reject_other"', '"1","","bad",""']);
  });

  it("writes a corrected rejects file's own reject_* cells anew, not piled into reject_other (review s19)", () => {
    const csv = new RejectsCsv(null, { waitForValues: true });
    const values = { external_id: 'R2', text: '고친 행', reject_row: '3', reject_field: 'created_at', reject_reason: 'not a date', reject_other: '' };
    expect(parse(csv.lines({ row: 2, field: 'channel', reason: 'unknown channel', values }))).toEqual([
      '"reject_row","reject_field","reject_reason","external_id","text","reject_other"',
      '"2","channel","unknown channel","R2","고친 행",""',
    ]);
  });

  it('guards full-width and zero-width-led formulas like the exports', () => {
    const out = new RejectsCsv(['메모']).lines({ row: 2, field: null, reason: '＝1+1', values: { 메모: '\u200b=HYPERLINK("x")' } });
    expect(out).toContain(`"'＝1+1"`);
    expect(out).toContain(`"'\u200b=HYPERLINK(""x"")"`);
  });
});
