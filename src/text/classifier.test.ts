import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { deserializeClassifier, serializeClassifier, trainClassifier, type LabelledText, type TextClassifier } from './classifier.js';
import { extractFeatures } from './features.js';
import { prng } from './linear-svm.js';
import { loadClassifier, saveClassifier } from './model-files.js';
import { DenseScorer } from './wasm/dense-scorer.js';

// Real Korean text: NSMC movie reviews (CC0) and curse-detection comments (MIT), sampled by
// test/fixtures/text/make-fixtures.mjs; see SOURCES.md there.
const FIXTURES = fileURLToPath(new URL('../../test/fixtures/text/', import.meta.url));

function loadFixture(name: string): LabelledText[] {
  return readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledText);
}

const nsmc = loadFixture('ko-nsmc-sample.jsonl');
const curse = loadFixture('ko-curse-sample.jsonl');

/** The same texts with their labels permuted: nothing left to learn. */
function withShuffledLabels(rows: LabelledText[], seed: number): LabelledText[] {
  const random = prng(seed);
  const labels = rows.map((r) => r.label);
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  return rows.map((r, i) => ({ text: r.text, label: labels[i]! }));
}

interface HeldOutScore {
  accuracy: number;
  meanConfidence: number;
  perFold: number[];
}

/**
 * Five-fold cross-validation: each fold trains on 80 % and scores the other 20 %, so every text is
 * held out once. One 200-text split moves by ±3 points from split to split; the mean over five
 * does not, so a threshold can sit close to the real quality without the test being a coin toss.
 */
function crossValidate(rows: LabelledText[], opts: { shuffleTrainingLabels?: boolean } = {}): HeldOutScore {
  const folds = 5;
  let correct = 0;
  let confidence = 0;
  const perFold: number[] = [];
  for (let k = 0; k < folds; k++) {
    const train = rows.filter((_, i) => i % folds !== k);
    const held = rows.filter((_, i) => i % folds === k);
    const model = trainClassifier(opts.shuffleTrainingLabels ? withShuffledLabels(train, 100 + k) : train, 'cv');
    let foldCorrect = 0;
    for (const row of held) {
      const p = model.predict(row.text);
      if (p.label === row.label) foldCorrect++;
      confidence += p.confidence;
    }
    correct += foldCorrect;
    perFold.push(Math.round((foldCorrect / held.length) * 1000) / 1000);
  }
  return { accuracy: correct / rows.length, meanConfidence: confidence / rows.length, perFold };
}

const memo = <T>(fn: () => T): (() => T) => {
  let value: { v: T } | undefined;
  return () => (value ??= { v: fn() }).v;
};
const nsmcScore = memo(() => crossValidate(nsmc));
const curseScore = memo(() => crossValidate(curse));

describe('held-out quality on real Korean text', () => {
  it('NSMC sentiment: trained on 80 %, at least 0.72 accuracy on the other 20 %', () => {
    const score = nsmcScore();
    expect(score.accuracy, `per fold ${score.perFold.join(' ')}`).toBeGreaterThanOrEqual(0.72);
  });

  it('NSMC control: the same texts with shuffled training labels score near chance', () => {
    // Proves the test above can fail: a classifier that learned nothing stays near 0.5.
    const score = crossValidate(nsmc, { shuffleTrainingLabels: true });
    expect(score.accuracy, `per fold ${score.perFold.join(' ')}`).toBeLessThan(0.62);
  });

  it('curse detection: at least 0.70 accuracy held out', () => {
    const score = curseScore();
    expect(score.accuracy, `per fold ${score.perFold.join(' ')}`).toBeGreaterThanOrEqual(0.7);
  });

  it('curse control: shuffled training labels score near chance', () => {
    const score = crossValidate(curse, { shuffleTrainingLabels: true });
    expect(score.accuracy, `per fold ${score.perFold.join(' ')}`).toBeLessThan(0.62);
  });

  it('confidences are calibrated: mean confidence on held-out data is within 0.12 of accuracy', () => {
    for (const score of [nsmcScore(), curseScore()]) {
      expect(Math.abs(score.meanConfidence - score.accuracy), JSON.stringify(score)).toBeLessThanOrEqual(0.12);
    }
  });
});

// --- a multi-class CX model from sentences written for this test ---------------------------------

