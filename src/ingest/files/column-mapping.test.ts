import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { itemInputSchema } from '../../domain/item.js';
import { applyMapping, autoMapping, HEADER_ALIAS_KEYS, isRowNumberHeader, isSoriExport, missingRequiredFields, normalizeEnumValue, parseMappingSpec, resolveMapping, unguard } from './column-mapping.js';
import { guardFormula } from './write-records.js';
import { EXPORT_COLUMNS } from '../export-items.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-column-mapping-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('autoMapping', () => {
  it("takes the Korean vendors' id headers (Channel Talk's 상담ID, 채팅ID, 문의번호, 티켓 번호 …) as the ticket id", () => {
    for (const header of ['상담ID', '상담 ID', '상담 번호', '채팅ID', '채팅 번호', '문의번호', '문의 ID', '티켓 번호', '티켓ID', '유저챗 ID', 'Chat ID', 'Conversation ID', 'Case Number']) {
      const { mapping } = autoMapping([header, '문의일시', '고객명', '연락처', '채널', '문의내용']);
      expect(mapping.fields.external_id, header).toBe(header);
    }
    // A board's own number still ranks first, and a row number is never the id.
    expect(autoMapping(['번호', '상담ID', '티켓번호', '문의내용']).mapping.fields.external_id).toBe('티켓번호');
    expect(autoMapping(['번호', '작성일', '문의내용']).mapping.fields.external_id).toBeUndefined();
  });

  it("reads a survey export (응답일시, NPS 점수 / 추천점수) and a call centre's 상담사 without --map", () => {
    // A survey tool's export: 응답일시 is when the customer answered, the item's time.
    const survey = autoMapping(['응답ID', '응답일시', 'NPS 점수', '의견']).mapping.fields;
    expect(survey).toMatchObject({ created_at: '응답일시', score: 'NPS 점수', text: '의견' });
    expect(survey.first_response_at).toBeUndefined();
    for (const header of ['NPS점수', 'NPS 점수', '추천점수', '추천 점수', '추천의향점수']) {
      expect(autoMapping(['응답일시', '의견', header]).mapping.fields.score, header).toBe(header);
    }
    for (const header of ['응답일시', '응답 일시', '응답일자', '설문응답일시', '제출일시', '타임스탬프']) {
      expect(autoMapping([header, '의견']).mapping.fields.created_at, header).toBe(header);
    }
    // A help desk's own time still wins over an answer time beside it (then left as metadata).
    const desk = autoMapping(['접수일시', '응답일시', '문의내용', '상담사']);
    expect(desk.mapping.fields).toMatchObject({ created_at: '접수일시', assignee: '상담사', text: '문의내용' });
    expect(desk.unmapped).toEqual(['응답일시']);
    // 상담사 ranks after the desk's own 담당자.
    expect(autoMapping(['담당자', '상담사', '문의내용']).mapping.fields.assignee).toBe('담당자');
    // Not guessed: a 만족도 점수 is as often out of 10 or 100 as out of 5 (rating takes 1–5 only).
    expect(autoMapping(['만족도점수', '의견']).mapping.fields.rating).toBeUndefined();
    // The score column's cells read as 0–10 (9점 → 9) and pass the item schema.
    const row = applyMapping({ 응답일시: '2026-11-02 10:00', 'NPS 점수': '9점', 의견: '좋아요', 상담사: '김상담' }, resolveMapping(['응답일시', 'NPS 점수', '의견', '상담사']).mapping);
    expect(row).toMatchObject({ created_at: '2026-11-02 10:00', score: 9, text: '좋아요', assignee: '김상담' });
    expect(itemInputSchema.safeParse({ ...row, channel: 'survey', source: 'survey' }).success).toBe(true);
  });

  it('gives no alias to two fields, and none to a row-number header', () => {
    const owner = new Map<string, string>();
    for (const [field, key] of HEADER_ALIAS_KEYS()) {
      expect(owner.get(key) ?? field, `${key} is an alias of ${owner.get(key)} and ${field}`).toBe(field);
      owner.set(key, field);
      expect(isRowNumberHeader(key), key).toBe(false);
    }
  });

  it('recognises the segment under the names Korean help desks and the app itself use (고객군, 고객 구분, 회원 유형)', () => {
    for (const header of ['고객군', '고객 구분', '회원구분', '회원 유형', '멤버십 등급', 'Customer Type']) {
      expect(autoMapping(['티켓번호', '접수일시', '문의내용', header]).mapping.fields.customer_segment, header).toBe(header);
    }
  });

  it('maps common Korean helpdesk headers and sends the rest to metadata', () => {
    const headers = ['티켓번호', '접수일시', '채널', '고객ID', '상태', '평점', '문의내용', '제목', '담당자', '문의유형', '해결일시', '회원등급', '요금제', '상품코드', '주문번호', 'NPS', '최초응답일시'];
    const { mapping, unmapped } = autoMapping(headers);
    expect(mapping.fields).toEqual({
      external_id: '티켓번호',
      created_at: '접수일시',
      channel: '채널',
      customer_id: '고객ID',
      status: '상태',
      rating: '평점',
      text: '문의내용',
      title: '제목',
      assignee: '담당자',
      resolved_at: '해결일시',
      customer_segment: '회원등급',
      customer_plan: '요금제',
      product_ref: '상품코드',
      order_ref: '주문번호',
      score: 'NPS',
      first_response_at: '최초응답일시',
    });
    expect(unmapped).toEqual(['문의유형']);
    expect(mapping.metadata).toEqual(['문의유형']);
  });

  it("maps the answer-time columns users' exports have to first_response_at, and keeps cancellation reasons as metadata under their own names", () => {
    // Not 응답일시: in a survey export it is when the answer was submitted (review s19).
    for (const header of ['답변일시', '답변일자', '답변 일시', '최초응답일시', '첫 응답 시간', 'First Response At']) {
      expect(autoMapping(['문의번호', '작성일', '문의내용', header]).mapping.fields.first_response_at, header).toBe(header);
    }
    expect(autoMapping(['응답ID', '응답일시', '만족도', '의견']).mapping.fields.first_response_at).toBeUndefined();
    // The churn reasons page reads them from metadata by these names (text/churn-reasons.ts).
    for (const header of ['해지사유', '해지 사유', '취소사유', '탈퇴사유', 'cancellation reason']) {
      const { mapping, unmapped } = autoMapping(['문의번호', '작성일', '문의내용', header]);
      expect(Object.values(mapping.fields), header).not.toContain(header);
      expect(unmapped, header).toEqual([header]);
    }
  });

  it('matches field names and vendor headers ignoring case, spaces, - and _', () => {
    const { mapping, unmapped } = autoMapping(['ID', 'Subject', 'Description', 'Created At', 'Requester ID', 'Assignee', 'STATUS', 'Satisfaction Rating', 'Tags', 'customer-plan']);
    expect(mapping.fields).toEqual({
      external_id: 'ID',
      title: 'Subject',
      text: 'Description',
      created_at: 'Created At',
      customer_id: 'Requester ID',
      assignee: 'Assignee',
      status: 'STATUS',
      rating: 'Satisfaction Rating',
      customer_plan: 'customer-plan',
    });
    expect(unmapped).toEqual(['Tags']);
  });

  it('gives each field one column, the better name winning', () => {
    const { mapping, unmapped } = autoMapping(['내용', '문의 내용', 'text', '번호', '티켓번호']);
    expect(mapping.fields.text).toBe('text');
    expect(mapping.fields.external_id).toBe('티켓번호');
    expect(unmapped).toEqual(['내용', '문의 내용', '번호']);
  });

  it("reads a ticket's last change in its own system (수정일시, Updated at) as its version, but not the updated_at of a file Sori wrote", () => {
    expect(autoMapping(['티켓번호', '접수일시', '문의내용', '최종 수정일시']).mapping.fields.source_updated_at).toBe('최종 수정일시');
    expect(autoMapping(['Ticket ID', 'Subject', 'Description', 'Created at', 'Updated at']).mapping.fields.source_updated_at).toBe('Updated at');
    expect(autoMapping(['id', 'text', 'created_at', 'updated_at']).mapping.fields.source_updated_at).toBe('updated_at');
    // A bare "Updated" may be a yes/no flag: kept as metadata, not read as a time.
    expect(autoMapping(['id', 'text', 'created_at', 'Updated']).mapping.fields.source_updated_at).toBeUndefined();
    // In Sori's own export updated_at is when Sori stored the item: left out, as before.
    const sori = autoMapping(['id', 'external_id', 'created_at', 'received_at', 'text', 'customer_ref', 'pii_kinds', 'model_version', 'updated_at', 'source_updated_at']);
    expect(sori.mapping.fields.source_updated_at).toBe('source_updated_at');
    expect(autoMapping(['id', 'external_id', 'created_at', 'received_at', 'text', 'customer_ref', 'pii_kinds', 'model_version', 'updated_at']).mapping.fields.source_updated_at).toBeUndefined();
    expect(sori.unmapped).not.toContain('updated_at');
  });
});

