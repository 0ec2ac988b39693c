import { describe, expect, it } from 'vitest';
import { DEFAULT_TOPIC_THRESHOLD, DEFAULT_TYPE_THRESHOLD, UNCERTAIN_TYPE } from '../domain/taxonomy.js';
import { serializeClassifier } from './classifier.js';
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