const CX_TRAINING: Record<string, string[]> = {
  delivery: [
    '주문한 상품이 아직 도착하지 않았어요',
    '배송이 너무 늦어요 언제 오나요?',
    '택배가 일주일째 안 와요',
    '배송 조회를 해도 정보가 안 나와요',
    '운송장 번호 좀 알려주세요',
    '배송지 주소를 변경하고 싶습니다',
    '택배 기사님이 문 앞에 두고 가셨다는데 물건이 없어요',
    '출고는 언제 되나요?',
    '배송 예정일이 지났는데 소식이 없네요',
    '오늘 도착 예정이라더니 아직도 배송중이에요',
    '다른 집으로 배송된 것 같아요',
    '새벽배송 시간 확인 부탁드립니다',
    '배송 상태가 며칠째 그대로예요',
    '택배사 연락처를 알고 싶어요',
    '물건 언제 받을 수 있을까요',
    '해외 배송은 얼마나 걸리나요',
    '배송 추적이 안 됩니다',
    '부재중이라 택배를 못 받았어요 재배송 가능한가요',
    '상품 발송 여부 확인해주세요',
    '배송비가 얼마인지 궁금합니다',
  ],
  refund: [
    '환불 요청했는데 아직 입금이 안 됐어요',
    '주문 취소하고 환불 받고 싶어요',
    '환불은 언제 처리되나요?',
    '반품했는데 환불이 안 들어왔습니다',
    '환불 금액이 결제 금액보다 적어요',
    '카드 취소가 언제 반영되나요',
    '환불 계좌를 변경하고 싶어요',
    '단순 변심으로도 환불이 가능한가요',
    '환불 처리 기간이 얼마나 걸리나요',
    '반품 접수 후 환불 절차를 알려주세요',
    '돈을 돌려받고 싶습니다',
    '환불해주세요 상품이 마음에 안 들어요',
    '부분 환불도 되나요?',
    '취소했는데 돈이 아직 안 돌아왔어요',
    '환불 신청 방법을 모르겠어요',
    '적립금 말고 현금으로 환불받고 싶어요',
    '환불 거절 사유가 궁금합니다',
    '반품비 빼고 환불된다는데 맞나요',
    '환불 완료 문자를 받았는데 통장에 없어요',
    '구매 취소 후 환불 상태 확인 부탁드려요',
  ],
  login: [
    '로그인이 안 돼요',
    '비밀번호를 잊어버렸어요',
    '앱에서 로그인이 자꾸 풀려요',
    '아이디가 기억나지 않습니다',
    '비밀번호 재설정 메일이 안 와요',
    '계정이 잠겼다고 나와요',
    '카카오 계정으로 로그인할 수 없어요',
    '로그인하면 오류 메시지가 떠요',
    '인증번호 문자가 오지 않아요',
    '비밀번호를 바꿨는데도 접속이 안 됩니다',
    '2단계 인증을 해제하고 싶어요',
    '회원가입한 이메일로 로그인이 안 되네요',
    '자동 로그인 설정이 유지되지 않아요',
    '다른 기기에서 로그인했다는 알림이 왔어요',
    '계정 접속이 차단됐어요',
    '아이디 찾기를 해도 결과가 안 나와요',
    '로그인 화면에서 멈춰요',
    '비밀번호 입력 횟수를 초과했대요',
    '네이버 간편로그인 연동이 안 돼요',
    '휴대폰을 바꾼 뒤로 로그인을 못 하고 있어요',
  ],
  payment: [
    '결제가 안 돼요',
    '카드 결제 중에 오류가 났어요',
    '결제했는데 주문 내역이 없어요',
    '두 번 결제된 것 같아요',
    '무통장 입금 계좌를 알려주세요',
    '할부 결제가 가능한가요',
    '카카오페이로 결제할 수 있나요',
    '결제 수단을 변경하고 싶어요',
    '결제 승인이 거절됐다고 나와요',
    '쿠폰을 적용했는데 결제 금액이 그대로예요',
    '해외 카드로 결제가 되나요',
    '결제 버튼을 눌러도 반응이 없어요',
    '영수증 발급은 어디서 하나요',
    '포인트와 카드를 같이 써서 결제하고 싶어요',
    '휴대폰 소액결제 한도가 초과됐대요',
    '결제 완료 화면이 안 뜨고 멈췄어요',
    '중복 결제된 금액 확인 부탁드립니다',
    '법인카드로 결제 가능한지 궁금해요',
    '현금영수증을 신청하고 싶어요',
    '결제 페이지가 계속 로딩만 돼요',
  ],
};

