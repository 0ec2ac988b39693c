import { describe, expect, it } from 'vitest';
import { evaluate } from './metrics.js';

describe('evaluate', () => {
  // Ten CX inquiries, three intents. Worked by hand:
  //                 predicted: delivery login refund   support
  //   truth delivery            3        0     1         4
  //   truth login               1        2     0         3
  //   truth refund              1        0     2         3
  //   predicted total           5        2     3
  const truth = ['delivery', 'delivery', 'delivery', 'delivery', 'refund', 'refund', 'refund', 'login', 'login', 'login'];
  const predicted = ['delivery', 'delivery', 'delivery', 'refund', 'refund', 'refund', 'delivery', 'login', 'delivery', 'login'];

  it('computes accuracy, per-class precision/recall/F1 and macro-F1 by hand', () => {
    const report = evaluate(truth, predicted);
    expect(report.examples).toBe(10);
    expect(report.accuracy).toBeCloseTo(0.7, 12);
    const byLabel = Object.fromEntries(report.perClass.map((c) => [c.label, c]));
    // delivery: P = 3/5, R = 3/4, F1 = 2·0.6·0.75 / 1.35 = 2/3
    expect(byLabel.delivery!.precision).toBeCloseTo(3 / 5, 12);
    expect(byLabel.delivery!.recall).toBeCloseTo(3 / 4, 12);
    expect(byLabel.delivery!.f1).toBeCloseTo(2 / 3, 12);
    expect(byLabel.delivery!.support).toBe(4);
    // login: P = 2/2, R = 2/3, F1 = 0.8
    expect(byLabel.login!.precision).toBeCloseTo(1, 12);
    expect(byLabel.login!.recall).toBeCloseTo(2 / 3, 12);
    expect(byLabel.login!.f1).toBeCloseTo(0.8, 12);
    expect(byLabel.login!.support).toBe(3);
    // refund: P = 2/3, R = 2/3, F1 = 2/3
    expect(byLabel.refund!.precision).toBeCloseTo(2 / 3, 12);
    expect(byLabel.refund!.recall).toBeCloseTo(2 / 3, 12);
    expect(byLabel.refund!.f1).toBeCloseTo(2 / 3, 12);
    expect(byLabel.refund!.support).toBe(3);
    // (2/3 + 4/5 + 2/3) / 3 = 32/45
    expect(report.macroF1).toBeCloseTo(32 / 45, 12);
  });

  it('orders labels alphabetically and puts the truth in rows', () => {
    const { labels, matrix } = evaluate(truth, predicted).confusion;
    expect(labels).toEqual(['delivery', 'login', 'refund']);
    expect(matrix).toEqual([
      [3, 0, 1],
      [1, 2, 0],
      [1, 0, 2],
    ]);
    // The asymmetric cell pins the orientation: one login was called delivery, never the reverse.
    expect(matrix[1]![0]).toBe(1);
    expect(matrix[0]![1]).toBe(0);
    expect(evaluate(truth, predicted).perClass.map((c) => c.label)).toEqual(labels);
  });

  it('counts a label that is only ever predicted in macro-F1 with F1 0 (as scikit-learn)', () => {
    const report = evaluate(['결제', '결제', '배송', '배송'], ['결제', '환불', '배송', '배송']);
    expect(report.confusion.labels).toEqual(['결제', '배송', '환불']);
    expect(report.confusion.matrix).toEqual([
      [1, 0, 1],
      [0, 2, 0],
      [0, 0, 0],
    ]);
    const refund = report.perClass.find((c) => c.label === '환불')!;
    expect(refund).toEqual({ label: '환불', precision: 0, recall: 0, f1: 0, support: 0 });
    // 결제: P 1, R 1/2, F1 2/3; 배송: F1 1; 환불: 0 → (2/3 + 1 + 0) / 3 = 5/9
    expect(report.macroF1).toBeCloseTo(5 / 9, 12);
    expect(report.accuracy).toBeCloseTo(0.75, 12);
  });

  it('gives a perfect score to perfect predictions', () => {
    const report = evaluate(['a', 'b', 'c'], ['a', 'b', 'c']);
    expect(report.accuracy).toBe(1);
    expect(report.macroF1).toBe(1);
  });

  it('reports zeros, not NaN, for no examples', () => {
    const report = evaluate([], []);
    expect(report).toMatchObject({ examples: 0, accuracy: 0, macroF1: 0, perClass: [] });
    expect(report.confusion).toEqual({ labels: [], matrix: [] });
  });

  it('rejects truth and predictions of different lengths', () => {
    expect(() => evaluate(['a', 'b'], ['a'])).toThrow(/differ in length/);
  });
});
