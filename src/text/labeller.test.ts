import { describe, expect, it } from 'vitest';
import { DEFAULT_TOPIC_THRESHOLD, DEFAULT_TYPE_THRESHOLD, UNCERTAIN_TYPE } from '../domain/taxonomy.js';
import { serializeClassifier, trainClassifier } from './classifier.js';
import { PII_PLACEHOLDERS, redactPii } from './pii.js';
import { activeTypeKeys, assignLabels, buildLabelModels, labelModelsFromSpec, loadDefaultTypeModel, type ItemLabels, type LabelModels } from './labeller.js';

const thresholds = { typeThreshold: DEFAULT_TYPE_THRESHOLD, topicThreshold: DEFAULT_TOPIC_THRESHOLD };

function typeOf(models: LabelModels, text: string): Pick<ItemLabels, 'type' | 'type_confidence'> {
  const out = {} as ItemLabels;
  assignLabels(models, text, null, out);
  return { type: out.type, type_confidence: out.type_confidence };
}

describe('labelling within a workspace\'s type taxonomy', () => {
  // 배송·주문 archived, 불만 and 칭찬 removed, 제휴 added (a type the shipped model does not know).
  const taxonomy = [
    ...['bug', 'how_to', 'billing', 'account', 'cancellation', 'other', 'partnership'].map((key) => ({ key, archived: false })),
    { key: 'delivery', archived: true },
  ];
  const late = '주문한 상품이 아직 도착하지 않았어요. 언제 받을 수 있나요?';
  const rude = '상담원이 너무 불친절해요. 정말 실망입니다';
  const kind = '배송 기사님 너무 친절하셨어요 감사합니다';

  it('never gives an archived or removed type: the best type in use, else "uncertain"', async () => {
    const shipped = await loadDefaultTypeModel();
    const everyType = buildLabelModels(null, shipped, null, [], thresholds);
    // What the shipped model answers without the taxonomy (the reviewer's three messages).
    expect(typeOf(everyType, late).type).toBe('delivery');
    expect(typeOf(everyType, rude).type).toBe('complaint');
    expect(typeOf(everyType, kind).type).toBe('praise');

    const active = activeTypeKeys(taxonomy);
    expect(active).not.toContain('delivery');
    const models = buildLabelModels(null, shipped, null, [], { ...thresholds, activeTypes: active });
    for (const text of [late, rude, kind]) {
      const { type, type_confidence } = typeOf(models, text);
      expect([...active!, UNCERTAIN_TYPE]).toContain(type);
      // The next type in use carries its own probability, not the retired type's.
      expect(type_confidence).toBeLessThan(typeOf(everyType, text).type_confidence!);
      if (type !== UNCERTAIN_TYPE) expect(type_confidence).toBeGreaterThanOrEqual(DEFAULT_TYPE_THRESHOLD);
    }
    // A type in use is answered as before.
    expect(typeOf(models, '결제가 두 번 됐어요')).toEqual(typeOf(everyType, '결제가 두 번 됐어요'));
    // None of the types in use known to the model: uncertain.
    expect(typeOf(buildLabelModels(null, shipped, null, [], { ...thresholds, activeTypes: ['partnership'] }), late).type).toBe(UNCERTAIN_TYPE);
  });

  it('keeps the taxonomy when the labelling crosses to the worker thread, and the default taxonomy allows any type', async () => {
    const shipped = await loadDefaultTypeModel();
    const { meta, weights } = serializeClassifier(shipped);
    const spec = { typeModel: { meta, weights: new Uint8Array(weights) }, topicModel: null, topics: [], activeTypes: activeTypeKeys(taxonomy), ...thresholds };
    expect(typeOf(labelModelsFromSpec(spec, shipped), late).type).not.toBe('delivery');
    expect(activeTypeKeys([])).toBeNull();
    expect(typeOf(labelModelsFromSpec({ ...spec, activeTypes: activeTypeKeys([]) }, shipped), late).type).toBe('delivery');
  });
});

describe('contact details in the text', () => {
  // Ingest masks personal data before labelling: what the model reads is a placeholder such as
  // [이메일] or [PHONE] (pii.ts). Whether a customer left a contact detail must never decide the type.
  const messages = [
    '펫 사료 정기배송 주기를 2주로 바꾸는 방법이 있을까요',
    '캠핑장 예약 취소하면 위약금이 얼마나 나오나요',
    '리포트 화면에서 그래프가 안 그려지고 빈 칸만 나와요',
    '헬스장 트레이너 선생님 덕분에 운동 재미 붙였어요 감사해요',
    '주문한 화분이 일주일째 출고 준비중이에요',
    'How do I add a second driver to my rental booking?',
    'The invoice total is different from what the plan page says',
    'Your courier left the parcel in the rain again, this is unacceptable',
  ];

  it('reads a message the same with a placeholder added, in either language, with a particle or without', async () => {
    const shipped = await loadDefaultTypeModel();
    const models = buildLabelModels(null, shipped, null, [], thresholds);
    const placeholders = [...Object.values(PII_PLACEHOLDERS.ko), ...Object.values(PII_PLACEHOLDERS.en)];
    for (const text of messages) {
      const plain = typeOf(models, text);
      for (const p of placeholders) {
        expect(typeOf(models, `${text} ${p}`), `${text} ${p}`).toEqual(plain);
        expect(typeOf(models, `${p} ${text}`), `${p} ${text}`).toEqual(plain);
        expect(typeOf(models, `${text} 연락은 ${p}로 주세요`).type, `${text} … ${p}로`).toBe(typeOf(models, `${text} 연락은 주세요`).type);
      }
      // As ingest gives it: redacted first.
      expect(typeOf(models, redactPii(`${text} 010-4821-7730`).text)).toEqual(plain);
      expect(typeOf(models, redactPii(`${text} dana.park@example.org`).text)).toEqual(plain);
    }
  });

  it('learns nothing from a placeholder in the training examples', () => {
    // One type's examples all carry a placeholder: it gives no feature, so alone it reads as an
    // empty text (the classes' bias), and next to words it leaves their prediction as it was.
    const examples = [
      ...['배송 언제 와요', '택배가 아직 안 왔어요', '주문한 물건 어디쯤인가요', '출고는 언제 되나요'].map((t) => ({ text: `${t} [전화번호]`, label: 'delivery' })),
      ...['비밀번호를 잊어버렸어요', '아이디 찾는 법 알려주세요', '회원정보 수정하고 싶어요', '로그인 계정 바꾸고 싶어요'].map((t) => ({ text: t, label: 'account' })),
    ];
    const model = trainClassifier(examples, 'placeholder-test', { minDf: 1 });
    expect(model.predict('[전화번호]')).toEqual(model.predict(''));
    expect(model.predict('아이디 찾는 법 [전화번호]')).toEqual(model.predict('아이디 찾는 법'));
  });
});
