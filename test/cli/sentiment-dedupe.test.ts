// `sori sentiment` and `sori dedupe` as a user runs them: child processes on Korean JSONL.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, parseJsonl, type Sandbox } from './run-sori.js';

let sb: Sandbox;
beforeAll(() => {
  sb = makeSandbox('sentiment-dedupe', 'ko');
});
afterAll(() => sb.remove());

const toJsonl = (values: unknown[]): string => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n';

describe('sori sentiment', () => {
  it('adds sentiment and score to each line, keeps the rest, and reports a bad line in place', async () => {
    writeFileSync(
      sb.file('in.jsonl'),
      toJsonl([
        { id: 'a', text: '배송이 너무 늦어요. 정말 실망입니다', channel: 'chat' },
        { id: 'b', text: '상담원분이 친절하게 해결해 주셨어요 감사합니다' },
        '{"id": "broken"',
        { id: 'c', text: '주문 취소는 어디서 하나요?' },
        { id: 'd', title: '문의', text: 'The app is great, I love it' },
      ]),
    );
    const r = await sb.run(['sentiment', '--in', 'in.jsonl', '--out', 'out.jsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('in.jsonl:3:');
    const out = parseJsonl((await import('node:fs')).readFileSync(sb.file('out.jsonl'), 'utf8'));
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ id: 'a', channel: 'chat', sentiment: 'negative' });
    expect(out[1]).toMatchObject({ id: 'b', sentiment: 'positive' });
    expect(out[2]).toMatchObject({ line: 3 });
    expect(out[3]).toMatchObject({ id: 'c', sentiment: 'neutral' });
    expect(out[4]).toMatchObject({ id: 'd', sentiment: 'positive' });
    for (const row of [out[0], out[1], out[3], out[4]]) expect(Math.abs(row!.sentiment_score as number)).toBeLessThanOrEqual(1);
  });
});

describe('sori dedupe', () => {
  it('groups near-duplicates, keeps different problems apart despite shared boilerplate, and is stable', async () => {
    const rows = [
      { id: 'q1', text: '안녕하세요 문의드립니다. 앱 업데이트 후부터 결제 버튼을 누르면 앱이 꺼져요' },
      { id: 'q2', text: '앱 업데이트 후부터 결제 버튼 누르면 앱이 꺼져요!! 확인 부탁드립니다' },
      { id: 'q3', text: '안녕하세요 문의드립니다. 환불은 언제쯤 입금되나요' },
      { id: 'q4', text: '배송이 너무 늦어요' },
      { id: 'q5', text: '배송이 너무 늦어여!!' },
      { id: 'q6', text: '고객님 안녕하세요, 쿠폰 사용 기간이 궁금합니다', customer_ref: 'c_1' },
      { id: 'q7', text: '쿠폰 사용기간 언제까지예요?', customer_ref: 'c_1' },
    ];
    writeFileSync(sb.file('items.jsonl'), toJsonl(rows));
    const r = await sb.run(['dedupe', '--in', 'items.jsonl', '--out', 'groups.jsonl', '--customer-field', 'customer_ref']);
    expect(r.code).toBe(0);
    const out = parseJsonl((await import('node:fs')).readFileSync(sb.file('groups.jsonl'), 'utf8'));
    const group = Object.fromEntries(out.map((o) => [o.id, o.group]));
    expect(group.q2).toBe(group.q1);
    expect(group.q3).not.toBe(group.q1);
    expect(group.q5).toBe(group.q4);
    expect(out.find((o) => o.id === 'q1')!.group_size).toBe(2);
    const again = await sb.run(['dedupe', '--in', 'items.jsonl', '--out', '-', '--customer-field', 'customer_ref']);
    expect(parseJsonl(again.stdout).map((o) => o.group)).toEqual(out.map((o) => o.group));
  });
});