describe('parseMappingSpec', () => {
  it('reads the flag form, with quoted column names', () => {
    expect(parseMappingSpec('text=문의내용,created_at=접수일시, external_id = 티켓번호')).toEqual({
      fields: { text: '문의내용', created_at: '접수일시', external_id: '티켓번호' },
      partial: true,
    });
    expect(parseMappingSpec('text="내용, 상세",title="a=b"')).toEqual({ fields: { text: '내용, 상세', title: 'a=b' }, partial: true });
  });

  it('explains a wrong mapping in English and Korean', () => {
    expect(() => parseMappingSpec('text')).toThrow(/is not field=Column \/ 열 매핑: "text"은\(는\) 필드=열 형식이 아닙니다/);
    expect(() => parseMappingSpec('foo=bar')).toThrow(/알 수 없는 항목 필드 "foo"/);
  });

  it('rejects unknown fields, pairs without =, duplicates and empty specs', () => {
    expect(() => parseMappingSpec('body=내용')).toThrow(/unknown item field "body"/);
    expect(() => parseMappingSpec('text')).toThrow(/not field=Column/);
    expect(() => parseMappingSpec('text=a,text=b')).toThrow(/mapped twice/);
    expect(() => parseMappingSpec(' , ')).toThrow(/empty/);
    expect(() => parseMappingSpec('text="a')).toThrow(/unbalanced/);
  });

  it('reads a JSON mapping file, full or short form', () => {
    const full = path.join(dir, 'map.json');
    fs.writeFileSync(full, JSON.stringify({ fields: { text: '본문' }, constants: { channel: 'email' }, metadata: ['카테고리'] }));
    expect(parseMappingSpec(full)).toEqual({ fields: { text: '본문' }, constants: { channel: 'email' }, metadata: ['카테고리'] });
    const short = path.join(dir, 'short.JSON');
    fs.writeFileSync(short, '\uFEFF{"text":"본문","created_at":"작성일"}');
    expect(parseMappingSpec(short)).toEqual({ fields: { text: '본문', created_at: '작성일' }, partial: true });
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"fields":{"body":"본문"}}');
    expect(() => parseMappingSpec(bad)).toThrow(/unknown item field/);
    expect(() => parseMappingSpec(path.join(dir, 'missing.json'))).toThrow(/cannot read mapping file/);
  });

  it('reads a JSON mapping given inline (the import page sends one)', () => {
    expect(parseMappingSpec(' {"fields":{"text":"고객 메시지","created_at":"접수일시"},"metadata":["카테고리"]}')).toEqual({
      fields: { text: '고객 메시지', created_at: '접수일시' },
      metadata: ['카테고리'],
    });
    expect(parseMappingSpec('{"text":"본문"}')).toEqual({ fields: { text: '본문' }, partial: true });
    expect(() => parseMappingSpec('{"fields":{"text":"본문"}')).toThrow(/mapping is not JSON/);
    expect(() => parseMappingSpec('{"fields":{"body":"본문"}}')).toThrow(/mapping: unknown item field\(s\) "body"/);
    expect(() => parseMappingSpec('{"fields":{"text":""}}')).toThrow(/fields\.text/);
  });
});

