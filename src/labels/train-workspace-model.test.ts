import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefaultTypeModel } from '../text/labeller.js';
const NO_TOPIC = '__none__';
import type { TextClassifier } from '../text/classifier.js';
import { trainFromLabelled, type LabelledItem } from './train-workspace-model.js';

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

// A team that files returns and exchanges under cancellations (취소·반품) corrects thirty of them.
const RETURNS = [
  '단순변심으로 반품하고 싶어요',
  '사이즈가 작아서 교환 신청합니다',
  '받은 옷 색상이 사진이랑 달라서 반품할게요',
  '교환 신청했는데 회수는 언제 오나요',
  '반품 택배 기사님이 아직 안 오셨어요',
  '신발 한 치수 큰 걸로 바꾸고 싶습니다',
  '반품비는 제가 내야 하나요?',
  '개봉만 했는데 반품 가능한가요',
  '교환 말고 그냥 반품으로 바꿀게요',
  '반품 보낸 지 일주일 됐는데 처리가 안 됐어요',
  '니트 교환 요청드려요 M에서 L로요',
  '선물 받은 건데 다른 색으로 교환돼요?',
  '반품 접수 어디서 하나요',
  '불량은 아닌데 마음에 안 들어서 돌려보내고 싶어요',
  '교환 상품 재고가 없으면 어떻게 되나요',
  '반품 회수지 주소를 바꾸고 싶어요',
  '맞교환 가능한가요? 새 상품 먼저 받고 싶어요',
  '반품 신청 취소하고 그냥 쓸게요',
  '교환 배송비 왕복으로 내야 하나요',
  '세트 중에 하나만 반품할 수 있나요',
  'I want to return these shoes, they are too small',
  'Can I exchange this shirt for a larger size?',
  'How do I send an item back for a return?',
  'The return pickup never came',
  'Exchange request for a different color please',
  '반품 기한이 며칠까지예요',
  '교환하려고 포장 다시 해놨어요 수거해 가주세요',
  '반품 승인 났는지 확인 부탁드려요',
  '바지 기장이 길어서 교환 원해요',
  '포장 뜯기 전인데 반품할게요',
];

describe('a workspace type model trained from corrections', () => {
  it('learns the corrections and stays as good as the shipped model on everything else', async () => {
    const own: LabelledItem[] = RETURNS.map((text) => ({ text, label: 'cancellation', corrected: true }));
    const { model } = trainFromLabelled(own, 'type');
    const shipped = await loadDefaultTypeModel();
    // Messages about other things, written separately (returns and exchanges left out: the team
    // moved those on purpose).
    const others = [...fixture('cx-types-holdout-2.jsonl'), ...fixture('ko-cx-types-holdout.jsonl')].filter(
      (r) => !/반품|교환|return|exchange|send .* back/i.test(r.text),
    );
    expect(others.length).toBeGreaterThan(400);
    // Built on the generated inquiries alone it fell from ~0.8 to ~0.45 here; on the shipped
    // model's own training set it keeps within a few points.
    expect(accuracy(model, others)).toBeGreaterThanOrEqual(accuracy(shipped, others) - 0.05);
    // Returns move to cancellation. Exchanges mostly stay with delivery, where the shipped
    // training set files them (measured: "치마 사이즈 교환 가능할까요" delivery 0.99 before and after;
    // thirty corrections do not outweigh its exchange examples, ten or thirty times over).
    const probes = ['반품 요청드립니다', '반품 접수해 주세요', 'I would like to return my order'];
    expect(probes.map((t) => shipped.predict(t).label)).not.toContain('cancellation');
    // (Measured: 2 of 3; "반품 요청드립니다" went from delivery to other, 0.55.)
    expect(probes.filter((t) => model.predict(t).label === 'cancellation').length).toBeGreaterThanOrEqual(2);
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