/** Paraphrases that share no full sentence with the training set. */
const CX_UNSEEN: [string, string][] = [
  ['택배 언제 도착하는지 알려주세요', 'delivery'],
  ['주문한 지 5일이 지났는데 물건이 안 왔어요', 'delivery'],
  ['배송 현황 조회가 안 돼요', 'delivery'],
  ['받는 주소를 바꿀 수 있나요?', 'delivery'],
  ['택배가 엉뚱한 곳으로 간 것 같습니다', 'delivery'],
  ['발송은 했다는데 배송이 멈춰 있어요', 'delivery'],
  ['환불 언제 되나요?', 'refund'],
  ['반품 보냈는데 돈이 안 들어와요', 'refund'],
  ['취소한 주문 금액 돌려주세요', 'refund'],
  ['환불 진행 상황 알려주세요', 'refund'],
  ['환불받을 계좌 바꾸고 싶어요', 'refund'],
  ['교환 말고 환불로 해주세요', 'refund'],
  ['로그인이 계속 실패해요', 'login'],
  ['비번 찾기가 안 돼요', 'login'],
  ['아이디랑 비밀번호 다 까먹었어요', 'login'],
  ['계정 잠금 풀어주세요', 'login'],
  ['인증 문자가 안 와서 로그인을 못 해요', 'login'],
  ['앱 접속하면 자꾸 로그아웃돼요', 'login'],
  ['카드 결제 오류가 계속 나요', 'payment'],
  ['결제가 두 번 됐어요', 'payment'],
  ['무이자 할부 되나요?', 'payment'],
  ['페이 결제 수단 추가하고 싶어요', 'payment'],
  ['결제 승인 실패라고 떠요', 'payment'],
  ['결제 버튼이 안 눌려요', 'payment'],
];

const cxExamples: LabelledText[] = Object.entries(CX_TRAINING).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));