describe('unguard', () => {
  // A row of Sori's own CSV/XLSX export: its columns (export-items.ts) plus a metadata-ish extra.
  const soriRow = (cells: Record<string, unknown>) => ({ ...Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, null])), pii_kinds: '', ...cells });

  it("takes off the apostrophe Sori's spreadsheet export put before a formula-like cell, and nothing else", () => {
    const exported = soriRow({ external_id: "'=EXT0", text: "'-5% 할인 안됨", title: "'@멘션", 메모: "'+82 문의" });
    const item = applyMapping(exported, autoMapping(Object.keys(exported)).mapping);
    expect(item).toMatchObject({ external_id: '=EXT0', text: '-5% 할인 안됨', title: '@멘션', metadata: { 메모: '+82 문의' } });
    expect(unguard("'그냥 따옴표")).toBe("'그냥 따옴표");
    expect(unguard("'")).toBe("'");
    expect(unguard(12)).toBe(12);
  });

  it("keeps a customer's leading apostrophe in a file Sori did not write ('-' 표시가 이상해요)", () => {
    const row = { 번호: '1', 작성일: '2024-11-01', 내용: "'-' 표시가 이상해요", 메모: "'=그대로" };
    expect(isSoriExport(Object.keys(row))).toBe(false);
    const item = applyMapping(row, autoMapping(Object.keys(row)).mapping);
    expect(item).toMatchObject({ text: "'-' 표시가 이상해요", metadata: { 메모: "'=그대로" } });
  });

  it("gives back exactly what Sori exported, a leading apostrophe included, and leaves its JSONL export alone", () => {
    const texts = ["'-' 표시가 이상해요", "''=x", '=1+1', '＝1+1', '\u200b=1', "'그냥", '보통 글'];
    for (const text of texts) {
      const csvRow = soriRow({ text: guardFormula(text), created_at: '2024-11-01T10:00:00+09:00', channel: 'chat', source: 's' });
      expect(applyMapping(csvRow, autoMapping(Object.keys(csvRow)).mapping).text).toBe(text);
      // JSONL keeps pii_kinds an array and is never guarded: an apostrophe there is the customer's.
      const jsonRow = soriRow({ text, pii_kinds: [] });
      expect(applyMapping(jsonRow, autoMapping(Object.keys(jsonRow)).mapping).text).toBe(text);
    }
  });

  it("un-guards a rejects file's cells (Sori guarded them) whatever the original file was", () => {
    const row = { reject_row: '3', reject_field: 'created_at', reject_reason: 'x', 내용: guardFormula("'-' 표시"), 작성일: '2024-11-01' };
    expect(applyMapping(row, resolveMapping(Object.keys(row)).mapping).text).toBe("'-' 표시");
  });
});

