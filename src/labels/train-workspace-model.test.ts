import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { textEnrichmentFor } from '../ingest/enrich.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { createTopic } from '../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { loadDefaultTypeModel, NO_TOPIC } from '../text/labeller.js';
import type { TextClassifier } from '../text/classifier.js';
import { correctItemLabels } from './correct-label.js';
import { reclassifyItems } from './reclassify.js';
import { trainFromLabelled, trainWorkspaceModel, type LabelledItem } from './train-workspace-model.js';

/** A fixture's messages with their type (test/fixtures/text, written separately; evaluation only). */
function fixture(name: string): { text: string; label: string }[] {
  return readFileSync(new URL(`../../test/fixtures/text/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; type?: string; label?: string })
    .map((r) => ({ text: r.text, label: r.label ?? r.type ?? '' }));
}

const accuracy = (model: TextClassifier, rows: { text: string; label: string }[]) =>
  rows.filter((r) => model.predict(r.text).label === r.label).length / rows.length;

// A team that added its own type, 제휴·입점 (partnerships and sellers wanting in), corrects thirty messages to it.
const PARTNERSHIP = [
  '입점 문의드립니다. 수제 디저트 브랜드인데 판매 가능할까요',
  '제휴 제안서를 보내고 싶은데 담당 부서 메일 주소 알려주세요',
  '저희 매장 상품을 여기서 팔고 싶습니다',
  '판매자 등록은 어떻게 진행하나요',
  '공동 마케팅 제휴 가능할지 문의드립니다',
  '입점 수수료가 몇 퍼센트인가요',
  '브랜드 입점 심사 기간이 얼마나 걸리나요',
  'B2B 대량 납품 관련해서 미팅 요청드립니다',
  '인플루언서 협업 제안드려요',
  '입점 서류 제출했는데 검토 결과는 언제 나오나요',
  '제휴 카드 할인 이벤트 같이 하실 생각 있으신가요',
  '오프라인 팝업 공동 진행 제안입니다',
  '셀러 센터 가입 승인 기다리고 있어요',
  '입점 조건이 궁금합니다 최소 상품 수가 있나요',
  '저희 앱이랑 포인트 제휴 가능할까요',
  '제휴사 정산 주기는 어떻게 되나요',
  '입점 상담 전화 가능한 시간 알려주세요',
  '로컬 농가인데 직거래 상품 입점 원합니다',
  '광고 제휴 단가표 받을 수 있을까요',
  '제휴 문의 양식이 어디 있나요',
  'We would like to sell our products on your marketplace',
  'Partnership proposal for a co-branded campaign',
  'How can I become a seller on your platform?',
  'Interested in a wholesale supply agreement, who should I contact?',
  'Affiliate program inquiry from a lifestyle blog',
  '입점 신청했는데 반려 사유를 알고 싶어요',
  '기업 복지몰 제휴 제안드립니다',
  '해외 브랜드 국내 유통 입점 가능할까요',
  '제휴 계약서 검토 요청드립니다',
  '크리에이터 공동구매 진행 문의드려요',
];

describe('a workspace type model trained from corrections', () => {
  it('learns the team\'s own type and stays as good as the shipped model on everything else', async () => {
    const own: LabelledItem[] = PARTNERSHIP.map((text) => ({ text, label: 'partnership', corrected: true }));
    const { model } = trainFromLabelled(own, 'type');
    const shipped = await loadDefaultTypeModel();
    expect(shipped.labels).not.toContain('partnership');
    // Messages about other things, written separately.
    const others = [...fixture('cx-types-holdout-2.jsonl'), ...fixture('ko-cx-types-holdout.jsonl')].filter((r) => !/입점|제휴|partner|seller|affiliate/i.test(r.text));
    expect(others.length).toBeGreaterThan(500);
    // Built on the generated inquiries alone it fell from ~0.8 to ~0.5 here (returns corrected to
    // cancellation, session 10); on the shipped model's own training set it keeps within a few points.
    expect(accuracy(model, others)).toBeGreaterThanOrEqual(accuracy(shipped, others) - 0.05);
    const probes = ['입점하려면 어떤 서류가 필요한가요', '저희 회사와 제휴 맺으실 의향 있으세요', 'Can we discuss becoming a vendor on your site?'];
    expect(probes.filter((t) => model.predict(t).label === 'partnership').length).toBeGreaterThanOrEqual(2);
  });

  it('learns one or two corrections to a type the shipped model knows; a type of the team\'s own still needs three', () => {
    // Ten corrections: four to billing, two each to delivery, account and how_to. The shipped
    // model reads the two order-list messages as bugs; both corrections were dropped (two < three).
    const own: LabelledItem[] = [
      ['정기구독 갱신일에 금액이 빠져나갔어요', 'billing'], ['멤버십 자동갱신 금액 확인', 'billing'], ['구독료 청구 내역이 이상해요', 'billing'], ['연간 구독 갱신 금액 문의', 'billing'],
      ['앱에서 주문 내역이 안 보여요', 'delivery'], ['주문 목록에 어제 산 게 없어요', 'delivery'],
      ['다른 폰으로 바꿨더니 처음부터 다시 해야 하나요', 'account'], ['기기 변경하면 기존 정보 옮겨지나요', 'account'],
      ['선물하기 기능은 어디 있나요', 'how_to'], ['선물 메시지는 어디서 쓰나요', 'how_to'],
    ].map(([text, label]) => ({ text: text!, label: label!, corrected: true }));
    const { model, corrections } = trainFromLabelled(own, 'type');
    expect(corrections).toBe(10);
    expect(model.predict('앱에서 주문 내역이 안 보여요').label).toBe('delivery');
    expect(model.predict('주문 목록에 어제 산 게 없어요').label).toBe('delivery');
    // Two corrections to a type of the team's own are not a class yet: nothing to learn.
    const partnership = PARTNERSHIP.slice(0, 2).map((text) => ({ text, label: 'partnership', corrected: true }));
    expect(() => trainFromLabelled(partnership, 'type')).toThrow(/3\+/);
    expect(trainFromLabelled([...partnership, own[4]!], 'type')).toMatchObject({ corrections: 1 });
  });
});

describe('a workspace topic model', () => {
  const DAWN = [
    '새벽배송 주문했는데 아침 7시 넘어서 왔어요',
    '새벽배송 지역인지 확인하고 싶어요',
    '새벽 배송이 문 앞이 아니라 경비실에 놓여 있었어요',
    '새벽배송 마감 시간이 몇 시예요?',
    '새벽배송으로 받은 우유가 미지근했어요',
    '새벽 도착 보장이라더니 점심에 왔네요',
    '새벽배송 출입 비밀번호를 바꾸고 싶어요',
    '새벽배송 신청했는데 일반배송으로 왔어요',
    '새벽배송 포장 박스 회수해 가시나요',
    '새벽 배송 기사님이 벨을 눌러서 아기가 깼어요',
    '새벽배송 가능 지역 늘어날 예정인가요',
    '새벽배송 주문 마감 지나서 취소됐어요',
  ];
  const background = fixture('ko-cx-types-holdout.jsonl').map((r) => ({ text: r.text, label: NO_TOPIC, corrected: false }));

  it('learns "no topic" from the items without one, so a single topic is not given to everything', () => {
    const own: LabelledItem[] = [...DAWN.map((text) => ({ text, label: '101', corrected: true })), ...background];
    const { model } = trainFromLabelled(own, 'topic');
    expect([...model.labels].sort()).toEqual(['101', NO_TOPIC]);
    // Unrelated messages written separately: before "no topic" existed, a model of one or two
    // topics gave almost all of them a topic (204 of 211 in an audit).
    const unrelated = fixture('cx-types-holdout-2.jsonl').filter((r) => !/새벽|배송|delivery/i.test(r.text));
    const given = unrelated.filter((r) => model.predict(r.text).label !== NO_TOPIC);
    expect(given.length / unrelated.length).toBeLessThan(0.05);
    // Messages about the topic still get it — not all: "내일 새벽배송 받을 수 있나요" reads as the
    // plain delivery questions among the background (measured: no topic, 0.9999).
    const about = ['새벽배송 왔는데 아이스팩이 다 녹았어요', '새벽 배송 시간 좀 지켜주세요', '내일 새벽배송 받을 수 있나요'];
    expect(about.filter((text) => model.predict(text).label === '101').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses to train without a topic to learn', () => {
    expect(() => trainFromLabelled(background, 'topic')).toThrow(/topic/);
    expect(() => trainFromLabelled(DAWN.map((text) => ({ text, label: '101', corrected: true })), 'topic')).toThrow(/topic/);
  });
});

describe(`a workspace topic model trained from the stored items (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;

  const refund = ['카드 결제 취소하고 환불 받고 싶어요', '환불 카드 취소 언제 되나요', '카드 환불이 아직 안 들어왔어요', '결제 취소 환불 요청합니다', '환불 계좌 카드 취소 확인 부탁', '주문 취소 후 환불 문의'];
  const other = [
    '배송이 너무 늦어요 언제 오나요', '로그인이 안 돼요', '앱이 자꾸 꺼져요', '비밀번호 변경 방법 알려주세요', '쿠폰 적용이 안 돼요', '상품 사이즈 문의',
    '배송지 변경하고 싶어요', '알림이 너무 많이 와요', '리뷰 작성은 어디서 하나요', '포인트 적립 언제 되나요', '회원 탈퇴 방법', '상품이 파손되어 왔어요',
    '교환 신청은 어떻게', '재입고 언제 되나요', '영수증 발급해 주세요', '앱 업데이트 후 느려요', '주소 변경 방법', '택배사 어디인가요',
    '색상 문의드립니다', '선물 포장 되나요', '고객센터 운영시간', '이벤트 당첨 확인',
  ];
  // No rule matches these ("환불" is not in them): only a model gives them the refund topic.
  const cardCancel = Array.from({ length: 10 }, (_, i) => `카드 결제 취소 문의드려요 ${'ㅠ'.repeat(i + 1)}`);

  /** A workspace with a keyword topic (환불) over six items, 22 items without a topic, and a first topic model. */
  async function workspaceWithModel(slug: string): Promise<{ ws: Workspace; topicId: string }> {
    const ws = await ensureWorkspace(db, { slug, name: slug });
    const topic = await createTopic(db, ws.id, { name: '환불', rules: [{ kind: 'keyword', pattern: '환불' }] });
    await ingestItems(db, ws, [...refund, ...other].map((text, i) => buildItem({ external_id: `${slug}-${i}`, text })));
    await trainWorkspaceModel(db, ws.id, 'topic');
    textEnrichmentFor(db).invalidate(ws.id);
    await ingestItems(db, ws, cardCancel.map((text, i) => buildItem({ external_id: `${slug}-card-${i}`, text })));
    return { ws, topicId: topic.id };
  }

  const cardItems = (ws: Workspace) =>
    db.query<{ id: string; topic_id: string | null; topic_source: string | null }>(
      "SELECT id::text AS id, topic_id::text AS topic_id, topic_source FROM items WHERE workspace_id = $1 AND external_id LIKE '%-card-%' ORDER BY id",
      [ws.id],
    );
  const topicOf = async (ws: Workspace, text: string) => (await textEnrichmentFor(db).labeller(ws.id)).label(text, null).topic_id;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
  });
  afterAll(() => close());

  it('keeps what the last model found when it is trained again with nothing changed', async () => {
    const { ws, topicId } = await workspaceWithModel('retrain');
    // The first model gives the card cancellations the refund topic.
    expect((await cardItems(ws)).every((i) => i.topic_id === topicId && i.topic_source === 'model')).toBe(true);
    // They used to be "no topic" examples of the next model, which then dropped the topic from them.
    for (let round = 0; round < 2; round++) {
      await trainWorkspaceModel(db, ws.id, 'topic');
      await reclassifyItems(db, ws.id, { tasks: ['topic'], reason: 'model_trained' });
      expect(await topicOf(ws, cardCancel[0]!)).toBe(topicId);
      expect((await cardItems(ws)).every((i) => i.topic_id === topicId && i.topic_source === 'model')).toBe(true);
    }
  });

  it('learns an operator\'s "no topic" corrections like any other correction', async () => {
    const { ws, topicId } = await workspaceWithModel('none');
    const items = await cardItems(ws);
    expect(items.every((i) => i.topic_id === topicId)).toBe(true);
    // The operator says these are not refunds.
    for (const item of items) expect(await correctItemLabels(db, ws.id, item.id, { topic_id: null }, null)).toMatchObject({ changed: ['topic'] });
    const trained = await trainWorkspaceModel(db, ws.id, 'topic');
    expect(trained.corrections).toBe(items.length);
    expect(await topicOf(ws, cardCancel[0]!)).toBeNull();
    expect(await topicOf(ws, '카드 결제 취소 문의드립니다')).toBeNull();
    // The topic itself is still learned.
    expect(await topicOf(ws, '카드 환불 언제 들어오나요')).toBe(topicId);
  });
});