describe('multi-class CX inquiries', () => {
  const model = memo(() => trainClassifier(cxExamples, 'cx-intent'));

  it('has four sorted labels and uses every training sentence', () => {
    expect(model().labels).toEqual(['delivery', 'login', 'payment', 'refund']);
    expect(model().meta.trainExamples).toBe(80);
    expect(model().meta.classCounts).toEqual({ delivery: 20, login: 20, payment: 20, refund: 20 });
  });

  it('labels unseen paraphrases correctly for most, and for every intent', () => {
    const wrong: string[] = [];
    const correctByLabel = new Map<string, number>();
    for (const [text, label] of CX_UNSEEN) {
      const p = model().predict(text);
      if (p.label === label) correctByLabel.set(label, (correctByLabel.get(label) ?? 0) + 1);
      else wrong.push(`${text} → ${p.label} (${label})`);
    }
    expect(CX_UNSEEN.length - wrong.length, wrong.join('\n')).toBeGreaterThanOrEqual(Math.ceil(CX_UNSEEN.length * 0.75));
    for (const label of model().labels) expect(correctByLabel.get(label) ?? 0, `${label}\n${wrong.join('\n')}`).toBeGreaterThanOrEqual(4);
  });

  it('gives probabilities that sum to 1, with the predicted label the most likely', () => {
    for (const [text] of CX_UNSEEN) {
      const probabilities = model().probabilities(text);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      const p = model().predict(text);
      const best = Math.max(...probabilities);
      expect(p.confidence).toBeCloseTo(best, 9);
      expect(probabilities[model().labels.indexOf(p.label)]).toBe(best);
    }
  });

  it('scores empty and letterless text without failing (bias only)', () => {
    for (const text of ['', '   ', '?!…', '👍👍']) {
      const p = model().predict(text);
      expect(model().labels).toContain(p.label);
      expect(p.confidence).toBeGreaterThan(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
    }
  });
});

// --- the WebAssembly dense scorer against a plain sparse computation ------------------------------

const columnsByModel = new WeakMap<TextClassifier, Map<number, number>>();

/**
 * Scores a text from the model's public arrays alone, re-creating the vectorization: sublinear TF
 * times IDF, each feature group (bit 0 of the key) L2-normalised, then bias + Σ x · w over the
 * sparse weights (colStart / classes / values), all in float64.
 */
function referenceScores(model: TextClassifier, text: string): number[] {
  let columns = columnsByModel.get(model);
  if (!columns) {
    columns = new Map();
    model.keys.forEach((key, col) => columns!.set(key, col));
    columnsByModel.set(model, columns);
  }
  const tf = new Map<number, number>();
  extractFeatures(text, model.meta.features, (key) => {
    const col = columns!.get(key);
    if (col !== undefined) tf.set(col, (tf.get(col) ?? 0) + 1);
  });
  const squares = [0, 0];
  const x = new Map<number, number>();
  for (const [col, count] of tf) {
    const v = (1 + Math.log(count)) * model.idf[col]!;
    x.set(col, v);
    squares[model.keys[col]! & 1]! += v * v;
  }
  const scores = Array.from(model.bias);
  const { colStart, classes, values } = model.weights;
  for (const [col, v] of x) {
    const norm = squares[model.keys[col]! & 1]!;
    const value = v * (1 / Math.sqrt(norm));
    for (let p = colStart[col]!; p < colStart[col + 1]!; p++) scores[classes[p]!]! += value * values[p]!;
  }
  return scores;
}

/** The same model with the WebAssembly scorer unavailable, so scoreText takes the JS sparse path. */
function withoutDenseScorer(model: TextClassifier): TextClassifier {
  const { meta, weights } = serializeClassifier(model);
  const spy = vi.spyOn(DenseScorer, 'create').mockReturnValue(null);
  try {
    return deserializeClassifier(meta, weights);
  } finally {
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  }
}

function featureCount(model: TextClassifier, text: string): number {
  const columns = new Map<number, number>();
  model.keys.forEach((key, col) => columns.set(key, col));
  const seen = new Set<number>();
  extractFeatures(text, model.meta.features, (key) => {
    if (columns.has(key)) seen.add(key);
  });
  return seen.size;
}

describe('WebAssembly dense scorer', () => {
  const take = (rows: LabelledText[], label: string, n: number, as: string): LabelledText[] =>
    rows.filter((r) => r.label === label).slice(0, n).map((r) => ({ text: r.text, label: as }));
  // Three classes: one 16-byte lane, all weights kept.
  const threeClasses = [...take(nsmc, 'positive', 250, 'review-positive'), ...take(nsmc, 'negative', 250, 'review-negative'), ...take(curse, 'abusive', 250, 'abusive')];
  // Five classes: two lanes (the last one padded) and only the largest 25 % of weights kept.
  const fiveClasses = [...threeClasses, ...take(curse, 'clean', 250, 'clean'), ...cxExamples.map((e) => ({ text: e.text, label: 'cx' }))];
  const probes = [...nsmc.slice(-60), ...curse.slice(-60), ...CX_UNSEEN.map(([text]) => ({ text, label: '' }))].map((r) => r.text);
  // Longer than one 4,096-feature chunk passed to WebAssembly per call.
  const longText = nsmc
    .slice(0, 400)
    .map((r) => r.text)
    .join(' ')
    .slice(0, 3_990);

  for (const [name, examples, classes] of [
    ['three classes', threeClasses, 3],
    ['five classes', fiveClasses, 5],
  ] as const) {
    describe(name, () => {
      const model = memo(() => trainClassifier(examples, `dense-${classes}`));

      it('is really used: WebAssembly is available and scoreText goes through it', () => {
        expect(model().labels).toHaveLength(classes);
        expect(DenseScorer.create(model().weights, classes)).not.toBeNull();
        const spy = vi.spyOn(DenseScorer.prototype, 'score');
        try {
          model().scoreText(probes[0]!);
          expect(spy).toHaveBeenCalledTimes(1);
        } finally {
          spy.mockRestore();
        }
      });

      it('matches a float64 sparse computation from the model’s arrays', () => {
        for (const text of [...probes, longText]) {
          const dense = Array.from(model().scoreText(text));
          const reference = referenceScores(model(), text);
          for (let j = 0; j < classes; j++) expect(Math.abs(dense[j]! - reference[j]!), `${text.slice(0, 40)} class ${j}`).toBeLessThan(1e-4);
        }
      });

      it('the JS sparse path (scorer disabled) agrees with the reference and with the dense path', () => {
        const sparse = withoutDenseScorer(model());
        const spy = vi.spyOn(DenseScorer.prototype, 'score');
        try {
          sparse.scoreText(probes[0]!);
          expect(spy).not.toHaveBeenCalled();
        } finally {
          spy.mockRestore();
        }
        for (const text of [...probes, longText]) {
          const sparseScores = Array.from(sparse.scoreText(text));
          const reference = referenceScores(model(), text);
          for (let j = 0; j < classes; j++) expect(sparseScores[j]).toBeCloseTo(reference[j]!, 9);
          const a = model().predict(text);
          const b = sparse.predict(text);
          const sorted = [...reference].sort((x, y) => y - x);
          // Float32 sums may swap two labels whose scores tie to 1e-4; no such tie is expected here.
          if (sorted[0]! - sorted[1]! > 1e-4) expect(b.label).toBe(a.label);
          expect(Math.abs(b.confidence - a.confidence)).toBeLessThan(1e-4);
        }
      });

      it('handles a text with more features than one WebAssembly call takes', () => {
        expect(featureCount(model(), longText)).toBeGreaterThan(4_096);
      });
    });
  }
});

// --- saving, loading, determinism, errors -----------------------------------------------------------

describe('serialization', () => {
  const split = Math.floor(nsmc.length * 0.8);
  const binary = memo(() => trainClassifier(nsmc.slice(0, split), 'nsmc-sentiment', { source: 'e9t/nsmc (CC0)' }));
  const multi = memo(() => trainClassifier(cxExamples, 'cx-intent'));
  const texts = [...nsmc.slice(split).map((r) => r.text), ...CX_UNSEEN.map(([t]) => t)];

  it('serialize → deserialize gives identical predictions and confidences (two and four classes)', () => {
    for (const model of [binary(), multi()]) {
      const { meta, weights } = serializeClassifier(model);
      // As written to disk: meta through JSON, the bytes copied into an unaligned buffer.
      const unaligned = Buffer.alloc(weights.byteLength + 1);
      weights.copy(unaligned, 1);
      const copy = deserializeClassifier(JSON.parse(JSON.stringify(meta)), unaligned.subarray(1));
      expect(copy.meta).toEqual(model.meta);
      for (const text of texts) {
        expect(copy.predict(text)).toEqual(model.predict(text));
        expect(copy.probabilities(text)).toEqual(model.probabilities(text));
      }
      expect(Buffer.compare(serializeClassifier(copy).weights, weights)).toBe(0);
    }
  });

  it('keeps the training source in meta', () => {
    expect(binary().meta.source).toBe('e9t/nsmc (CC0)');
    expect(binary().meta.trainExamples).toBe(split);
  });

  describe('model folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-model-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('saveClassifier → loadClassifier round-trips', async () => {
      await saveClassifier(multi(), dir);
      const loaded = await loadClassifier(dir);
      expect(loaded.meta.version).toBe(multi().meta.version);
      for (const text of texts.slice(-40)) expect(loaded.predict(text)).toEqual(multi().predict(text));
    });
  });

  it('rejects bytes of the wrong size and an unknown format', () => {
    const { meta, weights } = serializeClassifier(multi());
    expect(() => deserializeClassifier(meta, weights.subarray(0, weights.byteLength - 2))).toThrow(/expected/);
    expect(() => deserializeClassifier({ ...meta, format: 'other' as 'sori-linear-v1' }, weights)).toThrow(/unknown model format/);
  });
});