describe('row-number columns (번호, No, 순번)', () => {
  it('never become the item id: two months of board exports stay different tickets', () => {
    for (const header of ['번호', 'No', 'NO.', '순번', 'no']) {
      const r = resolveMapping([header, '작성일', '내용']);
      expect(r.mapping.fields.external_id).toBeUndefined();
      expect(r.unmapped).toContain(header); // kept as metadata
    }
  });

  it('still map explicit ticket numbers and ids', () => {
    for (const header of ['티켓번호', '문의번호', '접수번호', 'ticket_id', 'Ticket ID', 'external_id', 'id']) {
      expect(resolveMapping([header, '번호', '작성일', '내용']).mapping.fields.external_id).toBe(header);
    }
  });
});

describe('resolveMapping', () => {
  const headers = ['티켓번호', '접수일시', '고객 메시지', '평점', '카테고리', 'topic_name'];

  it('lays a partial mapping over the automatic one', () => {
    const r = resolveMapping(headers, parseMappingSpec('text=고객 메시지'));
    expect(r.mapping.fields).toEqual({ external_id: '티켓번호', created_at: '접수일시', text: '고객 메시지', rating: '평점' });
    expect(r.unmapped).toEqual(['카테고리']); // topic_name is Sori's own derived column
    expect(r.missing).toEqual([]);
  });

  it('takes a column the partial mapping names away from the field the headers gave it', () => {
    const r = resolveMapping(['접수일시', '문의내용', '메모'], parseMappingSpec('text=메모,title=문의내용'));
    expect(r.mapping.fields).toEqual({ created_at: '접수일시', text: '메모', title: '문의내용' });
  });

  it('keeps a complete mapping as it is, and names the columns the file lacks', () => {
    const given = parseMappingSpec('{"fields":{"text":"고객 메시지","created_at":"등록일"},"metadata":[]}');
    const r = resolveMapping(headers, given);
    expect(r.mapping).toBe(given);
    expect(r.missing).toEqual(['등록일']);
  });

  it('lists the columns a complete mapping drops as ignored, not as kept in metadata', () => {
    const given = parseMappingSpec('{"fields":{"text":"문의내용","created_at":"접수일시","external_id":"티켓번호"},"metadata":["채널"],"constants":{"channel":"phone"}}');
    const r = resolveMapping(['티켓번호', '접수일시', '채널', '문의내용', '고객명', '연락처', '상태'], given);
    expect(r.unmapped).toEqual(['채널']);
    expect(r.ignored).toEqual(['고객명', '연락처', '상태']);
    const item = applyMapping({ 티켓번호: 'T1', 접수일시: '2024-11-01', 채널: '전화', 문의내용: '본문', 고객명: '홍길동', 연락처: '010', 상태: '완료' }, r.mapping);
    expect(item.metadata).toEqual({ 채널: '전화' });
  });

  it('says which required fields no column gives', () => {
    expect(missingRequiredFields(resolveMapping(['메모', '작성자']).mapping, { source: 'x' })).toEqual(['text', 'created_at', 'channel']);
    expect(missingRequiredFields(resolveMapping(['내용', '등록일']).mapping, { channel: 'chat', source: 'x' })).toEqual([]);
  });
});

