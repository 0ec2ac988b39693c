import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../store/queries/workspaces.js';
import { previewFile } from './preview.js';

const seoul: Workspace = { id: 1, slug: 'default', name: '기본', timezone: 'Asia/Seoul', is_demo: false, pseudonym_key: 'preview-test-key-0123456789abcdef' };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-preview-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe('previewFile', () => {
  it('describes a CP949 CSV from Korean Excel: encoding, delimiter, columns with samples, the automatic mapping', async () => {
    const csv =
      '티켓번호;접수일시;고객 메시지;채널;상담메모\r\n' +
      'T-1;2026-11-01 10:00;환불은 언제 되나요?;채팅;\r\n' +
      'T-2;2026-11-01 11:00;배송이 늦어요;전화;재문의\r\n' +
      'T-3;2026-11-02 09:30;환불은 언제 되나요?;채팅;\r\n';
    const p = file('문의.csv', iconv.encode(csv, 'cp949'));
    const preview = await previewFile(p, { format: 'csv' });
    expect(preview).toMatchObject({ format: 'csv', encoding: 'cp949', delimiter: ';', sheet: null, sampled_rows: 3, errors: [] });
    expect(preview.columns.map((c) => c.name)).toEqual(['티켓번호', '접수일시', '고객 메시지', '채널', '상담메모']);
    // Distinct samples, empty cells not counted.
    expect(preview.columns[2]).toEqual({ name: '고객 메시지', samples: ['환불은 언제 되나요?', '배송이 늦어요'], filled: 3 });
    expect(preview.columns[4]).toEqual({ name: '상담메모', samples: ['재문의'], filled: 1 });
    expect(preview.rows[1]).toEqual({
      row_number: 3,
      values: { 티켓번호: 'T-2', 접수일시: '2026-11-01 11:00', '고객 메시지': '배송이 늦어요', 채널: '전화', 상담메모: '재문의' },
      read: null, // no reading asked for
      problem: null,
    });
    expect(preview.read).toBeNull();
    // "고객 메시지" is no known header: left for the person to map.
    expect(preview.mapping.fields).toEqual({ external_id: '티켓번호', created_at: '접수일시', channel: '채널' });
    expect(preview.unmapped).toEqual(['고객 메시지', '상담메모']);
  });

  it('shows the columns of a file with a header and no rows, and reports unreadable rows with their numbers', async () => {
    const empty = await previewFile(file('empty.csv', 'external_id,text,created_at\n'), { format: 'csv' });
    expect(empty.columns.map((c) => c.name)).toEqual(['external_id', 'text', 'created_at']);
    expect(empty.rows).toEqual([]);
    expect(empty.mapping.fields).toEqual({ external_id: 'external_id', created_at: 'created_at', text: 'text' });

    const bad = await previewFile(file('bad.csv', 'a,b\n1,2\n1,2,3\n"open\n'), { format: 'csv' });
    expect(bad.sampled_rows).toBe(1);
    expect(bad.errors.map((e) => e.rowNumber)).toEqual([3, 4]);
    expect(bad.errors[0].reason).toMatch(/expected 2 columns, found 3/);
  });

  it('forgives a last row cut by a partial upload, and only then', async () => {
    const cut = 'text,created_at\n첫 번째,2026-11-01\n두 번째,2026-11-0'; // the slice ended mid-row
    const quoted = 'text,created_at\n첫 번째,2026-11-01\n"두 번째\n여러 줄'; // and mid-quote
    expect((await previewFile(file('cut.csv', cut), { format: 'csv', partial: true })).rows.map((r) => r.values.text)).toEqual(['첫 번째']);
    const q = await previewFile(file('quoted.csv', quoted), { format: 'csv', partial: true });
    expect([q.rows.length, q.errors.length, q.sampled_rows]).toEqual([1, 0, 1]);
    const json = '[{"text":"첫 번째","created_at":"2026-11-01"},{"text":"두 번째","created_at":"2026-1';
    const j = await previewFile(file('cut.json', json), { format: 'json', partial: true });
    expect([j.rows.map((r) => r.values.text), j.errors]).toEqual([['첫 번째'], []]);
    const whole = await previewFile(file('quoted2.csv', quoted), { format: 'csv' }); // the whole file: its errors count
    // The unclosed quote; the line after it is read as a short row (missing trailing cells are empty).
    expect(whole.errors).toHaveLength(1);
  });

  it('stops after 50 data rows but shows five', async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `{"id":"R${i}","text":"후기 ${i}","created_at":"2026-11-01","extra":${i === 70 ? '{"a":1}' : 'null'}}`);
    const p = await previewFile(file('big.jsonl', lines.join('\n')), { format: 'jsonl' });
    expect(p.sampled_rows).toBe(50);
    expect(p.rows.map((r) => r.row_number)).toEqual([1, 2, 3, 4, 5]);
    expect(p.columns.map((c) => c.name)).toEqual(['id', 'text', 'created_at', 'extra']);
    expect(p.columns[3].filled).toBe(0); // row 71 was not read
    expect(p.encoding).toBe('utf-8');
    expect(p.delimiter).toBeNull();
  });

  it('gathers JSON keys in order of first appearance and cuts long values', async () => {
    const long = '가'.repeat(500);
    const p = await previewFile(
      file('items.json', JSON.stringify([{ text: long, created_at: '2026-11-01' }, { text: 'b', 별점: 5, 태그: ['배송', '환불'] }])),
      { format: 'json' },
    );
    expect(p.columns.map((c) => c.name)).toEqual(['text', 'created_at', '별점', '태그']);
    expect(p.rows[0].values.text).toBe(`${'가'.repeat(200)}…`);
    expect(p.rows[1].values).toEqual({ text: 'b', 별점: '5', 태그: '["배송","환불"]' });
    expect(p.mapping.fields).toMatchObject({ text: 'text', rating: '별점' });
  });

  it('reads an XLSX workbook: its sheets, the sheet read, dates as the wall-clock time typed', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('안내').addRow(['이 시트는 설명입니다']);
    const data = wb.addWorksheet('문의');
    data.addRow(['문의번호', '작성일시', '내용']);
    data.addRow(['Q1', new Date(Date.UTC(2026, 10, 1, 1, 0)), '쿠폰이 안 써져요']);
    const p = path.join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(p);
    const preview = await previewFile(p, { format: 'xlsx', sheet: '문의' });
    expect(preview).toMatchObject({ format: 'xlsx', encoding: null, sheet: '문의', sheets: ['안내', '문의'] });
    expect(preview.columns.map((c) => c.name)).toEqual(['문의번호', '작성일시', '내용']);
    expect(preview.rows[0].values.내용).toBe('쿠폰이 안 써져요');
    // ExcelJS stores the Date's UTC fields as the cell's wall-clock time, which Sori reads as Seoul time.
    expect(preview.rows[0].values.작성일시).toBe('2026-11-01 01:00');
    // In a New York workspace the cell is the same typed time (read as New York time, shown back as such).
    const nyc = await previewFile(p, { format: 'xlsx', sheet: '문의', timeZone: 'America/New_York' });
    expect(nyc.rows[0].values.작성일시).toBe('2026-11-01 01:00');
    expect(preview.mapping.fields).toEqual({ external_id: '문의번호', created_at: '작성일시', text: '내용' });
  });
  it('masks personal data in every sample and shown cell as the store would, column names unchanged', async () => {
    const csv =
      '문의번호,접수일시,고객명,연락처,이메일,메모,문의내용\n' +
      'Q1,2026-11-01 10:00,김철수,010-2222-3333,kim@example.com,연락처 010-2222-3333,환불 요청합니다. 010-2222-3333으로 전화 주세요\n' +
      'Q2,2026-11-01 11:00,이영희,1022223334,lee@example.com,주민번호 900101-1234567,배송이 늦어요\n' +
      '"Q3,2026-11-02,\n'; // an unreadable row: its reason may quote the raw line
    const p = await previewFile(file('pii.csv', csv), { format: 'csv' });
    expect(p.columns.map((c) => c.name)).toEqual(['문의번호', '접수일시', '고객명', '연락처', '이메일', '메모', '문의내용']);
    const everything = JSON.stringify([p.columns, p.rows, p.errors]);
    for (const raw of ['010-2222-3333', '2222', '1022223334', 'kim@example.com', 'lee@example', '김철수', '이영희', '900101']) {
      expect(everything, raw).not.toContain(raw);
    }
    const byName = new Map(p.columns.map((c) => [c.name, c.samples]));
    expect(byName.get('연락처')![0]).toMatch(/^\[/); // a placeholder, whatever the cell looked like
    expect(byName.get('메모')![0]).toBe('연락처 [전화번호]');
    expect(p.rows[0].values.문의내용).toBe('환불 요청합니다. [전화번호]으로 전화 주세요');
    // What is no personal data is shown as it is: ids, times, the mapping.
    expect(p.rows[0].values).toMatchObject({ 문의번호: 'Q1', 접수일시: '2026-11-01 10:00' });
    expect(p.mapping.fields).toMatchObject({ external_id: '문의번호', created_at: '접수일시', text: '문의내용' });
  });

  it('masks the people a row names in its name column wherever else the row writes them, as the stored item is masked', async () => {
    const csv =
      '문의번호,접수일시,고객명,메모,문의내용\n' +
      'N1,2026-11-01 10:00,홍길동,홍길동 고객님 환불 요청 재문의,홍길동입니다. 주문 취소해 주세요\n' +
      'N2,2026-11-01 11:00,박서준,김민지가 대신 문의,배송 언제 오나요\n';
    const p = await previewFile(file('names.csv', csv), { format: 'csv' });
    expect(p.rows[0].values).toMatchObject({ 메모: '[이름] 고객님 환불 요청 재문의', 문의내용: '[이름]입니다. 주문 취소해 주세요' });
    expect(JSON.stringify([p.columns, p.rows])).not.toContain('홍길동');
    // Only the row's own people: a name no name column gives is not guessed at (next to 님 or 고객 it
    // would be: text/pii.ts masks names in honorific context).
    expect(p.rows[1].values.메모).toBe('김민지가 대신 문의');
  });

  describe('reading the sampled rows as the import would', () => {
    // A Korean help desk's CSV export: dates as Korean Excel writes them, 카카오톡 as the channel,
    // stars as the rating; row 4 has a day February never has.
    const csv =
      '문의번호,접수일시,채널,문의내용,만족도,연락처\n' +
      'K-1,2024. 3. 5 오후 2:13,카카오톡,환불은 언제 되나요? 010-1234-5678로 연락 주세요,★★★★☆,010-2222-3333\n' +
      'K-2,2024. 3. 6 오전 9:05,전화,배송이 늦어요,5점,\n' +
      'K-3,2024. 2. 30 오전 9:00,카카오톡,쿠폰이 안 써져요,,\n';

    it('shows each row as stored: the time on the workspace clock, channel and rating as Sori names them, the text masked', async () => {
      const p = await previewFile(file('kakao.csv', csv), { format: 'csv', read: { workspace: seoul, defaults: { source: 'file-import' } } });
      expect(p.read).toMatchObject({ time_zone: 'Asia/Seoul', missing_fields: [], missing_columns: [], accepted: 2, rejected: 1 });
      expect(p.rows[0]).toMatchObject({ row_number: 2, values: { 접수일시: '2024. 3. 5 오후 2:13', 채널: '카카오톡' }, problem: null });
      expect(p.rows[0].read).toEqual({
        external_id: 'K-1',
        created_at: '2024-03-05 14:13',
        channel: 'chat',
        kind: 'inquiry',
        text: '환불은 언제 되나요? [전화번호]로 연락 주세요',
        rating: '4',
      });
      expect(p.rows[1].read).toMatchObject({ created_at: '2024-03-06 09:05', channel: 'phone', rating: '5' });
      expect(JSON.stringify(p)).not.toContain('1234-5678');
    });

    it('marks the row the import would reject, with its field and reason, and lists it', async () => {
      const p = await previewFile(file('kakao2.csv', csv), { format: 'csv', read: { workspace: seoul, defaults: { source: 'file-import' } } });
      const bad = p.rows.find((r) => r.row_number === 4)!;
      expect(bad.read).toBeNull();
      expect(bad.problem).toEqual({ field: 'created_at', reason: 'created_at: not a date/time / 날짜·시간 형식이 아닙니다: 2024. 2. 30 오전 9:00' });
      expect(p.read!.rejects).toEqual([{ row: 4, ...bad.problem! }]);
      expect(p.rows.filter((r) => r.problem !== null).map((r) => r.row_number)).toEqual([4]);
    });

    it('reads times in the workspace zone, and under the mapping and defaults given', async () => {
      const newYork = { ...seoul, timezone: 'America/New_York' };
      // The 문의내용 column left out and the channel from the form: every row's text is then empty.
      const mapping = { fields: { external_id: '문의번호', created_at: '접수일시', text: '연락처' }, metadata: [] };
      const p = await previewFile(file('kakao3.csv', csv), { format: 'csv', read: { workspace: newYork, mapping, defaults: { source: 'file-import', channel: 'board', kind: 'note' } } });
      expect(p.read).toMatchObject({ time_zone: 'America/New_York', accepted: 1, rejected: 2 });
      expect(p.rows[0].read).toMatchObject({ created_at: '2024-03-05 14:13', channel: 'board', kind: 'note', text: '[전화번호]' });
      expect(p.rows[1]).toMatchObject({ read: null, problem: { field: 'text', reason: 'text: text is empty / 본문이 비어 있습니다' } });
      expect(p.rows[0].read).not.toHaveProperty('rating'); // no longer mapped
    });

    it('reads no row when the import would refuse the whole file: a required field without a column, a column the file lacks', async () => {
      const noText = await previewFile(file('kakao4.csv', csv), {
        format: 'csv',
        read: { workspace: seoul, mapping: { fields: { created_at: '접수일시' }, metadata: [] }, defaults: { source: 'file-import' } },
      });
      expect(noText.read).toMatchObject({ missing_fields: ['text', 'channel'], accepted: 0, rejected: 0 });
      expect(noText.rows.map((r) => [r.read, r.problem])).toEqual([[null, null], [null, null], [null, null]]);
      const gone = await previewFile(file('kakao5.csv', csv), {
        format: 'csv',
        read: { workspace: seoul, mapping: { fields: { text: '고객 메시지', created_at: '접수일시', channel: '채널' } }, defaults: { source: 'file-import' } },
      });
      expect(gone.read).toMatchObject({ missing_columns: ['고객 메시지'], missing_fields: [], accepted: 0 });
    });

    it('reads JSON Lines records each by their own keys, as the import does', async () => {
      const lines = [
        { id: 'J1', text: '앱이 자꾸 꺼져요', created_at: '2024-03-05 14:13', channel: '앱스토어', rating: '★★☆☆☆', kind: '리뷰' },
        { id: 'J2', created_at: '2024-03-05 15:00', channel: '카카오톡' }, // no text: rejected
      ];
      const p = await previewFile(file('reviews.jsonl', lines.map((l) => JSON.stringify(l)).join('\n')), { format: 'jsonl', read: { workspace: seoul, defaults: { source: 'file-import' } } });
      expect(p.rows[0].read).toMatchObject({ external_id: 'J1', channel: 'app_store', kind: 'review', rating: '2', created_at: '2024-03-05 14:13' });
      expect(p.rows[1].problem).toMatchObject({ field: 'text' });
      expect(p.read).toMatchObject({ accepted: 1, rejected: 1 });
    });
  });
});
