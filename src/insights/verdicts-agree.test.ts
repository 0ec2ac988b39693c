import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { eachDay } from '../domain/local-day.js';
import type { ItemInput } from '../domain/item.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { createTopic } from '../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { documentedResponseSchema } from '../server/openapi.js';

const PREVIOUS = eachDay('2026-05-01', '2026-05-07');
const CURRENT = eachDay('2026-05-08', '2026-05-14');
const WEEK = 'from=2026-05-08&to=2026-05-14';
/** Nineteen steady topics beside 배송, each a word no other topic's text holds. */
const STEADY = ['쿠폰', '환불', '로그인', '교환', '반품', '포인트', '알림', '주소', '영수증', '멤버십', '포장', '재고', '사이즈', '선물', '예약', '적립금', '탈퇴', '비밀번호', '리뷰'];

type Change = { current: number | null; previous: number | null; verdict: string; p_value: number; reason?: string };
type Line = { key: string; rate: Change; p_adjusted: number };

/** `count` items spread evenly over `days`, each made by `make(day, i)`. */
function spread(days: readonly string[], count: number, make: (day: string, i: number) => ItemInput): ItemInput[] {
  return Array.from({ length: count }, (_, i) => make(days[i % days.length]!, i));
}

// Session 26: on the same 28 days 배송 read "변동 범위 내(노이즈)" among the Overview's movers
// (p_adjusted over 33 topics) and "유의미한 감소" on Explore split by topic (adjusted over the 12 lines
// shown). The same question has one answer now: the family is every key of the split on both.
describe(`one verdict per question: movers, Explore lines, response rate (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let ws: Workspace;
  let cookie: string;
  let delivery: string;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;
    ({ app, login } = await buildTestApp(db));
    cookie = await login('viewer');
    ws = await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' });
    delivery = (await createTopic(db, ws.id, { name: '배송', rules: [{ kind: 'keyword', pattern: '배송' }] })).id;
    for (const word of STEADY) await createTopic(db, ws.id, { name: `${word} 문의`, rules: [{ kind: 'keyword', pattern: word }] });
    let n = 0;
    const chat = (text: string) => (day: string, i: number) =>
      buildItem({ external_id: `c-${n++}`, channel: 'review', kind: 'review', created_at: `${day}T${String(9 + (i % 8)).padStart(2, '0')}:00:00+09:00`, text: `${text} (${n})` });
    // Reviews (no answer expected): 배송 110 → 75 a week (p ≈ 0.012 alone); every other topic 10 → 10.
    const items = [...spread(PREVIOUS, 110, chat('배송 언제 와요')), ...spread(CURRENT, 75, chat('배송 언제 와요'))];
    for (const word of STEADY) items.push(...spread(PREVIOUS, 10, chat(`${word} 관련 질문이요`)), ...spread(CURRENT, 10, chat(`${word} 관련 질문이요`)));
    // Response rate: the chatbot answers its 200 sessions a week in 3 seconds; people answered 40 of
    // 40 chats the week before and 38 of 40 now (two left unanswered).
    const bot = (day: string, i: number) => {
      const at = new Date(`${day}T${String(9 + (i % 8)).padStart(2, '0')}:00:00+09:00`);
      return buildItem({ external_id: `b-${n++}`, channel: 'chatbot', kind: 'chatbot_session', handled_by: 'bot', created_at: at.toISOString(), first_response_at: new Date(at.getTime() + 3000).toISOString(), text: `운영시간 알려주세요 (${n})` });
    };
    const person = (answered: (i: number) => boolean) => (day: string, i: number) => {
      const at = new Date(`${day}T${String(9 + (i % 8)).padStart(2, '0')}:00:00+09:00`);
      return buildItem({
        external_id: `h-${n++}`, channel: 'email', handled_by: 'human', created_at: at.toISOString(),
        first_response_at: answered(i) ? new Date(at.getTime() + 16 * 3600_000).toISOString() : undefined,
        text: `세금계산서 발행 요청드립니다 (${n})`,
      });
    };
    items.push(...spread(PREVIOUS, 200, bot), ...spread(CURRENT, 200, bot));
    items.push(...spread(PREVIOUS, 40, person(() => true)), ...spread(CURRENT, 40, person((i) => i >= 2)));
    expect((await ingestItems(db, ws, items)).inserted).toBe(items.length);
  });
  afterAll(() => close());

  let doc: Record<string, unknown> | undefined;
  /** The answer, checked against the response schema the OpenAPI document gives it. */
  const get = async <T>(path: string): Promise<T> => {
    doc ??= (await (await app.request('/api/v1/openapi.json')).json()) as Record<string, unknown>;
    const res = await app.request(`/api/v1${path}`, { headers: { Cookie: cookie } });
    expect(res.status, path).toBe(200);
    const body = await res.json();
    const schema = documentedResponseSchema(doc as never, 'get', `/api/v1${path.split('?')[0]}`, '200', 'application/json');
    expect(schema, path).toBeTruthy();
    const parsed = z.fromJSONSchema(schema as never).safeParse(body);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), path).toEqual([]);
    return body as T;
  };

  it('gives a topic the same verdict and adjusted p-value among the movers and on Explore split by topic, however few lines Explore shows', async () => {
    const overview = await get<{ topic_movers: (Line & { name: string })[] }>(`/insights/overview?${WEEK}&movers=100`);
    const mover = overview.topic_movers.find((m) => m.key === delivery)!;
    expect(mover).toMatchObject({ current_items: 75, previous_items: 110 });
    // Twenty topics tested at once: a fall with p ≈ 0.012 alone is within the noise of twenty.
    expect(mover.rate.verdict).toBe('within_noise');
    for (const limit of [2, 12, 50]) {
      const explore = await get<{ lines: Line[] }>(`/insights/volume?${WEEK}&by=topic&limit=${limit}`);
      const line = explore.lines.find((l) => l.key === delivery)!;
      // Two lines and "other" once made a family of three, and 배송 "significant".
      expect({ limit, verdict: line.rate.verdict, p: line.p_adjusted }).toEqual({ limit, verdict: mover.rate.verdict, p: mover.p_adjusted });
      for (const l of explore.lines) {
        const m = overview.topic_movers.find((x) => x.key === l.key);
        if (m) expect({ key: l.key, verdict: l.rate.verdict }).toEqual({ key: m.key, verdict: m.rate.verdict });
      }
      const other = explore.lines.find((l) => l.key === '__other__');
      // "Other" sums keys already tested: held to a stricter bar than its own p-value.
      if (other) expect(other.p_adjusted).toBeGreaterThanOrEqual(other.rate.p_value);
    }
  });

  it('heads the response rate with people’s conversations and gives the chatbot’s beside it, never 100 % with items unanswered', async () => {
    type Overview = { response_rate: Change; response_rate_by_handler: { people: Change; bot: Change | null } };
    const o = await get<Overview>(`/insights/overview?${WEEK}`);
    // Every answerable item: 238 of 240 — the bot's 200 hold it near 100 %.
    expect(o.response_rate).toMatchObject({ current: (238 * 100) / 240, previous: 100 });
    expect(o.response_rate_by_handler.people).toMatchObject({ current: 95, previous: 100 });
    expect(o.response_rate_by_handler.bot).toMatchObject({ current: 100, previous: 100, verdict: 'within_noise' });
    // 100 % before and two unanswered now on a base of 40 a week: Fisher's exact test can compare
    // that; it is within noise, not "not enough data".
    expect(o.response_rate_by_handler.people.verdict).toBe('within_noise');
    expect(o.response_rate.verdict).toBe('within_noise');
  });
});