describe('normalizeEnumValue', () => {
  it('maps Korean and vendor status and channel words', () => {
    const status = (v: string) => normalizeEnumValue('status', v);
    expect(['신규', '접수', '처리중', '진행중', '보류', '대기', '완료', '해결', '종료', 'Solved', 'hold', 'On Hold'].map(status)).toEqual([
      'new', 'new', 'open', 'open', 'on_hold', 'pending', 'resolved', 'resolved', 'closed', 'resolved', 'on_hold', 'on_hold',
    ]);
    const channel = (v: string) => normalizeEnumValue('channel', v);
    expect(['채팅', '채널톡', '전화', '이메일', '메일', '1:1문의', '1:1 문의', '게시판', '설문', '리뷰', '앱리뷰', '앱스토어', '챗봇', 'App Store', 'voice'].map(channel)).toEqual([
      'chat', 'chat', 'phone', 'email', 'email', 'board', 'board', 'board', 'survey', 'review', 'app_store', 'app_store', 'chatbot', 'app_store', 'phone',
    ]);
  });

  it('reads ratings written as words, points or stars, and leaves unknown values alone', () => {
    expect(normalizeEnumValue('rating', '4점')).toBe(4);
    expect(normalizeEnumValue('rating', '★★★☆☆')).toBe(3);
    expect(normalizeEnumValue('rating', '매우 만족')).toBe(5);
    expect(normalizeEnumValue('rating', 'Offered')).toBe('');
    expect(normalizeEnumValue('status', '이상한값')).toBe('이상한값');
    expect(normalizeEnumValue('text', '완료')).toBe('완료');
    expect(normalizeEnumValue('status', 3)).toBe(3);
  });
});