describe('determinism', () => {
  it('the same data gives the same version and the same bytes; changed data a new version', () => {
    const rows = curse.slice(0, 400);
    const a = trainClassifier(rows, 'curse');
    const b = trainClassifier(rows, 'curse');
    expect(a.meta.version).toMatch(/^curse@[0-9a-f]{12}$/);
    expect(b.meta.version).toBe(a.meta.version);
    expect(Buffer.compare(serializeClassifier(a).weights, serializeClassifier(b).weights)).toBe(0);
    const flipped = rows.map((r, i) => (i === 0 ? { ...r, label: r.label === 'clean' ? 'abusive' : 'clean' } : r));
    expect(trainClassifier(flipped, 'curse').meta.version).not.toBe(a.meta.version);
  });
});

describe('training errors', () => {
  it('rejects no examples', () => {
    expect(() => trainClassifier([], 'empty')).toThrow(/no training examples/);
  });

  it('rejects a single label', () => {
    const positives = nsmc.filter((r) => r.label === 'positive').slice(0, 60);
    expect(() => trainClassifier(positives, 'one')).toThrow(/at least two labels/);
  });

  it('trains on a handful of examples (too few to hold any out for calibration)', () => {
    const model = trainClassifier(
      [
        { text: '배송이 늦어요', label: 'delivery' },
        { text: '택배가 안 와요', label: 'delivery' },
        { text: '환불해주세요', label: 'refund' },
        { text: '돈을 돌려받고 싶어요', label: 'refund' },
      ],
      'tiny',
    );
    expect(model.meta.temperature).toBe(1);
    expect(model.predict('배송이 너무 늦어요').label).toBe('delivery');
  });
});