describe('applyMapping', () => {
  it('builds an item input that itemInputSchema accepts', () => {
    const row = { 티켓번호: 'T-1', 접수일시: '2024-05-01 13:02', 채널: '채팅', 상태: '처리중', 평점: '5', 문의내용: '배송이 늦어요', 문의유형: '배송', 비고: '' };
    const { mapping } = autoMapping(Object.keys(row));
    const item = applyMapping(row, { ...mapping, constants: { source: 'helpdesk-export' } });
    expect(item).toEqual({
      external_id: 'T-1',
      created_at: '2024-05-01 13:02',
      channel: 'chat',
      status: 'open',
      rating: '5',
      text: '배송이 늦어요',
      source: 'helpdesk-export',
      metadata: { 문의유형: '배송' },
    });
    const parsed = itemInputSchema.parse(item);
    expect(parsed.created_at.toISOString()).toBe('2024-05-01T04:02:00.000Z');
    expect(parsed.rating).toBe(5);
  });

  it('copies every unused column into metadata when the mapping names none', () => {
    expect(applyMapping({ 본문: '안녕하세요', 카테고리: '결제', 빈칸: '', 숫자: 3 }, { fields: { text: '본문' } })).toEqual({
      text: '안녕하세요',
      metadata: { 카테고리: '결제', 숫자: 3 },
    });
    expect(applyMapping({ 본문: 'x', 카테고리: '결제' }, { fields: { text: '본문' }, metadata: [] })).toEqual({ text: 'x' });
  });

  it('lets a row value win over a constant, and fills empty cells from it', () => {
    const mapping = { fields: { channel: '채널' as const, text: '본문' }, constants: { channel: 'email' } };
    expect(applyMapping({ 채널: '전화', 본문: 'a' }, mapping).channel).toBe('phone');
    expect(applyMapping({ 채널: '', 본문: 'a' }, mapping).channel).toBe('email');
  });

  it('parses a metadata column holding JSON (as sori export writes it) and merges extra columns', () => {
    const item = applyMapping({ metadata: '{"tags":["a"]}', text: 'x', 등급: 'VIP' }, autoMapping(['metadata', 'text', '등급']).mapping);
    expect(item.metadata).toEqual({ tags: ['a'] });
    expect(item.customer_segment).toBe('VIP');
    expect(applyMapping({ metadata: '{"a":1}', 기타: 'y' }, { fields: { metadata: 'metadata' } }).metadata).toEqual({ a: 1, 기타: 'y' });
  });

  it('keeps a plain column chosen as "metadata" under its own name (its cells were dropped)', () => {
    expect(applyMapping({ 카테고리: '배송', 번호: '55', text: 'x' }, { fields: { metadata: '카테고리', text: 'text' } }).metadata).toEqual({ 카테고리: '배송', 번호: '55' });
    expect(applyMapping({ 카테고리: '배송', text: 'x' }, { fields: { metadata: '카테고리', text: 'text' } }).metadata).toEqual({ 카테고리: '배송' });
    expect(applyMapping({ 카테고리: '', text: 'x' }, { fields: { metadata: '카테고리', text: 'text' } }).metadata).toBeUndefined();
  });
});

describe('applyMapping with a key named __proto__', () => {
  it('keeps it as an ordinary metadata column (a JSONL key, not the object prototype)', () => {
    const values = JSON.parse('{"text":"배송 문의","created_at":"2026-11-03 10:00","__proto__":{"a":1}}') as Record<string, unknown>;
    const { mapping } = autoMapping(Object.keys(values));
    const item = applyMapping(values, mapping);
    const metadata = item.metadata as Record<string, unknown>;
    expect(Object.hasOwn(metadata, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(JSON.stringify(metadata)).toBe('{"__proto__":{"a":1}}');
  });
});
